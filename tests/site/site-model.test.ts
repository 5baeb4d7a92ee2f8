import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArchive } from '../../src/format/content-fs.ts';
import { buildSiteModel } from '../../src/site/model.ts';
import { urls } from '../../src/site/urls.ts';
import { FIXTURES } from '../helpers/build.ts';

/**
 * The site model on the `site` fixture (see tests/site.test.ts for its memberships), computed in
 * process without Astro: what every page shows is decided here, so it is tested here.
 */

const archive = loadArchive(path.join(FIXTURES, 'site'), 'UTC');
const published = archive.entries.filter((e) => e.data.status === 'published').map((e) => ({ id: e.slug, data: e.data }));
const settings = {
  title: 'Hindsight',
  organisation: 'Acme',
  site: 'https://example.org',
  base: '/pm/',
  editUrl: 'https://git.example.org/edit/',
  today: '2024-08-01',
};
const model = buildSiteModel(published, archive.registries, settings);
const ids = (list: { id: string }[]) => list.map((e) => e.id);

describe('buildSiteModel', () => {
  it('orders the archive newest first', () => {
    expect(ids(model.archive)).toEqual([
      '2025-07-19-web-deploy',
      '2024-12-31-payments-timeout',
      '2024-06-06-api-leak',
      '2023-09-03-api-deploy',
      '2023-03-14-dns-outage',
      '2022-11-25-black-friday-saturation',
    ]);
  });

  it('gives each incident its neighbours, related incidents both ways (never an unpublished one) and names', () => {
    const leak = model.incidents.find((i) => i.entry.id === '2024-06-06-api-leak')!;
    expect(leak.newer?.id).toBe('2024-12-31-payments-timeout');
    expect(leak.older?.id).toBe('2023-09-03-api-deploy');
    expect(ids(leak.related)).toEqual(['2023-03-14-dns-outage']);
    expect(leak.similar.map((s) => s.id)).not.toContain('2023-03-14-dns-outage');
    const dns = model.incidents.find((i) => i.entry.id === '2023-03-14-dns-outage')!;
    expect(ids(dns.related)).toEqual(['2024-06-06-api-leak', '2022-11-25-black-friday-saturation']);
    expect(model.incidents[0]!.newer).toBeUndefined();
    expect(model.incidents.at(-1)!.older).toBeUndefined();
    expect(leak.services[0]).toEqual({ id: 'api', name: expect.any(String) });
    expect(leak.search.filters.year).toEqual(['2024']);
  });

  it('lists every registry entry as a group, even with no incident, and tags by use then name', () => {
    expect(ids(model.groups.services)).toEqual(archive.registries.services.map((s) => s.id));
    expect(model.groups.services.find((g) => g.id === 'mail')!.figures.count).toBe(0);
    expect(ids(model.groups.services.find((g) => g.id === 'api')!.entries)).toEqual([
      '2024-06-06-api-leak',
      '2023-09-03-api-deploy',
      '2023-03-14-dns-outage',
    ]);
    expect(ids(model.groups.tags)).toEqual(['checkout', 'peak', 'frontend', 'network']);
    expect(ids(model.groups.years)).toEqual(['2025', '2024', '2023', '2022']);
    expect(model.groups.tags.map((g) => g.filter)).toEqual(['tag=checkout', 'tag=peak', 'tag=frontend', 'tag=network']);
  });

  it('gives services and root causes their slice insights across the other dimension, other groups none', () => {
    const api = model.groups.services.find((g) => g.id === 'api')!;
    expect(api.insights?.across).toBe('rootCauses');
    expect(model.groups.rootCauses[0]!.insights?.across).toBe('services');
    expect(model.groups.tags[0]!.insights).toBeUndefined();
    expect(api.feed).toBe('/pm/services/api/rss.xml');
  });

  it('declares each CSV once, and every chart links to one of them', () => {
    const names = model.insights.csv.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    const charts = [...Object.values(model.insights.columns), ...Object.values(model.insights.bars)];
    for (const chart of charts) expect(names).toContain(chart.csv);
    expect(model.insights.total).toBe(6);
  });

  it('counts search facets over the published set', () => {
    expect(model.search.total).toBe(6);
    expect(model.search.facets.service.options.map((o) => o.value)).not.toContain('mail');
  });
});

describe('urls', () => {
  it('builds every link under the base path', () => {
    const u = urls('/pm/');
    expect(u.home).toBe('/pm/');
    expect(u.incident('2024-06-06-x')).toBe('/pm/postmortems/2024-06-06-x/');
    expect(u.search('service=api')).toBe('/pm/search/?service=api');
    expect(u.search()).toBe('/pm/search/');
    expect(u.owner('sre')).toBe('/pm/action-items/owners/sre/');
    expect(u.insightsCsv('by-service')).toBe('/pm/insights/by-service.csv');
  });
});
