import { DateTime } from 'luxon';
import { ZONE_ABBREVIATIONS } from '../format/zone-abbreviations.ts';

/**
 * Times as readers see them: in the incident's own zone with the abbreviation people use there
 * ("09:00 EAT"). Intl's short zone names depend on the locale: en-US calls Nairobi "GMT+3",
 * en-KE calls it "EAT". So an abbreviation is looked up, in order:
 * 1. the abbreviations the importer reads, in reverse (EAT, CEST, IST for Asia/Kolkata...);
 * 2. Intl in English as spoken in the zone's own country (en-UG for Africa/Kampala: EAT);
 * 3. Intl in en-US (EST, PDT);
 * 4. the offset itself, "GMT+3".
 */

const byZoneAndOffset = new Map<string, string>();
for (const [abbreviation, { zone, offset }] of Object.entries(ZONE_ABBREVIATIONS)) {
  const key = `${zone}|${offset}`;
  if (!byZoneAndOffset.has(key) && abbreviation !== 'Z') byZoneAndOffset.set(key, abbreviation);
}

const A_TO_Z = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
let countries: Map<string, string> | undefined;

/**
 * The country (ISO 3166 region) of each IANA zone, from ICU's own region data
 * (Intl.Locale#getTimeZones), read once on first use. Empty where the runtime lacks that API,
 * and the lookup falls through to the next source.
 */
export function zoneCountries(): ReadonlyMap<string, string> {
  if (countries) return countries;
  countries = new Map();
  for (const a of A_TO_Z) {
    for (const b of A_TO_Z) {
      let zones: string[] | undefined;
      try {
        const locale = new Intl.Locale(`und-${a}${b}`) as Intl.Locale & { getTimeZones?: () => string[] | undefined; timeZones?: string[] };
        zones = locale.getTimeZones?.() ?? locale.timeZones;
      } catch {
        continue;
      }
      for (const zone of zones ?? []) if (!countries.has(zone)) countries.set(zone, `${a}${b}`);
    }
  }
  return countries;
}

/** Intl's short name, unless it is only an offset ("GMT+3", "UTC-5"), which says nothing more than ours. */
function intlAbbreviation(local: DateTime, locale: string): string | undefined {
  let name: string | undefined;
  try {
    name = new Intl.DateTimeFormat(locale, { timeZone: local.zoneName ?? 'UTC', timeZoneName: 'short' })
      .formatToParts(local.toJSDate())
      .find((p) => p.type === 'timeZoneName')?.value;
  } catch {
    return undefined;
  }
  return name && !/^(?:GMT|UTC)[+\-−]/.test(name) ? name : undefined;
}

/**
 * Recent instants in their zones. Luxon works out a named zone's offset through Intl on every
 * conversion, and a page shows the same instants several times (the start is the reference of
 * every clock, and each time is converted again for its abbreviation): at 10,000 postmortems
 * these conversions were a sixth of the build. A DateTime never changes, so one can be shared.
 */
const zoned = new Map<string, DateTime>();

function inZone(iso: string, zone: string): DateTime {
  const key = `${zone} ${iso}`;
  let local = zoned.get(key);
  if (!local) {
    if (zoned.size >= 1000) zoned.clear();
    local = DateTime.fromISO(iso, { setZone: true }).setZone(zone);
    zoned.set(key, local);
  }
  return local;
}

/** "GMT+3", "GMT+5:30", "GMT-4", "UTC". */
function offsetName(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `GMT${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${String(abs % 60).padStart(2, '0')}` : ''}`;
}

/** The abbreviation of `zone` at the instant `iso`: EAT, CEST, EDT, or GMT+3 where none is known. */
export function zoneAbbreviation(iso: string, zone: string): string {
  const local = inZone(iso, zone);
  const known = byZoneAndOffset.get(`${zone}|${local.offset}`);
  if (known) return known;
  const country = zoneCountries().get(zone);
  return (country && intlAbbreviation(local, `en-${country}`)) ?? intlAbbreviation(local, 'en-US') ?? offsetName(local.offset);
}

/** "2024-06-06 09:00 EAT" */
export function formatDateTime(iso: string, zone: string): string {
  return `${inZone(iso, zone).toFormat('yyyy-LL-dd HH:mm')} ${zoneAbbreviation(iso, zone)}`;
}

/** "09:00 EAT", with the date ("Jun 7, 01:30 EAT") when it is not the day of `reference`. */
export function formatClock(iso: string, zone: string, reference: string): string {
  const local = inZone(iso, zone);
  // Both in one zone: the same local date (hasSame would work out two more offsets).
  const sameDay = local.toISODate() === inZone(reference, zone).toISODate();
  return `${sameDay ? local.toFormat('HH:mm') : local.setLocale('en-US').toFormat('LLL d, HH:mm')} ${zoneAbbreviation(iso, zone)}`;
}

/** An action item is overdue when its due date has passed and it is neither done nor dropped. */
export function isOverdue(item: { status: string; due?: string }, today: string): boolean {
  return item.due !== undefined && item.due < today && (item.status === 'open' || item.status === 'in-progress');
}
