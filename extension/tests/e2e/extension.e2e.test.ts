/**
 * The built extension in real headless Chromium: fixture pages of each site, served as the
 * real hosts (x.com, www.linkedin.com, ...) with the real editor libraries (Draft.js, Quill,
 * Lexical, a React textarea), and a fake Voix API speaking the real API's JSON and SSE.
 * Screenshots of the panel on each site go to test-artifacts/e2e/ (not committed).
 */

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { BrowserContext, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ARTIFACTS, EXTENSION_ID, buttonFor, editorState, launch, layer, openSite, poll, type Browser } from './browser';
import { CITATIONS, PAIRING_CODE, REPLIES, startFakeApi, type FakeApi } from './fake-api';
import { SITES, startSites, type Site, type SitesServer } from './sites';

/** What each fixture's reply box answers, as the adapter must read it off the page. */
const EXPECTED: Record<string, { comment: string; author: string; context?: string; exact?: boolean }> = {
  x: {
    // As one reads it on X: the @mentions X wraps in inline-flex boxes stay on the line.
    comment: 'My order is 10 days late and nobody answers my emails 😡\nWhat is going on @OndineCoffee? Ask @paulm, same for him. #late',
    exact: true,
    author: 'Jane Doe (@janedoe)',
    context: 'Ondine Coffee (@OndineCoffee): Our Kenya Nyeri is back in stock this week!',
  },
  linkedin: { comment: 'We are hiring a head roaster in Lyon.', author: 'Ondine Coffee Roasters' },
  facebook: { comment: 'Barista workshops are back in January', author: 'Ondine Coffee Roasters' },
  instagram: { comment: 'Latte art Saturday ☕', author: 'ondinecoffee' },
};

let api: FakeApi;
let sites: SitesServer;
let browser: Browser;
let context: BrowserContext;
let worker: Worker;

const openPage = (site: Site): Promise<Page> => openSite(context, site);

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  api = await startFakeApi();
  sites = await startSites();
  browser = await launch(sites.port);
  ({ context, worker } = browser);
});

afterAll(async () => {
  await browser?.close();
  await sites?.close();
  await api?.close();
});

describe('Voix extension in Chromium', () => {
  it('loads with the id its manifest key gives', () => {
    expect(new URL(worker.url()).host).toBe(EXTENSION_ID);
  });

  it('pairs from the options page with the code `voix pair` shows', async () => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
    await page.fill('#api-url', api.url);
    await page.click('#check');
    await poll(() => page.textContent('#connection-status'), (t) => !!t?.includes('is running'), 'the health check');
    await page.fill('#code', PAIRING_CODE.toLowerCase().replace('-', ' ')); // typed loosely
    await page.click('#pair');
    await poll(() => page.textContent('#pairing-status'), (t) => !!t?.startsWith('Paired'), 'pairing');
    const pairing = api.requests.find((r) => r.path === '/v1/pair');
    expect(pairing?.body).toEqual({ code: PAIRING_CODE });
    expect(pairing?.auth).toBeNull();
    // Paired: the brands now load into the default-brand choice.
    await poll(() => page.locator('#brand option[value="ondine"]').count(), (n) => n === 1, 'the brand list');
    await page.close();
  });

  for (const site of SITES) {
    it(`drafts, streams, inserts and reports feedback on ${site.id}`, async () => {
      const page = await openPage(site);
      const button = await buttonFor(page, site);
      await button.click();
      const panel = layer(page, '.panel');
      await panel.waitFor({ state: 'visible' });

      // The draft streams in: some partial text shows before the whole first draft.
      const final = REPLIES[site.id]![0]!;
      const seen = new Set<string>();
      await poll(
        async () => {
          const text = (await layer(page, '.draft').textContent()) ?? '';
          seen.add(text);
          return text;
        },
        (text) => text === final,
        'the first draft',
      );
      expect([...seen].some((t) => t.length > 0 && t.length < final.length && final.startsWith(t))).toBe(true);
      await poll(() => layer(page, '.status').textContent(), (t) => t === '2 drafts ready.', 'both drafts');

      // What the panel sent: this site's platform, and the context read off the page.
      const sent = api.requests.filter((r) => r.path === '/v1/drafts/reply').at(-1)?.body as Record<string, string>;
      expect(sent.platform).toBe(site.id);
      expect(sent.brand).toBe('ondine');
      if (EXPECTED[site.id]!.exact) expect(sent.comment).toBe(EXPECTED[site.id]!.comment);
      else expect(sent.comment).toContain(EXPECTED[site.id]!.comment);
      expect(sent.author).toBe(EXPECTED[site.id]!.author);
      if (EXPECTED[site.id]!.context) expect(sent.context).toContain(EXPECTED[site.id]!.context);

      // Triage, warnings and sources show, as text.
      expect(await layer(page, '.triage .badge').first().textContent()).toBe('complaint · severity 2');
      expect(await layer(page, '.triage .action').first().textContent()).toBe('Reply publicly');
      expect(await layer(page, '.warnings li').first().textContent()).toBe('Removed a price absent from the sources.');
      expect(await layer(page, '.sources li').first().textContent()).toContain('<b>not</b>');
      // Where the draft's facts come from, at a glance; nothing when it cites nothing.
      const cited = CITATIONS[final];
      if (cited) {
        expect(await layer(page, '.citations li .from').allTextContents()).toEqual(cited.map((c) => `from ${c.label}`));
        expect(await layer(page, '.citations li').first().getAttribute('title')).toContain(cited[0]!.text);
      } else expect(await layer(page, '.citations').isVisible()).toBe(false);
      await page.screenshot({ path: join(ARTIFACTS, `${site.id}-panel.png`) });

      // Variants: switch to the second and back.
      await layer(page, '[role="tab"]:has-text("Draft 2")').click();
      expect(await layer(page, '.draft').textContent()).toBe(REPLIES[site.id]![1]);
      await layer(page, '[role="tab"]:has-text("Draft 1")').click();
      expect(await layer(page, '.draft').textContent()).toBe(final);

      // Insert: the editor library's own state holds exactly the draft; the site's button enables.
      const post = page.locator('[data-fixture-post]');
      expect(await post.getAttribute('aria-disabled')).toBe('true');
      await layer(page, '.actions button:has-text("Insert")').click();
      const state = await poll(() => editorState(page), (s) => s === final, 'the editor state');
      expect(state).toBe(final);
      // ...through the route this site's editor needs, not a fallback.
      const method = await poll(() => layer(page, '.status').getAttribute('data-insert-method'), (m) => m !== null, 'the insertion');
      expect(method).toBe(site.method);
      expect(await post.getAttribute('aria-disabled')).toBe('false');
      if (site.id === 'x') expect(await page.textContent('[data-fixture-counter]')).toBe(String(280 - [...final].length));
      await poll(() => panel.isVisible(), (v) => !v, 'the panel to close once the insertion is verified');
      expect(await page.evaluate(() => (window as unknown as { __fixture: { posted: string[] } }).__fixture.posted)).toEqual([]);

      // On X the community manager adds a word before posting: the feedback says it was edited.
      let posted = final;
      if (site.id === 'x') {
        await page.keyboard.press('End');
        await page.keyboard.press('Control+End');
        await page.keyboard.type(' Thanks!');
        posted = `${final} Thanks!`;
        await poll(() => editorState(page), (s) => s === posted, 'the edit');
      }
      const before = api.feedback.length;
      await post.click();
      await poll(() => api.feedback.length, (n) => n === before + 1, 'the feedback');
      expect(api.feedback.at(-1)).toEqual({
        brand: 'ondine',
        kind: 'reply',
        platform: site.id,
        draft: final,
        final: posted,
        edited: site.id === 'x',
        variant: 0,
        site: site.host,
      });
      await page.close();
    });
  }

  it('opens from the keyboard (Alt+Shift+V in the box) and Escape gives the box its focus back', async () => {
    const site = SITES.find((s) => s.id === 'instagram')!;
    const page = await openPage(site);
    await buttonFor(page, site);
    await page.focus('form textarea');
    await page.keyboard.press('Alt+Shift+V');
    const panel = layer(page, '.panel');
    await panel.waitFor({ state: 'visible' });
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('VOIX-LAYER');
    await poll(() => layer(page, '.draft').textContent(), (t) => t === REPLIES.instagram![0], 'the draft');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.close();
  });

  it('drafts a post for several platforms at once from the popup', async () => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
    await poll(() => page.locator('#brand option').count(), (n) => n === 2, 'the brands');
    await page.fill('#brief', 'Our barista workshops are back in January');
    await page.click('#draft');
    await poll(() => page.textContent('#status'), (t) => t === 'Done: copy what you like.', 'the drafts');
    const sent = api.requests.filter((r) => r.path === '/v1/drafts/post').at(-1)?.body;
    expect(sent).toEqual({ brand: 'ondine', brief: 'Our barista workshops are back in January', platforms: ['x', 'linkedin', 'facebook', 'instagram'], variants: 2 });
    for (const platform of ['x', 'linkedin', 'facebook', 'instagram']) {
      const texts = await page.locator(`section[aria-label] >> nth=${['x', 'linkedin', 'facebook', 'instagram'].indexOf(platform)}`).locator('.draft').allTextContents();
      expect(texts).toEqual(REPLIES[platform]);
    }
    // Facebook's first draft cites the FAQ it took its price from; the others cite nothing.
    expect(await page.locator('section[aria-label="Facebook"] .citations li .from').allTextContents()).toEqual(['from FAQ: How much is a barista workshop?']);
    expect(await page.locator('section[aria-label="X"] .citations').count()).toBe(0);
    await page.locator('button:has-text("Copy")').first().click();
    await poll(() => page.locator('.meta button').first().textContent(), (t) => t === 'Copied', 'the copy');
    await page.screenshot({ path: join(ARTIFACTS, 'popup.png'), fullPage: true });

    // A trend: its fit first, then the adapted drafts.
    await page.check('#trend');
    await page.click('#draft');
    await poll(() => page.textContent('#fit'), (t) => !!t?.includes('go · fit 72%'), 'the trend fit');
    expect(api.requests.filter((r) => r.path === '/v1/drafts/trend')).toHaveLength(1);
    await page.close();
  });

  it('never lets the content script reach the token', async () => {
    const page = await openPage(SITES[0]!);
    await buttonFor(page, SITES[0]!);
    const cdp = await context.newCDPSession(page);
    const worlds: { id: number; name: string; auxData?: { type?: string } }[] = [];
    cdp.on('Runtime.executionContextCreated', (event: { context: (typeof worlds)[number] }) => worlds.push(event.context));
    await cdp.send('Runtime.enable');
    const world = await poll(() => worlds.find((w) => w.auxData?.type === 'isolated' && w.name === 'Voix'), (w) => !!w, "the content script's world");
    const probe = `(async () => {
      const out = {};
      for (const area of ['local', 'session', 'sync']) {
        try { out[area] = await chrome.storage[area].get(null); } catch (e) { out[area] = 'refused: ' + e.message; }
      }
      out.settings = await chrome.runtime.sendMessage({ type: 'settings:get' });
      out.redirect = await chrome.runtime.sendMessage({ type: 'settings:set', settings: { apiUrl: 'http://127.0.0.1:9' } });
      out.pair = await chrome.runtime.sendMessage({ type: 'pair', code: 'AAAA-BBBB' });
      return JSON.stringify(out);
    })()`;
    const result = (await cdp.send('Runtime.evaluate', { expression: probe, contextId: world!.id, awaitPromise: true, returnByValue: true })) as {
      result: { value?: string };
      exceptionDetails?: unknown;
    };
    expect(result.exceptionDetails).toBeUndefined();
    const seen = result.result.value!;
    const out = JSON.parse(seen) as Record<string, unknown>;
    expect(seen).not.toContain(api.token);
    expect(String(out.local)).toMatch(/^refused/);
    expect((out.settings as { settings: { paired: boolean } }).settings.paired).toBe(true);
    expect((out.redirect as { ok: boolean }).ok).toBe(false);
    expect((out.pair as { ok: boolean }).ok).toBe(false);
    // The control: the service worker does hold it, so the probe above could have found it.
    expect(await worker.evaluate(async () => (await chrome.storage.local.get('token')).token)).toBe(api.token);
    await page.close();
  });

  it('says clearly when Voix is not running, and recovers when it is back', async () => {
    const site = SITES.find((s) => s.id === 'facebook')!;
    const page = await openPage(site);
    api.down = true;
    try {
      await (await buttonFor(page, site)).click();
      const status = await poll(() => layer(page, '.status').textContent(), (t) => !!t?.includes('not answering'), 'the down message');
      expect(status).toContain(`Voix is not answering at ${api.url}`);
      expect(status).toContain('make run');
      await page.screenshot({ path: join(ARTIFACTS, 'api-down-panel.png') });
    } finally {
      api.down = false;
    }
    await layer(page, '.actions button:has-text("Regenerate")').click();
    await poll(() => layer(page, '.draft').textContent(), (t) => t === REPLIES.facebook![0], 'a draft once Voix is back');
    await page.close();
  });
});
