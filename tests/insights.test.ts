import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnLayout } from '../src/lib/chart-layout.ts';
import { actionStats, countsBy, durationsPerQuarter, incidentsPerMonth, recurrence, toCsv } from '../src/lib/insights.ts';
import { byOwner, ledgerItems, statusCounts } from '../src/lib/ledger.ts';
import { percentile } from '../src/lib/stats.ts';
import { FIXTURES, readOut, runBuild, type BuildResult } from './helpers/build.ts';

/**
 * Every figure on a small archive whose answers were worked out by hand. Build date 2026-11-24,
 * so "the last 12 months" are the incidents starting after 2025-11-24.
 */

type ActionItem = { title: string; owner: string; status: 'open' | 'in-progress' | 'done' | 'wont-do'; type?: 'prevent' | 'detect'; due?: string };
const at = (slug: string, minutes: number) => new Date(Date.parse(`${slug.slice(0, 10)}T10:00:00Z`) + minutes * 60000).toISOString().replace('.000Z', 'Z');
const incident = (slug: string, o: { severity?: string; services?: string[]; rootCauses?: string[]; detect?: number; resolve?: number; actionItems?: ActionItem[] } = {}) => ({
  id: slug,
  data: {
    title: slug,
    started: at(slug, 0),
    detected: o.detect === undefined ? undefined : at(slug, o.detect),
    resolved: o.resolve === undefined ? undefined : at(slug, o.resolve),
    severity: o.severity ?? 'SEV3',
    services: o.services ?? ['api'],
    rootCauses: o.rootCauses ?? ['deploy'],
    actionItems: o.actionItems,
  },
});

const TODAY = '2026-11-24';
const entries = [
  incident('2026-01-10-a', { severity: 'SEV1', detect: 5, resolve: 60, services: ['api', 'web'], rootCauses: ['dns'], actionItems: [{ title: 'x', owner: 'Platform team', status: 'open', type: 'prevent', due: '2026-02-01' }] }),
  incident('2026-02-20-b', { severity: 'SEV2', detect: 10, resolve: 30, rootCauses: ['dns'], actionItems: [{ title: 'y', owner: 'Platform team', status: 'done' }, { title: 'z', owner: 'web', status: 'wont-do' }] }),
  incident('2026-03-05-c', { severity: 'SEV3', detect: 20, resolve: 240, services: ['web'], actionItems: [{ title: 'w', owner: 'web', status: 'in-progress', due: '2027-01-01' }] }),
  incident('2026-03-30-d', { severity: 'SEV3', detect: 1, resolve: 90 }),
  incident('2025-06-01-e', { severity: 'SEV4', resolve: 15, actionItems: [{ title: 'v', owner: 'web', status: 'open' }] }),
];

describe('incidents per month', () => {
  it('stacks by severity and fills the months in between', () => {
    const months = incidentsPerMonth(entries, ['SEV1', 'SEV2', 'SEV3', 'SEV4']);
    expect(months).toHaveLength(10); // 2025-06 to 2025-12 (7) and 2026-01 to 2026-03 (3)
    expect(months[0]).toEqual({ month: '2025-06', counts: { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 1 }, total: 1 });
    expect(months.at(-1)).toEqual({ month: '2026-03', counts: { SEV1: 0, SEV2: 0, SEV3: 2, SEV4: 0 }, total: 2 });
    expect(months.find((m) => m.month === '2025-09')!.total).toBe(0);
  });
});

describe('durations per quarter', () => {
  it('gives the median and 90th percentile in minutes', () => {
    const q = durationsPerQuarter(entries);
    expect(q.map((r) => r.quarter)).toEqual(['2025-Q2', '2026-Q1']);
    // 2026-Q1 resolve minutes sorted: 30, 60, 90, 240. Median = (60 + 90) / 2 = 75.
    // p90: rank h = (4 - 1) * 0.9 = 2.7, so 90 + 0.7 * (240 - 90) = 195.
    expect(q[1]!.resolve).toMatchObject({ count: 4, median: 75 });
    expect(q[1]!.resolve.p90).toBeCloseTo(195);
    // detect minutes sorted: 1, 5, 10, 20. Median 7.5; p90: h = 2.7, 10 + 0.7 * 10 = 17.
    expect(q[1]!.detect).toMatchObject({ count: 4, median: 7.5 });
    expect(q[1]!.detect.p90).toBeCloseTo(17);
    expect(q[0]!.detect).toEqual({ count: 0, median: undefined, p90: undefined });
  });
  it('uses linear interpolation between closest ranks', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([], 0.5)).toBeUndefined();
  });
});

describe('counts by service and root cause', () => {
  it('counts all time and the last 12 months', () => {
    expect(countsBy(entries, 'services', TODAY)).toEqual([
      { id: 'api', allTime: 4, lastYear: 3 },
      { id: 'web', allTime: 2, lastYear: 2 },
    ]);
    expect(countsBy(entries, 'rootCauses', TODAY)).toEqual([
      { id: 'deploy', allTime: 3, lastYear: 2 },
      { id: 'dns', allTime: 2, lastYear: 2 },
    ]);
  });
  it('notes recurrence across services', () => {
    expect(recurrence(entries.filter((e) => e.data.rootCauses.includes('dns')), TODAY)).toEqual({ incidents: 2, services: 2, rootCauses: 1 });
  });
});

describe('the ledger', () => {
  const items = ledgerItems(entries, TODAY);
  it('lists every action item with its incident, newest incident first, overdue marked', () => {
    expect(items.map((i) => [i.title, i.incident, i.overdue])).toEqual([
      ['w', '2026-03-05-c', false],
      ['y', '2026-02-20-b', false],
      ['z', '2026-02-20-b', false],
      ['x', '2026-01-10-a', true],
      ['v', '2025-06-01-e', false],
    ]);
    expect(statusCounts(items)).toEqual({ open: 2, 'in-progress': 1, done: 1, 'wont-do': 1, overdue: 1 });
    expect([...byOwner(items).keys()]).toEqual(['web', 'platform-team']);
  });
  it('computes completion (dropped items left out) and open items by age', () => {
    // done 1 of (5 - 1 dropped) = 0.25. Open: w (264 days), x (318 days), v (541 days).
    expect(actionStats(items, TODAY)).toEqual({
      total: 5,
      done: 1,
      wontDo: 1,
      completionRate: 0.25,
      openByAge: [
        { label: 'under 30 days', count: 0 },
        { label: '30 to 90 days', count: 0 },
        { label: '90 days to a year', count: 2 },
        { label: 'over a year', count: 1 },
      ],
    });
  });
});

describe('charts and CSV', () => {
  it('stack columns to the totals', () => {
    const data: Record<string, Record<string, number>> = { a: { s1: 2, s2: 3 }, b: { s1: 1, s2: 0 } };
    const layout = columnLayout(['a', 'b'], [{ key: 's1', label: 's1', color: 'red' }, { key: 's2', label: 's2', color: 'blue' }], (c, s) => data[c]![s]!, 'stacked');
    const a = layout.rects.filter((r) => r.category === 'a');
    const b = layout.rects.filter((r) => r.category === 'b');
    // The tallest stack (5) reaches the top of the scale; b's single value is a fifth of it.
    expect(a[0]!.height + a[1]!.height).toBeCloseTo(5 * b[0]!.height);
  });
  it('quote CSV cells that need it', () => {
    expect(toCsv(['a', 'b'], [['x, y', 1.234], ['say "hi"', undefined]])).toBe('a,b\n"x, y",1.23\n"say ""hi""",\n');
  });
});

describe('the built pages', () => {
  let build: BuildResult;
  beforeAll(() => {
    build = runBuild(path.join(FIXTURES, 'basic'), { env: { HINDSIGHT_NOW: '2026-11-24' } });
  });
  it('render every chart as labelled SVG matching its table and CSV', () => {
    expect(build.status, build.stderr).toBe(0);
    const html = readOut(build.outDir, 'insights/index.html');
    for (const id of ['per-month', 'time-to-resolve', 'time-to-detect', 'by-service', 'by-root-cause', 'open-by-age']) {
      expect(html, id).toMatch(new RegExp(`<figure class="chart" id="${id}">[\\s\\S]*?<svg[^>]*role="img" aria-labelledby="${id}-title ${id}-desc"`));
    }
    // 2023-03 has one SEV3 incident, 2024-06 one SEV1; months between are empty.
    expect(html).toMatch(/<rect [^>]*data-category="2023-03" data-series="SEV3" data-value="1"/);
    expect(html).toMatch(/<rect [^>]*data-category="2024-06" data-series="SEV1" data-value="1"/);
    expect(html).toMatch(/<tr><th scope="row">2024-06<\/th><td>1<\/td><td>0<\/td><td>0<\/td><td>0<\/td><\/tr>/);
    const csv = readOut(build.outDir, 'insights/incidents-per-month.csv').split('\n');
    expect(csv[0]).toBe('month,SEV1,SEV2,SEV3,SEV4,total');
    expect(csv).toContain('2024-06,1,0,0,0,1');
    expect(csv.filter(Boolean)).toHaveLength(1 + 16); // 2023-03 to 2024-06
    // Time to resolve 2024-Q2: one incident, 150 minutes.
    expect(readOut(build.outDir, 'insights/durations-per-quarter.csv')).toContain('2024-Q2,1,150,150,1,0,0');
  });
  it('publish the ledger, its filters and one page per owner', () => {
    expect(readOut(build.outDir, 'action-items/index.html')).toMatch(/1 action items · open 0 · in progress 0 · done 1/);
    expect(readOut(build.outDir, 'action-items/status/done/index.html')).toContain('Upgrade the library');
    expect(readOut(build.outDir, 'action-items/type/prevent/index.html')).toContain('Upgrade the library');
    expect(readOut(build.outDir, 'action-items/owners/api-team/index.html')).toContain('Action items of api-team');
  });
});

describe('chart axes', () => {
  it('tick counts at whole numbers only', () => {
    const layout = columnLayout(['a'], [{ key: 's', label: 's', color: 'red' }], () => 1, 'stacked');
    expect(layout.ticks.map((t) => t.value)).toEqual([0, 1]);
    const minutes = columnLayout(['a'], [{ key: 's', label: 's', color: 'red' }], () => 1.5, 'grouped');
    expect(minutes.ticks.map((t) => t.value)).toContain(0.5);
  });
});
