/** Runs an editor's insertion in the page's main world, the only world that reaches the
 * page's own editor instance (Quill on LinkedIn, see `editors/quill.ts`). Only the service
 * worker may call `chrome.scripting`. */

import { insertWithQuill, type MainWorldResult } from '../editors/quill';

export type { MainWorldResult };

export async function runInMainWorld(tabId: number, frameId: number, text: string): Promise<MainWorldResult> {
  const [injection] = await chrome.scripting.executeScript({
    target: { tabId, frameIds: [frameId] },
    world: 'MAIN',
    func: insertWithQuill,
    args: [text],
  });
  return (injection?.result as MainWorldResult | undefined) ?? { ok: false, reason: 'the script returned nothing' };
}
