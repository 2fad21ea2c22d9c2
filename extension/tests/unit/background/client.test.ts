// @vitest-environment node
import { describe, expect, it } from 'vitest';

import { ApiClient, ApiFailure, type StreamEvent } from '../../../src/background/client';

const URL_ = 'http://127.0.0.1:8765';

function client(fetchImpl: typeof fetch, token: string | null = 'tok'): ApiClient {
  return new ApiClient(async () => ({ apiUrl: URL_, token }), fetchImpl);
}

function problem(status: number, detail: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ type: 'x', title: 'T', status, detail }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

async function failure(promise: Promise<unknown>): Promise<ApiFailure> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiFailure) return err;
    throw err;
  }
  throw new Error('did not fail');
}

async function collect(stream: AsyncGenerator<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of stream) out.push(event);
  return out;
}

describe('ApiClient', () => {
  it('says what to run when Voix is down', async () => {
    const down = client(async () => {
      throw new TypeError('Failed to fetch');
    });
    const err = await failure(down.health());
    expect(err.error.kind).toBe('down');
    expect(err.message).toBe('Voix is not answering at http://127.0.0.1:8765. Start it with `make run` (or `voix serve`), then try again.');
  });

  it('sends the bearer token, and turns a 401 into "pair again"', async () => {
    const seen: Headers[] = [];
    const api = client(async (_url, init) => {
      seen.push(new Headers(init?.headers));
      return problem(401, 'Missing or wrong bearer token');
    });
    const err = await failure(api.brands());
    expect(seen[0]?.get('authorization')).toBe('Bearer tok');
    expect(err.error).toMatchObject({ kind: 'unpaired', status: 401 });
  });

  it('never calls the API unpaired', async () => {
    let calls = 0;
    const api = client(async () => {
      calls += 1;
      return new Response('[]');
    }, null);
    expect((await failure(api.brands())).error.kind).toBe('unpaired');
    expect(calls).toBe(0);
  });

  it("passes a problem's detail on, with Retry-After when busy", async () => {
    const api = client(async () => problem(503, 'The model is busy.', { 'retry-after': '5' }));
    expect((await failure(api.brands())).message).toBe('The model is busy. Try again in 5 s.');
  });

  it('pairs without a token and explains a refused code', async () => {
    const bodies: unknown[] = [];
    const ok = client(async (_url, init) => {
      bodies.push(JSON.parse(String(init?.body)));
      expect(new Headers(init?.headers).has('authorization')).toBe(false);
      return new Response(JSON.stringify({ token: 'new' }), { headers: { 'content-type': 'application/json' } });
    }, null);
    expect(await ok.pair(URL_, 'K7Q4-MZ2P')).toBe('new');
    expect(bodies).toEqual([{ code: 'K7Q4-MZ2P' }]);
    const refused = client(async () => problem(400, 'Unknown or expired pairing code.'), null);
    expect((await failure(refused.pair(URL_, 'AAAA-BBBB'))).message).toContain('Voix did not accept the code');
  });

  it('streams SSE events in order and ends on done', async () => {
    const sse = 'event: triage\r\ndata: {"category":"question"}\r\n\r\nevent: token\r\ndata: {"text":"Hi"}\r\n\r\nevent: done\r\ndata: {"drafts":[]}\r\n\r\n';
    const api = client(async (_url, init) => {
      expect(new Headers(init?.headers).get('accept')).toBe('text/event-stream');
      return new Response(sse, { headers: { 'content-type': 'text/event-stream' } });
    });
    const events = await collect(api.stream('reply', { brand: 'b', platform: 'x', comment: 'c' }, new AbortController().signal));
    expect(events.map((e) => e.event)).toEqual(['triage', 'token', 'done']);
    expect(events[1]?.data).toEqual({ text: 'Hi' });
  });

  it('raises an error event in the stream as a failure', async () => {
    const sse = 'event: token\ndata: {"text":"x"}\n\nevent: error\ndata: {"title":"Drafting failed","detail":"model crashed"}\n\n';
    const api = client(async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }));
    const err = await failure(collect(api.stream('reply', { brand: 'b', platform: 'x', comment: 'c' }, new AbortController().signal)));
    expect(err.error).toEqual({ kind: 'stream', message: 'Drafting failed: model crashed' });
  });

  it('treats a stream cut before done as a failure', async () => {
    const api = client(async () => new Response('event: token\ndata: {"text":"x"}\n\n', { headers: { 'content-type': 'text/event-stream' } }));
    const err = await failure(collect(api.stream('post', { brand: 'b', platforms: ['x'], brief: 'abc' }, new AbortController().signal)));
    expect(err.error.kind).toBe('stream');
  });
});
