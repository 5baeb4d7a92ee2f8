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

/** A bar chart: rows of label and value, and the sentence that says them for a screen reader. */
function barsChart(id: string, title: string, columns: [string, string], intro: string, rows: BarsChart['rows'], csv: string): BarsChart {
  return { id, title, columns, description: `${intro}: ${barsText(rows)}.`, rows, csv };
}

/** The bar charts: services and root causes (last 12 months and all time), open action items by age. */
function barCharts(registries: Registries, counts: { services: IdCount[]; causes: IdCount[] }, actions: ActionStats, since: string) {
  const named = (list: readonly { id: string; name: string }[]) => {
    const map = new Map(list.map((item) => [item.id, item.name]));
    return (rows: IdCount[], key: 'allTime' | 'lastYear') => rows.map((r) => ({ label: map.get(r.id) ?? r.id, value: r[key] }));
  };
  const service = named(registries.services);
  const cause = named(registries.rootCauses);
  const byService = ['Service', 'Incidents'] as [string, string];
  const byCause = ['Root cause', 'Incidents'] as [string, string];
  const ageRows = actions.openByAge.map((b) => ({ label: b.label, value: b.count }));
  return {
    serviceYear: barsChart(
      'by-service-year',
      'Incidents by service, last 12 months',
      byService,
      `Incidents per service since ${since}`,
      service(ranked(counts.services, 'lastYear'), 'lastYear'),
      'by-service',
    ),
    serviceAll: barsChart(
      'by-service',
      'Incidents by service, all time',
      byService,
      'Incidents per service since the archive began',
      service(counts.services, 'allTime'),
      'by-service',
    ),
    causeYear: barsChart(
      'by-root-cause-year',
      'Incidents by root cause, last 12 months',
      byCause,
      `Incidents per root cause since ${since}`,
      cause(ranked(counts.causes, 'lastYear'), 'lastYear'),
      'by-root-cause',
    ),
    causeAll: barsChart(
      'by-root-cause',
      'Incidents by root cause, all time',
      byCause,
      'Incidents per root cause since the archive began',
      cause(counts.causes, 'allTime'),
      'by-root-cause',
    ),
    openByAge: barsChart(
      'open-by-age',
      'Open action items by age',
      ['Age', 'Open items'],
      'Open and in-progress action items by days since their incident',
      ageRows,
      'open-action-items-by-age',
    ),
  };
}

/** The column charts: incidents per period by severity, and time to resolve and to detect. */
function columnCharts(
  total: number,
  series: Series[],
  overTime: ReturnType<typeof incidentsOverTime>,
  durations: ReturnType<typeof durationsOverTime>,
): InsightsModel['columns'] {
  const months = overTime.rows;
  const per = PERIOD_WORDS[overTime.period];
  const quarters = durations.rows;
  const qPer = PERIOD_WORDS[durations.period];
  const busiest = [...months].sort((a, b) => b.total - a.total)[0]?.period ?? '-';
  return {
    perMonth: {
      id: 'per-month',
      title: `Incidents per ${per.one}, by severity`,
      categoryLabel: per.title,
      description: `Incidents per ${per.one} from ${months[0]?.period ?? '-'} to ${months.at(-1)?.period ?? '-'}, stacked by severity; ${total} in all, busiest ${per.one} ${busiest}.`,
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
  };
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
  const durations = durationsOverTime(entries);
  const counts = { services: countsBy(entries, 'services', today), causes: countsBy(entries, 'rootCauses', today) };
  const actions = actionStats(ledger, today);
  return {
    today,
    since,
    total: entries.length,
    columns: columnCharts(entries.length, series, overTime, durations),
    bars: barCharts(registries, counts, actions, since),
    actions,
    csv: csvFiles(severityIds, overTime, durations, counts.services, counts.causes, actions),
  };
}

/** A CSV file's text. */
export function csvText(file: CsvFile): string {
  return toCsv(file.header, file.rows);
}
