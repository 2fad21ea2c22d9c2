/** Facebook: Lexical editors in comment boxes, replies to comments and the post composer. */

import { lexical } from '../editors/lexical';
import { buttonLabelled, clip, firstText, precedingMatch, queryEditors, textOf } from './dom';
import { postThread } from './thread';
import type { ComposeContext, SiteAdapter } from './types';

export const selectors = {
  editor: [
    '[contenteditable="true"][role="textbox"][data-lexical-editor="true"]',
    'form [contenteditable="true"][role="textbox"]',
    '[role="dialog"] [contenteditable="true"][role="textbox"]',
  ].join(', '),
  /** Posts and comments are both articles; comments are nested in their post. */
  article: '[role="article"]',
  postText: [
    '[data-ad-rendering-role="story_message"]',
    '[data-ad-comet-preview="message"]',
    '[data-ad-preview="message"]',
  ].join(', '),
  postAuthor: '[data-ad-rendering-role="profile_name"], h2 strong, h3 strong, h4 strong',
  commentText: 'div[dir="auto"]',
  commentAuthor: 'a[role="link"] span, span a[role="link"]',
  /** Buttons that post what the editor holds; comments also post on Enter. */
  submit: '[role="button"][aria-label], button[aria-label], #focused-state-composer-submit, [type="submit"]',
};

const SUBMIT_LABELS = /^(post|comment|reply|publish|send|publier|commenter|répondre|envoyer)$/i;
/** Comment and reply boxes say so in their label: "Write a comment…", "Reply to Jane…". */
const COMMENT_BOX = /comment|reply|répond|réponse|repl/i;
const REPLY_BOX = /reply|répond|réponse/i;
const COMMENT_BY = /^(comment|reply|commentaire|réponse)\s+(by|de|d')\s*/i;

/** The comment a reply box answers: the one it sits under, named in its label when it can be. */
function answeredComment(editor: HTMLElement, post: Element): Element | null {
  const label = editor.getAttribute('aria-label') ?? '';
  const comments = Array.from(post.querySelectorAll(selectors.article)).filter((c) => c !== post);
  const named = comments.filter((c) => {
    const who = commentAuthor(c);
    return who && label.includes(who);
  });
  if (named.length) return named[named.length - 1] ?? null;
  return precedingMatch(editor, post, selectors.article);
}

function commentAuthor(comment: Element): string {
  const label = comment.getAttribute('aria-label') ?? '';
  if (COMMENT_BY.test(label)) return label.replace(COMMENT_BY, '').replace(/\s+\d.*$/, '').trim();
  return firstText(comment, selectors.commentAuthor);
}

export const facebook: SiteAdapter = {
  id: 'facebook',
  name: 'Facebook',
  platform: 'facebook',
  selectors,
  matches: (host) => /(^|\.)facebook\.com$/.test(host),

  findEditors: (root) => queryEditors(root, selectors.editor),

  context(editor): ComposeContext {
    const label = editor.getAttribute('aria-label') ?? '';
    // The outermost article around the box is the post; none means the composer.
    let post: Element | null = editor.closest(selectors.article);
    while (post?.parentElement?.closest(selectors.article)) post = post.parentElement.closest(selectors.article);
    if (!post || !COMMENT_BOX.test(label)) return { mode: 'post' };
    const postText = clip(firstText(post, selectors.postText));
    const postAuthor = firstText(post, selectors.postAuthor);
    if (REPLY_BOX.test(label)) {
      const comment = answeredComment(editor, post);
      if (comment) {
        const body = Array.from(comment.querySelectorAll(selectors.commentText)).find(
          (el) => el.closest(selectors.article) === comment,
        );
        return {
          mode: 'reply',
          comment: clip(textOf(body)),
          author: commentAuthor(comment),
          thread: postThread(postAuthor, postText),
        };
      }
    }
    return { mode: 'reply', comment: postText, author: postAuthor, thread: [] };
  },

  editor: () => lexical,

  submitButton(editor) {
    const scope = editor.closest('form') ?? editor.closest('[role="dialog"]') ?? editor.parentElement?.parentElement?.parentElement ?? null;
    return buttonLabelled(scope, selectors.submit, SUBMIT_LABELS);
  },

  submitsOnEnter: (editor) => COMMENT_BOX.test(editor.getAttribute('aria-label') ?? ''),
};
