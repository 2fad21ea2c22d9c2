import { beforeEach, describe, expect, it } from 'vitest';

import { draftJs } from '../../../src/editors/draft-js';
import { draftJs as standIn, insertDeps } from '../helpers';

let editor: HTMLElement;
let post: HTMLButtonElement;

beforeEach(() => {
  document.body.innerHTML =
    '<div class="public-DraftEditor-content" contenteditable="true" role="textbox"><div data-contents="true"><div data-block="true"><div class="public-DraftStyleDefault-block"><span><br data-text="true"></span></div></div></div></div>' +
    '<button data-post disabled>Post</button>';
  editor = document.querySelector('[contenteditable]')!;
  post = document.querySelector('[data-post]')!;
});

describe('Draft.js', () => {
  it('tries a paste first: Draft.js ignores beforeinput and DOM edits', () => {
    expect(draftJs.kind).toBe('draft-js');
    expect(draftJs.is(editor)).toBe(true);
    expect(draftJs.is(post)).toBe(false);
    expect(draftJs.methods).toEqual(['paste', 'beforeinput', 'exec-command']);
  });

  it("puts the text into Draft.js's own state by paste, lines kept", async () => {
    const site = standIn(editor, post);
    const text = 'First line.\n\nAfter a blank line.';
    const outcome = await draftJs.insert(editor, text, insertDeps);
    expect(outcome).toEqual({ ok: true, method: 'paste', tried: ['paste'], text });
    expect(site.state()).toBe(text);
    expect(post.disabled).toBe(false);
  });

  it('replaces what the box held, and inserts markup as text', async () => {
    const site = standIn(editor, post);
    await draftJs.insert(editor, 'first', insertDeps);
    await draftJs.insert(editor, '<b>second</b>', insertDeps);
    expect(site.state()).toBe('<b>second</b>');
    expect(editor.querySelector('b')).toBeNull();
  });

  it('fails, rather than claims success, when Draft.js does not take the text', async () => {
    const outcome = await draftJs.insert(editor, 'hello', insertDeps); // no Draft.js listening
    expect(outcome).toEqual({ ok: false, tried: ['paste', 'beforeinput', 'exec-command'], text: '' });
  });

  it('reads Draft.js blocks one per line', () => {
    document.body.innerHTML =
      '<div id="e"><div data-contents="true"><div data-block="true"><div><span><span data-text="true">a</span></span></div></div>' +
      '<div data-block="true"><div><span><span data-text="true">b</span></span></div></div></div></div>';
    expect(draftJs.read(document.getElementById('e')!)).toBe('a\nb');
  });
});
