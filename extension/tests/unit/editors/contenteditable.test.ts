import { beforeEach, describe, expect, it } from 'vitest';

import { contenteditable, readBlocks } from '../../../src/editors/contenteditable';
import { insertDeps } from '../helpers';

describe('a generic contenteditable', () => {
  let editor: HTMLElement;
  beforeEach(() => {
    document.body.innerHTML = '<div contenteditable="true" role="textbox"><p><br></p></div>';
    editor = document.querySelector('[contenteditable]')!;
  });

  it('tries paste, then beforeinput, then the browser\'s own editing', () => {
    expect(contenteditable.kind).toBe('contenteditable');
    expect(contenteditable.is(editor)).toBe(true);
    editor.setAttribute('contenteditable', 'false');
    expect(contenteditable.is(editor)).toBe(false);
    expect(contenteditable.is(document.body)).toBe(false);
    expect(contenteditable.methods).toEqual(['paste', 'beforeinput', 'exec-command']);
  });

  it('falls through the methods in order, and fails when none changes the editor', async () => {
    // A bare contenteditable ignores synthetic paste and beforeinput, and happy-dom has no
    // execCommand: nothing may claim success.
    const outcome = await contenteditable.insert(editor, 'hello', insertDeps);
    expect(outcome).toEqual({ ok: false, tried: ['paste', 'beforeinput', 'exec-command'], text: '' });
  });

  it('takes a paste, as ProseMirror and most editors handle one', async () => {
    editor.addEventListener('paste', (event) => {
      event.preventDefault();
      const text = (event as ClipboardEvent).clipboardData?.getData('text/plain') ?? '';
      editor.replaceChildren(...text.split('\n').map((line) => Object.assign(document.createElement('p'), { textContent: line })));
    });
    const outcome = await contenteditable.insert(editor, 'one\ntwo', insertDeps);
    expect(outcome).toEqual({ ok: true, method: 'paste', tried: ['paste'], text: 'one\ntwo' });
  });

  it('uses execCommand where the browser has it and nothing else worked', async () => {
    const doc = document as Document & { execCommand: (command: string, ui: boolean, text: string) => boolean };
    const had = Object.getOwnPropertyDescriptor(doc, 'execCommand');
    doc.execCommand = (command, _ui, text) => {
      if (command !== 'insertText') return false;
      editor.textContent = text ?? '';
      return true;
    };
    try {
      expect(await contenteditable.insert(editor, 'typed', insertDeps)).toMatchObject({ ok: true, method: 'exec-command' });
    } finally {
      if (had) Object.defineProperty(doc, 'execCommand', had);
      else delete (doc as { execCommand?: unknown }).execCommand;
    }
  });
});

describe('reading a contenteditable back', () => {
  const read = (html: string): string => {
    document.body.innerHTML = `<div id="e">${html}</div>`;
    return readBlocks(document.getElementById('e')!);
  };

  it('reads paragraphs one per line, empty ones included, a <br> a line break', () => {
    expect(read('<p>one</p><p><br></p><p>two<br>three</p>')).toBe('one\n\ntwo\nthree');
  });

  it('reads inline content as it is, ignoring the markup\'s whitespace between blocks', () => {
    expect(read('plain <b>bold</b> text')).toBe('plain bold text');
    expect(read('\n  <p>a</p>\n  <p>b</p>\n')).toBe('a\nb');
    expect(read('<p><br></p>')).toBe('');
  });

  it('leaves out the zero-width characters editors keep the caret with', () => {
    expect(read('<p>a\u200bb\ufeff</p>')).toBe('ab');
  });
});
