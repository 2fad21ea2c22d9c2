import { beforeEach, describe, expect, it } from 'vitest';

import { contenteditable } from '../../../src/editors/contenteditable';
import { quill as quillEditor } from '../../../src/editors/quill';
import { linkedin, selectors } from '../../../src/sites/linkedin';
import { insertDeps, loadFixture, quill } from '../helpers';

const count = (selector: string): number => document.querySelectorAll(selector).length;
const editors = (): HTMLElement[] => linkedin.findEditors(document);
const post = (): HTMLElement => document.querySelector<HTMLElement>('[data-fixture-post]')!;
const POST = 'We are hiring a head roaster in Lyon. Five years of specialty roasting, French and English. Apply before 15 December.';

describe('LinkedIn: comments under a feed update', () => {
  beforeEach(() => loadFixture('linkedin/feed.html', 'https://www.linkedin.com/feed/'));

  it('finds the comment box and the reply box; selectors match what the page holds', () => {
    expect(editors()).toHaveLength(2);
    expect(count(selectors.editor)).toBe(2);
    expect(count(selectors.post)).toBe(1);
    expect(count(selectors.comment)).toBe(2);
    expect(count(selectors.submit)).toBe(2);
  });

  it('names Quill as the editor of its `.ql-editor` boxes, a generic contenteditable otherwise', () => {
    for (const editor of editors()) expect(linkedin.editor(editor)).toBe(quillEditor);
    const box = editors()[0]!;
    box.classList.remove('ql-editor'); // a comment box of another editor library
    expect(linkedin.editor(box)).toBe(contenteditable);
  });

  it('the comment box answers the post', () => {
    expect(linkedin.context(editors()[0]!)).toEqual({ mode: 'reply', comment: POST, author: 'Ondine Coffee Roasters', thread: [] });
  });

  it("the reply box answers the comment it sits in, not the replies under it", () => {
    expect(linkedin.context(editors()[1]!)).toEqual({
      mode: 'reply',
      comment: 'Is the role open to people relocating from Brussels? Do you help with the move?',
      author: 'Marc Lefèvre',
      thread: [`Ondine Coffee Roasters: ${POST}`],
    });
  });

  it("inserts through Quill's own API first, so its state updates and Comment enables", async () => {
    const editor = editors()[0]!;
    const site = quill(editor, post());
    expect(linkedin.editor(editor).methods[0]).toBe('quill');
    const text = 'Hi Marc, thanks for asking!\nRelocation help is part of the offer.';
    const outcome = await linkedin.editor(editor).insert(editor, text, insertDeps);
    expect(outcome).toMatchObject({ ok: true, method: 'quill' });
    expect(site.state()).toBe(text);
    expect(outcome.text).toBe(text);
    expect((post() as HTMLButtonElement).disabled).toBe(false);
  });

  it("finds each box's own submit button", () => {
    expect(linkedin.submitButton(editors()[0]!)).toBe(post());
    expect(linkedin.submitButton(editors()[1]!)?.textContent).toBe('Reply');
  });
});

describe('LinkedIn: share box', () => {
  beforeEach(() => loadFixture('linkedin/share-box.html', 'https://www.linkedin.com/feed/'));

  it('is a new post, posted with the share button', () => {
    expect(editors()).toHaveLength(1);
    expect(linkedin.context(editors()[0]!)).toEqual({ mode: 'post' });
    expect(linkedin.submitButton(editors()[0]!)?.textContent).toBe('Post');
  });
});
