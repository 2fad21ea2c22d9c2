/** The social sites, as the browser sees them in the end-to-end test: one HTTPS server on
 * loopback answering for x.com, www.linkedin.com, www.facebook.com and www.instagram.com
 * (Chromium maps those names to it), serving the fixture pages with the real editor
 * libraries mounted in them. */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

export interface Site {
  /** Adapter id. */
  id: string;
  host: string;
  /** Path of the page, as on the real site. */
  path: string;
  fixture: string;
  /** The fixture script mounting the site's editor library. */
  editor: 'draft-js' | 'quill' | 'lexical' | 'react-textarea';
  /** The insertion method that must work first on that editor. */
  method: 'paste' | 'quill' | 'beforeinput' | 'native-setter';
}

export const SITES: Site[] = [
  { id: 'x', host: 'x.com', path: '/janedoe/status/1861', fixture: 'x/status-reply.html', editor: 'draft-js', method: 'paste' },
  { id: 'linkedin', host: 'www.linkedin.com', path: '/feed/', fixture: 'linkedin/feed.html', editor: 'quill', method: 'quill' },
  { id: 'facebook', host: 'www.facebook.com', path: '/ondinecoffee/posts/42', fixture: 'facebook/post-comments.html', editor: 'lexical', method: 'beforeinput' },
  { id: 'instagram', host: 'www.instagram.com', path: '/p/C0ffee/', fixture: 'instagram/post-comments.html', editor: 'react-textarea', method: 'native-setter' },
];

export interface SitesServer {
  port: number;
  close(): Promise<void>;
}

export async function startSites(root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')): Promise<SitesServer> {
  const dir = mkdtempSync(join(tmpdir(), 'voix-sites-'));
  // A throwaway self-signed certificate: Chromium runs with --ignore-certificate-errors.
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=voix-e2e'],
    { stdio: 'ignore' },
  );
  const bundles = new Map<string, string>();
  for (const editor of new Set(SITES.map((s) => s.editor))) {
    const result = await build({
      entryPoints: [join(root, 'fixtures', 'e2e', `${editor}.js`)],
      bundle: true,
      format: 'iife',
      write: false,
      minify: true,
      logLevel: 'error',
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' }, // Draft.js's fbjs reads `global`
    });
    bundles.set(editor, result.outputFiles[0]!.text);
  }
  const server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    const site = SITES.find((s) => s.host === host);
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    if (site && path === `/__fixture/${site.editor}.js`) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(bundles.get(site.editor));
      return;
    }
    if (!site || path !== site.path) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const html = readFileSync(join(root, 'fixtures', site.fixture), 'utf8').replace(
      '</body>',
      `<script src="/__fixture/${site.editor}.js"></script></body>`,
    );
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
