/** Answers the extension's messages: one-shot requests and draft streams over ports. Kept
 * apart from the worker's entry point so tests can drive it with fakes. */

import type { DraftRequest } from '../shared/api';
import {
  DRAFT_PORT,
  PRIVILEGED,
  type ApiError,
  type DraftPortMessage,
  type DraftStart,
  type Replies,
  type Request,
} from '../shared/messages';
import { normalizeApiUrl, normalizePairingCode, type PublicSettings, type Settings } from '../shared/settings';
import { ApiClient, ApiFailure } from './client';
import type { MainWorldResult } from './main-world';

export interface Store {
  loadSettings(): Promise<Settings>;
  saveSettings(patch: Partial<Settings>): Promise<Settings>;
  loadToken(): Promise<string | null>;
  saveToken(token: string | null): Promise<void>;
  publicSettings(): Promise<PublicSettings>;
}

export interface Deps {
  store: Store;
  client: ApiClient;
  extensionOrigin: string;
  extensionId: string;
  mainWorld(tabId: number, frameId: number, text: string): Promise<MainWorldResult>;
  openOptions(): Promise<void>;
}

type Answer = Replies[keyof Replies];

/** Extension pages (options, popup) are trusted; content scripts live inside social sites. */
export function isExtensionPage(sender: chrome.runtime.MessageSender, deps: Deps): boolean {
  return sender.id === deps.extensionId && !!sender.url && sender.url.startsWith(deps.extensionOrigin);
}

export async function handleRequest(request: Request, sender: chrome.runtime.MessageSender, deps: Deps): Promise<Answer> {
  if (sender.id !== deps.extensionId) return failure({ kind: 'problem', message: 'Unknown sender.' });
  if (PRIVILEGED.has(request.type) && !isExtensionPage(sender, deps)) {
    return failure({ kind: 'problem', message: 'Only the extension\'s own pages may do that.' });
  }
  try {
    switch (request.type) {
      case 'status': {
        const settings = await deps.store.publicSettings();
        const health = await deps.client.health();
        return { ok: true, health, paired: settings.paired, apiUrl: settings.apiUrl };
      }
      case 'brands':
        return { ok: true, brands: await deps.client.brands() };
      case 'feedback':
        return { ok: true, id: await deps.client.feedback(request.feedback) };
      case 'settings:get':
        return { ok: true, settings: await deps.store.publicSettings() };
      case 'insert:main-world': {
        if (sender.tab?.id === undefined) return failure({ kind: 'problem', message: 'No tab to insert into.' });
        const result = await deps.mainWorld(sender.tab.id, sender.frameId ?? 0, String(request.text));
        if (!result.ok) return failure({ kind: 'problem', message: result.reason ?? 'Insertion failed.' });
        return { ok: true, text: result.text ?? '' };
      }
      case 'options:open':
        await deps.openOptions();
        return { ok: true };
      case 'settings:set': {
        const patch = { ...request.settings };
        if (patch.apiUrl !== undefined) {
          const apiUrl = normalizeApiUrl(patch.apiUrl);
          if (!apiUrl) return failure(badUrl());
          const before = await deps.store.loadSettings();
          // A token belongs to the server that issued it: never send it to another one.
          if (apiUrl !== before.apiUrl) await deps.store.saveToken(null);
          patch.apiUrl = apiUrl;
        }
        await deps.store.saveSettings(patch);
        return { ok: true, settings: await deps.store.publicSettings() };
      }
      case 'pair': {
        const apiUrl = request.apiUrl === undefined ? (await deps.store.loadSettings()).apiUrl : normalizeApiUrl(request.apiUrl);
        if (!apiUrl) return failure(badUrl());
        const token = await deps.client.pair(apiUrl, normalizePairingCode(String(request.code)));
        await deps.store.saveSettings({ apiUrl });
        await deps.store.saveToken(token);
        return { ok: true, settings: await deps.store.publicSettings() };
      }
      case 'unpair':
        await deps.store.saveToken(null);
        return { ok: true, settings: await deps.store.publicSettings() };
      default:
        return failure({ kind: 'problem', message: 'Unknown request.' });
    }
  } catch (err) {
    return failure(asApiError(err));
  }
}

/** One draft per port: the first message starts it, a disconnect cancels it. */
export function handlePort(port: chrome.runtime.Port, deps: Deps): void {
  if (port.name !== DRAFT_PORT || port.sender?.id !== deps.extensionId) {
    port.disconnect();
    return;
  }
  const abort = new AbortController();
  let open = true;
  let started = false;
  const post = (message: DraftPortMessage): void => {
    if (!open) return;
    try {
      port.postMessage(message);
    } catch {
      open = false;
    }
  };
  port.onDisconnect.addListener(() => {
    open = false;
    abort.abort();
  });
  port.onMessage.addListener((message: DraftStart | { type: 'ping' }) => {
    if (message.type !== 'start' || started) return;
    started = true;
    void (async () => {
      try {
        const body = await withDefaults(message.body, deps);
        for await (const event of deps.client.stream(message.kind, body, abort.signal)) {
          post({ type: 'event', event: event.event, data: event.data });
        }
        post({ type: 'end' });
      } catch (err) {
        if (!abort.signal.aborted) post({ type: 'error', error: asApiError(err) });
      }
    })();
  });
}

async function withDefaults(body: DraftRequest, deps: Deps): Promise<DraftRequest> {
  const settings = await deps.store.loadSettings();
  const out: DraftRequest = { ...body };
  if (out.language === undefined && settings.language) out.language = settings.language;
  if (out.variants === undefined) out.variants = settings.variants;
  return out;
}

function asApiError(err: unknown): ApiError {
  if (err instanceof ApiFailure) return err.error;
  return { kind: 'problem', message: `Voix hit an unexpected error: ${String(err)}` };
}

function badUrl(): ApiError {
  return {
    kind: 'bad-url',
    message: 'The API URL must be on this machine, e.g. http://127.0.0.1:8765 (the token never leaves it).',
  };
}

function failure(error: ApiError): { ok: false; error: ApiError } {
  return { ok: false, error };
}
