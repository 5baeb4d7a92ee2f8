import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArchive } from '../../src/format/content-fs.ts';
import { lastTwelveMonths, monthBars } from '../../src/site/home.ts';
import { buildSiteModel } from '../../src/site/model.ts';
import { FIXTURES } from '../helpers/build.ts';

/**
 * The home page's figures (src/site/home.ts) on the `site` fixture, worked out by hand: six
 * published incidents from 2022-11-25 to 2025-07-19; built on 2024-08-01, the last 12 months
 * (after 2023-08-01, up to the build date) hold 2023-09-03 (api, web; deploy) and 2024-06-06
 * (api; memory-leak, deploy).
 */

const archive = loadArchive(path.join(FIXTURES, 'site'), 'UTC');
const published = archive.entries.filter((e) => e.data.status === 'published').map((e) => ({ id: e.slug, data: e.data }));
const settings = {
  title: 'Hindsight',
  organisation: 'Acme',
  site: 'https://example.org',
  base: '/',
  editUrl: 'https://git.example.org/edit/',
  today: '2024-08-01',
};
const { home } = buildSiteModel(published, archive.registries, settings);

describe('the home page model', () => {
  it('counts the last 12 months up to the build date, leaving later incidents out', () => {
    expect(home.since).toBe('2023-08-01');
    expect(home.lastYear).toBe(2);
  });

  it('shows the latest incidents as cards, newest first, with names and time to resolve', () => {
    expect(home.latest.map((c) => c.id)).toEqual([
      '2025-07-19-web-deploy',
      '2024-12-31-payments-timeout',
      '2024-06-06-api-leak',
      '2023-09-03-api-deploy',
      '2023-03-14-dns-outage',
      '2022-11-25-black-friday-saturation',
    ]);
    expect(home.latest[2]).toMatchObject({
      href: '/postmortems/2024-06-06-api-leak/',
      date: '2024-06-06',
      severity: 'SEV1',
      severityName: 'Critical',
      duration: '2 h 30 min',
      services: [{ id: 'api', name: 'Public API' }],
    });
    expect(home.latest[2]!.status).toBeUndefined();
  });

  it('counts open and in-progress action items and lists the overdue ones, longest overdue first', () => {
    // Run two resolvers (open, due 2099), Alert on memory growth (open, due 2024-07-01), Second payment provider (in progress).
    expect(home.actions.unfinished).toBe(3);
    expect(home.actions.overdue).toBe(1);
    expect(home.actions.mostOverdue.map((a) => [a.title, a.due, a.incident])).toEqual([
      ['Alert on memory growth', '2024-07-01', '2024-06-06-api-leak'],
    ]);
  });

  it('names the services and root causes seen at least twice in the last 12 months', () => {
    expect(home.recurring.services).toEqual([{ id: 'api', name: 'Public API', count: 2 }]);
    expect(home.recurring.rootCauses).toEqual([{ id: 'deploy', name: 'Bad deploy', count: 2 }]);
  });

  it('draws twelve months ending with the build date, empty months included', () => {
    const { bars, width, height, max } = home.perMonth;
    expect(bars.map((b) => b.month)).toEqual(lastTwelveMonths('2024-08-01'));
    expect(bars.map((b) => b.count)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(bars.map((b) => b.label)).toEqual([
      'Sep 2023',
      'Oct',
      'Nov',
      'Dec',
      'Jan 2024',
      'Feb',
      'Mar',
      'Apr',
      'May',
      'Jun',
      'Jul',
      'Aug',
    ]);
    expect([width, height, max]).toEqual([720, 150, 1]);
    for (const b of bars) expect(b.y + b.height).toBe(122); // every column stands on the axis
    expect(bars[0]!.height).toBe(94); // the largest count fills the plot below its label
    expect(bars[1]!.height).toBe(0);
  });
});

describe('lastTwelveMonths and monthBars', () => {
  it('crosses a year boundary', () => {
    expect(lastTwelveMonths('2026-02-10')).toEqual([
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
  it('scales columns to the largest count, equal widths side by side', () => {
    const { bars } = monthBars([
      { month: '2026-01', count: 2 },
      { month: '2026-02', count: 4 },
    ]);
    expect(bars.map((b) => [b.x, b.width, b.height])).toEqual([
      [5, 350, 47],
      [365, 350, 94],
    ]);
  });
});
