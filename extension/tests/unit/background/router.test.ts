// @vitest-environment node
import { describe, expect, it } from 'vitest';

import { ApiClient } from '../../../src/background/client';
import { handlePort, handleRequest, type Deps, type Store } from '../../../src/background/router';
import type { DraftPortMessage } from '../../../src/shared/messages';
import { DEFAULT_SETTINGS, sanitizeSettings, type Settings } from '../../../src/shared/settings';

const ID = 'fjddooaohiafahfngenhmpmkfadlphdc';
const ORIGIN = `chrome-extension://${ID}/`;
const page = { id: ID, url: `${ORIGIN}options.html` } as chrome.runtime.MessageSender;
const content = { id: ID, url: 'https://x.com/home', tab: { id: 7 } as chrome.tabs.Tab, frameId: 0 } as chrome.runtime.MessageSender;

function memoryStore(token: string | null = 'tok'): Store & { token: string | null; settings: Settings } {
  const store = {
    token,
    settings: { ...DEFAULT_SETTINGS },
    loadSettings: async () => store.settings,
    saveSettings: async (patch: Partial<Settings>) => (store.settings = sanitizeSettings({ ...store.settings, ...patch })),
    loadToken: async () => store.token,
    saveToken: async (t: string | null) => {
      store.token = t;
    },
    publicSettings: async () => ({ ...store.settings, paired: store.token !== null }),
  };
  return store;
}

function deps(store: Store, fetchImpl: typeof fetch): Deps {
  return {
    store,
    client: new ApiClient(async () => ({ apiUrl: (await store.loadSettings()).apiUrl, token: await store.loadToken() }), fetchImpl),
    extensionOrigin: ORIGIN,
    extensionId: ID,
    mainWorld: async () => ({ ok: true, text: 'x' }),
    openOptions: async () => undefined,
  };
}

const json = (body: unknown): Response => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });

describe('handleRequest', () => {
  it('refuses settings, pairing and unpairing from content scripts', async () => {
    const store = memoryStore();
    const d = deps(store, async () => json({}));
    for (const request of [
      { type: 'settings:set', settings: { apiUrl: 'http://127.0.0.1:1' } },
      { type: 'pair', code: 'K7Q4-MZ2P' },
      { type: 'unpair' },
    ] as const) {
      expect(await handleRequest(request, content, d)).toMatchObject({ ok: false });
    }
    expect(store.token).toBe('tok');
    expect(store.settings.apiUrl).toBe(DEFAULT_SETTINGS.apiUrl);
  });

  it('refuses other extensions', async () => {
    const answer = await handleRequest({ type: 'brands' }, { ...page, id: 'another' }, deps(memoryStore(), async () => json([])));
    expect(answer.ok).toBe(false);
  });

  it('keeps the API on this machine, and drops the token when the address changes', async () => {
    const store = memoryStore();
    const d = deps(store, async () => json({}));
    const bad = await handleRequest({ type: 'settings:set', settings: { apiUrl: 'https://evil.example/' } }, page, d);
    expect(bad).toMatchObject({ ok: false, error: { kind: 'bad-url' } });
    const moved = await handleRequest({ type: 'settings:set', settings: { apiUrl: 'http://localhost:9000/' } }, page, d);
    expect(moved).toMatchObject({ ok: true, settings: { apiUrl: 'http://localhost:9000', paired: false } });
  });

  it('pairs with a loosely typed code and stores the token', async () => {
    const store = memoryStore(null);
    const sent: unknown[] = [];
    const d = deps(store, async (url, init) => {
      sent.push([String(url), JSON.parse(String(init?.body))]);
      return json({ token: 'fresh' });
    });
    const answer = await handleRequest({ type: 'pair', code: ' k7q4 mz2p ', apiUrl: 'http://127.0.0.1:8765' }, page, d);
    expect(answer).toMatchObject({ ok: true, settings: { paired: true } });
    expect(sent).toEqual([['http://127.0.0.1:8765/v1/pair', { code: 'K7Q4-MZ2P' }]]);
    expect(store.token).toBe('fresh');
  });

  it('gives content scripts settings without the token', async () => {
    const answer = await handleRequest({ type: 'settings:get' }, content, deps(memoryStore('secret-token'), async () => json({})));
    expect(JSON.stringify(answer)).not.toContain('secret-token');
    expect(answer).toMatchObject({ ok: true, settings: { paired: true } });
  });

  it('runs the main-world insertion in the sender tab', async () => {
    const calls: unknown[] = [];
    const d = { ...deps(memoryStore(), async () => json({})), mainWorld: async (tab: number, frame: number, text: string) => (calls.push([tab, frame, text]), { ok: true, text }) };
    expect(await handleRequest({ type: 'insert:main-world', text: 'hi' }, content, d)).toEqual({ ok: true, text: 'hi' });
    expect(calls).toEqual([[7, 0, 'hi']]);
  });
});

describe('handlePort', () => {
  function port(sender: chrome.runtime.MessageSender) {
    const onMessage: ((m: unknown) => void)[] = [];
    const onDisconnect: (() => void)[] = [];
    const posted: DraftPortMessage[] = [];
    return {
      posted,
      send: (m: unknown) => onMessage.forEach((l) => l(m)),
      drop: () => onDisconnect.forEach((l) => l()),
      port: {
        name: 'voix-draft',
        sender,
        postMessage: (m: DraftPortMessage) => posted.push(m),
        disconnect: () => undefined,
        onMessage: { addListener: (l: (m: unknown) => void) => onMessage.push(l) },
        onDisconnect: { addListener: (l: () => void) => onDisconnect.push(l) },
      } as unknown as chrome.runtime.Port,
    };
  }

  it('streams a draft with the settings applied, then ends', async () => {
    const store = memoryStore();
    store.settings = { ...store.settings, language: 'fr', variants: 3 };
    let body: unknown;
    const d = deps(store, async (_url, init) => {
      body = JSON.parse(String(init?.body));
      return new Response('event: done\ndata: {"drafts":[],"language":"fr"}\n\n', { headers: { 'content-type': 'text/event-stream' } });
    });
    const p = port(content);
    handlePort(p.port, d);
    p.send({ type: 'start', kind: 'reply', body: { brand: 'b', platform: 'x', comment: 'c' } });
    await new Promise((r) => setTimeout(r, 20));
    expect(body).toEqual({ brand: 'b', platform: 'x', comment: 'c', language: 'fr', variants: 3 });
    expect(p.posted.map((m) => m.type)).toEqual(['event', 'end']);
  });

  it('aborts the request when the port disconnects', async () => {
    let signal: AbortSignal | undefined;
    const d = deps(memoryStore(), async (_url, init) => {
      signal = init?.signal ?? undefined;
      return new Response(new ReadableStream({ start: () => undefined }), { headers: { 'content-type': 'text/event-stream' } });
    });
    const p = port(content);
    handlePort(p.port, d);
    p.send({ type: 'start', kind: 'post', body: { brand: 'b', platforms: ['x'], brief: 'abc' } });
    await new Promise((r) => setTimeout(r, 20));
    expect(signal?.aborted).toBe(false);
    p.drop();
    expect(signal?.aborted).toBe(true);
  });
});
