import { DateTime } from 'luxon';
import { durations } from './durations.ts';
import type { LedgerItem } from './ledger.ts';
import { median, percentile } from './stats.ts';

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

/** Incidents per month, stacked by severity, every month from the first to the last present. */
export function incidentsPerMonth(entries: readonly Entry[], severities: readonly string[]): MonthRow[] {
  const byMonth = new Map<string, Record<string, number>>();
  for (const e of entries) {
    const month = e.id.slice(0, 7);
    const counts = byMonth.get(month) ?? Object.fromEntries(severities.map((s) => [s, 0]));
    counts[e.data.severity] = (counts[e.data.severity] ?? 0) + 1;
    byMonth.set(month, counts);
  }
  const months = [...byMonth.keys()].sort();
  if (!months.length) return [];
  const rows: MonthRow[] = [];
  for (let m = DateTime.fromISO(`${months[0]}-01`); m.toFormat('yyyy-LL') <= months.at(-1)!; m = m.plus({ months: 1 })) {
    const month = m.toFormat('yyyy-LL');
    const counts = byMonth.get(month) ?? Object.fromEntries(severities.map((s) => [s, 0]));
    rows.push({ month, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) });
  }
  return rows;
}

export interface Spread {
  count: number;
  median?: number;
  p90?: number;
}

export interface QuarterRow {
  quarter: string;
  /** Minutes from start to resolution. */
  resolve: Spread;
  /** Minutes from start to detection. */
  detect: Spread;
}

const spread = (values: number[]): Spread => ({ count: values.length, median: median(values), p90: percentile(values, 0.9) });

/** Time to resolve and to detect per quarter, in minutes, as median and 90th percentile. */
export function durationsPerQuarter(entries: readonly Entry[]): QuarterRow[] {
  const byQuarter = new Map<string, { resolve: number[]; detect: number[] }>();
  for (const e of entries) {
    const quarter = `${e.id.slice(0, 4)}-Q${Math.floor((Number(e.id.slice(5, 7)) - 1) / 3) + 1}`;
    const row = byQuarter.get(quarter) ?? { resolve: [], detect: [] };
    const d = durations(e.data);
    if (d.toResolve !== undefined) row.resolve.push(d.toResolve / 60000);
    if (d.toDetect !== undefined) row.detect.push(d.toDetect / 60000);
    byQuarter.set(quarter, row);
  }
  return [...byQuarter.keys()].sort().map((quarter) => {
    const row = byQuarter.get(quarter)!;
    return { quarter, resolve: spread(row.resolve), detect: spread(row.detect) };
  });
}

/** The date a year before `today` (YYYY-MM-DD): "the last 12 months" start after it. */
export function yearBefore(today: string): string {
  return DateTime.fromISO(today).minus({ years: 1 }).toISODate()!;
}

/** How many incidents name each id of a list field, all time and in the last 12 months, most first. */
export function countsBy(entries: readonly Entry[], field: 'services' | 'rootCauses', today: string): { id: string; allTime: number; lastYear: number }[] {
  const since = yearBefore(today);
  const counts = new Map<string, { allTime: number; lastYear: number }>();
  for (const e of entries) {
    const recent = e.id.slice(0, 10) > since;
    for (const id of e.data[field]) {
      const c = counts.get(id) ?? { allTime: 0, lastYear: 0 };
      c.allTime++;
      if (recent) c.lastYear++;
      counts.set(id, c);
    }
  }
  return [...counts].map(([id, c]) => ({ id, ...c })).sort((a, b) => b.allTime - a.allTime || (a.id < b.id ? -1 : 1));
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
  /** Open and in-progress items by days since their incident started. */
  openByAge: { label: string; count: number }[];
}

export function actionStats(items: readonly LedgerItem[], today: string): ActionStats {
  const end = DateTime.fromISO(today);
  let done = 0;
  let wontDo = 0;
  const ages = AGE_BUCKETS.map(() => 0);
  for (const item of items) {
    if (item.status === 'done') done++;
    else if (item.status === 'wont-do') wontDo++;
    else {
      const days = end.diff(DateTime.fromISO(item.started), 'days').days;
      ages[AGE_BUCKETS.findIndex((b) => days < b.max)]!++;
    }
  }
  const counted = items.length - wontDo;
  return { total: items.length, done, wontDo, completionRate: counted ? done / counted : undefined, openByAge: AGE_BUCKETS.map((b, i) => ({ label: b.label, count: ages[i]! })) };
}

/** "4 incidents with this root cause in the last 12 months, across 3 services". */
export function recurrence(entries: readonly Entry[], today: string): { incidents: number; services: number; rootCauses: number } {
  const since = yearBefore(today);
  const recent = entries.filter((e) => e.id.slice(0, 10) > since);
  return { incidents: recent.length, services: new Set(recent.flatMap((e) => e.data.services)).size, rootCauses: new Set(recent.flatMap((e) => e.data.rootCauses)).size };
}

/** Rows as CSV (RFC 4180 quoting). */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): string {
  const cell = (v: string | number | undefined) => {
    const s = v === undefined ? '' : typeof v === 'number' ? String(Math.round(v * 100) / 100) : v;
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
