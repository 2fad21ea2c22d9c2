import { describe, expect, it, vi } from 'vitest';

import { EditorManager, type EditorSink } from '../../../src/content/manager';
import type { SiteAdapter } from '../../../src/sites/types';
import { x } from '../../../src/sites/x';
import { loadFixture } from '../helpers';

function sink(): EditorSink & { set: Set<HTMLElement> } {
  const set = new Set<HTMLElement>();
  return {
    set,
    has: (e) => set.has(e),
    editors: () => [...set],
    add: (e) => void set.add(e),
    remove: (e) => void set.delete(e),
    schedule: () => undefined,
    ensureAttached: () => undefined,
  };
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('EditorManager', () => {
  it('follows editors as the page adds and removes them', async () => {
    loadFixture('x/home-compose.html', 'https://x.com/home');
    const s = sink();
    const manager = new EditorManager(x, s);
    manager.start();
    expect(s.set.size).toBe(1);
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    dialog.innerHTML = '<div contenteditable="true" role="textbox" data-testid="tweetTextarea_0"></div>';
    document.body.appendChild(dialog);
    await wait(200);
    expect(s.set.size).toBe(2);
    dialog.remove();
    await wait(200);
    expect(s.set.size).toBe(1);
    manager.stop();
  });

  it('survives an adapter that throws', () => {
    const broken: SiteAdapter = { ...x, findEditors: () => { throw new Error('selector broke'); } };
    const s = sink();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => new EditorManager(broken, s).scan()).not.toThrow();
    expect(s.set.size).toBe(0);
    expect(warn).toHaveBeenCalledWith('Voix: finding X editors failed', expect.any(Error));
    warn.mockRestore();
  });
});
