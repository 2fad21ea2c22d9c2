/** The options page: where Voix runs, pairing with a code from `voix pair`, and drafting
 * preferences. It asks the service worker for everything; it never sees the token either. */

import { ask } from '../shared/messages';
import { append, clear, h } from '../shared/dom';
import { isPairingCode, normalizePairingCode, type PublicSettings } from '../shared/settings';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const apiUrl = $<HTMLInputElement>('api-url');
const code = $<HTMLInputElement>('code');
const brand = $<HTMLSelectElement>('brand');
const language = $<HTMLSelectElement>('language');
const variants = $<HTMLSelectElement>('variants');
const connection = $('connection-status');
const pairing = $('pairing-status');
const drafting = $('drafting-status');

function say(el: HTMLElement, text: string, kind: 'ok' | 'error' | '' = ''): void {
  el.textContent = text;
  el.className = `status ${kind}`;
}

function show(settings: PublicSettings): void {
  apiUrl.value = settings.apiUrl;
  language.value = settings.language;
  variants.value = String(settings.variants);
  brand.dataset.wanted = settings.defaultBrand;
  brand.value = settings.defaultBrand;
  say(pairing, settings.paired ? 'Paired: this browser can draft with Voix.' : 'Not paired yet.', settings.paired ? 'ok' : '');
  $<HTMLButtonElement>('unpair').hidden = !settings.paired;
}

async function check(): Promise<void> {
  say(connection, 'Checking…');
  const status = await ask({ type: 'status' });
  if (!status.ok) {
    say(connection, status.error.message, 'error');
    return;
  }
  const { health } = status;
  const model = health.model_status === 'restarting' ? ' Its model is restarting after a crash: drafts resume in a few seconds.'
    : health.model_status === 'failed' ? ' Its model failed to start: run `voix doctor` in a terminal.' : '';
  say(connection, `Voix ${health.version} is running (${health.backend}, ${health.model}), with ${health.brands} brand(s).${model}`, model ? 'error' : 'ok');
  await loadBrands();
}

async function loadBrands(): Promise<void> {
  const answer = await ask({ type: 'brands' });
  if (!answer.ok) return;
  const wanted = brand.dataset.wanted ?? '';
  clear(brand);
  append(brand, h('option', { value: '' }, 'The first brand'));
  for (const b of answer.brands) append(brand, h('option', { value: b.id }, `${b.name || b.id} (${b.id})`));
  brand.value = answer.brands.some((b) => b.id === wanted) ? wanted : '';
}

async function saveUrl(): Promise<void> {
  const answer = await ask({ type: 'settings:set', settings: { apiUrl: apiUrl.value } });
  if (!answer.ok) {
    say(connection, answer.error.message, 'error');
    return;
  }
  show(answer.settings);
  await check();
}

async function pair(): Promise<void> {
  if (!code.value.trim()) {
    say(pairing, 'Type the code that `voix pair` shows.', 'error');
    code.focus();
    return;
  }
  // Checked here first, so that a code mangled by a copy does not spend one of the five tries.
  const typed = normalizePairingCode(code.value);
  if (!isPairingCode(typed)) {
    say(pairing, 'A pairing code has 8 letters and digits, like K7Q4-MZ2P: copy it again from `voix pair`.', 'error');
    code.focus();
    return;
  }
  say(pairing, 'Pairing…');
  const answer = await ask({ type: 'pair', code: typed, apiUrl: apiUrl.value });
  if (!answer.ok) {
    say(pairing, answer.error.message, 'error');
    return;
  }
  code.value = '';
  show(answer.settings);
  await check();
}

async function savePreferences(): Promise<void> {
  const answer = await ask({
    type: 'settings:set',
    settings: { defaultBrand: brand.value, language: language.value, variants: Number(variants.value) },
  });
  if (answer.ok) brand.dataset.wanted = answer.settings.defaultBrand;
  say(drafting, answer.ok ? 'Saved.' : answer.error.message, answer.ok ? 'ok' : 'error');
}

$('check').addEventListener('click', () => void saveUrl());
apiUrl.addEventListener('change', () => void saveUrl());
$('pair').addEventListener('click', () => void pair());
code.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') void pair();
});
$('unpair').addEventListener('click', async () => {
  const answer = await ask({ type: 'unpair' });
  if (answer.ok) show(answer.settings);
});
for (const el of [brand, language, variants]) el.addEventListener('change', () => void savePreferences());

void (async () => {
  const answer = await ask({ type: 'settings:get' });
  if (answer.ok) show(answer.settings);
  await check();
})();
