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

/**
 * Each zone with the abbreviations written for it: the ones at its standard offset (in hours,
 * several separated by spaces), then the one for its summer time, an hour ahead, where it has one.
 * The first abbreviation of a zone and offset is the one the site shows (time-display.ts).
 */
const ZONES: readonly (readonly [zone: string, hours: number, standard: string, summer?: string])[] = [
  ['UTC', 0, 'UTC GMT Z'],
  ['Europe/Lisbon', 0, 'WET', 'WEST'],
  ['Europe/London', 1, 'BST'],
  ['Europe/Berlin', 1, 'CET', 'CEST'],
  ['Europe/Helsinki', 2, 'EET', 'EEST'],
  ['Europe/Moscow', 3, 'MSK'],
  ['Africa/Lagos', 1, 'WAT'],
  ['Africa/Maputo', 2, 'CAT'],
  ['Africa/Johannesburg', 2, 'SAST'],
  ['Africa/Nairobi', 3, 'EAT'],
  ['Asia/Dubai', 4, 'GST'],
  ['Asia/Karachi', 5, 'PKT'],
  ['Asia/Kolkata', 5.5, 'IST'],
  ['Asia/Bangkok', 7, 'ICT'],
  ['Asia/Jakarta', 7, 'WIB'],
  ['Asia/Singapore', 8, 'SGT'],
  ['Asia/Hong_Kong', 8, 'HKT'],
  ['Australia/Perth', 8, 'AWST'],
  ['Asia/Tokyo', 9, 'JST'],
  ['Asia/Seoul', 9, 'KST'],
  ['Australia/Sydney', 10, 'AEST', 'AEDT'],
  ['Pacific/Auckland', 12, 'NZST', 'NZDT'],
  ['Pacific/Honolulu', -10, 'HST'],
  ['America/Anchorage', -9, 'AKST', 'AKDT'],
  ['America/Los_Angeles', -8, 'PST', 'PDT'],
  ['America/Denver', -7, 'MST', 'MDT'],
  ['America/Chicago', -6, 'CST', 'CDT'],
  ['America/New_York', -5, 'EST', 'EDT'],
  ['America/Sao_Paulo', -3, 'BRT'],
];

/** Each abbreviation with its zone and offset. */
export const ZONE_ABBREVIATIONS: Readonly<Record<string, ZoneAbbreviation>> = Object.fromEntries(
  ZONES.flatMap(([zone, hours, standard, summer]) => [
    ...standard.split(' ').map((abbreviation) => [abbreviation, { zone, offset: hours * 60 }] as const),
    ...(summer ? [[summer, { zone, offset: (hours + 1) * 60 }] as const] : []),
  ]),
);

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
 * North American zones named without a season, as "PT" or "Pacific Time" (also "Pacific Standard
 * Time", "Eastern Daylight Time"): the zone itself, whatever its offset that day.
 */
export const GENERIC_ZONES: Readonly<Record<string, string>> = {
  PT: 'America/Los_Angeles',
  ET: 'America/New_York',
  CT: 'America/Chicago',
  MT: 'America/Denver',
  'PACIFIC TIME': 'America/Los_Angeles',
  'EASTERN TIME': 'America/New_York',
  'CENTRAL TIME': 'America/Chicago',
  'MOUNTAIN TIME': 'America/Denver',
};

/** "Pacific Time", "eastern standard time", "PT": the zone of GENERIC_ZONES it names. */
function genericZone(text: string): string | undefined {
  const name = text
    .trim()
    .toUpperCase()
    .replace(/\s+(?:STANDARD\s+|DAYLIGHT\s+)?TIME$/, ' TIME');
  return GENERIC_ZONES[name];
}

/**
 * The IANA zone for what an author typed as a time zone: the name itself when it is one, else
 * the zone an abbreviation stands for (PST -> America/Los_Angeles, read for the incident's date
 * like the importer reads it), a generic name (PT, Pacific Time) or a whole-hour offset;
 * undefined for anything else.
 */
export function zoneFromName(text: string): string | undefined {
  if (isValidZone(text)) return text;
  const generic = genericZone(text);
  if (generic) return generic;
  const found = zoneFromAbbreviation(text);
  // "UTC+5:30" has no zone of its own (zoneFromAbbreviation keeps it as UTC plus an offset).
  return found && (found.zone !== 'UTC' || found.offset === 0) ? found.zone : undefined;
}
