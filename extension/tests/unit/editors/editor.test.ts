import { beforeEach, describe, expect, it } from 'vitest';

import { readBlocks, selectContents } from '../../../src/editors/contenteditable';
import { defineEditor, sameText, type Route } from '../../../src/editors/editor';
import { beforeinput, paste } from '../../../src/editors/routes';
import { insertDeps } from '../helpers';

/** A contenteditable editor taking these routes, for testing the loop they share. */
const through = (...routes: Route[]) => defineEditor({ kind: 'contenteditable', is: () => true, routes, selectAll: selectContents, read: readBlocks });

describe('the insertion loop every editor shares', () => {
  let editor: HTMLElement;
  beforeEach(() => {
    document.body.innerHTML = '<div contenteditable="true" role="textbox"><p><br></p></div>';
    editor = document.querySelector('[contenteditable]')!;
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
    const outcome = await through(paste, beforeinput).insert(editor, 'the draft', insertDeps);
    expect(pastes).toBe(1);
    expect(outcome).toMatchObject({ ok: true, method: 'beforeinput', tried: ['paste', 'beforeinput'] });
  });

  it('carries text/plain only, never text/html', async () => {
    const types: string[][] = [];
    editor.addEventListener('paste', (event) => {
      event.preventDefault();
      types.push([...((event as ClipboardEvent).clipboardData?.types ?? [])]);
    });
    editor.addEventListener('beforeinput', (event) => {
      event.preventDefault();
      types.push([...((event as InputEvent).dataTransfer?.types ?? [])]);
    });
    await through(paste).insert(editor, '<b>x</b>', insertDeps);
    expect(types).toEqual([['text/plain']]);
    await through(beforeinput).insert(editor, '<b>x</b>', insertDeps);
    expect(types).toEqual([['text/plain'], ['text/plain']]);
  });

  it('selects all the editor holds before each method, so the text replaces it', async () => {
    editor.innerHTML = '<p>old text</p>';
    const selected: string[] = [];
    const peek: Route = { name: 'peek', run: () => void selected.push(document.getSelection()?.toString() ?? '') };
    await through(peek, peek).insert(editor, 'new', insertDeps);
    expect(selected).toEqual(['old text', 'old text']);
    expect(document.activeElement).toBe(editor);
  });

  it('goes on to the next method when one throws, and names each method tried', async () => {
    const broken: Route = {
      name: 'broken',
      run() {
        throw new Error('no way in');
      },
    };
    const writes: Route = { name: 'writes', run: (el, text) => void (el.textContent = text) };
    const editorKind = through(broken, writes);
    expect(editorKind.methods).toEqual(['broken', 'writes']);
    expect(await editorKind.insert(editor, 'hello', insertDeps)).toEqual({ ok: true, method: 'writes', tried: ['broken', 'writes'], text: 'hello' });
  });

  it('compares text as people read it', () => {
    expect(sameText('a  b\n', 'a b')).toBe(true);
    expect(sameText('a\u200bb', 'ab')).toBe(true);
    expect(sameText('a b', 'a c')).toBe(false);
  });
});
