/** What every site adapter provides. Each site lives in one file of `src/sites/`, selectors
 * included, so that a site's DOM change is a one-file fix; it names the editor library each
 * of its boxes uses, whose own knowledge lives in `src/editors/`. */

import type { Editor } from '../editors/editor';

export interface ComposeContext {
  /** Answering a post or comment, or writing a new post. */
  mode: 'reply' | 'post';
  /** The post or comment being answered (replies). */
  comment?: string;
  /** Who wrote it. */
  author?: string;
  /** What it answers in turn, oldest first: the post under a comment, earlier posts of a thread. */
  thread?: string[];
}

export interface SiteAdapter {
  /** Stable id, also used as the feedback's `site`. */
  id: string;
  /** Shown to people. */
  name: string;
  /** The API's platform id. */
  platform: string;
  /** Whether this adapter serves a page on this host. */
  matches(hostname: string): boolean;
  /** CSS selectors of the site, exported for the selector-count tests. */
  selectors: Record<string, string>;
  /** Compose and reply editors now in `root`. */
  findEditors(root: ParentNode): HTMLElement[];
  /** What the editor answers, read from the page. */
  context(editor: HTMLElement): ComposeContext;
  /** The editor library of this box: how text goes in and reads back. */
  editor(editor: HTMLElement): Editor;
  /** The site's own Post/Reply button for this editor. Voix never clicks it: it watches it to
   * report, after the person posts, whether the inserted draft was edited. */
  submitButton(editor: HTMLElement): HTMLElement | null;
  /** Whether a plain Enter posts from this editor (Facebook and Instagram comments). */
  submitsOnEnter(editor: HTMLElement): boolean;
  /** Text the site put in the box that an insertion must keep in front (Instagram's
   * `@user ` of a reply to a comment). */
  keptPrefix?(editor: HTMLElement): string;
}
