/** One draft request streaming through the service worker, folded into a state the panel
 * and the popup render. Cancelling disconnects the port, which stops the generation. */

import type {
  Draft,
  DraftRequest,
  Kind,
  PostResponse,
  ReplyResponse,
  TokenPiece,
  Triage,
  TrendFit,
  TrendResponse,
} from './api';
import { DRAFT_PORT, type ApiError, type DraftPortMessage, type DraftStart } from './messages';

export interface Writing {
  variant: number;
  attempt: number;
  text: string;
}

export interface SessionState {
  status: 'streaming' | 'done' | 'error';
  triage: Triage | null;
  fit: TrendFit | null;
  /** Guidance for the community manager (escalation, moderation), not for posting. */
  note: string | null;
  /** Finished drafts per platform, best first. */
  drafts: Record<string, Draft[]>;
  /** Why a platform got fewer drafts than asked (variants the guardrails dropped). */
  dropped: Record<string, string[]>;
  /** The draft being written now, per platform. */
  writing: Record<string, Writing | undefined>;
  error: ApiError | null;
}

/** Keeps the service worker awake through a slow generation. */
const PING_MS = 20_000;

export function initialState(): SessionState {
  return { status: 'streaming', triage: null, fit: null, note: null, drafts: {}, dropped: {}, writing: {}, error: null };
}

/** The state after one message of the port: pure, so it is tested without a browser. */
export function reduce(state: SessionState, kind: Kind, message: DraftPortMessage): SessionState {
  if (message.type === 'error') return { ...state, status: 'error', error: message.error, writing: {} };
  if (message.type === 'end') return state.status === 'streaming' ? { ...state, status: 'done', writing: {} } : state;
  const { event, data } = message;
  switch (event) {
    case 'triage':
      return kind === 'trend' ? { ...state, fit: data as TrendFit } : { ...state, triage: data as Triage };
    case 'token': {
      const piece = data as TokenPiece;
      const current = state.writing[piece.platform];
      const same = current && current.variant === piece.variant && current.attempt === piece.attempt;
      const text = (same ? current.text : '') + piece.text;
      return { ...state, writing: { ...state.writing, [piece.platform]: { variant: piece.variant, attempt: piece.attempt, text } } };
    }
    case 'draft': {
      const draft = data as Draft;
      const list = [...(state.drafts[draft.platform] ?? []), draft];
      return { ...state, drafts: { ...state.drafts, [draft.platform]: list }, writing: { ...state.writing, [draft.platform]: undefined } };
    }
    case 'done': {
      if (kind === 'reply') {
        const reply = data as ReplyResponse;
        const platform = reply.drafts[0]?.platform ?? Object.keys(state.drafts)[0] ?? '';
        return {
          ...state,
          status: 'done',
          triage: reply.triage ?? state.triage,
          note: reply.note ?? null,
          drafts: platform ? { [platform]: reply.drafts } : {},
          writing: {},
        };
      }
      const posts = data as PostResponse | TrendResponse;
      const drafts: Record<string, Draft[]> = {};
      const dropped: Record<string, string[]> = {};
      for (const platform of posts.platforms) {
        drafts[platform.platform] = platform.drafts;
        if (platform.warnings?.length) dropped[platform.platform] = platform.warnings;
      }
      return { ...state, status: 'done', fit: 'fit' in posts ? posts.fit : state.fit, drafts, dropped, writing: {} };
    }
    default:
      return state;
  }
}

export class DraftSession {
  state = initialState();
  private port: chrome.runtime.Port | null = null;
  private ping: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly kind: Kind,
    readonly body: DraftRequest,
    private readonly onChange: (state: SessionState) => void,
    private readonly connect: () => chrome.runtime.Port = () => chrome.runtime.connect({ name: DRAFT_PORT }),
  ) {}

  start(): void {
    let port: chrome.runtime.Port;
    try {
      port = this.connect();
    } catch (err) {
      this.apply({ type: 'error', error: { kind: 'down', message: `Voix was updated: reload the page (${String(err)}).` } });
      return;
    }
    this.port = port;
    port.onMessage.addListener((message: DraftPortMessage) => {
      this.apply(message);
      if (message.type !== 'event') this.close();
    });
    port.onDisconnect.addListener(() => {
      this.port = null;
      clearInterval(this.ping);
      if (this.state.status === 'streaming') {
        this.apply({ type: 'error', error: { kind: 'down', message: 'The Voix extension stopped answering: try again.' } });
      }
    });
    const start: DraftStart = { type: 'start', kind: this.kind, body: this.body };
    port.postMessage(start);
    this.ping = setInterval(() => this.port?.postMessage({ type: 'ping' }), PING_MS);
  }

  /** Stops the generation (the server sees the disconnect). */
  cancel(): void {
    this.close();
  }

  private close(): void {
    clearInterval(this.ping);
    const port = this.port;
    this.port = null;
    port?.disconnect();
  }

  private apply(message: DraftPortMessage): void {
    this.state = reduce(this.state, this.kind, message);
    this.onChange(this.state);
  }
}
