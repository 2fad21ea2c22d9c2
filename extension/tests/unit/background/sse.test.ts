import { describe, expect, it } from 'vitest';

import { SseParser } from '../../../src/background/sse';

describe('SseParser', () => {
  it('parses messages split anywhere across chunks, CRLF or LF', () => {
    const stream = 'event: triage\r\ndata: {"a":1}\r\n\r\nevent: token\ndata: {"text":"hé"}\n\n';
    for (let cut = 1; cut < stream.length; cut += 1) {
      const parser = new SseParser();
      const out = [...parser.push(stream.slice(0, cut)), ...parser.push(stream.slice(cut)), ...parser.end()];
      expect(out, `cut at ${cut}`).toEqual([
        { event: 'triage', data: '{"a":1}' },
        { event: 'token', data: '{"text":"hé"}' },
      ]);
    }
  });

  it('joins multi-line data, skips comments, defaults the event name', () => {
    const parser = new SseParser();
    expect(parser.push(': keep-alive\ndata: one\ndata: two\n\n')).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  it('delivers a last message that lacks its blank line', () => {
    const parser = new SseParser();
    expect(parser.push('event: done\ndata: {}')).toEqual([]);
    expect(parser.end()).toEqual([{ event: 'done', data: '{}' }]);
  });
});
