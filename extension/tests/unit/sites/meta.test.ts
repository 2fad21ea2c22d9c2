// @vitest-environment node
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ADAPTERS, adapterFor } from '../../../src/sites';
import { FIXTURES, ROOT } from '../helpers';

const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as {
  content_scripts: { matches: string[] }[];
  host_permissions: string[];
  key: string;
};

/** Chrome's match-pattern host rule, enough for the patterns the manifest uses. */
function matched(host: string): boolean {
  return manifest.content_scripts[0]!.matches.some((pattern) => {
    const h = /^https:\/\/([^/]+)\//.exec(pattern)?.[1] ?? '';
    return h.startsWith('*.') ? host === h.slice(2) || host.endsWith(h.slice(1)) : host === h;
  });
}

describe('site adapters', () => {
  it('each has its own fixtures and tests', () => {
    const ids = ADAPTERS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(readdirSync(join(FIXTURES, id)).filter((f) => f.endsWith('.html')).length, id).toBeGreaterThan(0);
      expect(existsSync(join(ROOT, 'tests', 'unit', 'sites', `${id}.test.ts`)), id).toBe(true);
    }
  });

  it('the right adapter serves each host, and the manifest injects on each', () => {
    const hosts: Record<string, string | null> = {
      'x.com': 'x',
      'twitter.com': 'x',
      'mobile.twitter.com': 'x',
      'www.linkedin.com': 'linkedin',
      'www.facebook.com': 'facebook',
      'web.facebook.com': 'facebook',
      'www.instagram.com': 'instagram',
      'notx.com': null,
      'facebook.com.evil.net': null,
    };
    for (const [host, id] of Object.entries(hosts)) {
      expect(adapterFor(host)?.id ?? null, host).toBe(id);
      expect(matched(host), host).toBe(id !== null);
    }
  });

  it('the manifest carries the public key that fixes the extension id, and no private key', () => {
    expect(manifest.key).toMatch(/^MIIB[A-Za-z0-9+/=]+$/);
    expect(JSON.stringify(manifest)).not.toMatch(/PRIVATE/);
    expect(manifest.host_permissions).toEqual(expect.arrayContaining(['http://127.0.0.1/*', 'http://localhost/*']));
  });
});
