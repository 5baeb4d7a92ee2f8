import { describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, isOverdue, zoneAbbreviation } from '../src/lib/time-display.ts';

describe('time display', () => {
  it('names the zone as people there do, daylight saving included', () => {
    expect(zoneAbbreviation('2024-06-06T09:00:00+03:00', 'Africa/Nairobi')).toBe('EAT');
    expect(zoneAbbreviation('2024-01-09T01:00:00+01:00', 'Europe/Berlin')).toBe('CET');
    expect(zoneAbbreviation('2025-07-19T15:03:00+02:00', 'Europe/Berlin')).toBe('CEST');
    expect(zoneAbbreviation('2022-11-25T09:00:00-05:00', 'America/New_York')).toBe('EST');
    expect(zoneAbbreviation('2026-09-22T21:30:00-04:00', 'America/New_York')).toBe('EDT');
    expect(zoneAbbreviation('2023-09-03T19:30:00+05:30', 'Asia/Kolkata')).toBe('IST');
    expect(zoneAbbreviation('2024-10-11T06:00:00Z', 'UTC')).toBe('UTC');
    expect(zoneAbbreviation('2024-06-06T09:00:00+03:00', 'Africa/Kampala')).toBe('GMT+3');
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
