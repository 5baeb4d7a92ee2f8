import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { chooseZone, findMoments, placeEntries } from '../../../src/authoring/import/times.ts';

describe('the zone', () => {
  it('is the one given, else the one declared, else the one most times carry, else the default (and says so)', () => {
    const warnings: string[] = [];
    expect(chooseZone({ option: 'Asia/Tokyo', declared: 'CET', written: ['UTC'], defaultZone: 'UTC' }, warnings)).toBe('Asia/Tokyo');
    expect(chooseZone({ declared: 'CET', written: ['UTC', 'UTC'], defaultZone: 'UTC' }, warnings)).toBe('Europe/Berlin');
    expect(chooseZone({ written: ['EAT', 'UTC', 'EAT'], defaultZone: 'UTC' }, warnings)).toBe('Africa/Nairobi');
    expect(warnings).toEqual([]);
    expect(chooseZone({ written: [undefined], defaultZone: 'Europe/Lisbon' }, warnings)).toBe('Europe/Lisbon');
    expect(chooseZone({ declared: 'IST', written: [], defaultZone: 'UTC' }, warnings)).toBe('Asia/Kolkata');
    expect(chooseZone({ declared: 'AST', written: [undefined], defaultZone: 'UTC' }, warnings)).toBe('UTC');
    expect(warnings).toEqual([
      'the text names no time zone: times were read as Europe/Lisbon; pass --timezone to choose another',
      'times written in IST were read in Asia/Kolkata: check it is the zone you meant',
      'the text names the zone "AST", which the import does not know: times were read as UTC; pass --timezone',
    ]);
  });
});

describe('placing the entries', () => {
  it('rolls past midnight, keeps one detected and mitigated (the first) and one resolved (the last)', () => {
    const warnings: string[] = [];
    const placed = placeEntries(
      [
        { hour: 23, minute: 0, event: 'config pushed' },
        { hour: 23, minute: 5, event: 'alert fired' },
        { hour: 23, minute: 10, event: 'second alert' },
        { hour: 0, minute: 20, event: 'service restored' },
        { hour: 0, minute: 40, event: 'all clear, fully operational' },
      ],
      '2024-03-30',
      'Europe/Berlin',
      warnings,
    );
    expect(placed.map((p) => [p.at.toISO(), p.kind])).toEqual([
      ['2024-03-30T23:00:00.000+01:00', 'trigger'],
      ['2024-03-30T23:05:00.000+01:00', 'detected'],
      ['2024-03-30T23:10:00.000+01:00', undefined],
      ['2024-03-31T00:20:00.000+01:00', undefined],
      ['2024-03-31T00:40:00.000+01:00', 'resolved'],
    ]);
    expect(warnings).toEqual([]);
  });

  it('moments: a written window or metadata first; one out of order is dropped, not guessed', () => {
    const zone = 'UTC';
    const placed = placeEntries([{ hour: 10, minute: 0, event: 'alert fired' }], '2024-01-01', zone, []);
    const m = findMoments({
      placed,
      windowText: 'between 9:50 and 11:00 UTC',
      date: '2024-01-01',
      zone,
      metadata: { mitigated: '2024-01-01T09:00:00Z' },
    });
    expect([m.started, m.detected, m.mitigated, m.resolved].map((d) => d?.toISO())).toEqual([
      '2024-01-01T09:50:00.000Z',
      '2024-01-01T10:00:00.000Z',
      undefined,
      '2024-01-01T11:00:00.000Z',
    ]);
    expect(DateTime.isDateTime(m.started)).toBe(true);
  });

  it('puts entries with written dates in time order, and says so', () => {
    const warnings: string[] = [];
    const placed = placeEntries(
      [
        { hour: 9, minute: 0, date: '2024-05-02', event: 'b' },
        { hour: 9, minute: 0, date: '2024-05-01', event: 'a' },
      ],
      '2024-05-01',
      'UTC',
      warnings,
    );
    expect(placed.map((p) => p.event)).toEqual(['a', 'b']);
    expect(warnings).toEqual(['timeline entry "a" is earlier than the one before it: the timeline was put in time order; check its date']);
  });
});
