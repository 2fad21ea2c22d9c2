/** Chromium with the built extension loaded, and the helpers the end-to-end tests share. */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium, type BrowserContext, type Locator, type Page, type Worker } from 'playwright-core';

import { SITES, type Site } from './sites';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXTENSION = join(ROOT, 'dist-e2e');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'e2e');
/** Chromium derives it from the manifest's public key: the API's CORS allow-list names it. */
export const EXTENSION_ID = 'fjddooaohiafahfngenhmpmkfadlphdc';
const CHROMIUM = process.env.VOIX_CHROMIUM ?? '/usr/bin/chromium';

export interface Browser {
  context: BrowserContext;
  worker: Worker;
  close(): Promise<void>;
}

/** A fresh profile with only Voix loaded; the sites' host names lead to `sitesPort` on loopback. */
export async function launch(sitesPort: number): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'voix-chromium-'));
  const rules = SITES.map((s) => `MAP ${s.host} 127.0.0.1:${sitesPort}`).join(', ');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false, // the flags below ask for the new headless mode themselves
    viewport: { width: 1280, height: 860 },
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      `--host-resolver-rules=${rules}`,
      '--ignore-certificate-errors',
      `--disable-extensions-except=${EXTENSION}`,
      `--load-extension=${EXTENSION}`,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  await closeWelcomeOptions(context);
  return {
    context,
    worker,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The worker opens the options page on install; a test that navigates before that tab has
 * opened races it ("navigation interrupted"), so wait for it (a few seconds at most) and close
 * it. A machine where it never opens loses nothing but the wait. */
async function closeWelcomeOptions(context: BrowserContext): Promise<void> {
  const end = Date.now() + 5_000;
  while (Date.now() < end) {
    const welcome = context.pages().find((p) => p.url().endsWith('/options.html'));
    if (welcome) {
      await welcome.waitForLoadState().catch(() => undefined);
      await welcome.close();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function poll<T>(read: () => Promise<T> | T, ok: (value: T) => boolean, what: string, timeout = 15_000): Promise<T> {
  const end = Date.now() + timeout;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 25));
    last = await read();
  }
  return last;
}

/** An element of Voix's in-page layer (its shadow root is open in the e2e build). */
export const layer = (page: Page, selector: string): Locator => page.locator(`voix-layer ${selector}`);

/** The Voix button beside the editor the fixture mounted its library on. */
export async function buttonFor(page: Page, site: Site): Promise<Locator> {
  const editor = page
    .locator(site.editor === 'react-textarea' ? 'form textarea' : '[data-fixture-editor] [contenteditable="true"], [data-fixture-editor][contenteditable="true"]')
    .first();
  await editor.waitFor({ state: 'visible' });
  const box = (await editor.boundingBox())!;
  const buttons = layer(page, '.voix-button');
  await poll(() => buttons.count(), (n) => n > 0, 'a Voix button');
  return poll(
    async () => {
      for (const button of await buttons.all()) {
        const b = await button.boundingBox();
        if (b && Math.abs(b.y - box.y) < 12 && Math.abs(b.x - (box.x + box.width)) < 48) return button;
      }
      return null;
    },
    (b) => b !== null,
    `the Voix button beside the ${site.id} editor`,
  ) as Promise<Locator>;
}

export async function openSite(context: BrowserContext, site: Site): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => console.warn(`[${site.id} page error]`, err.message));
  await page.goto(`https://${site.host}${site.path}`);
  return page;
}

/** What the page's editor library holds (read in the page's own world). */
export function editorState(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as { __fixture: { state(): string } }).__fixture.state());
}

/** Pairs through the options page, as a person does. */
export async function pairFromOptions(context: BrowserContext, apiUrl: string, code: string, variants?: number): Promise<void> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
  await page.fill('#api-url', apiUrl);
  await page.click('#check');
  await poll(() => page.textContent('#connection-status'), (t) => !!t?.includes('is running'), 'the health check');
  await page.fill('#code', '');
  await page.focus('#code');
  await page.keyboard.insertText(code); // as a paste: the field's own limits apply
  await page.click('#pair');
  await poll(() => page.textContent('#pairing-status'), (t) => !!t?.startsWith('Paired'), 'pairing');
  if (variants !== undefined) {
    await page.selectOption('#variants', String(variants));
    await poll(() => page.textContent('#drafting-status'), (t) => t === 'Saved.', 'the preference');
  }
  await page.close();
}
