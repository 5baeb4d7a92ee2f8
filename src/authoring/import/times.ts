import { DateTime } from 'luxon';
import { findClock, findDate, findWindow, placeClock, zoneFromText, type ClockTime, type TimedLine } from './clock.ts';

/**
 * The zone a postmortem's times are in, and every time placed in it: timeline entries (an entry
 * earlier on the clock than the one before it is on the next day), the incident window, and the
 * key moments (started, detected, mitigated, resolved) from the entries' words.
 */

export type Kind = 'trigger' | 'detected' | 'escalated' | 'mitigated' | 'resolved';

/** A timeline entry at its instant, in the postmortem's zone. */
export interface PlacedEntry {
  at: DateTime;
  event: string;
  kind?: Kind;
}

/** The incident's key moments, where the document gives them. */
export interface Moments {
  started?: DateTime;
  detected?: DateTime;
  mitigated?: DateTime;
  resolved?: DateTime;
}

/** Abbreviations with more than one common reading (IST: India, Ireland, Israel). */
const AMBIGUOUS = new Set(['IST', 'CST', 'CDT', 'BST', 'GST', 'AST']);

/**
 * The postmortem's zone: the one given on the command line, else one the text declares ("All
 * times are JST", a heading, a column), else the one most of its times carry, else the default.
 */
export function chooseZone(
  input: { option?: string; declared?: string; written: readonly (string | undefined)[]; defaultZone: string },
  warnings: string[],
): string {
  if (input.option) return input.option;
  const counts = new Map<string, number>();
  for (const z of input.written) if (z) counts.set(z, (counts.get(z) ?? 0) + 1);
  const token = input.declared ?? [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const zone = token ? zoneFromText(token)?.zone : undefined;
  if (!zone) {
    if (token)
      warnings.push(
        `the text names the zone "${token}", which the import does not know: times were read as ${input.defaultZone}; pass --timezone`,
      );
    else if (input.written.length)
      warnings.push(`the text names no time zone: times were read as ${input.defaultZone}; pass --timezone to choose another`);
    return input.defaultZone;
  }
  if (AMBIGUOUS.has(token!)) warnings.push(`times written in ${token} were read in ${zone}: check it is the zone you meant`);
  return zone;
}

function kindOf(event: string, index: number): Kind | undefined {
  const e = event.toLowerCase();
  if (/\bescalat/.test(e)) return 'escalated';
  const negated = /\b(not|n't|never|failed to|without)\b[^.]{0,30}\b(resolv|restor|recover|fix)/.test(e);
  // "Workaround: old certificate restored" is a mitigation, whatever it restored.
  if (!negated && /mitigat|temporary fix|workaround|stabili[sz]ed/.test(e)) return 'mitigated';
  if (
    !negated &&
    /\b(restored|recovered|resolved|back to normal|fully operational|all clear|(?:incident|outage) (?:ends|ended|over|closed))\b/.test(e)
  )
    return 'resolved';
  if (/detect|alert|paged|pager|opsgenie|noticed|reported by|monitoring/.test(e)) return 'detected';
  if (index === 0 && /deploy|pushed|rolled out|config change|released|migration|rotated|changed|upgraded/.test(e)) return 'trigger';
  return undefined;
}

/** Places the entries from the start date on, each on the day of the one before or the next. */
export function placeEntries(entries: readonly TimedLine[], date: string, zone: string, warnings: string[]): PlacedEntry[] {
  const placed: PlacedEntry[] = [];
  const warned = new Set<string>();
  const place = (day: string, clock: ClockTime) => {
    const { at, mismatch } = placeClock(day, clock, zone);
    if (mismatch && !warned.has(mismatch)) {
      warned.add(mismatch);
      warnings.push(mismatch);
    }
    return at;
  };
  let day = date;
  for (const entry of entries) {
    let at = place(entry.date ?? day, entry);
    const previous = placed.at(-1)?.at;
    if (!entry.date && previous && at < previous) {
      day = DateTime.fromISO(day).plus({ days: 1 }).toISODate()!;
      at = place(day, entry);
    }
    if (entry.date) day = entry.date;
    if (previous && at < previous)
      warnings.push(
        `timeline entry "${entry.event.slice(0, 40)}" is earlier than the one before it: the timeline was put in time order; check its date`,
      );
    placed.push({ at, event: entry.event });
  }
  // The format wants entries in time order; a stable sort keeps the author's order for equal times.
  placed.sort((a, b) => a.at.toMillis() - b.at.toMillis());
  placed.forEach((p, index) => (p.kind = kindOf(p.event, index)));
  // One detected and one mitigated (the first), one resolved (the last).
  for (const kind of ['detected', 'mitigated'] as const)
    placed
      .filter((p) => p.kind === kind)
      .slice(1)
      .forEach((p) => (p.kind = undefined));
  placed
    .filter((p) => p.kind === 'resolved')
    .slice(0, -1)
    .forEach((p) => (p.kind = undefined));
  return placed;
}

/** A time written as metadata ("2024-07-03T14:05:00-07:00", "July 3, 2024 2:05 PM PDT", "14:05"). */
function readMomentText(value: string, date: string, zone: string): DateTime | undefined {
  const iso = DateTime.fromISO(value.trim(), { setZone: true });
  if (iso.isValid && /T\d{2}:\d{2}.*(?:Z|[+-]\d{2}:?\d{2})$/.test(value.trim())) return iso.setZone(zone);
  const clock = findClock(value);
  return clock ? placeClock(findDate(value) ?? date, clock, zone).at : undefined;
}

/** The key moments: the window the text states ("between 9:00 and 11:30 EAT") or metadata, else the timeline's. */
export function findMoments(input: {
  placed: readonly PlacedEntry[];
  windowText: string;
  date: string;
  zone: string;
  metadata: Partial<Record<keyof Moments, string>>;
}): Moments {
  const { placed, date, zone } = input;
  const window = findWindow(input.windowText);
  const from = window ? placeClock(date, window.from, zone).at : undefined;
  let to = window ? placeClock(date, window.to, zone).at : undefined;
  if (from && to && to < from) to = to.plus({ days: 1 });
  const meta = (key: keyof Moments) => (input.metadata[key] ? readMomentText(input.metadata[key]!, date, zone) : undefined);
  const startCandidates = [meta('started'), from, placed[0]?.at].filter((d): d is DateTime => !!d);
  const moments: Moments = {
    started: meta('started') ?? (startCandidates.length ? DateTime.min(...startCandidates)! : undefined),
    detected: meta('detected') ?? placed.find((p) => p.kind === 'detected')?.at,
    mitigated: meta('mitigated') ?? placed.find((p) => p.kind === 'mitigated')?.at,
    resolved: meta('resolved') ?? to ?? placed.find((p) => p.kind === 'resolved')?.at,
  };
  // Times run started <= detected <= mitigated <= resolved; one out of order is dropped, not guessed.
  let last = moments.started;
  for (const key of ['detected', 'mitigated', 'resolved'] as const) {
    const value = moments[key];
    if (value && last && value < last) delete moments[key];
    else if (value) last = value;
  }
  return moments;
}
