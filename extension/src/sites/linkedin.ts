/** LinkedIn: Quill editors in comment boxes, replies to comments, and the share box. */

import { contenteditable } from '../editors/contenteditable';
import { quill } from '../editors/quill';
import { clip, firstText, nearestAround, queryEditors, textOf } from './dom';
import { postThread } from './thread';
import type { ComposeContext, SiteAdapter } from './types';

export const selectors = {
  editor: [
    '.ql-editor[contenteditable="true"]',
    '.comments-comment-box [contenteditable="true"][role="textbox"]',
    '.share-creation-state [contenteditable="true"][role="textbox"]',
  ].join(', '),
  /** A feed update: the post that comments answer. */
  post: '[data-urn^="urn:li:activity"], [data-id^="urn:li:activity"], .feed-shared-update-v2',
  postText: '.update-components-text, .feed-shared-update-v2__description, .feed-shared-inline-show-more-text',
  postAuthor: [
    '.update-components-actor__title span[aria-hidden="true"]',
    '.update-components-actor__name',
    '.feed-shared-actor__name',
  ].join(', '),
  /** A comment: a reply box inside one answers that comment. */
  comment: 'article.comments-comment-entity, article.comments-comment-item, .comments-comment-item',
  commentText: '.comments-comment-item__main-content, .comments-comment-item-content-body',
  commentAuthor: '.comments-comment-meta__description-title, .comments-post-meta__name-text',
  /** The share box ("Start a post"). */
  composer: '.share-creation-state, .share-box, [role="dialog"][aria-labelledby*="share"]',
  submit: [
    'button.comments-comment-box__submit-button',
    'button.comments-comment-box__submit-button--cr',
    'button.share-actions__primary-action',
  ].join(', '),
};

/** The first match of `selector` that belongs to `comment` itself, not to a reply nested in it. */
function own(comment: Element, selector: string): Element | null {
  return Array.from(comment.querySelectorAll(selector)).find((el) => el.closest(selectors.comment) === comment) ?? null;
}

export const linkedin: SiteAdapter = {
  id: 'linkedin',
  name: 'LinkedIn',
  platform: 'linkedin',
  selectors,
  matches: (host) => /(^|\.)linkedin\.com$/.test(host),

  findEditors: (root) => queryEditors(root, selectors.editor),

  context(editor): ComposeContext {
    if (editor.closest(selectors.composer)) return { mode: 'post' };
    const post = editor.closest(selectors.post);
    const comment = editor.closest(selectors.comment);
    const postText = clip(firstText(post, selectors.postText));
    const postAuthor = firstText(post, selectors.postAuthor);
    if (comment) {
      return {
        mode: 'reply',
        comment: clip(textOf(own(comment, selectors.commentText))),
        author: textOf(own(comment, selectors.commentAuthor)),
        thread: postThread(postAuthor, postText),
      };
    }
    if (!post) return { mode: 'post' };
    return { mode: 'reply', comment: postText, author: postAuthor, thread: [] };
  },

  // A box that is not Quill's is some other rich-text editor.
  editor: (editor) => (quill.is(editor) ? quill : contenteditable),

  submitButton: (editor) => nearestAround(editor, selectors.submit, 10),

  submitsOnEnter: () => false,
};
