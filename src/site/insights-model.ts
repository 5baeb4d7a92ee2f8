import type { Series } from './chart-layout.ts';
import {
  actionStats,
  countsBy,
  durationsOverTime,
  incidentsOverTime,
  PERIOD_WORDS,
  ranked,
  severitySeries,
  toCsv,
  yearBefore,
  type ActionStats,
  type IdCount,
  type Period,
  type PeriodRow,
  type QuarterRow,
} from './insights.ts';
import type { LedgerItem } from './ledger.ts';
import type { Postmortem, Registries } from '../format/schema.ts';

/**
 * The /insights/ page as data: every chart declared once (id, title, what it shows, the CSV it
 * links to), and every CSV computed from the same figures, so a chart, its table and its CSV
 * can never disagree.
 */

export interface ColumnsChart {
  id: string;
  title: string;
  description: string;
  categoryLabel: string;
  categories: string[];
  series: Series[];
  values: Record<string, Record<string, number | undefined>>;
  mode?: 'grouped';
  unit?: string;
  csv: string;
}

export interface BarsChart {
  id: string;
  title: string;
  description: string;
  columns: [string, string];
  rows: { label: string; value: number }[];
  csv: string;
}

/** A CSV file of /insights/: its name (without `.csv`) and its rows. */
export interface CsvFile {
  name: string;
  header: string[];
  rows: (string | number | undefined)[][];
}

export interface InsightsModel {
  today: string;
  /** "The last 12 months" are the incidents that started after this date. */
  since: string;
  total: number;
  columns: { perMonth: ColumnsChart; timeToResolve: ColumnsChart; timeToDetect: ColumnsChart };
  bars: { serviceYear: BarsChart; serviceAll: BarsChart; causeYear: BarsChart; causeAll: BarsChart; openByAge: BarsChart };
  actions: ActionStats;
  csv: CsvFile[];
}

const SPREAD_SERIES: Series[] = [
  { key: 'median', label: 'median', color: 'var(--chart-accent)' },
  { key: 'p90', label: '90th percentile', color: 'var(--chart-2)' },
];

const barsText = (rows: { label: string; value: number }[]) => rows.map((r) => `${r.label} ${r.value}`).join(', ') || 'none';

function spreadText(quarters: QuarterRow[], pick: 'resolve' | 'detect'): string {
  return quarters
    .filter((q) => q[pick].count > 0)
    .map(
      (q) =>
        `${q.quarter}: median ${Math.round(q[pick].median!)}, 90th percentile ${Math.round(q[pick].p90!)} minutes (${q[pick].count} incidents)`,
    )
    .join('; ');
}

function spreadChart(
  quarters: QuarterRow[],
  period: Period,
  pick: 'resolve' | 'detect',
  fields: Pick<ColumnsChart, 'id' | 'title' | 'description'>,
): ColumnsChart {
  return {
    ...fields,
    categoryLabel: PERIOD_WORDS[period].title,
    mode: 'grouped',
    unit: ' min',
    categories: quarters.map((q) => q.quarter),
    series: SPREAD_SERIES,
    values: Object.fromEntries(quarters.map((q) => [q.quarter, { median: q[pick].median, p90: q[pick].p90 }])),
    csv: 'durations-per-quarter',
  };
}

/**
 * The CSV files behind the charts, from the same figures. The file names stay whatever the
 * period; the first column says it (month, quarter or year: insights.ts periodFor).
 */
function csvFiles(
  severityIds: string[],
  overTime: { period: Period; rows: PeriodRow[] },
  durations: { period: Period; rows: QuarterRow[] },
  serviceCounts: IdCount[],
  causeCounts: IdCount[],
  actions: ActionStats,
): CsvFile[] {
  const quarters = durations.rows;
  return [
    {
      name: 'incidents-per-month',
      header: [overTime.period, ...severityIds, 'total'],
      rows: overTime.rows.map((m) => [m.period, ...severityIds.map((s) => m.counts[s] ?? 0), m.total]),
    },
    {
      name: 'durations-per-quarter',
      header: [
        durations.period,
        'incidents resolved',
        'resolve median min',
        'resolve p90 min',
        'incidents detected',
        'detect median min',
        'detect p90 min',
      ],
      rows: quarters.map((q) => [
        q.quarter,
        q.resolve.count,
        q.resolve.median,
        q.resolve.p90,
        q.detect.count,
        q.detect.median,
        q.detect.p90,
      ]),
    },
    {
      name: 'by-service',
      header: ['service', 'all time', 'last 12 months'],
      rows: serviceCounts.map((r) => [r.id, r.allTime, r.lastYear]),
    },
    {
      name: 'by-root-cause',
      header: ['root cause', 'all time', 'last 12 months'],
      rows: causeCounts.map((r) => [r.id, r.allTime, r.lastYear]),
    },
    { name: 'open-action-items-by-age', header: ['age', 'open items'], rows: actions.openByAge.map((b) => [b.label, b.count]) },
  ];
}

/** Every figure of /insights/ for the given entries, ledger and build date. */
export function insightsModel(
  entries: readonly { id: string; data: Postmortem }[],
  registries: Registries,
  ledger: readonly LedgerItem[],
  today: string,
): InsightsModel {
  const since = yearBefore(today);
  const severityIds = registries.severities.map((s) => s.id);
  const series = severitySeries(severityIds);
  // A long archive is drawn per quarter or per year, never one column per month of 36 years.
  const overTime = incidentsOverTime(
    entries,
    series.map((s) => s.key),
  );
  const months = overTime.rows;
  const per = PERIOD_WORDS[overTime.period];
  const durations = durationsOverTime(entries);
  const quarters = durations.rows;
  const qPer = PERIOD_WORDS[durations.period];
  const serviceCounts = countsBy(entries, 'services', today);
  const causeCounts = countsBy(entries, 'rootCauses', today);
  const actions = actionStats(ledger, today);
  const name = (list: readonly { id: string; name: string }[]) => {
    const map = new Map(list.map((item) => [item.id, item.name]));
    return (rows: IdCount[], key: 'allTime' | 'lastYear') => rows.map((r) => ({ label: map.get(r.id) ?? r.id, value: r[key] }));
  };
  const serviceRows = name(registries.services);
  const causeRows = name(registries.rootCauses);
  const serviceYear = serviceRows(ranked(serviceCounts, 'lastYear'), 'lastYear');
  const serviceAll = serviceRows(serviceCounts, 'allTime');
  const causeYear = causeRows(ranked(causeCounts, 'lastYear'), 'lastYear');
  const causeAll = causeRows(causeCounts, 'allTime');
  const ageRows = actions.openByAge.map((b) => ({ label: b.label, value: b.count }));
  const busiest = [...months].sort((a, b) => b.total - a.total)[0]?.period ?? '-';
  return {
    today,
    since,
    total: entries.length,
    columns: {
      perMonth: {
        id: 'per-month',
        title: `Incidents per ${per.one}, by severity`,
        categoryLabel: per.title,
        description: `Incidents per ${per.one} from ${months[0]?.period ?? '-'} to ${months.at(-1)?.period ?? '-'}, stacked by severity; ${entries.length} in all, busiest ${per.one} ${busiest}.`,
        categories: months.map((m) => m.period),
        series,
        values: Object.fromEntries(months.map((m) => [m.period, m.counts])),
        csv: 'incidents-per-month',
      },
      timeToResolve: spreadChart(quarters, durations.period, 'resolve', {
        id: 'time-to-resolve',
        title: `Time to resolve per ${qPer.one} (minutes)`,
        description: `Median and 90th percentile of minutes from start to resolution, per ${qPer.one}. ${spreadText(quarters, 'resolve')}.`,
      }),
      timeToDetect: spreadChart(quarters, durations.period, 'detect', {
        id: 'time-to-detect',
        title: `Time to detect per ${qPer.one} (minutes)`,
        description: `Median and 90th percentile of minutes from start to detection, per ${qPer.one}, for incidents that record a detection time. ${spreadText(quarters, 'detect')}.`,
      }),
    },
    bars: {
      serviceYear: {
        id: 'by-service-year',
        title: 'Incidents by service, last 12 months',
        columns: ['Service', 'Incidents'],
        description: `Incidents per service since ${since}: ${barsText(serviceYear)}.`,
        rows: serviceYear,
        csv: 'by-service',
      },
      serviceAll: {
        id: 'by-service',
        title: 'Incidents by service, all time',
        columns: ['Service', 'Incidents'],
        description: `Incidents per service since the archive began: ${barsText(serviceAll)}.`,
        rows: serviceAll,
        csv: 'by-service',
      },
      causeYear: {
        id: 'by-root-cause-year',
        title: 'Incidents by root cause, last 12 months',
        columns: ['Root cause', 'Incidents'],
        description: `Incidents per root cause since ${since}: ${barsText(causeYear)}.`,
        rows: causeYear,
        csv: 'by-root-cause',
      },
      causeAll: {
        id: 'by-root-cause',
        title: 'Incidents by root cause, all time',
        columns: ['Root cause', 'Incidents'],
        description: `Incidents per root cause since the archive began: ${barsText(causeAll)}.`,
        rows: causeAll,
        csv: 'by-root-cause',
      },
      openByAge: {
        id: 'open-by-age',
        title: 'Open action items by age',
        columns: ['Age', 'Open items'],
        description: `Open and in-progress action items by days since their incident: ${barsText(ageRows)}.`,
        rows: ageRows,
        csv: 'open-action-items-by-age',
      },
    },
    actions,
    csv: csvFiles(severityIds, overTime, durations, serviceCounts, causeCounts, actions),
  };
}

/** A CSV file's text. */
export function csvText(file: CsvFile): string {
  return toCsv(file.header, file.rows);
}
