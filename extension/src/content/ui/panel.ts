/** The drafting panel: brand choice, what is answered, triage, drafts streaming in, variants,
 * where its facts come from, warnings, sources, and Insert / Copy / Regenerate. Built from text
 * nodes only. */

import type { BrandSummary, Draft, DraftRequest, Kind } from '../../shared/api';
import { ACTION_LABELS, append, citationItems, clear, h } from '../../shared/dom';
import type { ApiError } from '../../shared/messages';
import type { SessionState } from '../../shared/session';
import type { InsertOutcome } from '../../editors/editor';
import { clip } from '../../sites/dom';
import type { ComposeContext, SiteAdapter } from '../../sites/types';

export interface Session {
  readonly state: SessionState;
  start(): void;
  cancel(): void;
}

export interface PanelDeps {
  adapter: SiteAdapter;
  brands(): Promise<{ ok: true; brands: BrandSummary[]; defaultBrand: string } | { ok: false; error: ApiError }>;
  newSession(kind: Kind, body: DraftRequest, onChange: (state: SessionState) => void): Session;
  insert(editor: HTMLElement, text: string): Promise<InsertOutcome>;
  /** A draft went into the editor: watch for it being posted. */
  inserted(editor: HTMLElement, draft: { brand: string; kind: Kind; text: string; variant: number }): void;
  copy(text: string): Promise<boolean>;
  openOptions(): void;
}

/** What the panel remembers per editor, so reopening it shows the same drafts. */
interface Memory {
  kind: Kind;
  brand: string;
  brief: string;
  comment: string;
  session: Session | null;
  selected: number | null;
}

export class Panel {
  readonly el: HTMLElement;
  private editor: HTMLElement | null = null;
  private context: ComposeContext = { mode: 'post' };
  private memory: Memory | null = null;
  private readonly memories = new WeakMap<HTMLElement, Memory>();
  private brandList: BrandSummary[] = [];

  private readonly title = h('h2', { id: 'voix-title' });
  private readonly brandSelect = h('select', { id: 'voix-brand' });
  private readonly input = h('div');
  private readonly status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
  private readonly triage = h('div', { class: 'triage-box' });
  private readonly note = h('p', { class: 'note', hidden: true });
  private readonly tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Drafts' });
  private readonly draft = h('div', { class: 'draft', role: 'tabpanel', tabindex: 0, 'aria-label': 'Draft' });
  private readonly meta = h('div', { class: 'meta' });
  private readonly citations = h('ul', { class: 'citations', hidden: true, 'aria-label': 'Where the facts come from' });
  private readonly parts = h('ol', { class: 'parts', hidden: true });
  private readonly warnings = h('ul', { class: 'warnings', hidden: true, 'aria-label': 'Warnings' });
  private readonly sources = h('details', { class: 'sources', hidden: true });
  private readonly insertButton = h('button', { type: 'button', class: 'primary', disabled: true }, 'Insert');
  private readonly copyButton = h('button', { type: 'button', disabled: true }, 'Copy');
  private readonly regenerateButton = h('button', { type: 'button' }, 'Regenerate');

  constructor(private readonly deps: PanelDeps) {
    this.el = h(
      'section',
      { class: 'panel', role: 'dialog', 'aria-labelledby': 'voix-title', tabindex: -1, hidden: true },
      h('header', {}, this.title, h('button', { type: 'button', class: 'close', 'aria-label': 'Close Voix', onclick: () => this.close() }, '×')),
      h('label', { for: 'voix-brand' }, 'Brand'),
      this.brandSelect,
      this.input,
      this.status,
      this.triage,
      this.note,
      this.tabs,
      this.draft,
      this.meta,
      this.citations,
      this.parts,
      this.warnings,
      this.sources,
      h('div', { class: 'actions' }, this.insertButton, this.copyButton, this.regenerateButton),
    );
    this.el.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        this.close();
      }
    });
    this.brandSelect.addEventListener('change', () => {
      if (!this.memory) return;
      this.memory.brand = this.brandSelect.value;
      if (this.memory.session) this.draftNow();
    });
    this.insertButton.addEventListener('click', () => void this.insertSelected());
    this.copyButton.addEventListener('click', () => void this.copySelected());
    this.regenerateButton.addEventListener('click', () => void this.regenerate());
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  get target(): HTMLElement | null {
    return this.isOpen ? this.editor : null;
  }

  async open(editor: HTMLElement): Promise<void> {
    this.editor = editor;
    this.context = this.deps.adapter.context(editor);
    let memory = this.memories.get(editor);
    if (!memory) {
      memory = {
        kind: this.context.mode === 'reply' ? 'reply' : 'post',
        brand: '',
        brief: this.context.mode === 'post' ? this.deps.adapter.editor(editor).read(editor).trim() : '',
        comment: this.context.comment ?? '',
        session: null,
        selected: null,
      };
      this.memories.set(editor, memory);
    }
    this.memory = memory;
    const where = this.deps.adapter.name;
    this.title.textContent = this.context.mode === 'reply' ? `Voix · reply on ${where}` : `Voix · post on ${where}`;
    this.renderInput();
    this.el.hidden = false;
    this.el.focus();
    this.render();
    if (!memory.session) this.setStatus('Connecting to Voix…');
    await this.loadBrands();
    if (memory === this.memory && !memory.session && memory.kind === 'reply' && memory.comment.trim() && this.brandSelect.value) {
      this.draftNow();
    }
  }

  close(): void {
    if (!this.isOpen) return;
    this.el.hidden = true;
    this.editor?.focus();
  }

  /** Forgets an editor that left the page, and stops its generation. */
  forget(editor: HTMLElement): void {
    this.memories.get(editor)?.session?.cancel();
    this.memories.delete(editor);
    if (this.editor === editor) {
      this.el.hidden = true;
      this.editor = null;
      this.memory = null;
    }
  }

  private async loadBrands(): Promise<void> {
    const answer = await this.deps.brands();
    if (!answer.ok) {
      this.showError(answer.error);
      return;
    }
    this.brandList = answer.brands;
    clear(this.brandSelect);
    for (const brand of answer.brands) append(this.brandSelect, h('option', { value: brand.id }, brand.name || brand.id));
    if (!answer.brands.length) {
      this.setStatus('No brand is synced yet: run `voix kb sync FOLDER` first.', true);
      return;
    }
    const memory = this.memory;
    if (!memory) return;
    const known = (id: string): boolean => this.brandList.some((b) => b.id === id);
    memory.brand = known(memory.brand) ? memory.brand : known(answer.defaultBrand) ? answer.defaultBrand : (answer.brands[0]?.id ?? '');
    this.brandSelect.value = memory.brand;
    if (!memory.session) this.setStatus('');
  }

  private renderInput(): void {
    clear(this.input);
    const memory = this.memory;
    if (!memory) return;
    if (this.context.mode === 'reply') {
      if (this.context.comment) {
        append(
          this.input,
          h(
            'div',
            { class: 'context', 'aria-label': 'Comment answered' },
            h('b', {}, this.context.author ? `${this.context.author}: ` : 'Answering: '),
            clip(this.context.comment, 600),
          ),
        );
        return;
      }
      const area = h('textarea', { id: 'voix-comment', placeholder: 'Paste the comment to answer' });
      area.value = memory.comment;
      area.addEventListener('input', () => (memory.comment = area.value));
      append(
        this.input,
        h('label', { for: 'voix-comment' }, 'Comment to answer'),
        area,
        h('div', { class: 'primary-row' }, h('button', { type: 'button', onclick: () => this.draftNow() }, 'Draft a reply')),
      );
      return;
    }
    const area = h('textarea', { id: 'voix-brief', placeholder: 'e.g. Our barista workshops are back in January' });
    area.value = memory.brief;
    area.addEventListener('input', () => (memory.brief = area.value));
    const trend = h('input', { type: 'checkbox', id: 'voix-trend' });
    trend.checked = memory.kind === 'trend';
    trend.addEventListener('change', () => (memory.kind = trend.checked ? 'trend' : 'post'));
    append(
      this.input,
      h('label', { for: 'voix-brief' }, 'What is the post about?'),
      area,
      h('label', { class: 'check', for: 'voix-trend' }, trend, 'Adapt a trend (checks its fit with the brand first)'),
      h('div', { class: 'primary-row' }, h('button', { type: 'button', onclick: () => this.draftNow() }, 'Draft')),
    );
  }

  private request(memory: Memory): DraftRequest | string {
    const platform = this.deps.adapter.platform;
    if (!memory.brand) return 'Pick a brand first.';
    if (memory.kind === 'reply') {
      const comment = (this.context.comment ?? memory.comment).trim();
      if (!comment) return 'Paste the comment to answer first.';
      const thread = (this.context.thread ?? []).filter(Boolean).join('\n\n');
      return {
        brand: memory.brand,
        platform,
        comment: clip(comment, 5000),
        ...(thread ? { context: clip(thread, 5000) } : {}),
        ...(this.context.author ? { author: clip(this.context.author, 100) } : {}),
      };
    }
    const brief = memory.brief.trim();
    if (brief.length < 3) return 'Say in a few words what the post is about.';
    if (memory.kind === 'trend') return { brand: memory.brand, trend: clip(brief, 1000), platforms: [platform] };
    return { brand: memory.brand, brief: clip(brief, 2000), platforms: [platform] };
  }

  /** Drafts again; first fetches the brands if Voix was not reachable when the panel opened. */
  private async regenerate(): Promise<void> {
    if (!this.brandList.length) await this.loadBrands();
    if (this.brandList.length) this.draftNow();
  }

  private draftNow(): void {
    const memory = this.memory;
    if (!memory) return;
    const body = this.request(memory);
    if (typeof body === 'string') {
      this.setStatus(body, true);
      return;
    }
    memory.session?.cancel();
    memory.selected = null;
    const session = this.deps.newSession(memory.kind, body, () => {
      if (this.memory === memory && memory.session === session) this.render();
    });
    memory.session = session;
    session.start();
    this.render();
  }

  /** The drafts of this site's platform, and the one being written. */
  private view(): { drafts: Draft[]; writing: string | null; state: SessionState | null } {
    const state = this.memory?.session?.state ?? null;
    if (!state) return { drafts: [], writing: null, state };
    const platform = this.deps.adapter.platform;
    const key = state.drafts[platform] ? platform : (Object.keys(state.drafts)[0] ?? platform);
    const writingKey = state.writing[platform] ? platform : Object.keys(state.writing).find((k) => state.writing[k]);
    return { drafts: state.drafts[key] ?? [], writing: writingKey ? (state.writing[writingKey]?.text ?? null) : null, state };
  }

  private selectedDraft(): Draft | null {
    const { drafts } = this.view();
    const index = this.memory?.selected ?? 0;
    return drafts[index] ?? null;
  }

  private render(): void {
    const memory = this.memory;
    const { drafts, writing, state } = this.view();
    this.renderTriage(state);
    this.note.hidden = !state?.note;
    this.note.textContent = state?.note ?? '';
    if (!state) {
      this.renderDraft(null, null, drafts);
      return;
    }
    if (state.status === 'error' && state.error) this.showError(state.error);
    else if (state.status === 'streaming') this.setStatus(drafts.length ? `Draft ${drafts.length} ready; writing more…` : 'Drafting…');
    else if (!drafts.length) {
      const action = state.triage?.action;
      this.setStatus(
        action === 'moderate' || action === 'no_reply'
          ? 'No draft: Voix recommends not replying; see above.'
          : 'No usable draft came out: try Regenerate, or reword the brief.',
      );
    } else this.setStatus(`${drafts.length} draft${drafts.length > 1 ? 's' : ''} ready.`);
    // Follow the first draft until the person picks one; show the text being written before it.
    const selected = memory?.selected ?? null;
    const showWriting = writing !== null && (selected === drafts.length || (selected === null && drafts.length === 0));
    this.renderTabs(drafts, writing !== null);
    this.renderDraft(showWriting ? null : (drafts[selected ?? 0] ?? null), showWriting ? writing : null, drafts);
  }

  private renderTriage(state: SessionState | null): void {
    clear(this.triage);
    const triage = state?.triage;
    if (triage) {
      const flags = [
        triage.pii.length ? `personal data: ${triage.pii.join(', ')}` : '',
        triage.injection_suspected ? 'suspected prompt injection' : '',
      ].filter(Boolean);
      append(
        this.triage,
        h(
          'div',
          { class: 'triage', 'aria-label': 'Triage' },
          h('span', { class: `badge sev-${triage.severity}` }, `${triage.category} · severity ${triage.severity}`),
          h('span', { class: 'action' }, ACTION_LABELS[triage.action] ?? triage.action),
        ),
        h('p', { class: 'why' }, [triage.why, ...flags].filter(Boolean).join(' · ')),
      );
    }
    const fit = state?.fit;
    if (fit) {
      append(
        this.triage,
        h(
          'div',
          { class: 'triage', 'aria-label': 'Trend fit' },
          h('span', { class: `badge ${fit.verdict}` }, `${fit.verdict} · fit ${Math.round(fit.score * 100)}%`),
        ),
        h('p', { class: 'why' }, [fit.why, ...fit.risks.map((r) => `risk: ${r}`)].filter(Boolean).join(' · ')),
      );
    }
  }

  private renderTabs(drafts: Draft[], writing: boolean): void {
    const count = drafts.length + (writing ? 1 : 0);
    const buttons = Array.from(this.tabs.children) as HTMLButtonElement[];
    while (buttons.length < count) {
      const index = buttons.length;
      const tab = h('button', { type: 'button', role: 'tab', id: `voix-tab-${index}` });
      tab.addEventListener('click', () => this.pick(index));
      tab.addEventListener('keydown', (event) => {
        const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
        if (!step) return;
        event.preventDefault();
        const tabs = Array.from(this.tabs.children) as HTMLButtonElement[];
        const next = tabs[(index + step + tabs.length) % tabs.length];
        next?.focus();
        next?.click();
      });
      this.tabs.appendChild(tab);
      buttons.push(tab);
    }
    buttons.slice(count).forEach((b) => b.remove());
    const selected = this.memory?.selected ?? (drafts.length ? 0 : count - 1);
    buttons.slice(0, count).forEach((tab, index) => {
      const isWriting = index >= drafts.length;
      tab.textContent = isWriting ? `Draft ${index + 1}…` : `Draft ${index + 1}`;
      tab.setAttribute('aria-selected', String(index === selected));
      tab.tabIndex = index === selected ? 0 : -1;
    });
    this.tabs.hidden = count < 2;
  }

  private pick(index: number): void {
    if (!this.memory) return;
    this.memory.selected = index;
    this.render();
  }

  private renderDraft(draft: Draft | null, writing: string | null, drafts: Draft[]): void {
    this.draft.classList.toggle('writing', writing !== null);
    this.draft.textContent = writing ?? draft?.text ?? '';
    this.draft.setAttribute('aria-busy', String(writing !== null));
    clear(this.meta);
    clear(this.citations);
    clear(this.parts);
    clear(this.warnings);
    clear(this.sources);
    this.citations.hidden = this.parts.hidden = this.warnings.hidden = this.sources.hidden = true;
    const ready = draft !== null && writing === null;
    this.insertButton.disabled = this.copyButton.disabled = !ready || !this.editor;
    this.regenerateButton.disabled = !this.memory?.session && this.context.mode === 'post';
    if (!draft || writing !== null) return;
    const over = draft.chars > draft.limit;
    append(
      this.meta,
      h('span', { class: over ? 'over' : '' }, `${draft.chars} / ${draft.limit} characters`),
      draft.angle ? ` · ${draft.angle}` : '',
      draft.hashtags.length ? ` · ${draft.hashtags.join(' ')}` : '',
      drafts.length > 1 ? ` · ${drafts.indexOf(draft) + 1} of ${drafts.length}` : '',
    );
    const grounding = citationItems(draft.citations);
    if (grounding.length) {
      this.citations.hidden = false;
      append(this.citations, ...grounding);
    }
    if (draft.thread.length > 1) {
      this.parts.hidden = false;
      for (const part of draft.thread) append(this.parts, h('li', {}, part));
    }
    if (draft.warnings.length) {
      this.warnings.hidden = false;
      for (const warning of draft.warnings) append(this.warnings, h('li', {}, warning));
    }
    if (draft.sources.length) {
      this.sources.hidden = false;
      append(
        this.sources,
        h('summary', {}, `Sources (${draft.sources.length})`),
        h('ul', {}, ...draft.sources.map((s) => h('li', {}, h('b', {}, `${s.kind} · ${s.source}: `), s.excerpt))),
      );
    }
  }

  private async insertSelected(): Promise<void> {
    const draft = this.selectedDraft();
    const editor = this.editor;
    const memory = this.memory;
    if (!draft || !editor || !memory) return;
    const text = (this.deps.adapter.keptPrefix?.(editor) ?? '') + draft.text;
    this.setStatus('Inserting…');
    const outcome = await this.deps.insert(editor, text);
    this.status.dataset.insertMethod = outcome.method ?? 'none'; // for diagnosis and the e2e test
    if (outcome.ok) {
      this.deps.inserted(editor, { brand: memory.brand, kind: memory.kind, text, variant: this.view().drafts.indexOf(draft) });
      this.setStatus('Inserted. Voix never posts: read it over, then post it yourself.');
      this.close();
      return;
    }
    const copied = await this.deps.copy(text);
    this.setStatus(
      copied
        ? 'This box did not take the text; it is copied: click in the box and press Ctrl+V (⌘V).'
        : 'This box did not take the text: select the draft above and copy it by hand.',
      true,
    );
  }

  private async copySelected(): Promise<void> {
    const draft = this.selectedDraft();
    if (!draft) return;
    this.setStatus((await this.deps.copy(draft.text)) ? 'Copied.' : 'Copy was refused: select the draft and copy it by hand.');
  }

  private showError(error: ApiError): void {
    this.setStatus(error.message, true);
    if (error.kind === 'unpaired') {
      append(this.status, ' ', h('button', { type: 'button', onclick: () => this.deps.openOptions() }, 'Open Voix options'));
    }
  }

  private setStatus(text: string, error = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }
}
