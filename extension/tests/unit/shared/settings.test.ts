import { describe, expect, it } from 'vitest';

import { isPairingCode, normalizeApiUrl, normalizePairingCode, sanitizeSettings } from '../../../src/shared/settings';

describe('settings', () => {
  it('accepts only loopback API addresses', () => {
    expect(normalizeApiUrl('http://127.0.0.1:8765/')).toBe('http://127.0.0.1:8765');
    expect(normalizeApiUrl(' http://localhost:9000 ')).toBe('http://localhost:9000');
    expect(normalizeApiUrl('http://[::1]:8765')).toBe('http://[::1]:8765');
    for (const bad of ['https://voix.example.com', 'http://127.0.0.1.evil.com', 'ftp://127.0.0.1', 'http://user:pw@127.0.0.1', 'nonsense', 'http://192.168.1.2:8765']) {
      expect(normalizeApiUrl(bad), bad).toBeNull();
    }
  });

  it('normalises pairing codes typed loosely', () => {
    expect(normalizePairingCode('k7q4mz2p')).toBe('K7Q4-MZ2P');
    expect(normalizePairingCode(' K7Q4 - MZ2P ')).toBe('K7Q4-MZ2P');
    // as `voix pair` prints it, copied from the terminal with its spaces
    expect(normalizePairingCode('K  7  Q  4  -  M  Z  2  P')).toBe('K7Q4-MZ2P');
    expect(isPairingCode(normalizePairingCode('K  7  Q  4  -  M  Z  2  P'))).toBe(true);
    expect(isPairingCode(normalizePairingCode('K  7  Q  4  -  M  Z  2'))).toBe(false);
  });

  it('falls back to defaults for anything unusable', () => {
    expect(sanitizeSettings({ apiUrl: 'http://evil.com', defaultBrand: '../x', language: 'french', variants: 99 })).toEqual({
      apiUrl: 'http://127.0.0.1:8765',
      defaultBrand: '',
      language: '',
      variants: 5,
    });
  });
});
