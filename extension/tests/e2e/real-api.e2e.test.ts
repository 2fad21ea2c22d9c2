/**
 * The extension against the real Voix API: `voix serve` with the embedded model (no network)
 * and the demo brand, in a throwaway VOIX_HOME. Pairs with a real one-time code, drafts a
 * reply on the X fixture (Draft.js), inserts it and checks the stored feedback. Needs the
 * project's virtual environment (`make install-dev`); `make test` has it.
 */

import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ARTIFACTS, ROOT, buttonFor, editorState, launch, layer, openSite, pairFromOptions, poll, type Browser } from './browser';
import { SITES, startSites, type SitesServer } from './sites';

const REPO = join(ROOT, '..');
const VOIX = join(REPO, '.venv', 'bin', 'voix');
const run = promisify(execFile);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.skipIf(!existsSync(VOIX))('Voix extension against the real API', () => {
  let home: string;
  let server: ChildProcess | undefined;
  let log = '';
  let apiUrl: string;
  let env: NodeJS.ProcessEnv;
  let sites: SitesServer;
  let browser: Browser;

  const token = (): string => readFileSync(join(home, 'token'), 'utf8').trim();
  const call = async (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(apiUrl + path, { ...init, headers: { Authorization: `Bearer ${token()}`, ...(init.headers ?? {}) } });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    home = mkdtempSync(join(tmpdir(), 'voix-home-'));
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    env = {
      ...process.env,
      VOIX_HOME: home,
      VOIX_PORT: String(port),
      VOIX_LLM: 'llamacpp', // the embedded model: offline, whatever else runs on the machine
      HF_HUB_OFFLINE: '1',
      TRANSFORMERS_OFFLINE: '1',
      ANONYMIZED_TELEMETRY: 'False',
    };
    await run(VOIX, ['kb', 'sync', join(REPO, 'knowledge', 'demo', 'ondine')], { env, cwd: REPO, timeout: 240_000 });
    server = spawn(VOIX, ['serve'], { env, cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    server.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    await poll(
      () => fetch(`${apiUrl}/health`).then((r) => r.ok, () => false),
      (ok) => ok || server?.exitCode !== null,
      'voix serve',
      90_000,
    );
    if (server.exitCode !== null) throw new Error(`voix serve stopped:\n${log}`);
    sites = await startSites();
    browser = await launch(sites.port);
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    await sites?.close();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server?.once('exit', resolve));
    }
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('pairs with a code from the API, drafts, inserts into Draft.js and records the feedback', async () => {
    const issued = await call('/v1/pairing/codes', { method: 'POST' }); // what `voix pair` does
    expect(issued.status).toBe(201);
    const { code } = (await issued.json()) as { code: string };
    // pasted as `voix pair` prints it (rich's panel spaces the characters out)
    await pairFromOptions(browser.context, apiUrl, [...code].join('  '), 1);

    const site = SITES.find((s) => s.id === 'x')!;
    const page = await openSite(browser.context, site);
    await (await buttonFor(page, site)).click();
    await poll(() => layer(page, '.status').textContent(), (t) => !!t && !t.includes('writing more') && /ready|No usable|not|refused|failed/.test(t), 'a draft from the model', 150_000);
    expect(await layer(page, '.status').textContent()).toBe('1 draft ready.');
    expect(await layer(page, '.triage .badge').first().textContent()).toMatch(/^complaint · severity \d$/);
    const draft = (await layer(page, '.draft').textContent()) ?? '';
    expect(draft.length).toBeGreaterThan(10);
    await page.screenshot({ path: join(ARTIFACTS, 'real-api-x-panel.png') });

    await layer(page, '.actions button:has-text("Insert")').click();
    await poll(() => editorState(page), (s) => s === draft, "the draft in Draft.js's state");
    expect(await page.locator('[data-fixture-post]').getAttribute('aria-disabled')).toBe('false');
    await page.locator('[data-fixture-post]').click();

    const recorded = await poll(
      async () => (await (await call('/v1/feedback?brand=ondine')).json()) as { draft: string; final: string | null; edited: boolean; site: string | null; platform: string; kind: string }[],
      (rows) => rows.length > 0,
      'the stored feedback',
    );
    expect(recorded[0]).toMatchObject({ kind: 'reply', platform: 'x', draft, final: draft, edited: false, site: 'x.com' });
    await page.close();
  }, 240_000);
});
