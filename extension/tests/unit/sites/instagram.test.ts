import { beforeEach, describe, expect, it } from 'vitest';

import { lexical as lexicalEditor } from '../../../src/editors/lexical';
import { textarea } from '../../../src/editors/textarea';
import { instagram, selectors } from '../../../src/sites/instagram';
import { insertDeps, lexical, loadFixture, reactTextarea } from '../helpers';

const count = (selector: string): number => document.querySelectorAll(selector).length;
const editors = (): HTMLElement[] => instagram.findEditors(document);
const post = (): HTMLElement => document.querySelector<HTMLElement>('[data-fixture-post]')!;
const CAPTION = 'Latte art Saturday ☕ Our baristas teach the rosetta every first Saturday of the month. Book at the shop!';

describe('Instagram: comments on a post', () => {
  beforeEach(() => loadFixture('instagram/post-comments.html', 'https://www.instagram.com/p/C0ffee/'));

  it('finds the comment textarea; selectors match what the page holds', () => {
    expect(editors()).toHaveLength(1);
    expect(editors()[0]!.tagName).toBe('TEXTAREA');
    expect(count(selectors.caption)).toBe(1);
    expect(count(selectors.author)).toBe(1);
  });

  it('names the textarea editor for the comment box', () => {
    expect(instagram.editor(editors()[0]!)).toBe(textarea);
  });

  it('a comment answers the post and its caption', () => {
    expect(instagram.context(editors()[0]!)).toEqual({ mode: 'reply', comment: CAPTION, author: 'ondinecoffee', thread: [] });
  });

  it("after Reply (\"@user \" in the box) it answers that user's comment, and keeps the mention", async () => {
    const box = editors()[0] as HTMLTextAreaElement;
    const site = reactTextarea(box, post());
    await instagram.editor(box).insert(box, '@paul.m ', insertDeps); // what Instagram's Reply does
    expect(instagram.context(box)).toEqual({
      mode: 'reply',
      comment: "Do you ship the oat milk you use? Can't find it anywhere",
      author: '@paul.m',
      thread: [`ondinecoffee: ${CAPTION}`],
    });
    expect(instagram.keptPrefix?.(box)).toBe('@paul.m ');
    expect(site.state()).toBe('@paul.m ');
  });

  it('inserts with the native value setter, so React sees the change and Post enables', async () => {
    const box = editors()[0] as HTMLTextAreaElement;
    const site = reactTextarea(box, post());
    const text = "We use a local oat milk we don't ship, sorry! ☕";
    const outcome = await instagram.editor(box).insert(box, text, insertDeps);
    expect(outcome).toMatchObject({ ok: true, method: 'native-setter', tried: ['native-setter'] });
    expect(site.state()).toBe(text);
    expect(post().getAttribute('aria-disabled')).toBe('false');
    expect(site.counter?.textContent).toBe(String(text.length));
  });

  it('a plain value assignment goes unnoticed by React (why the native setter is needed)', () => {
    const box = editors()[0] as HTMLTextAreaElement;
    const site = reactTextarea(box, post());
    box.value = 'assigned';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    expect(site.state()).toBe('');
    expect(post().getAttribute('aria-disabled')).toBe('true');
  });

  it('posts with the Post button or Enter', () => {
    expect(instagram.submitButton(editors()[0]!)).toBe(post());
    expect(instagram.submitsOnEnter(editors()[0]!)).toBe(true);
  });
});

describe('Instagram: caption of a new post (Lexical)', () => {
  beforeEach(() => loadFixture('instagram/create-caption.html', 'https://www.instagram.com/'));

  it('is a new post; text goes in through beforeinput; Share posts it', async () => {
    const [editor] = editors();
    expect(editors()).toHaveLength(1);
    expect(instagram.context(editor!)).toEqual({ mode: 'post' });
    expect(instagram.editor(editor!)).toBe(lexicalEditor);
    const share = instagram.submitButton(editor!)!;
    expect(share.textContent).toBe('Share');
    const site = lexical(editor!, share);
    const outcome = await instagram.editor(editor!).insert(editor!, 'Latte art Saturday ☕', insertDeps);
    expect(outcome).toMatchObject({ ok: true, method: 'beforeinput' });
    expect(site.state()).toBe('Latte art Saturday ☕');
  });
});
