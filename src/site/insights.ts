import { incidentDate } from '../format/slug.ts';
import { DateTime } from 'luxon';
import { durations } from '../format/durations.ts';
import type { LedgerItem } from './ledger.ts';
import { median, percentile } from './stats.ts';
import { plural } from '../format/words.ts';

/**
 * Reliability figures across incidents, as plain functions of the entries and the build date,
 * each in one pass (linear in the number of incidents). Months, quarters and years are those
 * of the start date in the incident's own zone, which is the date its slug begins with.
 * Durations are summarised by median and 90th percentile (stats.ts states the method), never
 * by mean: a few very long incidents would dominate a mean.
 */

interface Entry {
  id: string;
  data: { started: string; detected?: string; resolved?: string; severity: string; services: string[]; rootCauses: string[] };
}

export interface MonthRow {
  month: string;
  counts: Record<string, number>;
  total: number;
}

export interface PeriodRow {
  /** "2026-04" for a month, "2026-Q2" for a quarter, "2026" for a year. */
  period: string;
  counts: Record<string, number>;
  total: number;
}

export type Period = 'month' | 'quarter' | 'year';

/** How a period is named in chart titles and table headers. */
export const PERIOD_WORDS: Record<Period, { one: string; title: string }> = {
  month: { one: 'month', title: 'Month' },
  quarter: { one: 'quarter', title: 'Quarter' },
  year: { one: 'year', title: 'Year' },
};

const quarterOf = (id: string) => `${id.slice(0, 4)}-Q${Math.floor((Number(id.slice(5, 7)) - 1) / 3) + 1}`;
const periodOf = (id: string, period: Period) =>
  period === 'month' ? id.slice(0, 7) : period === 'quarter' ? quarterOf(id) : id.slice(0, 4);

/** Charts keep to a few dozen columns: months up to this many, then quarters. */
export const MAX_MONTHS = 36;
/** Quarters up to this many years, then years. */
export const MAX_QUARTER_YEARS = 12;

/**
 * The finest period (no finer than `finest`) that keeps a chart of the entries to a few dozen
 * columns: months for up to 36 months, quarters for up to 12 years, years beyond. An archive that
 * reaches back to 1990 then draws 37 years, not 444 months.
 */
export function periodFor(entries: readonly { id: string }[], finest: Period = 'month'): Period {
  let first: string | undefined;
  let last: string | undefined;
  for (const e of entries) {
    if (first === undefined || e.id < first) first = e.id;
    if (last === undefined || e.id > last) last = e.id;
  }
  if (first === undefined || last === undefined) return finest;
  const months = (Number(last.slice(0, 4)) - Number(first.slice(0, 4))) * 12 + Number(last.slice(5, 7)) - Number(first.slice(5, 7)) + 1;
  if (finest === 'month' && months <= MAX_MONTHS) return 'month';
  if (finest !== 'year' && months <= MAX_QUARTER_YEARS * 12) return 'quarter';
  return 'year';
}

/** Every period from `first` to `last`, so an empty month or quarter shows as a gap, not as nothing. */
function periodRange(first: string, last: string, period: Period): string[] {
  if (period === 'year') {
    const keys: string[] = [];
    for (let year = Number(first); year <= Number(last); year++) keys.push(String(year));
    return keys;
  }
  const steps = period === 'month' ? 12 : 4;
  const key = (year: number, n: number) => (period === 'month' ? `${year}-${String(n).padStart(2, '0')}` : `${year}-Q${n}`);
  const keys: string[] = [];
  let year = Number(first.slice(0, 4));
  let n = Number(period === 'month' ? first.slice(5, 7) : first.slice(6));
  for (let k = first; k <= last; k = key(year, n)) {
    keys.push(k);
    if (++n > steps) [year, n] = [year + 1, 1];
  }
  return keys;
}

/**
 * Incidents per month, quarter or year, counted by severity, every period from the first
 * incident's to the last's. The period is that of the start date in the incident's own zone,
 * the date its slug begins with.
 */
export function incidentsPerPeriod(entries: readonly Entry[], severities: readonly string[], period: Period): PeriodRow[] {
  const zero = () => Object.fromEntries(severities.map((s) => [s, 0])) as Record<string, number>;
  const byPeriod = new Map<string, Record<string, number>>();
  for (const e of entries) {
    const key = periodOf(e.id, period);
    const counts = byPeriod.get(key) ?? zero();
    counts[e.data.severity] = (counts[e.data.severity] ?? 0) + 1;
    byPeriod.set(key, counts);
  }
  const keys = [...byPeriod.keys()].sort();
  if (!keys.length) return [];
  return periodRange(keys[0]!, keys.at(-1)!, period).map((key) => {
    const counts = byPeriod.get(key) ?? zero();
    return { period: key, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
  });
}

/** Incidents per month, stacked by severity, every month from the first to the last present. */
export function incidentsPerMonth(entries: readonly Entry[], severities: readonly string[]): MonthRow[] {
  return incidentsPerPeriod(entries, severities, 'month').map(({ period, counts, total }) => ({ month: period, counts, total }));
}

/** Incidents over the whole archive, per the period `periodFor` picks (months for up to 36 months). */
export function incidentsOverTime(entries: readonly Entry[], severities: readonly string[]): { period: Period; rows: PeriodRow[] } {
  const period = periodFor(entries);
  return { period, rows: incidentsPerPeriod(entries, severities, period) };
}

/** Durations over the whole archive: per quarter, per year beyond 12 years. */
export function durationsOverTime(entries: readonly Entry[]): { period: 'quarter' | 'year'; rows: QuarterRow[] } {
  const period = periodFor(entries, 'quarter') === 'year' ? 'year' : 'quarter';
  return { period, rows: durationsPerQuarter(entries, period) };
}

/**
 * Chart series for severities, most severe first, coloured by rank through the chart
 * components' CSS variables (--chart-1 to --chart-4, cycling beyond four).
 */
export function severitySeries(ids: readonly string[]): { key: string; label: string; color: string }[] {
  return ids.map((id, i) => ({ key: id, label: id, color: `var(--chart-${(i % 4) + 1})` }));
}

export interface Spread {
  count: number;
  median?: number;
  p90?: number;
}

export interface QuarterRow {
  /** The period: "2026-Q2", or "2026" when the archive spans more than 12 years. */
  quarter: string;
  /** Minutes from start to resolution. */
  resolve: Spread;
  /** Minutes from start to detection. */
  detect: Spread;
}

const spread = (values: number[]): Spread => ({ count: values.length, median: median(values), p90: percentile(values, 0.9) });

/**
 * Time to resolve and to detect per quarter (or per year, see `periodFor`), in minutes, as
 * median and 90th percentile, every period from the first incident's to the last's. An incident
 * without `detected` counts towards resolution only, so the two counts can differ.
 */
export function durationsPerQuarter(entries: readonly Entry[], period: 'quarter' | 'year' = 'quarter'): QuarterRow[] {
  const byQuarter = new Map<string, { resolve: number[]; detect: number[] }>();
  for (const e of entries) {
    const quarter = periodOf(e.id, period);
    const row = byQuarter.get(quarter) ?? { resolve: [], detect: [] };
    const d = durations(e.data);
    if (d.toResolve !== undefined) row.resolve.push(d.toResolve / 60000);
    if (d.toDetect !== undefined) row.detect.push(d.toDetect / 60000);
    byQuarter.set(quarter, row);
  }
  const keys = [...byQuarter.keys()].sort();
  if (!keys.length) return [];
  return periodRange(keys[0]!, keys.at(-1)!, period).map((quarter) => {
    const row = byQuarter.get(quarter) ?? { resolve: [], detect: [] };
    return { quarter, resolve: spread(row.resolve), detect: spread(row.detect) };
  });
}

/** The date a year before `today` (YYYY-MM-DD): "the last 12 months" start after it. */
export function yearBefore(today: string): string {
  return DateTime.fromISO(today).minus({ years: 1 }).toISODate()!;
}

export interface IdCount {
  id: string;
  allTime: number;
  lastYear: number;
}

/**
 * How many incidents name each id of a list field, all time and in the last 12 months (those
 * starting after the date a year before `today`), most first, ties by id.
 */
export function countsBy(entries: readonly Entry[], field: 'services' | 'rootCauses', today: string): IdCount[] {
  const since = yearBefore(today);
  const counts = new Map<string, { allTime: number; lastYear: number }>();
  for (const e of entries) {
    const recent = incidentDate(e.id) > since;
    for (const id of e.data[field]) {
      const c = counts.get(id) ?? { allTime: 0, lastYear: 0 };
      c.allTime++;
      if (recent) c.lastYear++;
      counts.set(id, c);
    }
  }
  return ranked(
    [...counts].map(([id, c]) => ({ id, ...c })),
    'allTime',
  );
}

/** The rows with a count above zero in `key`, most first, ties by id (a stable order for every build). */
export function ranked(rows: readonly IdCount[], key: 'allTime' | 'lastYear'): IdCount[] {
  return rows.filter((r) => r[key] > 0).sort((a, b) => b[key] - a[key] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export const AGE_BUCKETS = [
  { label: 'under 30 days', max: 30 },
  { label: '30 to 90 days', max: 90 },
  { label: '90 days to a year', max: 365 },
  { label: 'over a year', max: Infinity },
] as const;

export interface ActionStats {
  total: number;
  done: number;
  wontDo: number;
  /** done / (total - wont-do): dropped items are decisions, not debts. Undefined with no items. */
  completionRate?: number;
  /** Open and in-progress items by whole days from their incident's start date to `today`. */
  openByAge: { label: string; count: number }[];
}

const DAY = 86_400_000;

/** Whole calendar days from one date (YYYY-MM-DD) to another, the same in every time zone. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY);
}

/**
 * Completion and the age of what is still open. An item's age runs from its incident's start
 * date (the date its slug begins with) to the build date.
 */
export function actionStats(items: readonly Pick<LedgerItem, 'status' | 'incident'>[], today: string): ActionStats {
  let done = 0;
  let wontDo = 0;
  const ages = AGE_BUCKETS.map(() => 0);
  for (const item of items) {
    if (item.status === 'done') done++;
    else if (item.status === 'wont-do') wontDo++;
    else ages[AGE_BUCKETS.findIndex((b) => daysBetween(incidentDate(item.incident), today) < b.max)]!++;
  }
  const counted = items.length - wontDo;
  return {
    total: items.length,
    done,
    wontDo,
    completionRate: counted ? done / counted : undefined,
    openByAge: AGE_BUCKETS.map((b, i) => ({ label: b.label, count: ages[i]! })),
  };
}

export interface Recurrence {
  /** Incidents in the last 12 months. */
  incidents: number;
  /** Distinct services and root causes among them. */
  services: number;
  rootCauses: number;
}

/** How often a slice of the archive (one service, one root cause) recurred in the last 12 months. */
export function recurrence(entries: readonly Entry[], today: string): Recurrence {
  const since = yearBefore(today);
  let incidents = 0;
  const services = new Set<string>();
  const rootCauses = new Set<string>();
  for (const e of entries) {
    if (incidentDate(e.id) <= since) continue;
    incidents++;
    for (const id of e.data.services) services.add(id);
    for (const id of e.data.rootCauses) rootCauses.add(id);
  }
  return { incidents, services: services.size, rootCauses: rootCauses.size };
}

/**
 * "4 incidents with this root cause in the last 12 months, across 3 services". A root cause's
 * page counts services, a service's page root causes: the other dimension is the news.
 */
export function recurrenceNote(r: Recurrence, label: string, across: 'services' | 'rootCauses'): string {
  const note = `${plural(r.incidents, 'incident')} with ${label} in the last 12 months`;
  if (r.incidents === 0) return `${note}.`;
  return `${note}, across ${across === 'services' ? plural(r.services, 'service') : plural(r.rootCauses, 'root cause')}.`;
}

/**
 * A figure as shown in tables, chart data attributes and CSV alike, so they can be compared as
 * text: at most one decimal ("232.5", "67.5", "3"), nothing for no value.
 */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '';
  const rounded = Math.round(value * 10) / 10;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** Rows as CSV (RFC 4180 quoting; numbers as formatNumber writes them). */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): string {
  const cell = (v: string | number | undefined) => {
    const s = typeof v === 'string' ? v : formatNumber(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
