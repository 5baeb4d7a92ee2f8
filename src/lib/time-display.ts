import { DateTime } from 'luxon';
import { ZONE_ABBREVIATIONS } from './zone-abbreviations.ts';

/**
 * Times as readers see them: in the incident's own zone with the abbreviation people use there
 * ("09:00 EAT"). Intl's short names depend on the locale (en-US calls Nairobi "GMT+3"), so the
 * abbreviations the importer reads are used in reverse first, then Intl's (EST, PDT...), then
 * the offset.
 */

const byZoneAndOffset = new Map<string, string>();
for (const [abbreviation, { zone, offset }] of Object.entries(ZONE_ABBREVIATIONS)) {
  const key = `${zone}|${offset}`;
  if (!byZoneAndOffset.has(key) && abbreviation !== 'Z') byZoneAndOffset.set(key, abbreviation);
}

function inZone(iso: string, zone: string): DateTime {
  return DateTime.fromISO(iso, { setZone: true }).setZone(zone);
}

/** The abbreviation of `zone` at the instant `iso`: EAT, CEST, EDT, or GMT+3 where none is known. */
export function zoneAbbreviation(iso: string, zone: string): string {
  const local = inZone(iso, zone);
  const known = byZoneAndOffset.get(`${zone}|${local.offset}`);
  if (known) return known;
  const intl = local.setLocale('en-US').toFormat('ZZZZ');
  return intl === 'GMT' && local.offset === 0 ? 'UTC' : intl;
}

/** "2024-06-06 09:00 EAT" */
export function formatDateTime(iso: string, zone: string): string {
  return `${inZone(iso, zone).toFormat('yyyy-LL-dd HH:mm')} ${zoneAbbreviation(iso, zone)}`;
}

/** "09:00 EAT", with the date ("Jun 7, 01:30 EAT") when it is not the day of `reference`. */
export function formatClock(iso: string, zone: string, reference: string): string {
  const local = inZone(iso, zone);
  const sameDay = local.hasSame(inZone(reference, zone), 'day');
  return `${sameDay ? local.toFormat('HH:mm') : local.setLocale('en-US').toFormat('LLL d, HH:mm')} ${zoneAbbreviation(iso, zone)}`;
}

/** The build date (HINDSIGHT_NOW=YYYY-MM-DD makes builds and tests reproducible). */
export function buildDate(env: Record<string, string | undefined>): string {
  return env.HINDSIGHT_NOW ?? new Date().toISOString().slice(0, 10);
}

/** An action item is overdue when its due date has passed and it is neither done nor dropped. */
export function isOverdue(item: { status: string; due?: string }, today: string): boolean {
  return item.due !== undefined && item.due < today && (item.status === 'open' || item.status === 'in-progress');
}
