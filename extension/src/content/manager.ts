/** Finds the site's editors as they come and go (single-page apps add and drop them all the
 * time) and keeps a Voix button beside each. One broken selector never breaks the page. */

import type { SiteAdapter } from '../sites/types';

export interface EditorSink {
  has(editor: HTMLElement): boolean;
  editors(): HTMLElement[];
  add(editor: HTMLElement, siteName: string): void;
  remove(editor: HTMLElement): void;
  schedule(): void;
  ensureAttached(): void;
}

const DEBOUNCE_MS = 120;

export class EditorManager {
  private observer: MutationObserver | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;

  constructor(
    private readonly adapter: SiteAdapter,
    private readonly sink: EditorSink,
    private readonly root: Document = document,
  ) {}

  start(): void {
    this.scan();
    this.observer = new MutationObserver(() => this.queue());
    this.observer.observe(this.root.documentElement, { childList: true, subtree: true });
  }

  stop(): void {
    this.observer?.disconnect();
    clearTimeout(this.timer);
  }

  private queue(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.scan();
    }, DEBOUNCE_MS);
  }

  scan(): void {
    let found: HTMLElement[];
    try {
      found = this.adapter.findEditors(this.root);
    } catch (err) {
      if (this.failures++ < 3) console.warn(`Voix: finding ${this.adapter.name} editors failed`, err);
      return;
    }
    this.sink.ensureAttached();
    const live = new Set(found.filter((el) => el.isConnected));
    for (const editor of this.sink.editors()) if (!live.has(editor)) this.sink.remove(editor);
    for (const editor of live) if (!this.sink.has(editor)) this.sink.add(editor, this.adapter.name);
    this.sink.schedule();
  }
}
