import { describe, expect, it, vi } from 'vitest';

import type { Draft } from '../../../src/shared/api';
import type { DraftPortMessage } from '../../../src/shared/messages';
import { DraftSession, initialState, reduce, type SessionState } from '../../../src/shared/session';

const draft = (text: string, platform = 'x'): Draft => ({ text, platform, chars: text.length, limit: 280, sources: [], warnings: [], thread: [], hashtags: [] });
const token = (text: string, variant = 0, attempt = 0, platform = 'x'): DraftPortMessage => ({ type: 'event', event: 'token', data: { text, variant, attempt, platform } });

describe('reduce', () => {
  it('accumulates tokens, and starts over on a new attempt or variant', () => {
    let s = initialState();
    s = reduce(s, 'reply', token('Hel'));
    s = reduce(s, 'reply', token('lo'));
    expect(s.writing.x?.text).toBe('Hello');
    s = reduce(s, 'reply', token('Re', 0, 1));
    expect(s.writing.x).toEqual({ variant: 0, attempt: 1, text: 'Re' });
    s = reduce(s, 'reply', { type: 'event', event: 'draft', data: draft('Rewritten') });
    expect(s.drafts.x?.map((d) => d.text)).toEqual(['Rewritten']);
    expect(s.writing.x).toBeUndefined();
    s = reduce(s, 'reply', token('Second', 1));
    expect(s.writing.x?.variant).toBe(1);
  });

  it('takes triage for replies and the fit for trends', () => {
    const triage = { category: 'praise', sentiment: 'positive', severity: 0, language: 'fr', pii: [], injection_suspected: false, action: 'reply_public', why: '' };
    expect(reduce(initialState(), 'reply', { type: 'event', event: 'triage', data: triage }).triage).toEqual(triage);
    const fit = { score: 0.2, verdict: 'skip', risks: ['politics'], why: '' };
    expect(reduce(initialState(), 'trend', { type: 'event', event: 'triage', data: fit }).fit).toEqual(fit);
  });

  it('ends on done with the whole answer: reply drafts, note; posts per platform', () => {
    const reply = reduce(initialState(), 'reply', { type: 'event', event: 'done', data: { drafts: [draft('a'), draft('b')], language: 'en', triage: null, note: 'Escalate' } });
    expect(reply.status).toBe('done');
    expect(reply.drafts.x?.map((d) => d.text)).toEqual(['a', 'b']);
    expect(reply.note).toBe('Escalate');
    const post = reduce(initialState(), 'post', {
      type: 'event',
      event: 'done',
      data: { language: 'en', platforms: [{ platform: 'x', drafts: [draft('p')], visual: {} }, { platform: 'linkedin', drafts: [], visual: {}, warnings: ['No draft for LinkedIn passed the checks.'] }] },
    });
    expect(Object.keys(post.drafts)).toEqual(['x', 'linkedin']);
    expect(post.dropped).toEqual({ linkedin: ['No draft for LinkedIn passed the checks.'] });
  });

  it('keeps the error and stops writing', () => {
    const s = reduce(reduce(initialState(), 'post', token('x')), 'post', { type: 'error', error: { kind: 'down', message: 'down' } });
    expect(s).toMatchObject({ status: 'error', error: { kind: 'down' }, writing: {} });
  });
});

describe('DraftSession', () => {
  function fakePort() {
    const listeners: { message: ((m: DraftPortMessage) => void)[]; disconnect: (() => void)[] } = { message: [], disconnect: [] };
    const port = {
      name: 'voix-draft',
      posted: [] as unknown[],
      disconnected: false,
      postMessage(m: unknown) {
        this.posted.push(m);
      },
      disconnect() {
        this.disconnected = true;
      },
      onMessage: { addListener: (l: (m: DraftPortMessage) => void) => listeners.message.push(l) },
      onDisconnect: { addListener: (l: () => void) => listeners.disconnect.push(l) },
    };
    return { port, emit: (m: DraftPortMessage) => listeners.message.forEach((l) => l(m)), drop: () => listeners.disconnect.forEach((l) => l()) };
  }

  it('starts with the request, follows events, and disconnects once done', () => {
    const { port, emit } = fakePort();
    const states: SessionState[] = [];
    const session = new DraftSession('reply', { brand: 'b', platform: 'x', comment: 'c' }, (s) => states.push(s), () => port as unknown as chrome.runtime.Port);
    session.start();
    expect(port.posted[0]).toEqual({ type: 'start', kind: 'reply', body: { brand: 'b', platform: 'x', comment: 'c' } });
    emit(token('Hi'));
    emit({ type: 'event', event: 'done', data: { drafts: [draft('Hi')], language: 'en' } });
    emit({ type: 'end' });
    expect(states.at(-1)?.status).toBe('done');
    expect(port.disconnected).toBe(true);
  });

  it('cancel disconnects the port (the worker then aborts the request)', () => {
    const { port } = fakePort();
    const session = new DraftSession('post', { brand: 'b', platforms: ['x'], brief: 'abc' }, vi.fn(), () => port as unknown as chrome.runtime.Port);
    session.start();
    session.cancel();
    expect(port.disconnected).toBe(true);
  });

  it('reports a worker that went away mid-stream', () => {
    const { port, drop } = fakePort();
    const states: SessionState[] = [];
    new DraftSession('reply', { brand: 'b', platform: 'x', comment: 'c' }, (s) => states.push(s), () => port as unknown as chrome.runtime.Port).start();
    drop();
    expect(states.at(-1)).toMatchObject({ status: 'error', error: { kind: 'down' } });
  });
});
