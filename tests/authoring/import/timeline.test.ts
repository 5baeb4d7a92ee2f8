import { describe, expect, it } from 'vitest';
import { markdownToMdast } from 'satteri';
import type { Root } from 'mdast';
import { findTimeline } from '../../../src/authoring/import/timeline.ts';
import type { Section } from '../../../src/authoring/import/parts.ts';

const section = (markdown: string, heading = 'Timeline'): Section => ({
  heading,
  depth: 2,
  kind: 'timeline',
  nodes: (markdownToMdast(markdown) as Root).children,
});

describe('timeline entries', () => {
  it('from a table with date, time and event columns; the zone from the time column', () => {
    const found = findTimeline([
      section(
        '| Date | Time (UTC) | Event | Who |\n|---|---|---|---|\n| 2024-07-03 | 23:50 | Deploy | ops |\n| 2024-07-04 | 00:10 | Rollback | |\n| | later | no time | |\n',
      ),
    ]);
    expect(found.entries).toEqual([
      { hour: 23, minute: 50, zone: undefined, date: '2024-07-03', event: 'Deploy — ops' },
      { hour: 0, minute: 10, zone: undefined, date: '2024-07-04', event: 'Rollback' },
    ]);
    expect(found.declaredZone).toBe('UTC');
    expect(found.rest).toEqual([]);
  });

  it('from a table whose dates are in words, and whose time column holds ranges; the zone from the heading "(PT)"', () => {
    const found = findTimeline([
      section(
        '| Date | When | What |\n|---|---|---|\n| Mar 3, 2024 | 11:40 PM - 11:55 PM | Retries |\n| March 4 | 12:10 AM | Restored |\n',
        'Timeline (PT)',
      ),
    ]);
    expect(found.entries).toEqual([
      { hour: 23, minute: 40, zone: undefined, date: '2024-03-03', event: 'Retries (until 23:55)' },
      { hour: 0, minute: 10, zone: undefined, date: undefined, monthDay: '03-04', event: 'Restored' },
    ]);
    expect(found.declaredZone).toBe('PT');
  });

  it('from list items and lines; a line without a time continues the entry; other blocks are kept', () => {
    const found = findTimeline([
      section(
        'All times are approximate.\n\n- 10:00 alert\n  paged the on-call\n- not an entry\n\n10:30 - rollback\n10:45 - recovered\n',
        'Timeline (all times CET)',
      ),
    ]);
    expect(found.entries.map((e) => [e.hour, e.minute, e.event])).toEqual([
      [10, 0, 'alert paged the on-call'],
      [10, 30, 'rollback'],
      [10, 45, 'recovered'],
    ]);
    expect(found.declaredZone).toBe('CET');
    expect(found.rest.map((n) => n.type)).toEqual(['paragraph', 'list']);
  });
});
