import { describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, isOverdue, zoneAbbreviation } from '../../src/site/time-display.ts';

describe('time display', () => {
  it('names the zone as people there do, daylight saving included', () => {
    expect(zoneAbbreviation('2024-06-06T09:00:00+03:00', 'Africa/Nairobi')).toBe('EAT');
    expect(zoneAbbreviation('2024-01-09T01:00:00+01:00', 'Europe/Berlin')).toBe('CET');
    expect(zoneAbbreviation('2025-07-19T15:03:00+02:00', 'Europe/Berlin')).toBe('CEST');
    expect(zoneAbbreviation('2022-11-25T09:00:00-05:00', 'America/New_York')).toBe('EST');
    expect(zoneAbbreviation('2026-09-22T21:30:00-04:00', 'America/New_York')).toBe('EDT');
    expect(zoneAbbreviation('2023-09-03T19:30:00+05:30', 'Asia/Kolkata')).toBe('IST');
    expect(zoneAbbreviation('2024-10-11T06:00:00Z', 'UTC')).toBe('UTC');
  });
  it("asks Intl in English as spoken in the zone's country when the table does not know the zone", () => {
    // en-US says GMT+3 for Kampala and GMT+1 for Lagos; Ugandan and Nigerian English say EAT and WAT.
    expect(zoneAbbreviation('2024-06-06T09:00:00+03:00', 'Africa/Kampala')).toBe('EAT');
    expect(zoneAbbreviation('2024-06-06T09:00:00+01:00', 'Africa/Douala')).toBe('WAT');
    expect(zoneAbbreviation('2024-07-06T09:00:00+02:00', 'Europe/Paris')).toBe('CEST');
    expect(zoneAbbreviation('2024-07-06T09:00:00+01:00', 'Europe/Dublin')).toBe('IST');
    expect(zoneAbbreviation('2024-01-06T09:00:00+11:00', 'Australia/Melbourne')).toBe('AEDT');
    expect(zoneAbbreviation('2024-01-06T09:00:00-07:00', 'America/Phoenix')).toBe('MST');
  });
  it('falls back to the offset where no one has a name for the zone', () => {
    expect(zoneAbbreviation('2024-06-06T09:00:00+03:00', 'Etc/GMT-3')).toBe('GMT+3');
    expect(zoneAbbreviation('2024-06-06T09:00:00+05:45', 'Asia/Kathmandu')).toBe('GMT+5:45');
    expect(zoneAbbreviation('2024-06-06T09:00:00-03:00', 'America/Argentina/Buenos_Aires')).toBe('GMT-3');
  });
  it('shows times in the incident zone, whatever offset they were written with', () => {
    expect(formatDateTime('2024-06-06T06:00:00Z', 'Africa/Nairobi')).toBe('2024-06-06 09:00 EAT');
    expect(formatClock('2024-06-06T09:35:00+03:00', 'Africa/Nairobi', '2024-06-06T09:00:00+03:00')).toBe('09:35 EAT');
    expect(formatClock('2024-06-07T01:30:00+03:00', 'Africa/Nairobi', '2024-06-06T09:00:00+03:00')).toBe('Jun 7, 01:30 EAT');
  });
  it('marks open items past their due date as overdue', () => {
    expect(isOverdue({ status: 'open', due: '2024-01-01' }, '2024-01-02')).toBe(true);
    expect(isOverdue({ status: 'in-progress', due: '2024-01-01' }, '2024-01-02')).toBe(true);
    expect(isOverdue({ status: 'done', due: '2024-01-01' }, '2024-01-02')).toBe(false);
    expect(isOverdue({ status: 'open', due: '2024-01-02' }, '2024-01-02')).toBe(false);
    expect(isOverdue({ status: 'open' }, '2024-01-02')).toBe(false);
  });
});
