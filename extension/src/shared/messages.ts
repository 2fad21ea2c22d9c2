/** What extension parts say to the background service worker, the only part that talks to
 * the API and the only one that holds the token. */

import type { BrandSummary, DraftRequest, Feedback, Health, Kind } from './api';
import type { PublicSettings, Settings } from './settings';

/** Why a call failed, in words a community manager can act on. */
export interface ApiError {
  kind: 'down' | 'unpaired' | 'problem' | 'bad-url' | 'stream';
  message: string;
  status?: number;
}

export type Result<T> = ({ ok: true } & T) | { ok: false; error: ApiError };

/** One-shot requests (`chrome.runtime.sendMessage`). */
export type Request =
  | { type: 'status' }
  | { type: 'brands' }
  | { type: 'feedback'; feedback: Feedback }
  | { type: 'settings:get' }
  | { type: 'insert:main-world'; text: string }
  | { type: 'options:open' }
  // Extension pages only (options, popup): refused from content scripts.
  | { type: 'settings:set'; settings: Partial<Settings> }
  | { type: 'pair'; code: string; apiUrl?: string }
  | { type: 'unpair' };

export interface Replies {
  status: Result<{ health: Health; paired: boolean; apiUrl: string }>;
  brands: Result<{ brands: BrandSummary[] }>;
  feedback: Result<{ id: string | null }>;
  'settings:get': Result<{ settings: PublicSettings }>;
  'insert:main-world': Result<{ text: string }>;
  'options:open': Result<object>;
  'settings:set': Result<{ settings: PublicSettings }>;
  pair: Result<{ settings: PublicSettings }>;
  unpair: Result<{ settings: PublicSettings }>;
}

export type Reply<R extends Request> = Replies[R['type']];

/** Messages of requests only extension pages may send. */
export const PRIVILEGED: ReadonlySet<Request['type']> = new Set(['settings:set', 'pair', 'unpair']);

/** The long-lived port a draft streams through; disconnecting it cancels the generation. */
export const DRAFT_PORT = 'voix-draft';

export interface DraftStart {
  type: 'start';
  kind: Kind;
  body: DraftRequest;
}

export type DraftEventName = 'triage' | 'token' | 'draft' | 'done';

export type DraftPortMessage =
  | { type: 'event'; event: DraftEventName; data: unknown }
  | { type: 'error'; error: ApiError }
  | { type: 'end' };

/** Sends a one-shot request to the service worker, typed by its reply. */
export async function ask<R extends Request>(request: R): Promise<Reply<R>> {
  try {
    const reply = (await chrome.runtime.sendMessage(request)) as Reply<R> | undefined;
    if (reply) return reply;
    return { ok: false, error: { kind: 'down', message: 'The Voix extension did not answer.' } };
  } catch (err) {
    // The extension was reloaded or updated under this page: its old content script is orphaned.
    return {
      ok: false,
      error: { kind: 'down', message: `Voix was updated: reload the page (${String(err)}).` },
    };
  }
}
