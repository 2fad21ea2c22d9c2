import { beforeEach, describe, expect, it } from 'vitest';

import { draftJs as draftJsEditor } from '../../../src/editors/draft-js';
import { selectors, x } from '../../../src/sites/x';
import { X_COMMENT as COMMENT, draftJs, insertDeps, loadFixture } from '../helpers';

const count = (selector: string): number => document.querySelectorAll(selector).length;
const editor = (): HTMLElement => x.findEditors(document)[0]!;
const post = (): HTMLElement => document.querySelector<HTMLElement>('[data-fixture-post]')!;

describe('X: reply under a post (status page)', () => {
  beforeEach(() => loadFixture('x/status-reply.html', 'https://x.com/janedoe/status/1861'));

  it('finds the one editor, and each selector matches what the page holds', () => {
    expect(x.findEditors(document)).toHaveLength(1);
    expect(count(selectors.editor)).toBe(1);
    expect(count(selectors.post)).toBe(3);
    expect(count(selectors.postText)).toBe(3);
    expect(count(selectors.author)).toBe(3);
    expect(count(selectors.submit)).toBe(1);
    expect(count(selectors.account)).toBe(1);
    expect(count(selectors.profileLink)).toBe(1);
  });

  it('names Draft.js as the editor of its boxes', () => {
    expect(x.editor(editor())).toBe(draftJsEditor);
  });

  it('reads the post answered, its author and the thread above it', () => {
    expect(x.context(editor())).toEqual({
      mode: 'reply',
      comment: COMMENT,
      author: 'Jane Doe (@janedoe)',
      thread: ['Ondine Coffee (@OndineCoffee): Our Kenya Nyeri is back in stock this week! Orders ship within 48 hours.'],
    });
  });

  it('reads the post as one reads it: mentions, hashtags and emoji inline, its own line break kept', () => {
    const text = document.querySelectorAll(selectors.postText)[1]!;
    // X wraps each @mention in an inline-flex box: innerText (Chromium's) breaks the line there.
    expect(text.querySelectorAll('.r-xoduu5 a[href^="/"]')).toHaveLength(2);
    expect(x.context(editor()).comment).toBe(COMMENT);
  });

  it("never gives the logged-in account as the author: replying under one's own post", () => {
    // Logged in as Jane: the post answered is her own.
    const button = document.querySelector(selectors.account)!;
    button.querySelector('[data-testid^="UserAvatar-Container-"]')!.setAttribute('data-testid', 'UserAvatar-Container-JaneDoe');
    button.querySelectorAll('span').forEach((s) => {
      if (s.textContent === '@OndineCoffee') s.textContent = '@JaneDoe'; // handles match whatever their case
    });
    const context = x.context(editor());
    expect(context).not.toHaveProperty('author');
    expect(context.comment).toBe(COMMENT);
  });

  it('knows who is logged in from the Profile link where the account button is not shown', () => {
    document.querySelector(selectors.account)!.remove();
    document.querySelector(selectors.profileLink)!.setAttribute('href', '/janedoe');
    expect(x.context(editor())).not.toHaveProperty('author');
    document.querySelector(selectors.profileLink)!.remove();
    expect(x.context(editor()).author).toBe('Jane Doe (@janedoe)'); // nobody known: the author stays
  });

  it("inserts by paste, so Draft.js's own state takes the text and the Reply button enables", async () => {
    const site = draftJs(editor(), post());
    const text = "Hi Jane, we're sorry.\nDM us your order number and we'll check it today.";
    const outcome = await x.editor(editor()).insert(editor(), text, insertDeps);
    expect(outcome).toMatchObject({ ok: true, method: 'paste', tried: ['paste'] });
    expect(site.state()).toBe(text);
    expect(outcome.text).toBe(text);
    expect((post() as HTMLButtonElement).disabled).toBe(false);
    expect(site.counter?.textContent).toBe(String(280 - [...text].length));
  });

  it('replaces what the box held', async () => {
    const site = draftJs(editor(), post());
    await x.editor(editor()).insert(editor(), 'first', insertDeps);
    await x.editor(editor()).insert(editor(), 'second', insertDeps);
    expect(site.state()).toBe('second');
  });

  it('a plain DOM edit does not reach Draft.js (why insertion needs the paste route)', () => {
    const site = draftJs(editor(), post());
    editor().textContent = 'typed into the DOM';
    expect(site.state()).toBe('');
    expect((post() as HTMLButtonElement).disabled).toBe(true);
  });

  it('inserts markup as text, never as HTML', async () => {
    const site = draftJs(editor(), post());
    const text = '<img src=x onerror="window.pwned=1"> <b>bold</b>';
    const outcome = await x.editor(editor()).insert(editor(), text, insertDeps);
    expect(outcome.ok).toBe(true);
    expect(site.state()).toBe(text);
    expect(editor().querySelector('img, b')).toBeNull();
  });

  it("finds the site's own Reply button, and never posts on Enter", () => {
    expect(x.submitButton(editor())).toBe(post());
    expect(x.submitsOnEnter(editor())).toBe(false);
  });
});

describe('X: home composer', () => {
  beforeEach(() => loadFixture('x/home-compose.html', 'https://x.com/home'));

  it('is a new post, though posts follow it in the timeline', () => {
    expect(x.findEditors(document)).toHaveLength(1);
    expect(x.context(editor())).toEqual({ mode: 'post' });
    expect(x.submitButton(editor())?.textContent).toBe('Post');
  });
});

describe('X: reply dialog', () => {
  beforeEach(() => loadFixture('x/reply-dialog.html', 'https://twitter.com/compose/post'));

  it('answers the post shown in the dialog, not the timeline behind it', () => {
    expect(x.matches(location.hostname)).toBe(true);
    expect(x.context(editor())).toEqual({
      mode: 'reply',
      comment: 'Vos capsules sont-elles compostables ?',
      author: 'Camille R. (@camille_r)',
      thread: [],
    });
    expect(x.submitButton(editor())).toBe(post());
  });
});
