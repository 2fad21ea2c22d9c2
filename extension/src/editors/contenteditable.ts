/** A generic contenteditable rich-text box (LinkedIn's boxes that are not Quill, and any
 * site box of an unknown library): paste first, as most editors (ProseMirror, Draft.js,
 * Quill 2) handle a paste carrying text/plain; then `beforeinput`; then the browser's own
 * editing. The read-back and the selection here are those of every contenteditable editor. */

import { defineEditor } from './editor';
import { beforeinput, execCommand, paste } from './routes';

/** Focuses the editor and selects all it holds, so that what comes next replaces it. */
export function selectContents(el: HTMLElement): void {
  el.focus();
  const doc = el.ownerDocument;
  const selection = doc.getSelection();
  if (!selection) return;
  const range = doc.createRange();
  range.selectNodeContents(el);
  selection.removeAllRanges();
  selection.addRange(range);
}

const BLOCK = /^(P|DIV|LI|H[1-6]|BLOCKQUOTE|PRE|UL|OL)$/;

/** Text of a contenteditable as its editor's model holds it: its blocks (Quill's and
 * Lexical's paragraphs, Draft.js's blocks) one per line, a `<br>` a line break. `innerText`
 * alone would put a blank line between paragraphs, and varies with the page's CSS. */
export function readBlocks(el: HTMLElement): string {
  return blockText(el).replace(/[\u200b\ufeff]/g, '');
}

function blockText(el: Element): string {
  const blocks = Array.from(el.childNodes).every(
    (n) => (n.nodeType === Node.ELEMENT_NODE && BLOCK.test((n as Element).tagName)) || (n.nodeType === Node.TEXT_NODE && !n.textContent?.trim()),
  );
  if (!blocks || el.children.length === 0) return inlineText(el).replace(/\n$/, ''); // a lone <br> holds an empty line open
  return Array.from(el.children)
    .map((child) => blockText(child))
    .join('\n');
}

/** Text of inline content, a <br> being a line break. */
function inlineText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (node.nodeType !== Node.ELEMENT_NODE) return '';
  if ((node as Element).tagName === 'BR') return '\n';
  return Array.from(node.childNodes).map(inlineText).join('');
}

export const contenteditable = defineEditor({
  kind: 'contenteditable',
  is: (el) => el.hasAttribute('contenteditable') && el.getAttribute('contenteditable') !== 'false',
  routes: [paste, beforeinput, execCommand],
  selectAll: selectContents,
  read: readBlocks,
});
