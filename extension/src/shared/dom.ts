/** Builds DOM from text only: no markup string ever reaches the page, so nothing a draft or a
 * comment contains can run or render as HTML. */

import type { Citation } from './api';

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Copies text to the clipboard, with the older route where the async API is refused. */
export async function copyText(text: string, scratchParent: Node = document.body): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h('textarea', { 'aria-hidden': 'true', style: 'position:fixed;opacity:0;pointer-events:none' });
    area.value = text;
    scratchParent.appendChild(area);
    area.select();
    const ok = typeof document.execCommand === 'function' && document.execCommand('copy');
    area.remove();
    return ok;
  }
}

export const ACTION_LABELS: Record<string, string> = {
  reply_public: 'Reply publicly',
  move_to_private: 'Move to private messages',
  escalate: 'Escalate: crisis protocol',
  moderate: 'Moderate per the netiquette',
  no_reply: 'No reply (do not feed the troll)',
};

/** A draft's grounding at a glance, for the panel and the popup: one line per source it cites
 * ("from FAQ: How long does delivery take?"), the sentences taken from it as a short quote and
 * as the line's tooltip. Sentences citing the same entry share its line. Empty without any. */
export function citationItems(citations: readonly Citation[] | undefined): HTMLLIElement[] {
  const lines = new Map<string, { label: string; source: string; texts: string[] }>();
  for (const citation of citations ?? []) {
    const source = (citation.source ?? '').trim();
    const label = (citation.label ?? '').trim() || [citation.kind, source].filter(Boolean).join(' · ');
    if (!label) continue;
    const key = `${label}\u0000${source}`;
    const line = lines.get(key) ?? { label, source, texts: [] };
    lines.set(key, line);
    const text = (citation.text ?? '').trim();
    if (text && !line.texts.includes(text)) line.texts.push(text);
  }
  return [...lines.values()].map((line) =>
    h(
      'li',
      { title: [...line.texts, line.source].filter(Boolean).join('\n') },
      h('span', { class: 'from' }, `from ${line.label}`),
      line.texts.length ? ' ' : null,
      line.texts.length ? h('q', {}, line.texts.join(' ')) : null,
    ),
  );
}
