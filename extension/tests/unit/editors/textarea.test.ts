import { beforeEach, describe, expect, it } from 'vitest';

import { textarea } from '../../../src/editors/textarea';
import { insertDeps, reactTextarea } from '../helpers';

let box: HTMLTextAreaElement;
let post: HTMLButtonElement;

beforeEach(() => {
  document.body.innerHTML = '<form><textarea aria-label="Add a comment…"></textarea><button data-post disabled>Post</button></form>';
  box = document.querySelector('textarea')!;
  post = document.querySelector('[data-post]')!;
});

describe('a React-controlled textarea', () => {
  it('tries the native value setter first, then the browser\'s own editing', () => {
    expect(textarea.kind).toBe('textarea');
    expect(textarea.is(box)).toBe(true);
    expect(textarea.is(post)).toBe(false);
    expect(textarea.methods).toEqual(['native-setter', 'exec-command']);
  });

  it('sets the value behind React\'s tracker, so React sees the change; the caret goes to the end', async () => {
    const site = reactTextarea(box, post);
    const text = 'Thanks!\nSee you soon ☕';
    const outcome = await textarea.insert(box, text, insertDeps);
    expect(outcome).toEqual({ ok: true, method: 'native-setter', tried: ['native-setter'], text });
    expect(site.state()).toBe(text);
    expect(post.disabled).toBe(false);
    expect([box.selectionStart, box.selectionEnd]).toEqual([text.length, text.length]);
  });

  it('replaces what the box held, and reads back its value', async () => {
    const site = reactTextarea(box, post);
    await textarea.insert(box, '@paul.m ', insertDeps);
    await textarea.insert(box, '@paul.m Hello', insertDeps);
    expect(site.state()).toBe('@paul.m Hello');
    expect(textarea.read(box)).toBe('@paul.m Hello');
  });

  it('works on an input too, and refuses an element that is not a text field', async () => {
    document.body.innerHTML = '<input type="text"><div contenteditable="true"></div>';
    const input = document.querySelector('input')!;
    expect(await textarea.insert(input, 'one line', insertDeps)).toMatchObject({ ok: true, method: 'native-setter' });
    expect(input.value).toBe('one line');
    const div = document.querySelector<HTMLElement>('[contenteditable]')!;
    expect((await textarea.insert(div, 'x', insertDeps)).ok).toBe(false);
  });
});
