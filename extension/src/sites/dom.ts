/** DOM helpers the site adapters share: reading text and walking the page around an editor. */

/** Visible text of an element as a person reads it, whitespace tidied: see `readText`. */
export function textOf(el: Element | null | undefined): string {
  if (!el) return '';
  return tidy(readText(el));
}

/** A piece of text, or a number of line breaks the layout requires there (innerText's model). */
type Piece = string | number;

const BLOCK_TAGS = /^(ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|DD|DETAILS|DIV|DL|DT|FIELDSET|FIGCAPTION|FIGURE|FOOTER|FORM|H[1-6]|HEADER|HR|LI|MAIN|NAV|OL|P|PRE|SECTION|SUMMARY|TABLE|TR|UL)$/;
const UNRENDERED = /^(SCRIPT|STYLE|TEMPLATE|NOSCRIPT|HEAD|TITLE|META|LINK)$/;
/** Boxes that start a line of their own. */
const BLOCK_LEVEL = /^(block|flex|grid|flow-root|list-item|table|table-caption|table-row|table-row-group|table-header-group|table-footer-group)(?=$|\s)/;
/** Boxes that sit inside a line as a whole, whatever they hold: X wraps each @mention in an
 * `inline-flex` box, and innerText breaks the line around the box's (blockified) children. */
const ATOMIC_INLINE = /^inline-(block|flex|grid|table)(?=$|\s)/;
/** An image that stands for a character (an emoji, as X and Facebook render them). */
const SYMBOL_ALT = /^[^\p{L}\p{N}]{1,16}$/u;

/** The text of an element laid out as it reads on the page: inline content on one line
 * (mentions, links, hashtags and emoji included), a `<br>` or a block a line break, a paragraph
 * a blank line, spaces collapsed where CSS collapses them, hidden content left out. It follows
 * innerText, except that an inline box (X's `inline-flex` mention) never breaks the line. */
export function readText(el: Element): string {
  // Like innerText, an element that is not rendered reads as its text content.
  if (layoutOf(el).display === 'none') return (el.textContent ?? '').replace(/\s+/g, ' ');
  const pieces: Piece[] = [];
  collect(el, pieces);
  return join(pieces);
}

interface Layout {
  display: string;
  whiteSpace: string;
  visible: boolean;
}

/** The computed layout where the page has one; tag defaults where it has none. */
function layoutOf(el: Element): Layout {
  const style = el.ownerDocument.defaultView?.getComputedStyle?.(el);
  const display = style?.display || (el.hasAttribute('hidden') ? 'none' : BLOCK_TAGS.test(el.tagName) ? 'block' : 'inline');
  const visibility = style?.visibility ?? '';
  return { display, whiteSpace: style?.whiteSpace ?? '', visible: visibility !== 'hidden' && visibility !== 'collapse' };
}

function collect(node: Node, out: Piece[], parent?: Layout): void {
  if (node.nodeType === Node.TEXT_NODE) {
    if (parent && !parent.visible) return;
    const text = node.textContent ?? '';
    const ws = parent?.whiteSpace ?? '';
    if (/^(pre|pre-wrap|break-spaces)$/.test(ws)) out.push(text);
    else if (ws === 'pre-line') out.push(text.replace(/[ \t]+/g, ' '));
    else out.push(text.replace(/[ \t\n\r\f]+/g, ' '));
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  const el = node as Element;
  if (UNRENDERED.test(el.tagName)) return;
  const layout = layoutOf(el);
  if (layout.display === 'none') return;
  if (el.tagName === 'BR') {
    out.push('\n');
    return;
  }
  if (el.tagName === 'IMG') {
    const alt = el.getAttribute('alt')?.trim() ?? '';
    if (layout.visible && SYMBOL_ALT.test(alt)) out.push(alt);
    return;
  }
  const children = (into: Piece[]): void => el.childNodes.forEach((child) => collect(child, into, layout));
  if (ATOMIC_INLINE.test(layout.display)) {
    // On the line as one piece: breaks inside it become spaces, none at its edges.
    const inner: Piece[] = [];
    children(inner);
    out.push(join(inner, ' '));
    return;
  }
  if (BLOCK_LEVEL.test(layout.display)) {
    const breaks = el.tagName === 'P' ? 2 : 1;
    out.push(breaks);
    children(out);
    out.push(breaks);
    return;
  }
  children(out);
  if (layout.display === 'table-cell') out.push(' ');
}

/** Pieces to text: a run of required breaks gives its largest count (each as `brk`), none at
 * either end; a collapsed space next to a break is dropped, as the layout drops it. */
function join(pieces: Piece[], brk = '\n'): string {
  let text = '';
  let pending = 0;
  for (const piece of pieces) {
    if (typeof piece === 'number') {
      pending = Math.max(pending, piece);
      continue;
    }
    if (!piece || (pending && piece === ' ')) continue;
    if (pending && text) text += brk === '\n' ? brk.repeat(pending) : brk;
    pending = 0;
    text += piece;
  }
  return text;
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
