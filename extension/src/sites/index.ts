/** Every site adapter. Adding a site: one file in this folder, one line here, one fixture. */

import { facebook } from './facebook';
import { instagram } from './instagram';
import { linkedin } from './linkedin';
import type { SiteAdapter } from './types';
import { x } from './x';

export const ADAPTERS: readonly SiteAdapter[] = [x, linkedin, facebook, instagram];

export function adapterFor(hostname: string): SiteAdapter | null {
  return ADAPTERS.find((adapter) => adapter.matches(hostname)) ?? null;
}
