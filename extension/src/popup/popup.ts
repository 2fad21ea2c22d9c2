/** The popup: one brief, drafts for several platforms at once, each ready to copy. */

import { PLATFORMS, type Draft } from '../shared/api';
import { append, citationItems, clear, copyText, h } from '../shared/dom';
import { ask } from '../shared/messages';
import { DraftSession, type SessionState } from '../shared/session';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const brand = $<HTMLSelectElement>('brand');
const brief = $<HTMLTextAreaElement>('brief');
const trend = $<HTMLInputElement>('trend');
const status = $('status');
const results = $('results');
const fitBox = $('fit');
const draftButton = $<HTMLButtonElement>('draft');
const stopButton = $<HTMLButtonElement>('stop');

const NAMES: Record<string, string> = {
  x: 'X',
  linkedin: 'LinkedIn',
  facebook: 'Facebook',
  instagram: 'Instagram',
  threads: 'Threads',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  tiktok: 'TikTok',
};
const CHECKED = new Set(['x', 'linkedin', 'facebook', 'instagram']);
let session: DraftSession | null = null;

for (const id of PLATFORMS) {
  const box = h('input', { type: 'checkbox', value: id, id: `p-${id}` });
  box.checked = CHECKED.has(id);
  append($('platforms'), h('label', { for: `p-${id}` }, box, NAMES[id] ?? id));
}

function say(text: string, error = false): void {
  status.textContent = text;
  status.className = `status ${error ? 'error' : ''}`;
}

function chosen(): string[] {
  return Array.from(document.querySelectorAll<HTMLInputElement>('#platforms input:checked')).map((b) => b.value);
}

function draftCard(draft: Draft, index: number, total: number): HTMLElement {
  const copy = h('button', { type: 'button' }, 'Copy');
  copy.addEventListener('click', async () => {
    copy.textContent = (await copyText(draft.text)) ? 'Copied' : 'Copy refused';
  });
  const grounding = citationItems(draft.citations);
  return h(
    'div',
    {},
    h('p', { class: 'draft' }, draft.text),
    h(
      'p',
      { class: 'meta' },
      `${total > 1 ? `Draft ${index + 1} · ` : ''}${draft.chars} / ${draft.limit} characters${draft.angle ? ` · ${draft.angle}` : ''} `,
      copy,
    ),
    grounding.length ? h('ul', { class: 'citations', 'aria-label': 'Where the facts come from' }, ...grounding) : null,
    draft.warnings.length ? h('ul', { class: 'warnings' }, ...draft.warnings.map((w) => h('li', {}, w))) : null,
  );
}

function render(state: SessionState, platforms: string[]): void {
  clear(results);
  clear(fitBox);
  if (state.fit) {
    append(
      fitBox,
      h('p', {}, h('span', { class: 'badge' }, `${state.fit.verdict} · fit ${Math.round(state.fit.score * 100)}%`), ' ', state.fit.why),
    );
  }
  for (const platform of platforms) {
    const drafts = state.drafts[platform] ?? [];
    const writing = state.writing[platform]?.text;
    const card = h('section', { class: 'result', 'aria-label': NAMES[platform] ?? platform }, h('h2', {}, NAMES[platform] ?? platform));
    drafts.forEach((d, i) => append(card, draftCard(d, i, drafts.length)));
    if (writing) append(card, h('p', { class: 'draft writing', 'aria-busy': 'true' }, writing));
    if (!drafts.length && !writing) {
      const why = state.dropped[platform]?.at(-1) ?? 'No usable draft.';
      append(card, h('p', { class: 'meta' }, state.status === 'streaming' ? 'Waiting…' : why));
    }
    append(results, card);
  }
  const streaming = state.status === 'streaming';
  draftButton.disabled = streaming;
  stopButton.hidden = !streaming;
  if (state.status === 'error' && state.error) say(state.error.message, true);
  else say(streaming ? 'Drafting…' : 'Done: copy what you like.');
}

function start(): void {
  const platforms = chosen();
  const text = brief.value.trim();
  if (!brand.value) return say('Pick a brand (is Voix running and paired? See Options).', true);
  if (text.length < 3) return say('Say in a few words what the post is about.', true);
  if (!platforms.length) return say('Pick at least one platform.', true);
  session?.cancel();
  const body = trend.checked
    ? { brand: brand.value, trend: text.slice(0, 1000), platforms }
    : { brand: brand.value, brief: text.slice(0, 2000), platforms };
  session = new DraftSession(trend.checked ? 'trend' : 'post', body, (state) => render(state, platforms));
  session.start();
  render(session.state, platforms);
}

draftButton.addEventListener('click', start);
stopButton.addEventListener('click', () => {
  session?.cancel();
  stopButton.hidden = true;
  draftButton.disabled = false;
  say('Stopped.');
});
$('options').addEventListener('click', () => void chrome.runtime.openOptionsPage());
brief.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) start();
});

void (async () => {
  const [brands, settings] = await Promise.all([ask({ type: 'brands' }), ask({ type: 'settings:get' })]);
  if (!brands.ok) {
    say(brands.error.message, true);
    return;
  }
  for (const b of brands.brands) append(brand, h('option', { value: b.id }, b.name || b.id));
  const wanted = settings.ok ? settings.settings.defaultBrand : '';
  if (brands.brands.some((b) => b.id === wanted)) brand.value = wanted;
  if (!brands.brands.length) say('No brand is synced yet: run `voix kb sync FOLDER` first.', true);
  brief.focus();
})();
