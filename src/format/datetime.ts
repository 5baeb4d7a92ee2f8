import { DateTime, IANAZone } from 'luxon';

/**
 * Datetimes in postmortems are strings with an explicit UTC offset. They stay strings in the
 * data (so nothing is silently shifted by a YAML parser or a serializer) and are read here.
 */

const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const LOCAL_DATETIME_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;
const CLOCK_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export type DatetimeProblem = 'no-offset' | 'not-a-datetime' | 'impossible';

/** Checks a datetime string; returns the problem, or undefined when it is a valid datetime with an offset. */
export function datetimeProblem(value: string): DatetimeProblem | undefined {
  const match = DATETIME_RE.exec(value);
  if (match) {
    // Checked by hand: this runs for every time in every file, and Luxon is ten times slower.
    const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] = match
      .slice(1)
      .map((p) => (p === undefined ? undefined : Number(p)));
    const ok =
      month! >= 1 &&
      month! <= 12 &&
      day! >= 1 &&
      day! <= daysInMonth(year!, month!) &&
      hour! <= 23 &&
      minute! <= 59 &&
      second <= 59 &&
      offsetHours <= 23 &&
      offsetMinutes <= 59;
    return ok ? undefined : 'impossible';
  }
  if (LOCAL_DATETIME_RE.test(value) || DATE_RE.test(value)) return 'no-offset';
  return 'not-a-datetime';
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses a datetime with offset, keeping its offset as the zone. */
function parseDatetime(value: string): DateTime {
  return DateTime.fromISO(value, { setZone: true });
}

/** Milliseconds since the epoch of a datetime string with offset. */
export function toMillis(value: string): number {
  return Date.parse(value);
}

export function isClockTime(value: string): boolean {
  return CLOCK_RE.test(value);
}

export function isValidDate(value: string): boolean {
  return DATE_RE.test(value) && DateTime.fromISO(value).isValid;
}

/** Region/City names (and UTC): ICU also accepts legacy abbreviations such as EAT or EST, which the format does not. */
const ZONE_NAME_RE = /^(?:UTC|Etc\/[A-Za-z0-9+-]+|[A-Z][A-Za-z_-]+(?:\/[A-Za-z0-9_+-]+)+)$/;

const zoneValidity = new Map<string, boolean>();

export function isValidZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = ZONE_NAME_RE.test(zone) && IANAZone.isValidZone(zone);
    if (zoneValidity.size < 10_000) zoneValidity.set(zone, valid);
  }
  return valid;
}

/** The calendar date (YYYY-MM-DD) of a datetime in a zone. */
export function localDate(value: string, zone: string): string {
  return parseDatetime(value).setZone(zone).toISODate() ?? '';
}

/**
 * Resolves a clock time "HH:MM" to a datetime on the incident's start date in its zone.
 * Returns an ISO string with the zone's offset at that moment (DST-aware).
 */
const startDays = new Map<string, DateTime>();

export function resolveClockTime(clock: string, started: string, zone: string): string {
  // Every clock time of a timeline shares its start day: the zone conversion is done once.
  const key = `${started}|${zone}`;
  let day = startDays.get(key);
  if (!day) {
    if (startDays.size > 1000) startDays.clear();
    day = parseDatetime(started).setZone(zone).startOf('day');
    startDays.set(key, day);
  }
  const [hour, minute] = clock.split(':').map(Number);
  const at = day.set({ hour, minute });
  return at.toISO({ suppressMilliseconds: true }) ?? clock;
}
