/** Routes into an editor that several editor kinds take: the events a real paste or a real
 * edit would fire, and the browser's own editing. Each carries text/plain only. */

import type { Route } from './editor';

type View = Window & typeof globalThis;

function viewOf(el: HTMLElement): View {
  return el.ownerDocument.defaultView as View;
}

function dataTransfer(el: HTMLElement, text: string): DataTransfer {
  const view = el.ownerDocument.defaultView as View | null;
  const data = new (view?.DataTransfer ?? DataTransfer)();
  data.setData('text/plain', text);
  return data;
}

/** A synthetic `paste` ClipboardEvent carrying a DataTransfer, handled as a real paste. */
export const paste: Route = {
  name: 'paste',
  run(el, text) {
    el.dispatchEvent(
      new (viewOf(el).ClipboardEvent)('paste', {
        clipboardData: dataTransfer(el, text),
        bubbles: true,
        cancelable: true,
        composed: true,
      }),
    );
  },
};

/** A `beforeinput` InputEvent, `insertReplacementText`, carrying a DataTransfer. */
export const beforeinput: Route = {
  name: 'beforeinput',
  run(el, text) {
    el.dispatchEvent(
      new (viewOf(el).InputEvent)('beforeinput', {
        inputType: 'insertReplacementText',
        data: null,
        dataTransfer: dataTransfer(el, text),
        bubbles: true,
        cancelable: true,
        composed: true,
      }),
    );
  },
};

/** `document.execCommand('insertText')`: the browser's own editing, the last resort. */
export const execCommand: Route = {
  name: 'exec-command',
  run(el, text) {
    const doc = el.ownerDocument as Document & { execCommand?: Document['execCommand'] };
    if (typeof doc.execCommand !== 'function' || !doc.execCommand('insertText', false, text)) {
      throw new Error('insertText refused');
    }
  },
};
