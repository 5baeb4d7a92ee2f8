import { isValidZone } from './datetime.ts';

/**
 * Time-zone abbreviations as people write them in incident reports ("9:30 AM EAT"), mapped to
 * the IANA zone the format needs. Abbreviations are ambiguous (IST is India, Ireland and
 * Israel; CST is Chicago and China), so each maps to its most common reading, and the
 * importer says which zone it chose.
 */

export interface ZoneAbbreviation {
  zone: string;
  /** The fixed UTC offset the abbreviation names, in minutes (EST -300, EDT -240). */
  offset: number;
}

const h = (hours: number) => hours * 60;

export const ZONE_ABBREVIATIONS: Readonly<Record<string, ZoneAbbreviation>> = {
  UTC: { zone: 'UTC', offset: 0 },
  GMT: { zone: 'UTC', offset: 0 },
  Z: { zone: 'UTC', offset: 0 },
  WET: { zone: 'Europe/Lisbon', offset: 0 },
  WEST: { zone: 'Europe/Lisbon', offset: h(1) },
  BST: { zone: 'Europe/London', offset: h(1) },
  CET: { zone: 'Europe/Berlin', offset: h(1) },
  CEST: { zone: 'Europe/Berlin', offset: h(2) },
  EET: { zone: 'Europe/Helsinki', offset: h(2) },
  EEST: { zone: 'Europe/Helsinki', offset: h(3) },
  MSK: { zone: 'Europe/Moscow', offset: h(3) },
  WAT: { zone: 'Africa/Lagos', offset: h(1) },
  CAT: { zone: 'Africa/Maputo', offset: h(2) },
  SAST: { zone: 'Africa/Johannesburg', offset: h(2) },
  EAT: { zone: 'Africa/Nairobi', offset: h(3) },
  GST: { zone: 'Asia/Dubai', offset: h(4) },
  PKT: { zone: 'Asia/Karachi', offset: h(5) },
  IST: { zone: 'Asia/Kolkata', offset: h(5.5) },
  ICT: { zone: 'Asia/Bangkok', offset: h(7) },
  WIB: { zone: 'Asia/Jakarta', offset: h(7) },
  SGT: { zone: 'Asia/Singapore', offset: h(8) },
  HKT: { zone: 'Asia/Hong_Kong', offset: h(8) },
  AWST: { zone: 'Australia/Perth', offset: h(8) },
  JST: { zone: 'Asia/Tokyo', offset: h(9) },
  KST: { zone: 'Asia/Seoul', offset: h(9) },
  AEST: { zone: 'Australia/Sydney', offset: h(10) },
  AEDT: { zone: 'Australia/Sydney', offset: h(11) },
  NZST: { zone: 'Pacific/Auckland', offset: h(12) },
  NZDT: { zone: 'Pacific/Auckland', offset: h(13) },
  HST: { zone: 'Pacific/Honolulu', offset: h(-10) },
  AKST: { zone: 'America/Anchorage', offset: h(-9) },
  AKDT: { zone: 'America/Anchorage', offset: h(-8) },
  PST: { zone: 'America/Los_Angeles', offset: h(-8) },
  PDT: { zone: 'America/Los_Angeles', offset: h(-7) },
  MST: { zone: 'America/Denver', offset: h(-7) },
  MDT: { zone: 'America/Denver', offset: h(-6) },
  CST: { zone: 'America/Chicago', offset: h(-6) },
  CDT: { zone: 'America/Chicago', offset: h(-5) },
  EST: { zone: 'America/New_York', offset: h(-5) },
  EDT: { zone: 'America/New_York', offset: h(-4) },
  BRT: { zone: 'America/Sao_Paulo', offset: h(-3) },
};

/** Pattern for the abbreviations above, longest first so that CEST wins over CET. */
export const ZONE_ABBREVIATION_PATTERN = Object.keys(ZONE_ABBREVIATIONS)
  .filter((k) => k !== 'Z')
  .sort((a, b) => b.length - a.length)
  .join('|');

/**
 * The IANA zone for an abbreviation or an offset name ("UTC+3", "GMT-05:00"); undefined for
 * anything else. Offsets become `Etc/GMT-3` style zones, whose sign is inverted by POSIX rule.
 */
export function zoneFromAbbreviation(text: string): ZoneAbbreviation | undefined {
  const upper = text.trim().toUpperCase();
  const offset = /^(?:UTC|GMT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/.exec(upper);
  if (offset) {
    const sign = offset[1] === '-' ? -1 : 1;
    const hours = Number(offset[2]);
    const minutes = Number(offset[3] ?? 0);
    const total = sign * (hours * 60 + minutes);
    if (hours > 14) return undefined;
    if (total === 0) return { zone: 'UTC', offset: 0 };
    // Whole hours have an Etc/GMT zone; others keep their offset in each datetime.
    const zone = minutes === 0 ? `Etc/GMT${sign > 0 ? '-' : '+'}${hours}` : 'UTC';
    return { zone, offset: total };
  }
  return ZONE_ABBREVIATIONS[upper];
}

/**
 * The IANA zone for what an author typed as a time zone: the name itself when it is one, else
 * the zone an abbreviation stands for (PST -> America/Los_Angeles, read for the incident's date
 * like the importer reads it) or a whole-hour offset; undefined for anything else.
 */
export function zoneFromName(text: string): string | undefined {
  if (isValidZone(text)) return text;
  const found = zoneFromAbbreviation(text);
  // "UTC+5:30" has no zone of its own (zoneFromAbbreviation keeps it as UTC plus an offset).
  return found && (found.zone !== 'UTC' || found.offset === 0) ? found.zone : undefined;
}
