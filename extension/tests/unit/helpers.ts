/** Fixture pages in happy-dom, and stand-ins for the editor libraries that behave like the
 * real ones where it matters: their own state changes only through the route each library
 * listens to (the e2e test runs the real libraries). */

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { InsertDeps } from '../../src/editors/editor';
import { insertWithQuill } from '../../src/editors/quill';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(ROOT, 'fixtures');

/** Loads a fixture page's body into the test document, at the URL the site would show, with
 * the style sheets of its head (how text reads depends on the site's CSS). */
export function loadFixture(path: string, url: string): void {
  const html = readFileSync(join(FIXTURES, path), 'utf8');
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  const head = /<head[^>]*>([\s\S]*)<\/head>/i.exec(html)?.[1] ?? '';
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
  document.head.innerHTML = (head.match(/<style[^>]*>[\s\S]*?<\/style>/gi) ?? []).join('\n');
  document.body.innerHTML = body;
}

/** The post answered in x/status-reply.html, as a person reads it on X: its @mentions (each in
 * an inline-flex box), hashtag and emoji inline, its own line break kept. */
export const X_COMMENT =
  'My order is 10 days late and nobody answers my emails 😡\nWhat is going on @OndineCoffee? Ask @paulm, same for him. #late';

export const insertDeps: InsertDeps = {
  settle: () => new Promise((resolve) => setTimeout(resolve, 0)),
  // The service worker runs this very function in the page's main world.
  mainWorld: async (text) => insertWithQuill(text).ok,
};

/** The page's own reaction to its editor's state: counter and Post button, as on the site. */
export interface Site {
  state(): string;
  post: HTMLElement;
  counter: HTMLElement | null;
}

function wire(read: () => string, counter: (text: string) => string = (t) => String(t.length)): (post: HTMLElement) => () => void {
  return (post) => () => {
    const text = read();
    const empty = !text.trim();
    const count = document.querySelector('[data-fixture-counter]');
    if (count) count.textContent = counter(text);
    if (post.tagName === 'BUTTON') (post as HTMLButtonElement).disabled = empty;
    post.setAttribute('aria-disabled', String(empty));
  };
}

/** Whether the current selection covers everything in `root` (then input replaces it). */
function selectsAll(root: HTMLElement): boolean {
  const selection = document.getSelection();
  if (!selection || selection.rangeCount === 0) return false;
  const range = selection.getRangeAt(0);
  return root.contains(range.startContainer) || range.startContainer === root
    ? range.toString().replace(/\s/g, '') === (root.textContent ?? '').replace(/\s/g, '')
    : false;
}

function linesInto(root: HTMLElement, text: string, block: (line: string) => HTMLElement): void {
  root.replaceChildren(...text.split('\n').map(block));
}

/** Draft.js: its state changes on paste (and real typing), never on DOM edits or beforeinput. */
export function draftJs(editor: HTMLElement, post: HTMLElement): Site {
  let state = '';
  const update = wire(() => state, (t) => String(280 - [...t].length))(post);
  editor.addEventListener('paste', (event) => {
    event.preventDefault();
    const text = (event as ClipboardEvent).clipboardData?.getData('text/plain');
    if (!text) return;
    state = selectsAll(editor) ? text : state + text;
    const contents = document.createElement('div');
    contents.setAttribute('data-contents', 'true');
    linesInto(contents, state, (line) => {
      const block = document.createElement('div');
      block.setAttribute('data-block', 'true');
      const inner = document.createElement('div');
      inner.className = 'public-DraftStyleDefault-block';
      const span = document.createElement('span');
      if (line) span.textContent = line;
      else span.appendChild(document.createElement('br'));
      inner.appendChild(span);
      block.appendChild(inner);
      return block;
    });
    editor.replaceChildren(contents);
    update();
  });
  return { state: () => state, post, counter: document.querySelector('[data-fixture-counter]') };
}

/** Lexical: its state changes through `beforeinput` (a DataTransfer or data) and paste. */
export function lexical(editor: HTMLElement, post: HTMLElement): Site {
  let state = '';
  const update = wire(() => state)(post);
  const take = (event: Event, text: string | null | undefined): void => {
    event.preventDefault();
    if (!text) return;
    state = selectsAll(editor) ? text : state + text;
    linesInto(editor, state, (line) => {
      const p = document.createElement('p');
      const span = document.createElement('span');
      span.setAttribute('data-lexical-text', 'true');
      span.textContent = line;
      p.appendChild(line ? span : document.createElement('br'));
      return p;
    });
    update();
  };
  editor.addEventListener('beforeinput', (event) => {
    const input = event as InputEvent;
    if (!['insertText', 'insertReplacementText', 'insertFromPaste'].includes(input.inputType)) return;
    take(event, input.dataTransfer?.getData('text/plain') ?? input.data);
  });
  editor.addEventListener('paste', (event) => take(event, (event as ClipboardEvent).clipboardData?.getData('text/plain')));
  return { state: () => state, post, counter: document.querySelector('[data-fixture-counter]') };
}

/** Quill 1: the instance hangs on its container (`__quill`); synthetic paste does nothing
 * (Quill 1 lets the browser paste into a hidden box, which an untrusted event never does). */
export function quill(root: HTMLElement, post: HTMLElement): Site {
  let state = '';
  const update = wire(() => state)(post);
  const render = (): void => linesInto(root, state, (line) => {
    const p = document.createElement('p');
    if (line) p.textContent = line;
    else p.appendChild(document.createElement('br'));
    return p;
  });
  (root.parentElement as unknown as { __quill: unknown }).__quill = {
    setText(text: string) {
      state = text.replace(/\n$/, '');
      render();
      update();
    },
    getText: () => `${state}\n`,
    getLength: () => state.length + 1,
    setSelection: () => undefined,
  };
  return { state: () => state, post, counter: document.querySelector('[data-fixture-counter]') };
}

/** A React-controlled textarea: React keeps its own copy of `value` on the element, so a
 * plain assignment goes unnoticed; only a change made behind its back fires onChange. */
export function reactTextarea(textarea: HTMLTextAreaElement, post: HTMLElement): Site {
  let state = textarea.value;
  const update = wire(() => state)(post);
  const native = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!;
  let tracked = textarea.value;
  Object.defineProperty(textarea, 'value', {
    configurable: true,
    get: () => native.get!.call(textarea),
    set: (v: string) => {
      tracked = v;
      native.set!.call(textarea, v);
    },
  });
  textarea.addEventListener('input', () => {
    const current = native.get!.call(textarea) as string;
    if (current === tracked) return; // React: "no change"
    tracked = current;
    state = current;
    update();
  });
  return { state: () => state, post, counter: document.querySelector('[data-fixture-counter]') };
}
