import { incidentDate } from '../format/slug.ts';
import { countsBy, ranked, yearBefore } from './insights.ts';
import type { LedgerItem } from './ledger.ts';
import type { Postmortem } from '../format/schema.ts';
import type { IncidentCard, Named } from './cards.ts';

/**
 * The home page as data: "how are we doing" at a glance. The latest incidents, the action items
 * still open and those overdue, incidents per month over the last year (a small chart drawn at
 * build time), and the services and root causes that keep coming back.
 */

/** A service or root cause with its incidents in the last 12 months. */
export interface Recurring extends Named {
  count: number;
}

/** One column of the small per-month chart, in SVG user units. */
export interface MonthBar {
  month: string;
  /** The axis label: "Dec 2025" for the first month and each January, else "Feb". */
  label: string;
  count: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface HomeModel {
  latest: IncidentCard[];
  /** Incidents that started after `since` (the last 12 months). */
  lastYear: number;
  since: string;
  actions: {
    /** Open or in progress. */
    unfinished: number;
    overdue: number;
    /** The overdue items longest past their due date first, at most `OVERDUE_SHOWN`. */
    mostOverdue: LedgerItem[];
  };
  perMonth: { width: number; height: number; max: number; bars: MonthBar[] };
  /** Seen in at least two incidents of the last 12 months, most first, at most `RECURRING_SHOWN`. */
  recurring: { services: Recurring[]; rootCauses: Recurring[] };
}

export const LATEST_SHOWN = 6;
export const OVERDUE_SHOWN = 5;
export const RECURRING_SHOWN = 5;
const CHART = { width: 720, height: 150, axis: 28, top: 28, gap: 10 };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The twelve months ending with `today`'s, oldest first ("2026-01" … "2026-12"). */
export function lastTwelveMonths(today: string): string[] {
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  const months: string[] = [];
  for (let i = 0; i < 12; i++) {
    months.unshift(`${year}-${String(month).padStart(2, '0')}`);
    if (--month === 0) [year, month] = [year - 1, 12];
  }
  return months;
}

/** Column geometry for counts per month: equal widths, heights scaled to the largest count. */
export function monthBars(rows: readonly { month: string; count: number }[]): HomeModel['perMonth'] {
  const { width, height, axis, top, gap } = CHART;
  const max = Math.max(1, ...rows.map((r) => r.count));
  const slot = width / Math.max(1, rows.length);
  const plot = height - axis;
  const bars = rows.map((r, i) => {
    const h = Math.round((r.count / max) * (plot - top) * 10) / 10;
    const name = MONTHS[Number(r.month.slice(5, 7)) - 1]!;
    const label = i === 0 || name === 'Jan' ? `${name} ${r.month.slice(0, 4)}` : name;
    return {
      month: r.month,
      label,
      count: r.count,
      x: Math.round(i * slot + gap / 2),
      y: Math.round((plot - h) * 10) / 10,
      width: Math.round(slot - gap),
      height: h,
    };
  });
  return { width, height, max, bars };
}

function recurringIn(
  entries: readonly { id: string; data: Postmortem }[],
  field: 'services' | 'rootCauses',
  names: ReadonlyMap<string, string>,
  today: string,
): Recurring[] {
  return ranked(countsBy(entries, field, today), 'lastYear')
    .filter((row) => row.lastYear >= 2)
    .slice(0, RECURRING_SHOWN)
    .map((row) => ({ id: row.id, name: names.get(row.id) ?? row.id, count: row.lastYear }));
}

/**
 * The home page's figures. `archive` is newest first, `cards` its cards in the same order,
 * `ledger` every action item; `today` (YYYY-MM-DD) decides the last 12 months and what is overdue.
 */
export function homeModel(
  archive: readonly { id: string; data: Postmortem }[],
  cards: readonly IncidentCard[],
  ledger: readonly LedgerItem[],
  names: { services: ReadonlyMap<string, string>; rootCauses: ReadonlyMap<string, string> },
  today: string,
): HomeModel {
  const since = yearBefore(today);
  const months = lastTwelveMonths(today);
  const perMonth = new Map(months.map((m) => [m, 0]));
  // Incidents dated after the build date (a clock or zone ahead) wait for their month.
  const recent = archive.filter((e) => incidentDate(e.id) > since && incidentDate(e.id) <= today);
  for (const e of recent) {
    const month = e.id.slice(0, 7);
    if (perMonth.has(month)) perMonth.set(month, perMonth.get(month)! + 1);
  }
  const unfinished = ledger.filter((a) => a.status === 'open' || a.status === 'in-progress');
  const overdue = unfinished.filter((a) => a.overdue);
  return {
    latest: cards.slice(0, LATEST_SHOWN),
    lastYear: recent.length,
    since,
    actions: {
      unfinished: unfinished.length,
      overdue: overdue.length,
      mostOverdue: [...overdue].sort((a, b) => (a.due! < b.due! ? -1 : a.due! > b.due! ? 1 : 0)).slice(0, OVERDUE_SHOWN),
    },
    perMonth: monthBars(months.map((month) => ({ month, count: perMonth.get(month)! }))),
    recurring: {
      services: recurringIn(recent, 'services', names.services, today),
      rootCauses: recurringIn(recent, 'rootCauses', names.rootCauses, today),
    },
  };
}
