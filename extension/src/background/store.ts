/** Settings and the API token in `chrome.storage.local`, restricted to trusted extension
 * contexts so that content scripts, which run inside social sites' pages, cannot read them. */

import { DEFAULT_SETTINGS, type PublicSettings, type Settings, sanitizeSettings } from '../shared/settings';

const SETTINGS_KEY = 'settings';
const TOKEN_KEY = 'token';

/** Called at every service-worker start: the access level is not a stored setting. */
export async function restrictStorage(): Promise<void> {
  try {
    await chrome.storage.local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  } catch (err) {
    console.warn('Voix: could not restrict storage to trusted contexts', err);
  }
}

export async function loadSettings(): Promise<Settings> {
  const stored = await chrome.storage.local.get(SETTINGS_KEY);
  return sanitizeSettings((stored[SETTINGS_KEY] as Partial<Settings> | undefined) ?? DEFAULT_SETTINGS);
}

export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const settings = sanitizeSettings({ ...(await loadSettings()), ...patch });
  await chrome.storage.local.set({ [SETTINGS_KEY]: settings });
  return settings;
}

export async function loadToken(): Promise<string | null> {
  const stored = await chrome.storage.local.get(TOKEN_KEY);
  const token = stored[TOKEN_KEY];
  return typeof token === 'string' && token ? token : null;
}

export async function saveToken(token: string | null): Promise<void> {
  if (token) await chrome.storage.local.set({ [TOKEN_KEY]: token });
  else await chrome.storage.local.remove(TOKEN_KEY);
}

export async function publicSettings(): Promise<PublicSettings> {
  return { ...(await loadSettings()), paired: (await loadToken()) !== null };
}
