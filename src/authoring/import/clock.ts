import { DateTime, FixedOffsetZone } from 'luxon';
import { isValidDate, isValidZone } from '../../format/datetime.ts';
import { GENERIC_ZONES, ZONE_ABBREVIATION_PATTERN, zoneFromAbbreviation } from '../../format/zone-abbreviations.ts';

/**
 * Dates, clock times and zones as people write them in incident reports, read from plain text:
 * "June 6th, 2024", "9:30 AM EAT", "[14:02]", "all times CET", "due by July 1". Pure functions;
 * the stages that find a document's parts call them on one line or one cell at a time.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const ISO_DATE = '(\\d{4})[-/](\\d{2})[-/](\\d{2})';
const DATE_RE = new RegExp(`${ISO_DATE}|\\b${MONTH}\\s+${DAY},?\\s+(\\d{4})\\b|\\b${DAY}\\s+${MONTH},?\\s+(\\d{4})\\b`, 'i');
const YEARLESS_RE = new RegExp(`^(?:${MONTH}\\s+${DAY}|${DAY}\\s+${MONTH})$`, 'i');

const pad = (n: number) => String(n).padStart(2, '0');
const monthNumber = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

const NUMERIC_DATE_RE = /(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?![\d/.])/;

/**
 * 15/03/2024 or 03/15/2024: a day over 12 tells the order; 03/04/2024 could be either, and is
 * not read (undefined), rather than guessed.
 */
function numericDate(text: string): string | undefined {
  const m = NUMERIC_DATE_RE.exec(text);
  if (!m) return undefined;
  const [a, b] = [Number(m[1]), Number(m[2])];
  if (a <= 12 && b <= 12 && a !== b) return undefined;
  const [day, month] = a > 12 ? [a, b] : [b, a];
  const date = `${m[3]}-${pad(month)}-${pad(day)}`;
  return isValidDate(date) ? date : undefined;
}

/** The first calendar date written in a text (2024-06-06, June 6th, 2024, 6 June 2024, 15/03/2024), as YYYY-MM-DD. */
export function findDate(text: string): string | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return numericDate(text);
  const date = m[1]
    ? `${m[1]}-${m[2]}-${m[3]}`
    : m[4]
      ? `${m[6]}-${pad(monthNumber(m[4]))}-${pad(Number(m[5]))}`
      : `${m[9]}-${pad(monthNumber(m[8]!))}-${pad(Number(m[7]))}`;
  return isValidDate(date) ? date : undefined;
}

/**
 * A due date as written beside an action item: a full date, or "July 1" without a year, read as
 * the first such day on or after the incident.
 */
export function readDue(text: string, incidentDate: string | undefined): string | undefined {
  const full = findDate(text);
  if (full) return full;
  const m = YEARLESS_RE.exec(text.trim().replace(/,$/, ''));
  if (!m || !incidentDate) return undefined;
  const month = monthNumber(m[1] ?? m[4]!);
  const day = Number(m[2] ?? m[3]);
  const year = Number(incidentDate.slice(0, 4));
  for (const y of [year, year + 1]) {
    const date = `${y}-${pad(month)}-${pad(day)}`;
    if (isValidDate(date) && date >= incidentDate) return date;
  }
  return undefined;
}

/** Zone names people write: abbreviations, UTC offsets, "Pacific Time" style names, IANA names. */
const LONG_ZONES: Record<string, string> = { pacific: 'PT', eastern: 'ET', central: 'CT', mountain: 'MT' };
/** A zone as written beside a time or in a note (pattern source). */
const ZONE = `(?:(?:UTC|GMT)\\s?[+-]\\s?\\d{1,2}(?::?\\d{2})?|${ZONE_ABBREVIATION_PATTERN}|PT|ET|CT|MT|[A-Z][A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?|(?:Pacific|Eastern|Central|Mountain)\\s+(?:Standard\\s+|Daylight\\s+)?Time)(?![A-Za-z])`;
const CLOCK = '(\\d{1,2})[:.](\\d{2})(?::\\d{2})?(?![.]\\d)(?:\\s*([AaPp]\\.?[Mm]\\.?)(?![A-Za-z]))?';

/** A zone named in words in a note ("all times are Pacific"), where no clock time stands beside it. */
const NOTE_ZONE = `(?:${ZONE}|(?:Pacific|Eastern|Central|Mountain)(?![A-Za-z]))`;

/** A zone as written, in the form `zoneFromText` reads: upper-case abbreviation, offset, or IANA name. */
export function zoneToken(written: string | undefined): string | undefined {
  if (!written) return undefined;
  const long = /^(Pacific|Eastern|Central|Mountain)(?:\s+(?:Standard\s+|Daylight\s+)?Time)?$/i.exec(written);
  if (long) return LONG_ZONES[long[1]!.toLowerCase()];
  return written.includes('/') ? written : written.replace(/\s+/g, '').toUpperCase();
}

/** An IANA name in its canonical form: US/Pacific is America/Los_Angeles (the site shows the zone's city). */
function canonicalZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
}

/** The IANA zone a written zone names, and the fixed offset it names if any (EST -300; PT none). */
export function zoneFromText(token: string): { zone: string; offset?: number } | undefined {
  if (token.includes('/'))
    return isValidZone(token) ? { zone: isValidZone(canonicalZone(token)) ? canonicalZone(token) : token } : undefined;
  // PT, ET…: the same table `npm run new` reads (zone-abbreviations.ts).
  const generic = GENERIC_ZONES[token];
  if (generic) return { zone: generic };
  return zoneFromAbbreviation(token);
}

/** A clock time written in the text, 24-hour. */
export interface ClockTime {
  hour: number;
  minute: number;
  /** The zone written beside it: upper-case abbreviation or offset, or an IANA name. */
  zone?: string;
}

function toClock(hour: string, minute: string, meridiem: string | undefined, zone: string | undefined): ClockTime | undefined {
  let h = Number(hour);
  const m = Number(minute);
  if (meridiem) {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (meridiem.toLowerCase().startsWith('p') ? 12 : 0);
  }
  if (h > 23 || m > 59) return undefined;
  return { hour: h, minute: m, zone: zoneToken(zone) };
}

/** A timeline entry as written: its clock time, an optional date, and what happened. */
export interface TimedLine extends ClockTime {
  /** A date written on the line itself, YYYY-MM-DD. */
  date?: string;
  /** A date written without its year ("March 3 14:02"), MM-DD: the incident's year is the map stage's to add. */
  monthDay?: string;
  event: string;
}

const MERIDIEM = '[AaPp]\\.?[Mm]\\.?(?![A-Za-z])';

/**
 * How a timed line or cell starts: an optional date, a clock time (perhaps "~", "about" or
 * "-ish"), its zone, and perhaps the end of a range ("14:00–14:20 UTC", "11:00 to 1:00 PM").
 */
const TIME_HEAD =
  `\\[?(?:(?:(?<date>\\d{4}[-/]\\d{2}[-/]\\d{2})|(?<dtext>(?i:${MONTH}\\s+${DAY}(?:,?\\s+\\d{4})?|${DAY}\\s+${MONTH}(?:,?\\s+\\d{4})?)|\\d{1,2}[/.]\\d{1,2}[/.]\\d{4}))(?:,?\\s+at\\s+|[ T,]+))?(?<about>~\\s*|(?:about|around|approx(?:\\.|imately)?|ca\\.)\\s+)?` +
  `(?<h>\\d{1,2})[:.](?<m>\\d{2})(?::\\d{2})?(?![.]\\d)(?:\\s*(?<ap>${MERIDIEM}))?(?<ish>\\s*-?\\s*ish\\b)?(?:(?<iso>Z|[+-]\\d{2}:?\\d{2})(?![\\w:])|\\s*\\(?(?<zone>${ZONE})\\)?)?` +
  `(?:\\s*(?:[-–—]|to|until)\\s*(?<h2>\\d{1,2})[:.](?<m2>\\d{2})(?::\\d{2})?(?:\\s*(?<ap2>${MERIDIEM}))?(?:\\s*\\(?(?<zone2>${ZONE})\\)?)?)?\\]?`;
const LINE_RE = new RegExp(`^${TIME_HEAD}\\s*(?:[-–—:|>]+\\s*)?(?<event>.*)$`);
const CELL_RE = new RegExp(`^${TIME_HEAD}$`);

/** A time as written at the start of a line or cell, read; what the entry's words get added ("(until 21:00)"). */
/** A date written before a time: YYYY-MM-DD, or MM-DD when it has no year ("March 3"). */
function headDate(g: Record<string, string | undefined>): { date?: string; monthDay?: string } {
  if (g.date) return { date: g.date.replace(/\//g, '-') };
  if (!g.dtext) return {};
  const full = findDate(g.dtext);
  if (full) return { date: full };
  const m = YEARLESS_RE.exec(g.dtext.trim());
  return m ? { monthDay: `${pad(monthNumber(m[1] ?? m[4]!))}-${pad(Number(m[2] ?? m[3]))}` } : {};
}

function readHead(g: Record<string, string | undefined>): { clock: ClockTime; date?: string; monthDay?: string; note: string } | undefined {
  // An ISO 8601 time's own offset ("14:02:00Z", "14:02+02:00").
  const iso = g.iso === 'Z' ? 'UTC' : g.iso ? `UTC${g.iso}` : undefined;
  const zone = iso ?? g.zone ?? g.zone2;
  // "11:00 - 1:00 PM": the start is in the other half of the day when its hour is past the end's.
  const opposite = (ap: string) => (/^p/i.test(ap) ? 'am' : 'pm');
  const ap = g.ap ?? (g.ap2 && Number(g.h) % 12 > Number(g.h2) % 12 ? opposite(g.ap2) : g.ap2);
  const clock = toClock(g.h!, g.m!, ap, zone);
  const end = g.h2 ? toClock(g.h2, g.m2!, g.ap2, zone) : undefined;
  if (!clock || (g.h2 && !end)) return undefined;
  const note = `${end ? ` (until ${pad(end.hour)}:${pad(end.minute)})` : ''}${g.about || g.ish ? ' (approximate time)' : ''}`;
  return { clock, ...headDate(g), note };
}

/** A timeline line ("9:30 AM EAT - rolled back", "14:02 UTC config pushed", "[14:02] x", "14:02 — x"), or undefined. */
export function parseTimedLine(line: string): TimedLine | undefined {
  // A list mark, then the time perhaps in bold as plain text writes it ("**14:02 UTC** — deploy").
  const text = line
    .trim()
    .replace(/^(?:[-*+•]|\d+[.)])\s+/, '')
    .replace(/^(\*\*|__)(.+?)\1/, '$2');
  const g = LINE_RE.exec(text)?.groups;
  const head = g && readHead(g);
  const event = (g?.event ?? '').replace(/^[-–—:|>\s]+/, '').trim();
  if (!head || !event) return undefined;
  return { ...head.clock, date: head.date, ...(head.monthDay ? { monthDay: head.monthDay } : {}), event: `${event}${head.note}` };
}

/** A table cell that holds a time ("23:40", "9:05 AM PST", "2024-07-03 14:02", "14:00–14:20"), or undefined. */
export function parseTimeCell(cell: string): (ClockTime & { date?: string; monthDay?: string; note?: string }) | undefined {
  const g = CELL_RE.exec(cell.trim())?.groups;
  const head = g && readHead(g);
  return (
    head && {
      ...head.clock,
      date: head.date,
      ...(head.monthDay ? { monthDay: head.monthDay } : {}),
      ...(head.note ? { note: head.note } : {}),
    }
  );
}

/** A cell of a Date column: "2024-03-03", "March 3, 2024", "3 March" (then MM-DD). */
export function parseDateCell(cell: string): { date?: string; monthDay?: string } {
  return headDate({ dtext: cell.trim().replace(/^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i, '') });
}

/** The first clock time in a text ("July 3, 2024 2:05 PM PDT" gives 14:05 PDT). */
export function findClock(text: string): ClockTime | undefined {
  const m = new RegExp(`(?<![\\d:.])${CLOCK}(?:\\s*\\(?(${ZONE})\\)?)?`).exec(text);
  return m ? toClock(m[1]!, m[2]!, m[3], m[4]) : undefined;
}

/** "between 9:00 AM and 11:30 AM EAT", "from 14:00 to 15:10 UTC": the incident's window as written. */
export function findWindow(text: string): { from: ClockTime; to: ClockTime } | undefined {
  const re = new RegExp(`\\b(?:between|from)\\s+${CLOCK}(?:\\s*(${ZONE}))?\\s+(?:and|to|until|-|–)\\s+${CLOCK}(?:\\s*(${ZONE}))?`, 'i');
  const m = re.exec(text);
  if (!m) return undefined;
  const zone = m[8] ?? m[4];
  const from = toClock(m[1]!, m[2]!, m[3] ?? m[7], zone);
  const to = toClock(m[5]!, m[6]!, m[7], zone);
  return from && to ? { from, to } : undefined;
}

/**
 * A zone the text names for all its times: "All times are JST", "(times in PST)", "Timeline (all
 * times CET)", a "Time (UTC)" column.
 */
export function findDeclaredZone(text: string): string | undefined {
  // The words in any case, the zone as written: "times at cat level" names no zone.
  const m = new RegExp(
    `(?i:\\b(?:all\\s+)?(?:times?|timestamps?|hours)\\b(?:\\s+(?:are|is|in|shown|given|listed|below|here|above|used))*)\\s*[:(]?\\s*(${NOTE_ZONE})`,
  ).exec(text);
  return zoneToken(m?.[1]);
}

/**
 * The zone a heading or a column header names: a note in it ("Timeline (all times CET)"), or a
 * zone on its own in brackets or after a dash ("Timeline (PST)", "When (PT)", "Timeline - UTC").
 */
export function findHeadingZone(heading: string): string | undefined {
  const alone = new RegExp(`(?:\\(\\s*(${NOTE_ZONE})\\s*\\)|[-–—:,]\\s*(${NOTE_ZONE})\\s*$)`).exec(heading);
  return findDeclaredZone(heading) ?? zoneToken(alone?.[1] ?? alone?.[2]);
}

/** The zones written beside clock times anywhere in a text ("alerted at 10:31 PT", "from 10:23 to 12:45 US/Pacific"). */
export function zonesBesideTimes(text: string): string[] {
  const re = new RegExp(`(?<![\\d:.])${CLOCK}\\s*\\(?(${ZONE})`, 'g');
  return [...text.matchAll(re)].map((m) => zoneToken(m[4])!).filter(Boolean);
}

/** A clock time on a day, in the zone written beside it or else `zone`; the instant in `zone`. */
export function placeClock(day: string, clock: ClockTime, zone: string): { at: DateTime; mismatch?: string } {
  const written = clock.zone ? zoneFromText(clock.zone) : undefined;
  const local = `${day}T${pad(clock.hour)}:${pad(clock.minute)}`;
  // "UTC+05:30" has no zone of its own (zoneFromAbbreviation gives UTC): the offset itself.
  const fixed = written?.zone === 'UTC' && written.offset ? FixedOffsetZone.instance(written.offset) : undefined;
  let at = DateTime.fromISO(local, { zone: fixed ?? written?.zone ?? zone });
  if (written?.offset !== undefined && at.offset !== written.offset) {
    // An hour that happens twice (the night summer time ends): "01:15 EST" is the second one.
    const named = DateTime.fromISO(local, { zone: FixedOffsetZone.instance(written.offset) }).setZone(written.zone);
    if (named.toFormat("yyyy-MM-dd'T'HH:mm") === local) at = named;
  }
  // PST written in July: the wall-clock time in Los Angeles, which was on -07:00 that day.
  const mismatch =
    written?.offset !== undefined && at.offset !== written.offset
      ? `${clock.zone} means UTC${written.offset >= 0 ? '+' : '-'}${Math.abs(written.offset / 60)}, but ${written.zone} was on UTC${at.toFormat('ZZ')} that day: times were read as local time there`
      : undefined;
  // The same wall-clock time an hour apart: the hour that happens twice.
  const twice = [-1, 1].some((h) => at.plus({ hours: h }).toFormat("yyyy-MM-dd'T'HH:mm") === local);
  const ambiguous = twice
    ? `${local.slice(11)} happened twice in ${at.zoneName} on ${day} (summer time ended): read as UTC${at.toFormat('ZZ')}${written?.offset === at.offset ? `, as ${clock.zone} says` : ''}; check it`
    : undefined;
  return { at: at.setZone(zone), mismatch: mismatch ?? ambiguous };
}
