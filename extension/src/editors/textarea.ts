/** A React-controlled `<textarea>` (or `<input>`): Instagram's comment box. React keeps its
 * own copy of `value` on the element, so a plain assignment goes unnoticed; the prototype's
 * native setter followed by an `input` event is what makes it see the change. */

import { defineEditor, type Route } from './editor';
import { execCommand } from './routes';

type TextField = HTMLTextAreaElement | HTMLInputElement;

function isTextField(el: HTMLElement): el is TextField {
  return el.tagName === 'TEXTAREA' || el.tagName === 'INPUT';
}

/** The native `value` setter, then an `input` event. */
export const nativeSetter: Route = {
  name: 'native-setter',
  run(el, text) {
    if (!isTextField(el)) throw new Error('not a text field');
    const view = el.ownerDocument.defaultView as Window & typeof globalThis;
    const proto = el.tagName === 'TEXTAREA' ? view.HTMLTextAreaElement.prototype : view.HTMLInputElement.prototype;
    const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
    if (!setter) throw new Error('no native value setter');
    // React tracks `value` on the element itself; the prototype's setter bypasses its tracker,
    // so its `input` listener sees a change and updates the component's state.
    setter.call(el, text);
    el.dispatchEvent(new view.InputEvent('input', { bubbles: true, inputType: 'insertReplacementText', data: text }));
    el.setSelectionRange(text.length, text.length);
  },
};

export const textarea = defineEditor({
  kind: 'textarea',
  is: isTextField,
  routes: [nativeSetter, execCommand],
  selectAll(el) {
    el.focus();
    if (isTextField(el)) el.select();
  },
  read: (el) => (isTextField(el) ? el.value : ''),
});
