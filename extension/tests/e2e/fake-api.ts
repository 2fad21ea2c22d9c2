/** A stand-in for the Voix API in the end-to-end test: the same routes, JSON and SSE shapes
 * and problem bodies as server/ (schemas.py, routes/, routes/streaming.py), canned drafts. */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Citation, Draft, Feedback } from '../../src/shared/api';

export const PAIRING_CODE = 'K7Q4-MZ2P';

/** The reply each platform gets, so the test knows exactly what must land in the editor. */
export const REPLIES: Record<string, string[]> = {
  x: [
    "Hi Jane, we're sorry your order is late. Send us a DM and we'll check it today.",
    'So sorry for the wait, Jane! DM us and we will look into your parcel right away.',
  ],
  linkedin: [
    'Hi Marc, thanks for asking!\nRelocation help is part of the offer: tell us more in a private message.',
    'Thanks Marc: yes, we support relocation. Message us and we will share the details.',
  ],
  facebook: [
    'Hi Paul! A workshop is €45 and gift cards are available at the shop or on our website.',
    'Great idea, Paul: workshops make lovely gifts. Gift cards are at the shop.',
  ],
  instagram: [
    "We use a local oat milk we don't ship, sorry! Ask our baristas for the brand ☕",
    'Not yet, Paul! Our baristas will happily tell you which oat milk we use.',
  ],
};

/** The facts a canned reply carries, cited as the server cites them (by the draft's text). */
export const CITATIONS: Record<string, Citation[]> = {
  [REPLIES.facebook![0]!]: [
    {
      text: 'A workshop is €45 and gift cards are available at the shop or on our website.',
      kind: 'faq',
      label: 'FAQ: How much is a barista workshop?',
      source: 'faq/faq-en.md#workshops',
    },
  ],
};

export interface Recorded {
  method: string;
  path: string;
  auth: string | null;
  body: unknown;
}

export interface FakeApi {
  url: string;
  token: string;
  feedback: Feedback[];
  requests: Recorded[];
  /** While true, every connection is dropped, as when Voix is not running. */
  down: boolean;
  close(): Promise<void>;
}

const REPLY_FIELDS = new Set(['brand', 'platform', 'comment', 'context', 'author', 'language', 'variants']);
const POST_FIELDS = new Set(['brand', 'platforms', 'brief', 'language', 'tone', 'variants']);
const TREND_FIELDS = new Set(['brand', 'trend', 'platforms', 'examples', 'language', 'variants']);
const FEEDBACK_FIELDS = ['brand', 'kind', 'platform', 'draft', 'final', 'edited', 'variant', 'site'];

export async function startFakeApi(tokenDelayMs = 35): Promise<FakeApi> {
  const token = 'e2e-token-5f1c9a7e2b';
  let codeUsed = false;
  const api: FakeApi = { url: '', token, feedback: [], requests: [], down: false, close: async () => undefined };

  const server = createServer((req, res) => {
    if (api.down) {
      req.socket.destroy();
      return;
    }
    void handle(req, res).catch((err: unknown) => problem(res, 500, String(err)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const raw = await body(req);
    let data: unknown = null;
    if (raw) {
      try {
        data = JSON.parse(raw);
      } catch {
        return problem(res, 400, 'Malformed JSON');
      }
    }
    api.requests.push({ method: req.method ?? '', path, auth: req.headers.authorization ?? null, body: data });
    if (req.method === 'GET' && path === '/health') {
      return json(res, 200, { status: 'ok', backend: 'fake', model: 'fake-e2e', brands: 1, version: '0.0.0-e2e' });
    }
    if (req.method === 'POST' && path === '/v1/pair') {
      const code = (data as { code?: unknown } | null)?.code;
      if (code !== PAIRING_CODE || codeUsed) return problem(res, 400, 'Unknown or expired pairing code.');
      codeUsed = true;
      return json(res, 200, { token });
    }
    if (req.headers.authorization !== `Bearer ${token}`) return problem(res, 401, 'Missing or wrong bearer token');
    if (req.method === 'GET' && path === '/v1/brands') {
      return json(res, 200, [
        { id: 'ondine', name: 'Ondine Coffee Roasters', description: 'Specialty coffee, Lyon', languages: ['fr', 'en'], chunks: 120 },
        { id: 'demo', name: 'Demo brand', description: '', languages: ['en'], chunks: 3 },
      ]);
    }
    if (req.method === 'POST' && path === '/v1/feedback') {
      const fb = data as Record<string, unknown>;
      const missing = FEEDBACK_FIELDS.filter((f) => !(f in (fb ?? {})));
      if (missing.length) return problem(res, 422, `Missing ${missing.join(', ')}`);
      api.feedback.push(fb as unknown as Feedback);
      return json(res, 201, { id: String(api.feedback.length) });
    }
    if (req.method === 'POST' && path.startsWith('/v1/drafts/')) {
      const kind = path.slice('/v1/drafts/'.length);
      const fields = kind === 'reply' ? REPLY_FIELDS : kind === 'post' ? POST_FIELDS : kind === 'trend' ? TREND_FIELDS : null;
      if (!fields) return problem(res, 404, 'Not found');
      const request = (data ?? {}) as Record<string, unknown>;
      const unknown = Object.keys(request).filter((k) => !fields.has(k));
      if (unknown.length) return problem(res, 400, `Object contains unknown field \`${unknown[0]}\``);
      if (request.brand !== 'ondine' && request.brand !== 'demo') return problem(res, 404, `Unknown brand ${String(request.brand)}`);
      return draft(kind, request, req, res);
    }
    return problem(res, 404, 'Not found');
  }

  async function draft(kind: string, request: Record<string, unknown>, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const variants = Math.min(Number(request.variants ?? 1), 2);
    const platforms = kind === 'reply' ? [String(request.platform)] : (request.platforms as string[]);
    const drafts = platforms.map((platform) =>
      (REPLIES[platform] ?? REPLIES.x!).slice(0, variants).map((text) => makeDraft(text, platform)),
    );
    const triage = {
      category: 'complaint',
      sentiment: 'negative',
      severity: 2,
      language: 'en',
      pii: [],
      injection_suspected: false,
      action: 'reply_public',
      why: 'A complaint about a late order: acknowledge, apologise, give a next step.',
    };
    const fit = { score: 0.72, verdict: 'go', risks: [], why: 'Close to what the brand already posts.' };
    const done =
      kind === 'reply'
        ? { drafts: drafts[0], language: 'en', triage, note: null }
        : { ...(kind === 'trend' ? { fit } : {}), language: 'en', platforms: platforms.map((p, i) => ({ platform: p, drafts: drafts[i], visual: { format: 'image', aspect: '1:1' } })) };
    if (!(req.headers.accept ?? '').includes('text/event-stream')) return json(res, 200, done);

    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    let open = true;
    res.on('close', () => (open = false));
    const send = (event: string, payload: unknown): void => {
      if (open) res.write(`event: ${event}\r\ndata: ${JSON.stringify(payload)}\r\n\r\n`);
    };
    if (kind === 'reply') send('triage', triage);
    if (kind === 'trend') send('triage', fit);
    for (const [p, platformDrafts] of drafts.entries()) {
      for (const [variant, d] of (platformDrafts ?? []).entries()) {
        for (const piece of d.text.match(/.{1,6}/gsu) ?? []) {
          if (!open) return;
          send('token', { variant, attempt: 0, platform: platforms[p], text: piece });
          await sleep(tokenDelayMs);
        }
        send('draft', d);
      }
    }
    send('done', done);
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return api;
}

function makeDraft(text: string, platform: string): Draft {
  return {
    text,
    platform,
    chars: [...text].length,
    limit: platform === 'x' ? 280 : 2200,
    sources: [{ kind: 'faq', source: 'faq/faq-en.md', excerpt: 'Orders ship within 48 hours; <b>not</b> on Sundays.' }],
    warnings: ['Removed a price absent from the sources.'],
    ...(CITATIONS[text] ? { citations: CITATIONS[text] } : {}), // none: as an older server
    thread: [],
    hashtags: [],
    angle: null,
  };
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}

function problem(res: ServerResponse, status: number, detail: string): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: `https://voix.local/problems/${status}`, title: 'Error', status, detail }));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
