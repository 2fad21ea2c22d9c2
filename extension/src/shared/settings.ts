/** The extension's settings. The token lives beside them in storage that only trusted
 * extension contexts can read; `PublicSettings` is what other parts may see. */

export interface Settings {
  /** The local Voix API: loopback only, since the token travels with every call. */
  apiUrl: string;
  /** Brand preselected in the panel and the popup; '' picks the first one. */
  defaultBrand: string;
  /** Draft language: '' follows the comment (replies) or the brief (posts). */
  language: string;
  /** How many drafts to ask for (1-5). */
  variants: number;
}

export interface PublicSettings extends Settings {
  paired: boolean;
}

export const DEFAULT_API_URL = 'http://127.0.0.1:8765';

export const DEFAULT_SETTINGS: Settings = {
  apiUrl: DEFAULT_API_URL,
  defaultBrand: '',
  language: '',
  variants: 2,
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The API URL without its trailing slash, or null when it is not a loopback http(s) URL:
 * the token must never be sent anywhere but this machine. */
export function normalizeApiUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!LOOPBACK.has(url.hostname)) return null;
  if (url.username || url.password || url.search || url.hash) return null;
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** Settings with every field checked; anything unusable falls back to its default. */
export function sanitizeSettings(raw: Partial<Settings> | undefined): Settings {
  const s = { ...DEFAULT_SETTINGS, ...(raw ?? {}) };
  const variants = Math.round(Number(s.variants));
  return {
    apiUrl: normalizeApiUrl(String(s.apiUrl)) ?? DEFAULT_API_URL,
    defaultBrand: /^[a-z0-9][a-z0-9_-]{0,62}$/.test(String(s.defaultBrand)) ? String(s.defaultBrand) : '',
    language: /^[a-z]{2}$/.test(String(s.language)) ? String(s.language) : '',
    variants: Number.isFinite(variants) ? Math.min(5, Math.max(1, variants)) : DEFAULT_SETTINGS.variants,
  };
}

/** `k7q4 mz2p` → `K7Q4-MZ2P`: people type codes loosely. */
/** What `voix pair` shows, however it was copied: `K7Q4-MZ2P`, `k7q4 mz2p`, or the terminal's
 * spaced-out `K  7  Q  4  -  M  Z  2  P`. */
export function normalizePairingCode(raw: string): string {
  const compact = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : raw.trim().toUpperCase();
}

export function isPairingCode(normalized: string): boolean {
  return /^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(normalized);
}
