/** After a draft is inserted, waits for the person to post it (the site's own button, or
 * Enter where the site posts on Enter) and reports whether they edited it first. */

import type { Feedback } from '../shared/api';
import { sameText } from '../editors/editor';
import type { SiteAdapter } from '../sites/types';

export type InsertedDraft = Omit<Feedback, 'final' | 'edited'>;

export class FeedbackWatch {
  private lastText: string;
  private readonly abort = new AbortController();

  constructor(
    private readonly adapter: SiteAdapter,
    private readonly editor: HTMLElement,
    private readonly inserted: InsertedDraft,
    private readonly send: (feedback: Feedback) => void,
  ) {
    this.lastText = this.text();
    const doc = editor.ownerDocument;
    const options = { capture: true, signal: this.abort.signal };
    // Capture phase: read the box before the site's own handler posts and empties it.
    doc.addEventListener('click', (event) => this.onClick(event), options);
    doc.addEventListener('keydown', (event) => this.onKeydown(event), options);
    editor.addEventListener('input', () => this.remember(), { signal: this.abort.signal });
  }

  get active(): boolean {
    return !this.abort.signal.aborted;
  }

  stop(): void {
    this.abort.abort();
  }

  /** What the box holds, as its editor reads it. */
  private text(): string {
    return this.adapter.editor(this.editor).read(this.editor);
  }

  private remember(): void {
    const text = this.text();
    if (text.trim()) this.lastText = text;
  }

  private onClick(event: Event): void {
    const button = this.adapter.submitButton(this.editor);
    const target = event.target as Node | null;
    if (!button || !target || !button.contains(target)) return;
    if (button.getAttribute('aria-disabled') === 'true' || (button as HTMLButtonElement).disabled) return;
    this.report();
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    const target = event.target as Node | null;
    if (!target || !this.editor.contains(target)) return;
    const modifier = event.ctrlKey || event.metaKey;
    if (modifier || this.adapter.submitsOnEnter(this.editor)) this.report();
  }

  private report(): void {
    this.remember();
    const now = this.text();
    const final = now.trim() ? now : this.lastText;
    this.stop();
    this.send({ ...this.inserted, final: final.trim() ? final : null, edited: !sameText(final, this.inserted.draft) });
  }
}
