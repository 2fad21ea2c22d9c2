/** Instagram: the comment box is a React-controlled textarea (newer pages use Lexical, like
 * the caption box of a new post). */

import type { Editor } from '../editors/editor';
import { lexical } from '../editors/lexical';
import { textarea } from '../editors/textarea';
import { buttonLabelled, clip, firstText, queryEditors, textOf } from './dom';
import { postThread } from './thread';
import type { ComposeContext, SiteAdapter } from './types';

export const selectors = {
  editor: [
    'form textarea[aria-label]',
    'form textarea[placeholder]',
    '[contenteditable="true"][role="textbox"]',
  ].join(', '),
  /** A post, in the feed or opened in a dialog. */
  post: 'article, [role="dialog"], main',
  /** The caption: Instagram renders it as the first heading of the post. */
  caption: 'h1',
  author: 'header a[role="link"], header a[href^="/"]',
  /** Comments: list items carrying a link to their author's profile. */
  comment: 'ul li',
  commentAuthor: 'a[href^="/"]',
  commentText: 'span[dir="auto"]',
  submit: '[type="submit"], [role="button"], button',
};

const SUBMIT_LABELS = /^(post|publier|publicar|share|partager|compartir|reply|répondre)$/i;
const CAPTION_BOX = /caption|légende|pie de foto/i;

function editorOf(box: HTMLElement): Editor {
  return textarea.is(box) ? textarea : lexical;
}

/** What the box holds, as its editor reads it. */
function boxText(box: HTMLElement): string {
  return editorOf(box).read(box);
}

function authorOf(post: Element | null): string {
  const text = firstText(post, selectors.author);
  return text.split('\n')[0] ?? '';
}

export const instagram: SiteAdapter = {
  id: 'instagram',
  name: 'Instagram',
  platform: 'instagram',
  selectors,
  matches: (host) => /(^|\.)instagram\.com$/.test(host),

  findEditors: (root) => queryEditors(root, selectors.editor),

  context(editor): ComposeContext {
    const label = `${editor.getAttribute('aria-label') ?? ''} ${editor.getAttribute('placeholder') ?? ''}`;
    if (CAPTION_BOX.test(label)) return { mode: 'post' };
    const post = editor.closest(selectors.post);
    if (!post) return { mode: 'post' };
    const caption = clip(firstText(post, selectors.caption));
    const postAuthor = authorOf(post);
    // "Reply" puts "@user " in the box: answer that user's comment.
    const mention = /^@([A-Za-z0-9._]{1,30})\s/.exec(boxText(editor))?.[1];
    if (mention) {
      const comment = Array.from(post.querySelectorAll(selectors.comment)).find((li) =>
        Array.from(li.querySelectorAll<HTMLAnchorElement>(selectors.commentAuthor)).some(
          (a) => a.getAttribute('href')?.replace(/\//g, '') === mention,
        ),
      );
      if (comment) {
        const texts = Array.from(comment.querySelectorAll(selectors.commentText))
          .map((el) => textOf(el))
          .filter((t) => t && t !== mention);
        return {
          mode: 'reply',
          comment: clip(texts.sort((a, b) => b.length - a.length)[0] ?? ''),
          author: `@${mention}`,
          thread: postThread(postAuthor, caption),
        };
      }
    }
    return { mode: 'reply', comment: caption, author: postAuthor, thread: [] };
  },

  editor: editorOf,

  submitButton(editor) {
    const scope = editor.closest('form') ?? editor.closest('[role="dialog"]');
    return buttonLabelled(scope, selectors.submit, SUBMIT_LABELS);
  },

  submitsOnEnter: (editor) => editor.tagName === 'TEXTAREA',

  keptPrefix: (editor) => /^@[A-Za-z0-9._]{1,30}\s/.exec(boxText(editor))?.[0] ?? '',
};
