import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArchive } from '../../src/format/content-fs.ts';
import { pageKeyer, withCacheKeys } from '../../src/site/cache-keys.ts';
import { buildSiteModel, type SiteEntry } from '../../src/site/model.ts';
import { FIXTURES } from '../helpers/build.ts';

/**
 * Page cache keys on the `site` fixture, in process: a key changes exactly when something the
 * page is given changes (tests/incremental-build.test.ts checks the built bytes).
 */

const archive = loadArchive(path.join(FIXTURES, 'site'), 'UTC');
const settings = {
  title: 'Hindsight',
  organisation: 'Acme',
  site: 'https://example.org',
  base: '/',
  editUrl: 'https://git.example.org/edit/',
  today: '2024-08-01',
};
/** As the content store gives an entry: its body is not in it, only in its digest (src/astro/loaders.ts). */
type Entry = SiteEntry & { digest: string };
const entries = (change: (e: Entry) => Entry = (e) => e): Entry[] =>
  archive.entries
    .filter((e) => e.data.status === 'published')
    .map((e) => change({ id: e.slug, data: e.data, filePath: e.relPath, digest: `body ${e.body.length}` }));

/** Every page's key of a model, by page: incidents and group pages, as the routes give them. */
function keys(list: Entry[], s = settings): Map<string, string> {
  const model = buildSiteModel(list, archive.registries, s);
  const incidents = withCacheKeys(
    model.incidents.map((incident) => ({
      params: { slug: incident.entry.id },
      props: { incident, settings: model.settings, urls: model.urls },
    })),
    model.pageKey,
  );
  const groups = Object.values(model.groups)
    .flat()
    .map((group) => ({ params: { id: `${group.kind}/${group.id}` }, props: { group, urls: model.urls } }));
  return new Map([...incidents, ...withCacheKeys(groups, model.pageKey)].map((p) => [Object.values(p.params)[0]!, p.cacheKey]));
}

function changed(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((page) => a.get(page) !== b.get(page)).sort();
}

const before = keys(entries());

describe('page cache keys', () => {
  it('are the same for the same content, computed twice', () => {
    expect(changed(before, keys(entries()))).toEqual([]);
  });

  it('change for the page of an edited body and the group pages that hold it; its neighbours show only its title', () => {
    const after = keys(entries((e) => (e.id === '2025-07-19-web-deploy' ? { ...e, digest: 'edited body' } : e)));
    expect(changed(before, after)).toEqual([
      '2025-07-19-web-deploy',
      'rootCauses/deploy',
      'services/web',
      'severities/SEV3',
      'tags/frontend',
      'years/2025',
    ]);
  });

  it('change for the neighbours of a renamed incident, the incidents that link to it, and its groups', () => {
    const after = keys(entries((e) => (e.id === '2024-06-06-api-leak' ? { ...e, data: { ...e.data, title: 'Renamed' } } : e)));
    const incidents = changed(before, after).filter((page) => !page.includes('/'));
    // Itself, newer and older, the dns outage, which names it as related, and the web deploy,
    // which lists it as similar (a shared root cause); not the black friday saturation.
    expect(incidents).toEqual([
      '2023-03-14-dns-outage',
      '2023-09-03-api-deploy',
      '2024-06-06-api-leak',
      '2024-12-31-payments-timeout',
      '2025-07-19-web-deploy',
    ]);
  });

  it('all change with a setting every page shows', () => {
    const after = keys(entries(), { ...settings, title: 'Lessons' });
    expect(changed(before, after)).toEqual([...before.keys()].sort());
  });

  it('refuse props JSON cannot show, rather than miss them', () => {
    const key = pageKeyer([], settings);
    expect(() => key({ counts: new Map([['open', 1]]) })).toThrow(/Map, which JSON cannot show/);
    expect(key({ format: () => 'a' })).toBe(key({ format: () => 'b' }));
    expect(key({ n: 1 })).not.toBe(key({ n: 2 }));
  });
});
