/** The in-page layer: one shadow root holding a Voix button beside each editor and the
 * panel. Fixed-position, so the site's own DOM is never changed around its editors. */

import { h } from '../../shared/dom';
import { Panel, type PanelDeps } from './panel';
import { STYLES } from './styles';

const SIZE = 28;
const GAP = 6;

/** Closed in normal builds, so the page cannot read drafts or brand sources; the e2e build
 * opens it for the test's locators. */
declare const __VOIX_OPEN_SHADOW__: boolean;

export class Layer {
  readonly host: HTMLElement;
  readonly panel: Panel;
  private readonly root: ShadowRoot;
  private readonly layer: HTMLElement;
  private readonly buttons = new Map<HTMLElement, HTMLButtonElement>();
  private frame = 0;

  constructor(deps: PanelDeps) {
    this.host = document.createElement('voix-layer');
    const open = typeof __VOIX_OPEN_SHADOW__ !== 'undefined' && __VOIX_OPEN_SHADOW__;
    this.root = this.host.attachShadow({ mode: open ? 'open' : 'closed' });
    this.panel = new Panel(deps);
    this.layer = h('div', { class: 'layer' });
    const style = document.createElement('style');
    style.textContent = STYLES;
    this.root.append(style, this.layer);
    this.layer.appendChild(this.panel.el);
    document.documentElement.appendChild(this.host);
    const schedule = (): void => this.schedule();
    window.addEventListener('scroll', schedule, { capture: true, passive: true });
    window.addEventListener('resize', schedule, { passive: true });
    // Alt+Shift+V in an editor opens the panel for it.
    document.addEventListener(
      'keydown',
      (event) => {
        if (!(event.altKey && event.shiftKey && event.code === 'KeyV')) return;
        const editor = Array.from(this.buttons.keys()).find((e) => e.contains(event.target as Node));
        if (!editor) return;
        event.preventDefault();
        event.stopPropagation();
        void this.panel.open(editor);
      },
      true,
    );
  }

  /** The host must stay in the page: some sites rebuild the whole body on navigation. */
  ensureAttached(): void {
    if (!this.host.isConnected) document.documentElement.appendChild(this.host);
  }

  has(editor: HTMLElement): boolean {
    return this.buttons.has(editor);
  }

  editors(): HTMLElement[] {
    return Array.from(this.buttons.keys());
  }

  add(editor: HTMLElement, siteName: string): void {
    if (this.buttons.has(editor)) return;
    const label = `Draft with Voix (Alt+Shift+V) on ${siteName}`;
    const button = h('button', { type: 'button', class: 'voix-button', 'aria-label': label, title: label }, 'V');
    // Keep the editor's focus and selection when the button is pressed.
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', () => {
      if (this.panel.target === editor) this.panel.close();
      else void this.panel.open(editor);
    });
    this.buttons.set(editor, button);
    this.layer.appendChild(button);
    this.schedule();
  }

  remove(editor: HTMLElement): void {
    this.buttons.get(editor)?.remove();
    this.buttons.delete(editor);
    this.panel.forget(editor);
  }

  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.place();
    });
  }

  /** Beside the editor's top right corner, inside the viewport; hidden with the editor. */
  private place(): void {
    for (const [editor, button] of this.buttons) {
      const rect = editor.getBoundingClientRect();
      const visible = rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.top < innerHeight;
      button.hidden = !visible;
      if (!visible) continue;
      const outside = rect.right + GAP + SIZE <= document.documentElement.clientWidth;
      const left = outside ? rect.right + GAP : rect.right - SIZE - GAP;
      const top = Math.max(0, Math.min(rect.top + (outside ? 0 : GAP), innerHeight - SIZE));
      button.style.left = `${Math.round(left)}px`;
      button.style.top = `${Math.round(top)}px`;
    }
  }
}
