/** Lexical (Facebook's boxes, Instagram's caption of a new post). Lexical keeps its own state
 * and takes text through `beforeinput`: a DataTransfer on an `insertReplacementText` event is
 * handled like pasted text. It renders each paragraph as a `<p>` (an empty one `<p><br></p>`),
 * which the contenteditable read-back gives one per line. */

import { readBlocks, selectContents } from './contenteditable';
import { defineEditor } from './editor';
import { beforeinput, execCommand, paste } from './routes';

export const lexical = defineEditor({
  kind: 'lexical',
  is: (el) => el.getAttribute('data-lexical-editor') === 'true',
  routes: [beforeinput, paste, execCommand],
  selectAll: selectContents,
  read: readBlocks,
});
