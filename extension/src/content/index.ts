/** The content script: picks this site's adapter and puts Voix beside its editors. It never
 * sees the API token: every call goes through the background service worker. */

import { ask } from '../shared/messages';
import { copyText } from '../shared/dom';
import { DraftSession } from '../shared/session';
import { adapterFor } from '../sites';
import { FeedbackWatch } from './feedback';
import { EditorManager } from './manager';
import { Layer } from './ui/layer';

declare global {
  interface Window {
    __voixStarted?: boolean;
  }
}

function settle(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function main(): void {
  const adapter = adapterFor(location.hostname);
  if (!adapter || window.__voixStarted) return;
  window.__voixStarted = true;
  const watches = new WeakMap<HTMLElement, FeedbackWatch>();

  const layer = new Layer({
    adapter,
    async brands() {
      const [brands, settings] = await Promise.all([ask({ type: 'brands' }), ask({ type: 'settings:get' })]);
      if (!brands.ok) return brands;
      return { ok: true, brands: brands.brands, defaultBrand: settings.ok ? settings.settings.defaultBrand : '' };
    },
    newSession: (kind, body, onChange) => new DraftSession(kind, body, onChange),
    insert: (editor, text) =>
      adapter.editor(editor).insert(editor, text, {
        settle,
        mainWorld: async (value) => (await ask({ type: 'insert:main-world', text: value })).ok,
      }),
    inserted(editor, draft) {
      watches.get(editor)?.stop();
      const watch = new FeedbackWatch(
        adapter,
        editor,
        { brand: draft.brand, kind: draft.kind, platform: adapter.platform, draft: draft.text, variant: draft.variant, site: location.hostname },
        (feedback) => {
          void ask({ type: 'feedback', feedback }).then((answer) => {
            if (!answer.ok) console.info('Voix: feedback not recorded:', answer.error.message);
          });
        },
      );
      watches.set(editor, watch);
    },
    copy: (text) => copyText(text),
    openOptions: () => void ask({ type: 'options:open' }),
  });
  new EditorManager(adapter, layer).start();
}

main();
