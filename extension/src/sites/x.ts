/** X (x.com, twitter.com): Draft.js editors in the home composer, the reply box under a post
 * and the reply dialog. */

import { draftJs } from '../editors/draft-js';
import { clip, firstText, nearestAround, precedingMatch, queryEditors, textOf } from './dom';
import { threadLine } from './thread';
import type { ComposeContext, SiteAdapter } from './types';

export const selectors = {
  /** Draft.js content element; X names each box of a thread `tweetTextarea_N`. */
  editor: [
    '[data-testid^="tweetTextarea_"][contenteditable="true"]',
    '.public-DraftEditor-content[contenteditable="true"][role="textbox"]',
  ].join(', '),
  post: 'article[data-testid="tweet"]',
  postText: '[data-testid="tweetText"]',
  author: '[data-testid="User-Name"]',
  dialog: '[role="dialog"]',
  timeline: '[data-testid="primaryColumn"], main',
  submit: '[data-testid="tweetButton"], [data-testid="tweetButtonInline"]',
  /** Who is logged in: the account button at the foot of the side menu ("Name @handle"), or
   * the side menu's Profile link (`/handle`) where the menu is folded. */
  account: '[data-testid="SideNav_AccountSwitcher_Button"]',
  profileLink: 'a[data-testid="AppTabBar_Profile_Link"]',
};

const HANDLE = /@([A-Za-z0-9_]{1,15})\b/;

function author(post: Element): string {
  const names = post.querySelector(selectors.author);
  if (!names) return '';
  const text = textOf(names);
  const handle = HANDLE.exec(text)?.[0];
  const display = text.split('\n')[0]?.trim() ?? '';
  if (handle && display && !display.startsWith('@')) return `${display} (${handle})`;
  return handle ?? display;
}

/** The logged-in account's handle, lower-cased; '' when the page does not show it. */
function ownHandle(doc: Document): string {
  const fromButton = HANDLE.exec(textOf(doc.querySelector(selectors.account)))?.[1];
  const fromLink = /^\/([A-Za-z0-9_]{1,15})$/.exec(doc.querySelector(selectors.profileLink)?.getAttribute('href') ?? '')?.[1];
  return (fromButton ?? fromLink ?? '').toLowerCase();
}

/** Who wrote the post answered, unless it is the logged-in account itself (the brand replying
 * under its own post): a reply never addresses the brand. */
function answeredAuthor(post: Element): string | undefined {
  const who = author(post);
  const own = ownHandle(post.ownerDocument);
  const handle = HANDLE.exec(who)?.[1]?.toLowerCase();
  return own && handle === own ? undefined : who;
}

export const x: SiteAdapter = {
  id: 'x',
  name: 'X',
  platform: 'x',
  selectors,
  matches: (host) => /(^|\.)(x|twitter)\.com$/.test(host),

  findEditors: (root) => queryEditors(root, selectors.editor),

  context(editor): ComposeContext {
    const dialog = editor.closest(selectors.dialog);
    const scope = dialog ?? editor.ownerDocument.querySelector(selectors.timeline) ?? editor.ownerDocument.body;
    // A post right above the box is the one answered: in the reply dialog, or under a post's page.
    const answered = precedingMatch(editor, scope, selectors.post);
    const onPostPage = /\/status\/\d+/.test(editor.ownerDocument.location?.pathname ?? '');
    if (!answered || (!dialog && !onPostPage)) return { mode: 'post' };
    const earlier = Array.from(scope.querySelectorAll(selectors.post)).filter(
      (p) => p !== answered && p.compareDocumentPosition(answered) & Node.DOCUMENT_POSITION_FOLLOWING,
    );
    const who = answeredAuthor(answered);
    return {
      mode: 'reply',
      comment: clip(firstText(answered, selectors.postText)),
      ...(who === undefined ? {} : { author: who }),
      thread: earlier.slice(-3).map((p) => clip(threadLine(author(p), firstText(p, selectors.postText)), 1000)),
    };
  },

  editor: () => draftJs,

  submitButton: (editor) => nearestAround(editor, selectors.submit, 16),

  submitsOnEnter: () => false,
};
