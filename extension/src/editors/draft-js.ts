/** Draft.js (X's compose and reply boxes). Draft.js ignores DOM edits and synthetic
 * `beforeinput`, but takes a synthetic paste carrying a DataTransfer as a real paste. It
 * renders each block of its model as a `[data-block]` element inside `[data-contents]`, which
 * the contenteditable read-back gives one per line. */

import { readBlocks, selectContents } from './contenteditable';
import { defineEditor } from './editor';
import { beforeinput, execCommand, paste } from './routes';

export const draftJs = defineEditor({
  kind: 'draft-js',
  is: (el) => el.classList.contains('public-DraftEditor-content'),
  routes: [paste, beforeinput, execCommand],
  selectAll: selectContents,
  read: readBlocks,
});
