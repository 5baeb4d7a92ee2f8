import { beforeAll, describe, expect, it } from 'vitest';
import { columnLayout } from '../../src/site/chart-layout.ts';
import {
  actionStats,
  countsBy,
  daysBetween,
  durationsPerQuarter,
  formatNumber,
  incidentsPerMonth,
  incidentsPerPeriod,
  ranked,
  recurrence,
  recurrenceNote,
  toCsv,
  yearBefore,
} from '../../src/site/insights.ts';
import { ledgerItems } from '../../src/site/ledger.ts';
import { median, percentile } from '../../src/site/stats.ts';
import { readOut, runBuild, type BuildResult } from '../helpers/build.ts';
import {
  figureColumns,
  figureHtml,
  figureRects,
  figureTable,
  INSIGHTS_FIXTURE,
  NOW,
  publishedEntries,
} from '../helpers/insights-fixture.ts';

/**
 * Every figure of /insights/ on tests/fixtures/insights, worked out by hand. Build date
 * 2026-11-24, so "the last 12 months" are the incidents starting after 2025-11-24.
 *
 * The nine published incidents (start in the incident's zone; minutes to detect / to resolve):
 *   P1 2025-03-10 SEV2 [api]          [capacity]              10 / 120
 *   P2 2025-05-20 SEV1 [web, api]     [expired-cert]          30 /  90
 *   P3 2025-11-25 SEV3 [web]          [bad-deploy]             5 /  45   (first day inside the 12 months)
 *   P4 2026-04-14 SEV3 [payments,api] [capacity]              20 / 300
 *   P5 2026-04-28 SEV4 [api]          [bad-deploy]             2 /  30
 *   P6 2026-04-30 SEV2 [payments]     [bad-deploy]            15 /  60   (23:30 in New York: May in UTC, April here)
 *   P7 2026-06-09 SEV3 [web]          [bad-deploy]             8 /  75
 *   P8 2026-09-30 SEV2 [payments]     [bad-deploy, capacity]  40 / 180
 *   P9 2026-11-20 SEV1 [web]          [dns]                    - /  20   (no detection time)
 * and a draft (2026-11-22, "Ghost crew"'s action item) that no figure may count.
 */

const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
const entries = publishedEntries();

describe('the fixture', () => {
  it('holds the nine published incidents the figures below assume', () => {
    expect(entries.map((e) => e.id.slice(0, 10)).sort()).toEqual([
      '2025-03-10',
      '2025-05-20',
      '2025-11-25',
      '2026-04-14',
      '2026-04-28',
      '2026-04-30',
      '2026-06-09',
      '2026-09-30',
      '2026-11-20',
    ]);
  });
});

describe('incidents per month', () => {
  const months = incidentsPerMonth(entries, SEVERITIES);
  it('has every month from the first incident to the last, empty ones included', () => {
    // 2025-03 to 2026-11: 10 months of 2025 and 11 of 2026.
    expect(months).toHaveLength(21);
    expect(months[0]!.month).toBe('2025-03');
    expect(months.at(-1)!.month).toBe('2026-11');
    expect(months.reduce((sum, m) => sum + m.total, 0)).toBe(9);
  });
  it('stacks by severity, counting an incident in the month of its own zone', () => {
    const nonEmpty = months.filter((m) => m.total > 0).map((m) => [m.month, SEVERITIES.map((s) => m.counts[s])]);
    expect(nonEmpty).toEqual([
      ['2025-03', [0, 1, 0, 0]],
      ['2025-05', [1, 0, 0, 0]],
      ['2025-11', [0, 0, 1, 0]],
      ['2026-04', [0, 1, 1, 1]], // P4, P5 and P6 (P6 started on 1 May in UTC)
      ['2026-06', [0, 0, 1, 0]],
      ['2026-09', [0, 1, 0, 0]],
      ['2026-11', [1, 0, 0, 0]],
    ]);
    expect(months.find((m) => m.month === '2026-05')!.total).toBe(0);
  });
  it('counts per quarter too, every quarter from the first to the last', () => {
    const quarters = incidentsPerPeriod(entries, SEVERITIES, 'quarter');
    expect(quarters.map((q) => [q.period, q.total])).toEqual([
      ['2025-Q1', 1],
      ['2025-Q2', 1],
      ['2025-Q3', 0],
      ['2025-Q4', 1],
      ['2026-Q1', 0],
      ['2026-Q2', 4],
      ['2026-Q3', 1],
      ['2026-Q4', 1],
    ]);
    expect(quarters[5]!.counts).toEqual({ SEV1: 0, SEV2: 1, SEV3: 2, SEV4: 1 }); // P4 P5 P6 P7
  });
  it('runs months across year ends', () => {
    const rows = incidentsPerMonth(
      [entries[0]!, entries[0]!].map((e, i) => ({ ...e, id: ['2024-11-01-a', '2025-02-01-b'][i]! })),
      SEVERITIES,
    );
    expect(rows.map((r) => r.month)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });
});

describe('time to resolve and to detect per quarter', () => {
  const quarters = durationsPerQuarter(entries);
  it('has every quarter from the first to the last', () => {
    expect(quarters.map((q) => q.quarter)).toEqual([
      '2025-Q1',
      '2025-Q2',
      '2025-Q3',
      '2025-Q4',
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
    ]);
    expect(quarters[2]).toEqual({
      quarter: '2025-Q3',
      resolve: { count: 0, median: undefined, p90: undefined },
      detect: { count: 0, median: undefined, p90: undefined },
    });
  });
  it('gives the median and the 90th percentile in minutes', () => {
    const q2 = quarters.find((q) => q.quarter === '2026-Q2')!;
    // Resolve minutes of P4-P7 sorted: 30, 60, 75, 300. Median = (60 + 75) / 2 = 67.5.
    // p90: rank h = (4 - 1) * 0.9 = 2.7 -> v[2] + 0.7 * (v[3] - v[2]) = 75 + 0.7 * 225 = 232.5.
    expect(q2.resolve.count).toBe(4);
    expect(q2.resolve.median).toBe(67.5);
    expect(q2.resolve.p90).toBeCloseTo(232.5, 9);
    // Detect minutes sorted: 2, 8, 15, 20. Median = (8 + 15) / 2 = 11.5; p90 = 15 + 0.7 * 5 = 18.5.
    expect(q2.detect.count).toBe(4);
    expect(q2.detect.median).toBe(11.5);
    expect(q2.detect.p90).toBeCloseTo(18.5, 9);
    // One incident: median and p90 are its own value.
    expect(quarters.find((q) => q.quarter === '2025-Q1')).toEqual({
      quarter: '2025-Q1',
      resolve: { count: 1, median: 120, p90: 120 },
      detect: { count: 1, median: 10, p90: 10 },
    });
  });
  it('leaves an incident without a detection time out of time to detect only', () => {
    expect(quarters.at(-1)).toEqual({
      quarter: '2026-Q4',
      resolve: { count: 1, median: 20, p90: 20 },
      detect: { count: 0, median: undefined, p90: undefined },
    });
  });
});

describe('percentiles (linear interpolation between closest ranks)', () => {
  it('matches values worked out by hand', () => {
    // h = 9 * 0.9 = 8.1 -> 9 + 0.1 * (10 - 9) = 9.1
    expect(percentile([10, 1, 2, 3, 4, 5, 6, 7, 8, 9], 0.9)).toBeCloseTo(9.1, 9);
    // h = 2 * 0.9 = 1.8 -> 20 + 0.8 * (100 - 20) = 84
    expect(percentile([100, 10, 20], 0.9)).toBeCloseTo(84, 9);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([], 0.5)).toBeUndefined();
  });
  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    percentile(values, 0.9);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('incidents by service and by root cause', () => {
  it('counts all time and the last 12 months, an incident once per service it names', () => {
    expect(yearBefore(NOW)).toBe('2025-11-24');
    // api: P1 P2 P4 P5 (recent P4 P5); web: P2 P3 P7 P9 (recent P3 P7 P9); payments: P4 P6 P8.
    expect(countsBy(entries, 'services', NOW)).toEqual([
      { id: 'api', allTime: 4, lastYear: 2 },
      { id: 'web', allTime: 4, lastYear: 3 },
      { id: 'payments', allTime: 3, lastYear: 3 },
    ]);
    expect(ranked(countsBy(entries, 'services', NOW), 'lastYear').map((r) => r.id)).toEqual(['payments', 'web', 'api']);
  });
  it('counts root causes the same way, leaving out those absent from the last 12 months', () => {
    // bad-deploy: P3 P5 P6 P7 P8; capacity: P1 P4 P8 (recent P4 P8); expired-cert: P2; dns: P9.
    const causes = countsBy(entries, 'rootCauses', NOW);
    expect(causes).toEqual([
      { id: 'bad-deploy', allTime: 5, lastYear: 5 },
      { id: 'capacity', allTime: 3, lastYear: 2 },
      { id: 'dns', allTime: 1, lastYear: 1 },
      { id: 'expired-cert', allTime: 1, lastYear: 0 },
    ]);
    expect(ranked(causes, 'lastYear').map((r) => r.id)).toEqual(['bad-deploy', 'capacity', 'dns']);
  });
});

describe('recurrence', () => {
  const slice = (field: 'services' | 'rootCauses', id: string) => entries.filter((e) => e.data[field].includes(id));
  it('counts a root cause across services in the last 12 months', () => {
    // bad-deploy in the last 12 months: P3 (web), P5 (api), P6 (payments), P7 (web), P8 (payments).
    const r = recurrence(slice('rootCauses', 'bad-deploy'), NOW);
    expect(r).toEqual({ incidents: 5, services: 3, rootCauses: 2 });
    expect(recurrenceNote(r, 'this root cause', 'services')).toBe(
      '5 incidents with this root cause in the last 12 months, across 3 services.',
    );
  });
  it('counts a service across root causes', () => {
    // web in the last 12 months: P3 (bad-deploy), P7 (bad-deploy), P9 (dns). P2 is older.
    expect(recurrenceNote(recurrence(slice('services', 'web'), NOW), 'this service', 'rootCauses')).toBe(
      '3 incidents with this service in the last 12 months, across 2 root causes.',
    );
  });
  it('says so plainly when nothing recurred, and in the singular for one', () => {
    expect(recurrenceNote(recurrence(slice('rootCauses', 'expired-cert'), NOW), 'this root cause', 'services')).toBe(
      '0 incidents with this root cause in the last 12 months.',
    );
    expect(recurrenceNote(recurrence(slice('rootCauses', 'dns'), NOW), 'this root cause', 'services')).toBe(
      '1 incident with this root cause in the last 12 months, across 1 service.',
    );
  });
});

describe('action items: completion and open items by age', () => {
  it('rates completion without the dropped items and buckets open ones by age', () => {
    // 10 items: done 3 (read replica, queue depth alert, block deploys), won't do 1 (lag alert),
    // so 3 / (10 - 1) = 1/3. Open or in progress, days from the incident's date to 2026-11-24:
    // DNS TTLs 4, DNS contacts 4 | load test 55 | autoscale 224, canary 364 | cert renewal 553.
    const stats = actionStats(ledgerItems(entries, NOW), NOW);
    expect(stats).toEqual({
      total: 10,
      done: 3,
      wontDo: 1,
      completionRate: 3 / 9,
      openByAge: [
        { label: 'under 30 days', count: 2 },
        { label: '30 to 90 days', count: 1 },
        { label: '90 days to a year', count: 2 },
        { label: 'over a year', count: 1 },
      ],
    });
  });
  it('measures ages in calendar days, whatever the machine zone', () => {
    expect(daysBetween('2025-11-25', NOW)).toBe(364);
    expect(daysBetween('2025-05-20', NOW)).toBe(553);
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31); // across a DST change in Europe and America
  });
  it('has no rate without items', () => {
    expect(actionStats([], NOW)).toMatchObject({ total: 0, completionRate: undefined });
  });
});

describe('numbers as text and CSV', () => {
  it('writes at most one decimal, and nothing for no value', () => {
    expect([formatNumber(232.5), formatNumber(1 / 3), formatNumber(3), formatNumber(undefined), formatNumber(-0.01)]).toEqual([
      '232.5',
      '0.3',
      '3',
      '',
      '0',
    ]);
  });
  it('quotes CSV cells that need it', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x, y', 1.25],
          ['say "hi"', undefined],
          ['two\nlines', 0],
        ],
      ),
    ).toBe('a,b\n"x, y",1.3\n"say ""hi""",\n"two\nlines",0\n');
  });
});

describe('chart geometry', () => {
  it('stacks columns to their totals', () => {
    const data: Record<string, Record<string, number>> = { a: { s1: 2, s2: 3 }, b: { s1: 1, s2: 0 } };
    const layout = columnLayout(
      ['a', 'b'],
      [
        { key: 's1', label: 's1', color: 'red' },
        { key: 's2', label: 's2', color: 'blue' },
      ],
      (c, s) => data[c]![s]!,
      'stacked',
    );
    const a = layout.rects.filter((r) => r.category === 'a');
    const b = layout.rects.filter((r) => r.category === 'b');
    // The tallest stack (5) reaches the top of the scale; b's single value is a fifth of it.
    expect(a[0]!.height + a[1]!.height).toBeCloseTo(5 * b[0]!.height, 1);
    expect(a[1]!.y + a[1]!.height).toBeCloseTo(a[0]!.y, 1); // s2 sits on s1
  });
  it('ticks counts at whole numbers only', () => {
    const layout = columnLayout(['a'], [{ key: 's', label: 's', color: 'red' }], () => 1, 'stacked');
    expect(layout.ticks.map((t) => t.value)).toEqual([0, 1]);
    const minutes = columnLayout(['a'], [{ key: 's', label: 's', color: 'red' }], () => 1.5, 'grouped');
    expect(minutes.ticks.map((t) => t.value)).toContain(0.5);
  });
});

describe('the built /insights/ page (HINDSIGHT_NOW=2026-11-24, base /hindsight/)', () => {
  let build: BuildResult;
  let html: string;
  beforeAll(() => {
    build = runBuild(INSIGHTS_FIXTURE, { base: '/hindsight/', env: { HINDSIGHT_NOW: NOW } });
    if (build.status === 0) html = readOut(build.outDir, 'insights/index.html');
  });
  const csv = (name: string) =>
    readOut(build.outDir, `insights/${name}.csv`)
      .trimEnd()
      .split('\n')
      .map((line) => line.split(','));

  it('builds', () => {
    expect(build.status, build.stderr + build.stdout).toBe(0);
  });

  it('labels every chart with its title and a description of its numbers', () => {
    for (const id of [
      'per-month',
      'time-to-resolve',
      'time-to-detect',
      'by-service-year',
      'by-service',
      'by-root-cause-year',
      'by-root-cause',
      'open-by-age',
    ]) {
      const figure = figureHtml(html, id);
      expect(figure, id).toMatch(new RegExp(`<svg[^>]*role="img"[^>]*aria-labelledby="${id}-title ${id}-desc"`));
      expect(figure, id).toMatch(new RegExp(`<title id="${id}-title"[^>]*>[^<]+</title>`));
      expect(figure, id).toMatch(new RegExp(`<desc id="${id}-desc"[^>]*>[^<]+</desc>`));
      expect(figureRects(html, id).length, id).toBeGreaterThan(0);
    }
    expect(figureHtml(html, 'time-to-resolve')).toContain('2026-Q2: median 68, 90th percentile 233 minutes (4 incidents)');
  });

  it('draws incidents per month as the table and the CSV say, with the hand-worked numbers', () => {
    const table = figureTable(html, 'per-month');
    expect(figureColumns(html, 'per-month')).toEqual(['Month', ...SEVERITIES]);
    expect(table).toHaveLength(21);
    expect(table.find((r) => r[0] === '2026-04')).toEqual(['2026-04', '0', '1', '1', '1']);
    // One rect per non-zero cell, carrying the cell's value.
    const cells = table.flatMap(([month, ...counts]) =>
      counts.map((value, i) => ({ category: month!, series: SEVERITIES[i], value })).filter((c) => c.value !== '0'),
    );
    expect(figureRects(html, 'per-month')).toEqual(cells);
    expect(cells).toHaveLength(9);
    // The CSV: the same rows, plus a total.
    const rows = csv('incidents-per-month');
    expect(rows[0]).toEqual(['month', ...SEVERITIES, 'total']);
    expect(rows.slice(1).map((r) => r.slice(0, 5))).toEqual(table);
    expect(rows.find((r) => r[0] === '2026-04')!.at(-1)).toBe('3');
  });

  it('draws median and p90 per quarter as the table and the CSV say', () => {
    const resolve = figureTable(html, 'time-to-resolve');
    const detect = figureTable(html, 'time-to-detect');
    expect(figureColumns(html, 'time-to-resolve')).toEqual(['Quarter', 'median', '90th percentile']);
    expect(resolve).toEqual([
      ['2025-Q1', '120', '120'],
      ['2025-Q2', '90', '90'],
      ['2025-Q3', '', ''],
      ['2025-Q4', '45', '45'],
      ['2026-Q1', '', ''],
      ['2026-Q2', '67.5', '232.5'],
      ['2026-Q3', '180', '180'],
      ['2026-Q4', '20', '20'],
    ]);
    expect(detect.find((r) => r[0] === '2026-Q2')).toEqual(['2026-Q2', '11.5', '18.5']);
    expect(detect.at(-1)).toEqual(['2026-Q4', '', '']);
    for (const [id, table] of [
      ['time-to-resolve', resolve],
      ['time-to-detect', detect],
    ] as const) {
      const cells = table
        .flatMap(([quarter, med, p90]) => [
          { category: quarter!, series: 'median', value: med! },
          { category: quarter!, series: 'p90', value: p90! },
        ])
        .filter((c) => c.value !== '');
      expect(figureRects(html, id), id).toEqual(cells);
    }
    const rows = csv('durations-per-quarter');
    expect(rows[0]).toEqual([
      'quarter',
      'incidents resolved',
      'resolve median min',
      'resolve p90 min',
      'incidents detected',
      'detect median min',
      'detect p90 min',
    ]);
    expect(rows.find((r) => r[0] === '2026-Q2')).toEqual(['2026-Q2', '4', '67.5', '232.5', '4', '11.5', '18.5']);
    expect(rows.slice(1).map((r) => [r[0], r[2], r[3]])).toEqual(resolve);
    expect(rows.slice(1).map((r) => [r[0], r[5], r[6]])).toEqual(detect);
  });

  it('draws services and root causes, last 12 months and all time, as the tables and CSVs say', () => {
    const expected = {
      'by-service-year': [
        ['Payments', '3'],
        ['Storefront', '3'],
        ['API', '2'],
      ],
      'by-service': [
        ['API', '4'],
        ['Storefront', '4'],
        ['Payments', '3'],
      ],
      'by-root-cause-year': [
        ['Bad deploy', '5'],
        ['Capacity', '2'],
        ['DNS', '1'],
      ],
      'by-root-cause': [
        ['Bad deploy', '5'],
        ['Capacity', '3'],
        ['DNS', '1'],
        ['Expired certificate', '1'],
      ],
    };
    for (const [id, rows] of Object.entries(expected)) {
      expect(figureTable(html, id), id).toEqual(rows);
      expect(figureRects(html, id), id).toEqual(rows.map(([category, value]) => ({ category, series: undefined, value })));
    }
    expect(csv('by-service')).toEqual([
      ['service', 'all time', 'last 12 months'],
      ['api', '4', '2'],
      ['web', '4', '3'],
      ['payments', '3', '3'],
    ]);
    expect(csv('by-root-cause')).toEqual([
      ['root cause', 'all time', 'last 12 months'],
      ['bad-deploy', '5', '5'],
      ['capacity', '3', '2'],
      ['dns', '1', '1'],
      ['expired-cert', '1', '0'],
    ]);
  });

  it('states the completion rate and draws open items by age as the table and CSV say', () => {
    expect(html).toMatch(/3 of 9 action items done \(33%\); 1 dropped/);
    const rows = [
      ['under 30 days', '2'],
      ['30 to 90 days', '1'],
      ['90 days to a year', '2'],
      ['over a year', '1'],
    ];
    expect(figureTable(html, 'open-by-age')).toEqual(rows);
    expect(figureRects(html, 'open-by-age')).toEqual(rows.map(([category, value]) => ({ category, series: undefined, value })));
    expect(csv('open-action-items-by-age')).toEqual([['age', 'open items'], ...rows]);
  });

  it('links each CSV under the base path and ships no chart script', () => {
    for (const name of ['incidents-per-month', 'durations-per-quarter', 'by-service', 'by-root-cause', 'open-action-items-by-age']) {
      expect(html).toContain(`href="/hindsight/insights/${name}.csv"`);
    }
    expect(html).not.toMatch(/d3-|<script[^>]*src="[^"]*chart/);
  });

  it('gives each service and root-cause page its slice of the figures and its recurrence note', () => {
    const cause = readOut(build.outDir, 'root-causes/bad-deploy/index.html');
    expect(cause).toContain('5 incidents with this root cause in the last 12 months, across 3 services.');
    // bad-deploy per quarter: P3 2025-Q4 SEV3; P6 SEV2, P7 SEV3, P5 SEV4 in 2026-Q2; P8 2026-Q3 SEV2.
    expect(figureRects(cause, 'slice-per-quarter')).toEqual([
      { category: '2025-Q4', series: 'SEV3', value: '1' },
      { category: '2026-Q2', series: 'SEV2', value: '1' },
      { category: '2026-Q2', series: 'SEV3', value: '1' },
      { category: '2026-Q2', series: 'SEV4', value: '1' },
      { category: '2026-Q3', series: 'SEV2', value: '1' },
    ]);
    expect(figureTable(cause, 'slice-per-quarter').map((r) => r[0])).toEqual(['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']);
    // 2026-Q2 resolve minutes for bad-deploy: P5 30, P6 60, P7 75 -> median 60, p90 h = 1.8 -> 60 + 0.8 * 15 = 72.
    expect(cause).toMatch(/<th scope="row"[^>]*>2026-Q2<\/th><td[^>]*>3<\/td><td[^>]*>60<\/td><td[^>]*>72<\/td>/);
    const web = readOut(build.outDir, 'services/web/index.html');
    expect(web).toContain('3 incidents with this service in the last 12 months, across 2 root causes.');
    // web's action items: cert renewal (open), canary (in progress), DNS TTLs (in progress), DNS contacts (open): 0 of 4 done.
    expect(web).toMatch(/Action items: 0 of 4 done \(0%\)/);
  });
});
