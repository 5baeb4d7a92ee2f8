import { describe, expect, it } from 'vitest';
import { formatCount, plural } from '../../src/format/words.ts';

describe('formatCount', () => {
  it('groups thousands with commas, whatever the machine locale', () => {
    expect([0, 7, 999, 1000, 10000, 1234567].map(formatCount)).toEqual(['0', '7', '999', '1,000', '10,000', '1,234,567']);
  });
});

describe('plural', () => {
  it('counts in words, one or many, with the count grouped', () => {
    expect(plural(1, 'incident')).toBe('1 incident');
    expect(plural(0, 'incident')).toBe('0 incidents');
    expect(plural(10000, 'postmortem')).toBe('10,000 postmortems');
    expect(plural(2, 'root cause')).toBe('2 root causes');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
  });
});
