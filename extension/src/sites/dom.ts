/** DOM helpers the site adapters share: reading text and walking the page around an editor. */

/** Visible text of an element, whitespace tidied (innerText where the DOM has it). */
export function textOf(el: Element | null | undefined): string {
  if (!el) return '';
  const raw = (el as HTMLElement).innerText ?? el.textContent ?? '';
  return tidy(raw);
}

/** Collapses spaces inside lines and blank-line runs, keeps line breaks. */
export function tidy(text: string): string {
  return text
    .replace(/[\u200b\u200c\u200d\ufeff]/g, '')
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const BLOCK = /^(P|DIV|LI|H[1-6]|BLOCKQUOTE|PRE|UL|OL)$/;

/** Text of an editor as its own model holds it: a textarea's value, or a contenteditable's
 * blocks (paragraphs of Quill and Lexical, Draft.js blocks) one per line. `innerText` alone
 * would put a blank line between paragraphs. */
export function editorText(editor: HTMLElement): string {
  if (editor.tagName === 'TEXTAREA' || editor.tagName === 'INPUT') return (editor as HTMLTextAreaElement).value;
  return blockText(editor).replace(/[\u200b\ufeff]/g, '');
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

/** Text of inline content, a <br> being a line break (innerText's rules vary with CSS). */
function inlineText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (node.nodeType !== Node.ELEMENT_NODE) return '';
  if ((node as Element).tagName === 'BR') return '\n';
  return Array.from(node.childNodes).map(inlineText).join('');
}

/** Elements matching `selector`, deduplicated, without those nested in another match. */
export function queryEditors(root: ParentNode, selector: string): HTMLElement[] {
  const all = Array.from(root.querySelectorAll<HTMLElement>(selector));
  return all.filter((el) => !all.some((other) => other !== el && other.contains(el)));
}

/** The last element matching `selector` inside `scope` that comes before `el` in the page. */
export function precedingMatch(el: Element, scope: ParentNode, selector: string): HTMLElement | null {
  let found: HTMLElement | null = null;
  for (const candidate of Array.from(scope.querySelectorAll<HTMLElement>(selector))) {
    if (candidate.contains(el)) continue;
    if (candidate.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) found = candidate;
  }
  return found;
}

/** The nearest ancestor of `el` (itself excluded) that holds a match of `selector`, and that match. */
export function nearestAround(el: Element, selector: string, maxDepth = 12): HTMLElement | null {
  let node = el.parentElement;
  for (let depth = 0; node && depth < maxDepth; depth += 1, node = node.parentElement) {
    const match = node.querySelector<HTMLElement>(selector);
    if (match) return match;
  }
  return null;
}

/** The first of `selectors` that matches inside `scope`, its text. */
export function firstText(scope: ParentNode | null, selectors: string): string {
  if (!scope) return '';
  return textOf(scope.querySelector(selectors));
}

/** Bounded text for the API (its fields take 5,000 characters). */
export function clip(text: string, max = 4000): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Buttons whose label (aria-label or text) is one of `labels`, case-insensitive. */
export function buttonLabelled(scope: ParentNode | null, selector: string, labels: RegExp): HTMLElement | null {
  if (!scope) return null;
  for (const el of Array.from(scope.querySelectorAll<HTMLElement>(selector))) {
    const label = (el.getAttribute('aria-label') ?? textOf(el)).trim();
    if (labels.test(label)) return el;
  }
  return null;
}
