/** Putting text into a site's editor so that the site's own state updates: each method is
 * tried in the adapter's order, and kept only when reading the editor back gives the text.
 * Text goes in as text/plain only, never as HTML. */

import { editorText } from '../sites/dom';
import type { InsertMethod } from '../sites/types';

export interface InsertOutcome {
  ok: boolean;
  /** The method that worked. */
  method?: InsertMethod;
  /** Methods tried, in order. */
  tried: InsertMethod[];
  /** What the editor holds afterwards. */
  text: string;
}

export interface InsertDeps {
  /** Runs the Quill insertion in the page's main world (through the service worker). */
  mainWorld(text: string): Promise<boolean>;
  /** Lets the editor process events and re-render (a frame in a browser). */
  settle(): Promise<void>;
}

/** Same text as people read it: spacing and invisible characters aside. */
export function sameText(a: string, b: string): boolean {
  const norm = (s: string): string =>
    s
      .normalize('NFC')
      .replace(/[\u200b\u200c\u200d\ufeff]/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  return norm(a) === norm(b);
}

function isTextField(editor: HTMLElement): editor is HTMLTextAreaElement | HTMLInputElement {
  return editor.tagName === 'TEXTAREA' || editor.tagName === 'INPUT';
}

/** Focuses the editor and selects all it holds, so that what comes next replaces it. */
function selectAll(editor: HTMLElement): void {
  editor.focus();
  if (isTextField(editor)) {
    editor.select();
    return;
  }
  const doc = editor.ownerDocument;
  const selection = doc.getSelection();
  if (!selection) return;
  const range = doc.createRange();
  range.selectNodeContents(editor);
  selection.removeAllRanges();
  selection.addRange(range);
}

function dataTransfer(editor: HTMLElement, text: string): DataTransfer {
  const view = editor.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  const data = new (view?.DataTransfer ?? DataTransfer)();
  data.setData('text/plain', text);
  return data;
}

const METHODS: Record<InsertMethod, (editor: HTMLElement, text: string, deps: InsertDeps) => Promise<void> | void> = {
  paste(editor, text) {
    const view = editor.ownerDocument.defaultView as Window & typeof globalThis;
    editor.dispatchEvent(
      new view.ClipboardEvent('paste', {
        clipboardData: dataTransfer(editor, text),
        bubbles: true,
        cancelable: true,
        composed: true,
      }),
    );
  },

  beforeinput(editor, text) {
    const view = editor.ownerDocument.defaultView as Window & typeof globalThis;
    editor.dispatchEvent(
      new view.InputEvent('beforeinput', {
        inputType: 'insertReplacementText',
        data: null,
        dataTransfer: dataTransfer(editor, text),
        bubbles: true,
        cancelable: true,
        composed: true,
      }),
    );
  },

  async quill(_editor, text, deps) {
    if (!(await deps.mainWorld(text))) throw new Error('Quill not reachable');
  },

  'native-setter'(editor, text) {
    if (!isTextField(editor)) throw new Error('not a text field');
    const view = editor.ownerDocument.defaultView as Window & typeof globalThis;
    const proto = editor.tagName === 'TEXTAREA' ? view.HTMLTextAreaElement.prototype : view.HTMLInputElement.prototype;
    const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
    if (!setter) throw new Error('no native value setter');
    // React tracks `value` on the element itself; the prototype's setter bypasses its tracker,
    // so its `input` listener sees a change and updates the component's state.
    setter.call(editor, text);
    editor.dispatchEvent(new view.InputEvent('input', { bubbles: true, inputType: 'insertReplacementText', data: text }));
    editor.setSelectionRange(text.length, text.length);
  },

  'exec-command'(editor, text) {
    const doc = editor.ownerDocument as Document & { execCommand?: Document['execCommand'] };
    if (typeof doc.execCommand !== 'function' || !doc.execCommand('insertText', false, text)) {
      throw new Error('insertText refused');
    }
  },
};

export async function insertText(
  editor: HTMLElement,
  text: string,
  methods: readonly InsertMethod[],
  deps: InsertDeps,
): Promise<InsertOutcome> {
  const tried: InsertMethod[] = [];
  for (const method of methods) {
    tried.push(method);
    try {
      selectAll(editor);
      await deps.settle(); // editors pick the selection up from `selectionchange`, a task later
      await METHODS[method](editor, text, deps);
      await deps.settle();
    } catch {
      continue;
    }
    if (sameText(editorText(editor), text)) return { ok: true, method, tried, text: editorText(editor) };
  }
  return { ok: false, tried, text: editorText(editor) };
}
