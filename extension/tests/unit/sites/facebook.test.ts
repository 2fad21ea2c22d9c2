import { beforeEach, describe, expect, it } from 'vitest';

import { lexical as lexicalEditor } from '../../../src/editors/lexical';
import { facebook, selectors } from '../../../src/sites/facebook';
import { insertDeps, lexical, loadFixture } from '../helpers';

const count = (selector: string): number => document.querySelectorAll(selector).length;
const editors = (): HTMLElement[] => facebook.findEditors(document);
const post = (): HTMLElement => document.querySelector<HTMLElement>('[data-fixture-post]')!;
const POST = 'Barista workshops are back in January: latte art, brewing methods and tasting, Saturday mornings in Lyon.';

describe('Facebook: comments under a post', () => {
  beforeEach(() => loadFixture('facebook/post-comments.html', 'https://www.facebook.com/ondinecoffee/posts/42'));

  it('finds the reply box and the comment box; selectors match what the page holds', () => {
    expect(editors()).toHaveLength(2);
    expect(count(selectors.article)).toBe(3);
    expect(count(selectors.postText)).toBe(2); // the message and its preview wrapper
  });

  const byLabel = (label: string): HTMLElement => editors().find((e) => e.getAttribute('aria-label') === label)!;

  it('names Lexical as the editor of its boxes', () => {
    for (const editor of editors()) expect(facebook.editor(editor)).toBe(lexicalEditor);
  });

  it('the comment box answers the post', () => {
    expect(facebook.context(byLabel('Write a comment…'))).toEqual({ mode: 'reply', comment: POST, author: 'Ondine Coffee Roasters', thread: [] });
  });

  it('a reply box answers the comment it names', () => {
    expect(facebook.context(byLabel('Reply to Paul Martin'))).toEqual({
      mode: 'reply',
      comment: 'How much is a workshop and can I offer one as a gift?',
      author: 'Paul Martin',
      thread: [`Ondine Coffee Roasters: ${POST}`],
    });
  });

  it("inserts with beforeinput, so Lexical's own state takes the text and Comment enables", async () => {
    const editor = byLabel('Write a comment…');
    const site = lexical(editor, post());
    const text = 'Hi Paul! A workshop is €45.\nGift cards are at the shop.';
    const outcome = await facebook.editor(editor).insert(editor, text, insertDeps);
    expect(outcome).toMatchObject({ ok: true, method: 'beforeinput', tried: ['beforeinput'] });
    expect(site.state()).toBe(text);
    expect(outcome.text).toBe(text);
    expect(post().getAttribute('aria-disabled')).toBe('false');
  });

  it('knows each box posts on Enter, and its submit button', () => {
    expect(facebook.submitButton(byLabel('Write a comment…'))).toBe(post());
    expect(facebook.submitButton(byLabel('Reply to Paul Martin'))?.getAttribute('aria-label')).toBe('Reply');
    expect(facebook.submitsOnEnter(byLabel('Write a comment…'))).toBe(true);
  });
});

describe('Facebook: post composer', () => {
  beforeEach(() => loadFixture('facebook/composer.html', 'https://www.facebook.com/'));

  it('is a new post, posted with its Post button, not on Enter', () => {
    const [editor] = editors();
    expect(editors()).toHaveLength(1);
    expect(facebook.context(editor!)).toEqual({ mode: 'post' });
    expect(facebook.submitButton(editor!)?.getAttribute('aria-label')).toBe('Post');
    expect(facebook.submitsOnEnter(editor!)).toBe(false);
  });
});
