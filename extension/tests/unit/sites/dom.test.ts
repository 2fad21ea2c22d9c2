import { afterEach, describe, expect, it } from 'vitest';

import { textOf } from '../../../src/sites/dom';

/** A comment's markup, with the page's style sheet where it matters. */
function page(html: string, css = ''): HTMLElement {
  document.head.innerHTML = css ? `<style>${css}</style>` : '';
  document.body.innerHTML = `<div id="t">${html}</div>`;
  return document.getElementById('t')!;
}

afterEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('textOf: the text as a person reads it', () => {
  it("keeps X's inline-flex @mentions on the line, with the punctuation that follows them", () => {
    const el = page(
      '<span>My SIM card never arrived. </span><div class="css-175oi2r r-xoduu5" style="display:inline-flex"><span><a href="/OndineMobile">@OndineMobile</a></span></div><span> what is going on? Thanks </span><div style="display:inline-flex"><span><a href="/paulm">@paulm</a></span></div><span>!</span>',
      '.css-175oi2r { display: flex; flex-direction: column; }',
    );
    expect(textOf(el)).toBe('My SIM card never arrived. @OndineMobile what is going on? Thanks @paulm!');
    // In a real browser the box's child is a flex item, which computes as a block: still inline.
    const blockified = page('<span>Hi </span><div style="display:inline-flex"><span style="display:block"><a href="/a">@a</a></span><span style="display:block">and more</span></div><span>, bye</span>');
    expect(textOf(blockified)).toBe('Hi @a and more, bye');
  });

  it('keeps real line breaks: <br>, blocks, paragraphs (a blank line), and pre-wrap text', () => {
    expect(textOf(page('<span>one<br>two</span>'))).toBe('one\ntwo');
    expect(textOf(page('<div>first</div><div>second</div>'))).toBe('first\nsecond');
    expect(textOf(page('\n  <p>Para one.</p>\n  <p>Para two.</p>\n'))).toBe('Para one.\n\nPara two.');
    expect(textOf(page('<span class="pw">line one\nline two</span>', '.pw { white-space: pre-wrap; }'))).toBe('line one\nline two');
  });

  it("collapses the markup's own whitespace, as the page does", () => {
    expect(textOf(page('<span>  spread\n   over   </span>\n<a href="/x">lines</a>'))).toBe('spread over lines');
  });

  it('reads an emoji image as its character, and leaves out other images and hidden text', () => {
    const el = page(
      '<span>Love it </span><img alt="😍" src="data:,"><img alt="Profile picture" src="data:,"><span hidden>secret</span><span style="display:none">gone</span><script>var x = 1;</script>',
    );
    expect(textOf(el)).toBe('Love it 😍');
  });

  it('reads an element on its own, even one the page does not show', () => {
    expect(textOf(null)).toBe('');
    expect(textOf(page('<span style="display:none">Kept   for later</span>').firstElementChild)).toBe('Kept for later');
    expect(textOf(page('<b>Jane</b> <i>Doe</i>'))).toBe('Jane Doe');
  });
});
