import { beforeEach, describe, expect, it } from 'vitest';

import type { InsertOutcome } from '../../../src/editors/editor';
import { Panel, type PanelDeps, type Session } from '../../../src/content/ui/panel';
import type { BrandSummary, Draft, DraftRequest, Kind } from '../../../src/shared/api';
import type { DraftPortMessage } from '../../../src/shared/messages';
import { initialState, reduce, type SessionState } from '../../../src/shared/session';
import { x } from '../../../src/sites/x';
import { X_COMMENT, loadFixture } from '../helpers';

const BRANDS: BrandSummary[] = [
  { id: 'ondine', name: 'Ondine Coffee Roasters', description: '', languages: ['fr'], chunks: 3 },
  { id: 'other', name: 'Other', description: '', languages: ['en'], chunks: 1 },
];
const draft = (text: string): Draft => ({
  text,
  platform: 'x',
  chars: text.length,
  limit: 280,
  sources: [{ kind: 'faq', source: 'faq.md', excerpt: '<script>alert(1)</script>' }],
  warnings: ['Shortened to fit.'],
  thread: [],
  hashtags: [],
});

class FakeSession implements Session {
  state: SessionState = initialState();
  started = false;
  cancelled = false;
  constructor(
    readonly kind: Kind,
    readonly body: DraftRequest,
    private readonly onChange: (s: SessionState) => void,
  ) {}
  start(): void {
    this.started = true;
  }
  cancel(): void {
    this.cancelled = true;
  }
  emit(message: DraftPortMessage): void {
    this.state = reduce(this.state, this.kind, message);
    this.onChange(this.state);
  }
}

describe('Panel', () => {
  let sessions: FakeSession[];
  let inserted: unknown[];
  let outcome: InsertOutcome;
  let brandsAnswer: Awaited<ReturnType<PanelDeps['brands']>>;
  let panel: Panel;
  let editor: HTMLElement;
  const $ = (selector: string): HTMLElement | null => panel.el.querySelector(selector);

  beforeEach(() => {
    loadFixture('x/status-reply.html', 'https://x.com/janedoe/status/1861');
    editor = x.findEditors(document)[0]!;
    sessions = [];
    inserted = [];
    outcome = { ok: true, method: 'paste', tried: ['paste'], text: '' };
    brandsAnswer = { ok: true, brands: BRANDS, defaultBrand: 'other' };
    panel = new Panel({
      adapter: x,
      brands: async () => brandsAnswer,
      newSession: (kind, body, onChange) => {
        const s = new FakeSession(kind, body, onChange);
        sessions.push(s);
        return s;
      },
      insert: async () => outcome,
      inserted: (_editor, d) => inserted.push(d),
      copy: async () => true,
      openOptions: () => undefined,
    });
    document.body.appendChild(panel.el);
  });

  it('opens on a reply box and drafts at once with the default brand and the context', async () => {
    await panel.open(editor);
    expect(panel.isOpen).toBe(true);
    expect($('h2')?.textContent).toBe('Voix · reply on X');
    expect((panel.el.querySelector('select') as HTMLSelectElement).value).toBe('other');
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.kind).toBe('reply');
    expect(sessions[0]?.body).toEqual({
      brand: 'other',
      platform: 'x',
      comment: X_COMMENT,
      context: 'Ondine Coffee (@OndineCoffee): Our Kenya Nyeri is back in stock this week! Orders ship within 48 hours.',
      author: 'Jane Doe (@janedoe)',
    });
  });

  it('shows text while it streams, then the drafts, triage, warnings and sources, all as text', async () => {
    await panel.open(editor);
    const s = sessions[0]!;
    s.emit({ type: 'event', event: 'triage', data: { category: 'complaint', sentiment: 'negative', severity: 2, language: 'en', pii: ['email'], injection_suspected: true, action: 'move_to_private', why: 'Late order.' } });
    s.emit({ type: 'event', event: 'token', data: { variant: 0, attempt: 0, platform: 'x', text: '<img src=x onerror=alert(1)>Hi' } });
    expect($('.draft')?.textContent).toBe('<img src=x onerror=alert(1)>Hi');
    expect($('.draft img')).toBeNull();
    expect(($('.actions button') as HTMLButtonElement).disabled).toBe(true); // nothing to insert yet
    s.emit({ type: 'event', event: 'draft', data: draft('<img src=x onerror=alert(1)>Hi Jane') });
    s.emit({ type: 'event', event: 'done', data: { drafts: [draft('<img src=x onerror=alert(1)>Hi Jane'), draft('Second')], language: 'en', triage: s.state.triage, note: 'Check the order first.' } });
    expect($('.badge')?.textContent).toBe('complaint · severity 2');
    expect($('.action')?.textContent).toBe('Move to private messages');
    expect($('.why')?.textContent).toContain('personal data: email');
    expect($('.why')?.textContent).toContain('suspected prompt injection');
    expect($('.note')?.textContent).toBe('Check the order first.');
    expect($('.warnings li')?.textContent).toBe('Shortened to fit.');
    expect($('.sources li')?.textContent).toContain('<script>alert(1)</script>');
    expect(panel.el.querySelector('script, img')).toBeNull();
    expect($('.status')?.textContent).toBe('2 drafts ready.');
  });

  it('shows where each fact comes from, above the sources, one line per cited entry, as text', async () => {
    await panel.open(editor);
    const cited: Draft = {
      ...draft('Hi Jane! Orders ship within 48 hours. Delivery takes 2 to 4 days. Our shop opens at 8.'),
      citations: [
        { text: 'Orders ship within 48 hours.', kind: 'faq', label: 'FAQ: How long does delivery take?', source: 'faq/faq-en.md#delivery' },
        { text: 'Delivery takes 2 to 4 days.', kind: 'faq', label: 'FAQ: How long does delivery take?', source: 'faq/faq-en.md#delivery' },
        { text: 'Our shop opens at 8.', kind: 'profile', label: '<img src=x onerror=alert(1)>Profile: opening hours', source: 'profile.md' },
      ],
    };
    sessions[0]!.emit({ type: 'event', event: 'done', data: { drafts: [cited, { ...draft('Nothing cited.'), citations: [] }, draft('An older server.')], language: 'en' } });
    const lines = panel.el.querySelectorAll<HTMLElement>('.citations li');
    expect($('.citations')?.hidden).toBe(false);
    expect(lines).toHaveLength(2);
    expect(lines[0]!.querySelector('.from')?.textContent).toBe('from FAQ: How long does delivery take?');
    expect(lines[0]!.querySelector('q')?.textContent).toBe('Orders ship within 48 hours. Delivery takes 2 to 4 days.');
    expect(lines[0]!.title).toBe('Orders ship within 48 hours.\nDelivery takes 2 to 4 days.\nfaq/faq-en.md#delivery');
    expect(lines[1]!.querySelector('.from')?.textContent).toBe('from <img src=x onerror=alert(1)>Profile: opening hours');
    expect(panel.el.querySelector('img')).toBeNull();
    // Right under the draft's details, above the sources.
    const order = Array.from(panel.el.children);
    expect(order.indexOf($('.citations')!)).toBeGreaterThan(order.indexOf($('.meta')!));
    expect(order.indexOf($('.citations')!)).toBeLessThan(order.indexOf($('.sources')!));

    // A draft with sources but nothing cited, or from a server that sends no citations: no line.
    for (const tab of [1, 2]) {
      panel.el.querySelectorAll<HTMLButtonElement>('[role="tab"]')[tab]!.click();
      expect($('.sources')?.hidden).toBe(false);
      expect($('.citations')?.hidden).toBe(true);
      expect(panel.el.querySelectorAll('.citations li')).toHaveLength(0);
    }
    expect(draft('An older server.')).not.toHaveProperty('citations');
  });

  it('switches variants with the tabs and the arrow keys', async () => {
    await panel.open(editor);
    sessions[0]!.emit({ type: 'event', event: 'done', data: { drafts: [draft('One'), draft('Two')], language: 'en' } });
    const tabs = panel.el.querySelectorAll<HTMLButtonElement>('[role="tab"]');
    expect(tabs).toHaveLength(2);
    tabs[1]!.click();
    expect($('.draft')?.textContent).toBe('Two');
    tabs[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect($('.draft')?.textContent).toBe('One');
  });

  it('inserts the chosen draft and reports it; falls back to copying when the box refuses', async () => {
    await panel.open(editor);
    sessions[0]!.emit({ type: 'event', event: 'done', data: { drafts: [draft('One'), draft('Two')], language: 'en' } });
    panel.el.querySelectorAll<HTMLButtonElement>('[role="tab"]')[1]!.click();
    ($('.actions button.primary') as HTMLButtonElement).click();
    await new Promise((r) => setTimeout(r, 0));
    expect(inserted).toEqual([{ brand: 'other', kind: 'reply', text: 'Two', variant: 1 }]);
    expect(panel.isOpen).toBe(false);

    await panel.open(editor); // reopening shows the same drafts, no new request
    expect(sessions).toHaveLength(1);
    outcome = { ok: false, tried: ['paste', 'beforeinput', 'exec-command'], text: '' };
    ($('.actions button.primary') as HTMLButtonElement).click();
    await new Promise((r) => setTimeout(r, 0));
    expect(inserted).toHaveLength(1);
    expect($('.status')?.textContent).toContain('it is copied');
  });

  it('regenerates, and changing the brand drafts again for that brand', async () => {
    await panel.open(editor);
    const select = panel.el.querySelector('select') as HTMLSelectElement;
    select.value = 'ondine';
    select.dispatchEvent(new Event('change'));
    expect(sessions).toHaveLength(2);
    expect(sessions[0]?.cancelled).toBe(true);
    expect((sessions[1]?.body as { brand: string }).brand).toBe('ondine');
  });

  it('says why when Voix is not reachable, with a way to the options when unpaired', async () => {
    brandsAnswer = { ok: false, error: { kind: 'unpaired', message: 'Voix is not paired yet.' } };
    await panel.open(editor);
    expect($('.status')?.textContent).toContain('Voix is not paired yet.');
    expect($('.status button')?.textContent).toBe('Open Voix options');
    expect(sessions).toHaveLength(0);
  });

  it('asks for a brief on a compose box, and drafts a post for the site', async () => {
    loadFixture('x/home-compose.html', 'https://x.com/home');
    document.body.appendChild(panel.el);
    await panel.open(x.findEditors(document)[0]!);
    expect(sessions).toHaveLength(0);
    const brief = panel.el.querySelector('textarea')!;
    brief.value = 'Workshops are back in January';
    brief.dispatchEvent(new Event('input'));
    (panel.el.querySelector('.primary-row button') as HTMLButtonElement).click();
    expect(sessions[0]?.kind).toBe('post');
    expect(sessions[0]?.body).toEqual({ brand: 'other', brief: 'Workshops are back in January', platforms: ['x'] });
  });

  it('closes on Escape and gives the focus back to the editor', async () => {
    await panel.open(editor);
    panel.el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(panel.isOpen).toBe(false);
    expect(document.activeElement).toBe(editor);
  });
});
