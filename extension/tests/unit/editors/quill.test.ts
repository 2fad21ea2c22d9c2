import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { defineEditor } from '../../../src/editors/editor';
import { readBlocks, selectContents } from '../../../src/editors/contenteditable';
import { insertWithQuill, quill, quillApi } from '../../../src/editors/quill';
import { insertDeps, quill as standIn } from '../helpers';

let editor: HTMLElement;
let post: HTMLButtonElement;

beforeEach(() => {
  document.body.innerHTML =
    '<div class="ql-container"><div class="ql-editor ql-blank" contenteditable="true" role="textbox"><p><br></p></div></div><button data-post disabled>Comment</button>';
  editor = document.querySelector('.ql-editor')!;
  post = document.querySelector('[data-post]')!;
});

afterEach(() => {
  delete (window as { Quill?: unknown }).Quill;
});

describe('Quill', () => {
  it("knows its root by `.ql-editor`; tries Quill's own API first (from the page's main world), then paste", () => {
    expect(quill.kind).toBe('quill');
    expect(quill.is(editor)).toBe(true);
    expect(quill.is(editor.parentElement!)).toBe(false);
    expect(quill.methods).toEqual(['quill', 'paste', 'exec-command']);
  });

  it("puts the text into Quill's own state through its API, lines kept", async () => {
    const site = standIn(editor, post);
    const text = 'Hi Marc!\n\nRelocation help is part of the offer.';
    const outcome = await quill.insert(editor, text, insertDeps);
    expect(outcome).toEqual({ ok: true, method: 'quill', tried: ['quill'], text });
    expect(site.state()).toBe(text);
    expect(post.disabled).toBe(false);
  });

  it('does not use the Quill route when the page has no Quill', async () => {
    const outcome = await defineEditor({ kind: 'quill', is: () => true, routes: [quillApi], selectAll: selectContents, read: readBlocks }).insert(editor, 'x', insertDeps);
    expect(outcome.ok).toBe(false);
    expect(await quill.insert(editor, 'x', insertDeps)).toEqual({ ok: false, tried: ['quill', 'paste', 'exec-command'], text: '' });
  });

  it('reads Quill paragraphs one per line', () => {
    editor.innerHTML = '<p>one</p><p><br></p><p>two</p>';
    expect(quill.read(editor)).toBe('one\n\ntwo');
  });
});

describe("insertWithQuill, run in the page's main world", () => {
  it('finds Quill 1 on the focused editor\'s container', () => {
    const site = standIn(editor, post);
    editor.focus();
    expect(insertWithQuill('hello\nthere')).toEqual({ ok: true, text: 'hello\nthere' });
    expect(site.state()).toBe('hello\nthere');
  });

  it('finds Quill 2 through Quill.find, the only way to it', () => {
    let set = '';
    const instance = { setText: (t: string) => void (set = t), getText: () => `${set}\n`, getLength: () => set.length + 1, setSelection: () => undefined };
    (window as { Quill?: unknown }).Quill = { find: (node: Node) => (node === editor.parentElement ? instance : null) };
    editor.focus();
    expect(insertWithQuill('via find')).toEqual({ ok: true, text: 'via find' });
    expect(set).toBe('via find');
  });

  it('says so when no Quill is reachable from the focused element', () => {
    editor.focus();
    expect(insertWithQuill('x')).toEqual({ ok: false, reason: 'no Quill instance reachable from the focused editor' });
  });
});
