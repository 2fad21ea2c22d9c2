/** Every call to the Voix API: JSON requests, SSE draft streams, and errors turned into
 * messages a community manager can act on. */

import {
  DRAFT_PATHS,
  type BrandSummary,
  type DraftRequest,
  type Feedback,
  type Health,
  type Kind,
  type Problem,
} from '../shared/api';
import type { ApiError, DraftEventName } from '../shared/messages';
import { SseParser } from './sse';

export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

export interface ApiConfig {
  apiUrl: string;
  token: string | null;
}

export interface StreamEvent {
  event: DraftEventName;
  data: unknown;
}

const REQUEST_TIMEOUT_MS = 15_000;
const STREAM_EVENTS: ReadonlySet<string> = new Set(['triage', 'token', 'draft', 'done']);

export class ApiClient {
  constructor(
    private readonly config: () => Promise<ApiConfig>,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  async health(): Promise<Health> {
    const { apiUrl } = await this.config();
    return (await this.json(apiUrl, '/health', { method: 'GET' }, null)) as Health;
  }

  async brands(): Promise<BrandSummary[]> {
    const { apiUrl, token } = await this.authorized();
    return (await this.json(apiUrl, '/v1/brands', { method: 'GET' }, token)) as BrandSummary[];
  }

  /** Exchanges a one-time code from `voix pair` for the API token. */
  async pair(apiUrl: string, code: string): Promise<string> {
    const body = JSON.stringify({ code });
    let answer: { token?: unknown };
    try {
      answer = (await this.json(apiUrl, '/v1/pair', { method: 'POST', body }, null)) as { token?: unknown };
    } catch (err) {
      if (err instanceof ApiFailure && err.error.kind !== 'down') {
        const why = err.error.kind === 'unpaired' ? '' : ` (${err.error.message})`;
        throw new ApiFailure({
          kind: 'problem',
          status: err.error.status,
          message: `Voix did not accept the code${why}. Codes expire and work once: run \`voix pair\` for a new one.`,
        });
      }
      throw err;
    }
    if (typeof answer.token !== 'string' || !answer.token) {
      throw new ApiFailure({ kind: 'problem', message: 'Voix answered the pairing without a token.' });
    }
    return answer.token;
  }

  async feedback(feedback: Feedback): Promise<string | null> {
    const { apiUrl, token } = await this.authorized();
    const body = JSON.stringify(feedback);
    const answer = (await this.json(apiUrl, '/v1/feedback', { method: 'POST', body }, token)) as { id?: unknown };
    return answer.id == null ? null : String(answer.id);
  }

  /** The draft's events as they come; aborting `signal` stops the server's generation. */
  async *stream(kind: Kind, body: DraftRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
    const { apiUrl, token } = await this.authorized();
    const response = await this.send(
      apiUrl,
      DRAFT_PATHS[kind],
      { method: 'POST', body: JSON.stringify(body), signal, headers: { Accept: 'text/event-stream' } },
      token,
    );
    if (!response.headers.get('content-type')?.includes('text/event-stream')) {
      yield { event: 'done', data: await response.json() };
      return;
    }
    if (!response.body) throw new ApiFailure({ kind: 'stream', message: 'Voix sent an empty stream.' });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new SseParser();
    let done = false;
    try {
      for (;;) {
        const chunk = await reader.read().catch((err: unknown) => {
          if (signal.aborted) throw err;
          throw new ApiFailure({ kind: 'down', message: `The connection to Voix broke while drafting (${String(err)}).` });
        });
        const messages = chunk.done ? parser.end() : parser.push(chunk.value);
        for (const message of messages) {
          const data = parseJson(message.data);
          if (message.event === 'error') {
            const problem = (data ?? {}) as Problem;
            throw new ApiFailure({
              kind: 'stream',
              message: [problem.title ?? 'Drafting failed', problem.detail].filter(Boolean).join(': '),
            });
          }
          if (STREAM_EVENTS.has(message.event)) {
            if (message.event === 'done') done = true;
            yield { event: message.event as DraftEventName, data };
          }
        }
        if (chunk.done) break;
      }
    } finally {
      reader.releaseLock();
    }
    if (!done) throw new ApiFailure({ kind: 'stream', message: 'The draft stream ended before its result.' });
  }

  private async authorized(): Promise<{ apiUrl: string; token: string }> {
    const { apiUrl, token } = await this.config();
    if (!token) {
      throw new ApiFailure({
        kind: 'unpaired',
        message: 'Voix is not paired yet: run `voix pair` and enter its code in the extension options.',
      });
    }
    return { apiUrl, token };
  }

  private async json(apiUrl: string, path: string, init: RequestInit, token: string | null): Promise<unknown> {
    const response = await this.send(apiUrl, path, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }, token);
    return response.json();
  }

  private async send(apiUrl: string, path: string, init: RequestInit, token: string | null): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.body) headers.set('Content-Type', 'application/json');
    if (token) headers.set('Authorization', `Bearer ${token}`);
    let response: Response;
    try {
      response = await this.fetchImpl(apiUrl + path, { ...init, headers, credentials: 'omit', cache: 'no-store' });
    } catch (err) {
      if (init.signal?.aborted && (err as Error).name === 'AbortError') throw err;
      throw new ApiFailure({
        kind: 'down',
        message: `Voix is not answering at ${apiUrl}. Start it with \`make run\` (or \`voix serve\`), then try again.`,
      });
    }
    if (!response.ok) throw new ApiFailure(await describe(response));
    return response;
  }
}

async function describe(response: Response): Promise<ApiError> {
  const problem = ((await response.json().catch(() => null)) ?? {}) as Problem;
  const detail = problem.detail ?? problem.title ?? response.statusText;
  const status = response.status;
  if (status === 401) {
    return {
      kind: 'unpaired',
      status,
      message: 'Voix refused the extension\'s token: pair again in the extension options with a code from `voix pair`.',
    };
  }
  if (status === 429 || status === 503) {
    const wait = response.headers.get('retry-after');
    const retry = wait ? ` Try again in ${wait} s.` : '';
    return { kind: 'problem', status, message: `${detail || 'Voix is busy.'}${retry}` };
  }
  return { kind: 'problem', status, message: detail || `Voix answered ${status}.` };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
