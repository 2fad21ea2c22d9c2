/** Quill (LinkedIn's comment, reply and share boxes, `.ql-editor`). Quill 1 rebuilds its model
 * from the DOM on its own schedule and ignores a synthetic paste (it lets the browser paste
 * into a hidden box, which an untrusted event never does); the reliable way in is its API,
 * reachable only from the page's main world: the service worker runs `insertWithQuill` there
 * with `chrome.scripting`. Each line is a `<p>`, which the contenteditable read-back gives one
 * per line. */

import { readBlocks, selectContents } from './contenteditable';
import { defineEditor, type Route } from './editor';
import { execCommand, paste } from './routes';

export interface MainWorldResult {
  ok: boolean;
  text?: string;
  reason?: string;
}

/**
 * Runs in the page's main world, serialised: it must not close over anything. The content
 * script has focused the editor, so `document.activeElement` is the Quill root.
 */
export function insertWithQuill(text: string): MainWorldResult {
  interface QuillLike {
    setText(text: string, source?: string): unknown;
    getText(): string;
    getLength(): number;
    setSelection(index: number, length: number, source?: string): unknown;
  }
  const isQuill = (q: unknown): q is QuillLike =>
    !!q && typeof (q as QuillLike).setText === 'function' && typeof (q as QuillLike).getText === 'function';
  const global = window as unknown as { Quill?: { find?: (node: Node) => unknown } };
  let node: Element | null = document.activeElement;
  let quill: QuillLike | null = null;
  // Quill 1 keeps its instance on the container (`__quill`); Quill 2 only through `Quill.find`.
  for (let depth = 0; node && depth < 4 && !quill; depth += 1, node = node.parentElement) {
    const candidates = [(node as unknown as { __quill?: unknown }).__quill, global.Quill?.find?.(node)];
    quill = (candidates.find(isQuill) as QuillLike | undefined) ?? null;
  }
  if (!quill) return { ok: false, reason: 'no Quill instance reachable from the focused editor' };
  quill.setText(text, 'user');
  quill.setSelection(quill.getLength(), 0, 'user');
  return { ok: true, text: quill.getText().replace(/\n$/, '') };
}

/** The page's own Quill instance, through the service worker (`insertWithQuill`). */
export const quillApi: Route = {
  name: 'quill',
  async run(_el, text, deps) {
    if (!(await deps.mainWorld(text))) throw new Error('Quill not reachable');
  },
};

export const quill = defineEditor({
  kind: 'quill',
  is: (el) => el.classList.contains('ql-editor'),
  routes: [quillApi, paste, execCommand],
  selectAll: selectContents,
  read: readBlocks,
});
