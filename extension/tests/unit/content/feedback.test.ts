import { beforeEach, describe, expect, it } from 'vitest';

import { FeedbackWatch } from '../../../src/content/feedback';
import type { Feedback } from '../../../src/shared/api';
import { facebook } from '../../../src/sites/facebook';
import { x } from '../../../src/sites/x';
import { draftJs, insertDeps, lexical, loadFixture } from '../helpers';

const DRAFT = "Hi Jane, we're sorry. DM us and we'll check it today.";

describe('feedback after insertion', () => {
  let sent: Feedback[];
  beforeEach(() => {
    sent = [];
  });

  async function insertedOnX(): Promise<{ editor: HTMLElement; post: HTMLButtonElement }> {
    loadFixture('x/status-reply.html', 'https://x.com/janedoe/status/1861');
    const editor = x.findEditors(document)[0]!;
    const post = document.querySelector<HTMLButtonElement>('[data-fixture-post]')!;
    draftJs(editor, post);
    await x.editor(editor).insert(editor, DRAFT, insertDeps);
    new FeedbackWatch(x, editor, { brand: 'ondine', kind: 'reply', platform: 'x', draft: DRAFT, variant: 1, site: 'x' }, (f) => sent.push(f));
    return { editor, post };
  }

  it('reports an unedited draft once the site posts it', async () => {
    const { post } = await insertedOnX();
    post.click();
    post.click(); // once only
    expect(sent).toEqual([{ brand: 'ondine', kind: 'reply', platform: 'x', draft: DRAFT, final: DRAFT, edited: false, variant: 1, site: 'x' }]);
  });

  it('reports an edited draft with what was posted', async () => {
    const { editor, post } = await insertedOnX();
    await x.editor(editor).insert(editor, `${DRAFT} Thanks!`, insertDeps); // the person changes it
    post.click();
    expect(sent[0]).toMatchObject({ final: `${DRAFT} Thanks!`, edited: true });
  });

  it('reports nothing while the draft is not posted', async () => {
    await insertedOnX();
    document.body.click();
    expect(sent).toEqual([]);
  });

  it('Ctrl+Enter posts on X; a plain Enter does not', async () => {
    const { editor } = await insertedOnX();
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(sent).toHaveLength(0);
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    expect(sent).toHaveLength(1);
  });

  it('Enter posts a Facebook comment', async () => {
    loadFixture('facebook/post-comments.html', 'https://www.facebook.com/ondinecoffee/posts/42');
    const editor = document.querySelector<HTMLElement>('[aria-label="Write a comment…"]')!;
    lexical(editor, document.querySelector<HTMLElement>('[data-fixture-post]')!);
    await facebook.editor(editor).insert(editor, 'Hello Paul', insertDeps);
    new FeedbackWatch(facebook, editor, { brand: 'ondine', kind: 'reply', platform: 'facebook', draft: 'Hello Paul', variant: 0, site: 'facebook' }, (f) => sent.push(f));
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true }));
    expect(sent).toHaveLength(0);
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(sent[0]).toMatchObject({ final: 'Hello Paul', edited: false, site: 'facebook' });
  });
});
