/** Insertion through the page's own Quill instance (LinkedIn): only the page's main world
 * can reach it, so the service worker runs this function there with `chrome.scripting`. */

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

export async function runInMainWorld(tabId: number, frameId: number, text: string): Promise<MainWorldResult> {
  const [injection] = await chrome.scripting.executeScript({
    target: { tabId, frameIds: [frameId] },
    world: 'MAIN',
    func: insertWithQuill,
    args: [text],
  });
  return (injection?.result as MainWorldResult | undefined) ?? { ok: false, reason: 'the script returned nothing' };
}
