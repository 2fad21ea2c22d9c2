import { describe, expect, it } from 'vitest';

import { postThread, threadLine } from '../../../src/sites/thread';

describe('thread lines', () => {
  it('names the author in front of the text, when there is one', () => {
    expect(threadLine('Ondine Coffee', 'Back in stock.')).toBe('Ondine Coffee: Back in stock.');
    expect(threadLine('', 'Back in stock.')).toBe('Back in stock.');
  });

  it('gives the post under a comment as the thread, or nothing when it has no text', () => {
    expect(postThread('Ondine Coffee', 'Back in stock.')).toEqual(['Ondine Coffee: Back in stock.']);
    expect(postThread('', 'Back in stock.')).toEqual(['Back in stock.']);
    expect(postThread('Ondine Coffee', '')).toEqual([]);
  });
});
