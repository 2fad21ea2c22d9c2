import { beforeEach, describe, expect, it } from 'vitest';

import { insertText, sameText } from '../../../src/content/insert';
import { editorText } from '../../../src/sites/dom';
import { insertDeps } from '../helpers';

describe('insertText', () => {
  let editor: HTMLElement;
  beforeEach(() => {
    document.body.innerHTML = '<div contenteditable="true" role="textbox"><p><br></p></div>';
    editor = document.querySelector('[contenteditable]')!;
  });

  it('falls through the methods in order, and fails when none changes the editor', async () => {
    // A bare contenteditable ignores synthetic paste and beforeinput, and happy-dom has no
    // execCommand: nothing may claim success.
    const outcome = await insertText(editor, 'hello', ['paste', 'beforeinput', 'exec-command'], insertDeps);
    expect(outcome).toEqual({ ok: false, tried: ['paste', 'beforeinput', 'exec-command'], text: '' });
  });

  it('keeps a method only when reading the editor back gives the text', async () => {
    let pastes = 0;
    editor.addEventListener('paste', (event) => {
      event.preventDefault();
      pastes += 1;
      editor.textContent = 'something else'; // an editor that mangles the text
    });
    editor.addEventListener('beforeinput', (event) => {
      event.preventDefault();
      editor.textContent = (event as InputEvent).dataTransfer?.getData('text/plain') ?? '';
    });
    const outcome = await insertText(editor, 'the draft', ['paste', 'beforeinput'], insertDeps);
    expect(pastes).toBe(1);
    expect(outcome).toMatchObject({ ok: true, method: 'beforeinput', tried: ['paste', 'beforeinput'] });
  });

  it('carries text/plain only, never text/html', async () => {
    const types: string[][] = [];
    editor.addEventListener('paste', (event) => {
      event.preventDefault();
      types.push([...((event as ClipboardEvent).clipboardData?.types ?? [])]);
    });
    await insertText(editor, '<b>x</b>', ['paste'], insertDeps);
    expect(types).toEqual([['text/plain']]);
  });

  it('does not use the Quill route when the page has no Quill', async () => {
    const outcome = await insertText(editor, 'x', ['quill'], insertDeps);
    expect(outcome.ok).toBe(false);
  });
});

describe('reading editors back', () => {
  it('reads Quill and Lexical paragraphs one per line, empty ones included', () => {
    document.body.innerHTML = '<div id="e"><p>one</p><p><br></p><p>two<br>three</p></div>';
    expect(editorText(document.getElementById('e')!)).toBe('one\n\ntwo\nthree');
  });

  it('reads Draft.js blocks one per line', () => {
    document.body.innerHTML =
      '<div id="e"><div data-contents="true"><div data-block="true"><div><span><span data-text="true">a</span></span></div></div>' +
      '<div data-block="true"><div><span><span data-text="true">b</span></span></div></div></div></div>';
    expect(editorText(document.getElementById('e')!)).toBe('a\nb');
  });

  it('compares text as people read it', () => {
    expect(sameText('a  b\n', 'a b')).toBe(true);
    expect(sameText('a\u200bb', 'ab')).toBe(true);
    expect(sameText('a b', 'a c')).toBe(false);
  });
});
