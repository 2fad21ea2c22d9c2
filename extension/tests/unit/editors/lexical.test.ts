import { beforeEach, describe, expect, it } from 'vitest';

import { lexical } from '../../../src/editors/lexical';
import { insertDeps, lexical as standIn } from '../helpers';

let editor: HTMLElement;
let post: HTMLButtonElement;

beforeEach(() => {
  document.body.innerHTML =
    '<div contenteditable="true" role="textbox" data-lexical-editor="true"><p><br></p></div><button data-post disabled>Post</button>';
  editor = document.querySelector('[contenteditable]')!;
  post = document.querySelector('[data-post]')!;
});

describe('Lexical', () => {
  it('tries beforeinput first, then paste', () => {
    expect(lexical.kind).toBe('lexical');
    expect(lexical.is(editor)).toBe(true);
    expect(lexical.is(post)).toBe(false);
    expect(lexical.methods).toEqual(['beforeinput', 'paste', 'exec-command']);
  });

  it("puts the text into Lexical's own state with beforeinput, lines kept", async () => {
    const site = standIn(editor, post);
    const text = 'Hi Paul!\n\nSee you Saturday.';
    const outcome = await lexical.insert(editor, text, insertDeps);
    expect(outcome).toEqual({ ok: true, method: 'beforeinput', tried: ['beforeinput'], text });
    expect(site.state()).toBe(text);
    expect(post.disabled).toBe(false);
  });

  it('replaces what the box held', async () => {
    const site = standIn(editor, post);
    await lexical.insert(editor, 'first', insertDeps);
    await lexical.insert(editor, 'second', insertDeps);
    expect(site.state()).toBe('second');
    expect(lexical.read(editor)).toBe('second');
  });

  it('falls back to paste where beforeinput is not handled', async () => {
    editor.addEventListener('paste', (event) => {
      event.preventDefault();
      editor.innerHTML = '';
      editor.append(Object.assign(document.createElement('p'), { textContent: (event as ClipboardEvent).clipboardData?.getData('text/plain') ?? '' }));
    });
    expect(await lexical.insert(editor, 'pasted', insertDeps)).toMatchObject({ ok: true, method: 'paste', tried: ['beforeinput', 'paste'] });
  });

  it('reads Lexical paragraphs one per line, empty ones included', () => {
    document.body.innerHTML =
      '<div id="e"><p dir="ltr"><span data-lexical-text="true">one</span></p><p><br></p><p dir="ltr"><span data-lexical-text="true">two</span><br><span data-lexical-text="true">three</span></p></div>';
    expect(lexical.read(document.getElementById('e')!)).toBe('one\n\ntwo\nthree');
  });
});
