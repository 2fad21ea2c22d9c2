/** What every editor module provides, and the one insertion loop they share. An editor keeps
 * its own model of the text, so writing into the DOM does not reach it: each module lists
 * the routes into its model, and a route is kept only when reading the editor back gives the
 * text. Text goes in as text/plain only, never as HTML. */

/** The editor libraries the sites use; `contenteditable` is any other rich-text box. */
export type EditorKind = 'draft-js' | 'lexical' | 'quill' | 'textarea' | 'contenteditable';

export interface InsertDeps {
  /** Runs Quill's insertion in the page's main world (through the service worker). */
  mainWorld(text: string): Promise<boolean>;
  /** Lets the editor process events and re-render (a frame in a browser). */
  settle(): Promise<void>;
}

export interface InsertOutcome {
  ok: boolean;
  /** The route that worked. */
  method?: string;
  /** Routes tried, in order. */
  tried: string[];
  /** What the editor holds afterwards. */
  text: string;
}

/** One way to put text into an editor. It throws when it cannot run; whether it worked is
 * judged by reading the editor back. */
export interface Route {
  /** Shown in the panel's `data-insert-method` (diagnosis and the e2e test). */
  name: string;
  run(el: HTMLElement, text: string, deps: InsertDeps): Promise<void> | void;
}

export interface Editor {
  kind: EditorKind;
  /** Whether `el` carries this editor's own markers (for a site whose boxes differ). */
  is(el: HTMLElement): boolean;
  /** Names of its routes, in the order they are tried. */
  methods: readonly string[];
  /** Replaces what the editor holds with `text`, so that the editor's own state updates. */
  insert(el: HTMLElement, text: string, deps: InsertDeps): Promise<InsertOutcome>;
  /** The text as the editor's own model holds it, one line per paragraph. */
  read(el: HTMLElement): string;
}

export interface EditorParts {
  kind: EditorKind;
  is(el: HTMLElement): boolean;
  routes: readonly Route[];
  /** Focuses the editor and selects all it holds, so that what a route puts in replaces it. */
  selectAll(el: HTMLElement): void;
  read(el: HTMLElement): string;
}

/** Same text as people read it: spacing and invisible characters aside. */
export function sameText(a: string, b: string): boolean {
  const norm = (s: string): string =>
    s
      .normalize('NFC')
      .replace(/[\u200b\u200c\u200d\ufeff]/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  return norm(a) === norm(b);
}

/** An editor from its parts: its routes tried in order, each checked by reading back. */
export function defineEditor({ kind, is, routes, selectAll, read }: EditorParts): Editor {
  return {
    kind,
    is,
    methods: routes.map((route) => route.name),
    read,
    async insert(el, text, deps) {
      const tried: string[] = [];
      for (const route of routes) {
        tried.push(route.name);
        try {
          selectAll(el);
          await deps.settle(); // editors pick the selection up from `selectionchange`, a task later
          await route.run(el, text, deps);
          await deps.settle();
        } catch {
          continue;
        }
        if (sameText(read(el), text)) return { ok: true, method: route.name, tried, text: read(el) };
      }
      return { ok: false, tried, text: read(el) };
    },
  };
}
