import { describe, expect, it } from 'vitest';
import {
  findDate,
  findDeclaredZone,
  findHeadingZone,
  findWindow,
  parseDateCell,
  parseTimeCell,
  parseTimedLine,
  placeClock,
  readDue,
  zoneFromText,
  zonesBesideTimes,
} from '../../../src/authoring/import/clock.ts';

describe('timeline lines', () => {
  it.each([
    ['9:30 AM EAT - the team rolled back', { hour: 9, minute: 30, zone: 'EAT', event: 'the team rolled back' }],
    ['- 14:02 UTC config pushed', { hour: 14, minute: 2, zone: 'UTC', event: 'config pushed' }],
    ['9:00 AM EAT : The issue was first detected', { hour: 9, minute: 0, zone: 'EAT', event: 'The issue was first detected' }],
    ['[14:02] pager fired', { hour: 14, minute: 2, event: 'pager fired' }],
    ['14:02 — x', { hour: 14, minute: 2, event: 'x' }],
    ['12:15 AM PST — still down', { hour: 0, minute: 15, zone: 'PST', event: 'still down' }],
    ['12:30 PM (CEST): back', { hour: 12, minute: 30, zone: 'CEST', event: 'back' }],
    ['2024-06-07 00:10 UTC - after midnight', { hour: 0, minute: 10, zone: 'UTC', date: '2024-06-07', event: 'after midnight' }],
    ['14:02 amazon checkout failed', { hour: 14, minute: 2, event: 'amazon checkout failed' }],
    ['1. 08:05 Europe/Berlin failover', { hour: 8, minute: 5, zone: 'Europe/Berlin', event: 'failover' }],
    ['3:05 pm Pacific Time - paged', { hour: 15, minute: 5, zone: 'PT', event: 'paged' }],
    ['14:00–14:20 UTC: retries exhausted', { hour: 14, minute: 0, zone: 'UTC', event: 'retries exhausted (until 14:20)' }],
    ['11:00 - 1:00 PM PDT: read-only mode', { hour: 11, minute: 0, zone: 'PDT', event: 'read-only mode (until 13:00)' }],
    ['11:40 PM to 12:10 AM - failover', { hour: 23, minute: 40, event: 'failover (until 00:10)' }],
    ['2017/01/31 23:00-ish - YP thinks', { hour: 23, minute: 0, date: '2017-01-31', event: 'YP thinks (approximate time)' }],
    ['Mar 3, 2024 10:23 PM PST: alert', { hour: 22, minute: 23, zone: 'PST', date: '2024-03-03', event: 'alert' }],
    ['June 21 at 07:42 — restored', { hour: 7, minute: 42, monthDay: '06-21', event: 'restored' }],
    ['22 June 2022, 01:15 - cleanup', { hour: 1, minute: 15, date: '2022-06-22', event: 'cleanup' }],
    ['03.03.2024 14:02 deploy', { hour: 14, minute: 2, date: '2024-03-03', event: 'deploy' }],
    ['**14:02 UTC** — deploy', { hour: 14, minute: 2, zone: 'UTC', event: 'deploy' }],
    ['2024-03-03T14:02:00Z deploy started', { hour: 14, minute: 2, zone: 'UTC', date: '2024-03-03', event: 'deploy started' }],
    ['2024-03-03T14:02:00+02:00 - alert', { hour: 14, minute: 2, zone: 'UTC+02:00', date: '2024-03-03', event: 'alert' }],
    ['~14:30 UTC someone noticed', { hour: 14, minute: 30, zone: 'UTC', event: 'someone noticed (approximate time)' }],
  ])('%s', (line, expected) => {
    expect(parseTimedLine(line)).toEqual({ date: undefined, zone: undefined, ...expected });
  });

  it.each(['The root cause was found at 11:00.', 'Time | Event', '13:61 nope', '10:00 AM'])('is not an entry: %s', (line) => {
    expect(parseTimedLine(line)).toBeUndefined();
  });

  it.each([
    ['2024-03-03', { date: '2024-03-03' }],
    ['March 3, 2024', { date: '2024-03-03' }],
    ['Tue, 5 March 2024', { date: '2024-03-05' }],
    ['March 3', { monthDay: '03-03' }],
    ['Sunday', {}],
  ])('reads the date cell %s', (cell, expected) => {
    expect(parseDateCell(cell)).toEqual(expected);
  });

  it('reads time cells of a table', () => {
    expect(parseTimeCell('9:05 AM PST')).toEqual({ hour: 9, minute: 5, zone: 'PST', date: undefined });
    expect(parseTimeCell('2024-07-03 23:40')).toEqual({ hour: 23, minute: 40, zone: undefined, date: '2024-07-03' });
    expect(parseTimeCell('Deploy at 9:05')).toBeUndefined();
    expect(parseTimeCell('14:00 – 14:20')).toEqual({ hour: 14, minute: 0, zone: undefined, date: undefined, note: ' (until 14:20)' });
  });
});

describe('dates and zones', () => {
  it.each([
    ['On June 6th, 2024, between', '2024-06-06'],
    ['Date: 14 March 2025', '2025-03-14'],
    ['2024/07/03', '2024-07-03'],
    ['Feb 30, 2024', undefined],
    ['Date: 15/03/2024', '2024-03-15'],
    ['03/15/2024', '2024-03-15'],
    ['03/04/2024 (day or month first?)', undefined],
    ['version 1.2.2024', undefined],
    ['no date here', undefined],
  ])('findDate(%s)', (text, date) => {
    expect(findDate(text)).toBe(date);
  });

  it('reads a due date without a year as the next one on or after the incident', () => {
    expect(readDue('July 1', '2024-06-06')).toBe('2024-07-01');
    expect(readDue('Jan 15', '2024-11-02')).toBe('2025-01-15');
    expect(readDue('2024-08-01', undefined)).toBe('2024-08-01');
    expect(readDue('Friday', '2024-06-06')).toBeUndefined();
  });

  it.each([
    ['## Timeline (all times CET)', 'CET'],
    ['Timeline (times in PST)', 'PST'],
    ['All times are JST.', 'JST'],
    ['> All times are in UTC.', 'UTC'],
    ['Time (UTC)', 'UTC'],
    ['All times Europe/Berlin', 'Europe/Berlin'],
    ['times are in Pacific Time', 'PT'],
    ['At times, cat videos helped', undefined],
    ['Timeline', undefined],
    ['All times below are Pacific.', 'PT'],
    ['All timestamps are in UTC.', 'UTC'],
    ['Times are US/Pacific', 'America/Los_Angeles'],
  ])('declared zone in %s', (text, zone) => {
    const found = findDeclaredZone(text);
    expect(found && found.includes('/') ? zoneFromText(found)?.zone : found).toBe(zone);
  });

  it.each([
    ['Timeline (PST)', 'PST'],
    ['Timeline (all times CET)', 'CET'],
    ['When (PT)', 'PT'],
    ['Timeline - UTC', 'UTC'],
    ['Timeline (draft)', undefined],
    ['Timeline', undefined],
  ])('zone in the heading or column %s', (text, zone) => {
    expect(findHeadingZone(text)).toBe(zone);
  });

  it('finds the zones written beside times in prose', () => {
    expect(zonesBesideTimes('alerted at 10:31 PT; from 10:23 to 12:45 US/Pacific; at 14:02 UTC+2, at 9:00')).toEqual([
      'PT',
      'US/Pacific',
      'UTC+2',
    ]);
    expect(zoneFromText('US/Pacific')).toEqual({ zone: 'America/Los_Angeles' });
  });

  it('reads the window of an incident', () => {
    expect(findWindow('between 9:00 AM and 11:30 AM EAT, our site')).toEqual({
      from: { hour: 9, minute: 0, zone: 'EAT' },
      to: { hour: 11, minute: 30, zone: 'EAT' },
    });
  });

  it('resolves abbreviations with daylight saving for the date: PST in July is Los Angeles on -07:00, and says so', () => {
    expect(zoneFromText('PST')).toEqual({ zone: 'America/Los_Angeles', offset: -480 });
    const july = placeClock('2024-07-10', { hour: 9, minute: 30, zone: 'PST' }, 'America/Los_Angeles');
    expect(july.at.toISO()).toBe('2024-07-10T09:30:00.000-07:00');
    expect(july.mismatch).toBe('PST means UTC-8, but America/Los_Angeles was on UTC-07:00 that day: times were read as local time there');
    const january = placeClock('2024-01-10', { hour: 9, minute: 30, zone: 'PST' }, 'America/Los_Angeles');
    expect([january.at.toISO(), january.mismatch]).toEqual(['2024-01-10T09:30:00.000-08:00', undefined]);
    // An offset of half an hour has no zone: the instant is right, shown in the postmortem's zone.
    expect(placeClock('2024-03-03', { hour: 14, minute: 0, zone: 'UTC+05:30' }, 'UTC').at.toISO()).toBe('2024-03-03T08:30:00.000Z');
    // A time written in another zone than the postmortem's is the same instant, shown in its zone.
    expect(placeClock('2024-07-10', { hour: 14, minute: 0, zone: 'UTC' }, 'Europe/Berlin').at.toISO()).toBe(
      '2024-07-10T16:00:00.000+02:00',
    );
  });
});
