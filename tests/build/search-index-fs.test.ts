import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { indexShards } from '../../src/build/search-index-fs.ts';
import type { SearchShard } from '../../src/site/search-shards.ts';
import { listFiles, ROOT } from '../helpers/build.ts';

/**
 * The search index part by part: a part whose pages are unchanged comes from the cache, the
 * others are indexed again, and either way the index is the one a cold run writes.
 */

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-search-index-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
// Pagefind's binary, as the build finds it (src/build/build-steps-fs.ts).
const resolver = pathToFileURL(path.join(ROOT, 'node_modules', 'pagefind', 'lib', 'resolveBinary.js')).href;
const { resolveBinaryPath } = (await import(resolver)) as { resolveBinaryPath: (names: string[]) => string };
const binary = resolveBinaryPath(['pagefind_extended', 'pagefind']);

/** A built site with an incident page per slug. */
function writeSite(site: string, pages: Record<string, string>) {
  fs.rmSync(site, { recursive: true, force: true });
  for (const [slug, text] of Object.entries(pages)) {
    fs.mkdirSync(path.join(site, 'postmortems', slug), { recursive: true });
    fs.writeFileSync(
      path.join(site, 'postmortems', slug, 'index.html'),
      `<!doctype html><html lang="en"><head><title>${slug}</title></head><body><main data-pagefind-body><h1>${slug}</h1><p>${text}</p></main></body></html>`,
    );
  }
}

const PAGES = {
  '2020-01-01-a': 'alpha words',
  '2020-02-01-b': 'bravo words',
  '2021-01-01-c': 'charlie words',
  '2022-01-01-d': 'delta words',
};
const SHARDS: SearchShard[] = [
  { dir: '', slugs: ['2022-01-01-d'] },
  { dir: '2021', slugs: ['2021-01-01-c'] },
  { dir: '2020', slugs: ['2020-01-01-a', '2020-02-01-b'] },
];

/** Indexes `site`'s parts with `kept` as the cache; counts Pagefind's runs. */
async function index(site: string, shards: readonly SearchShard[], kept: string | undefined, pagefind = binary) {
  let runs = 0;
  const result = await indexShards({
    site,
    shards,
    kept,
    work: path.join(work, 'parts'),
    identity: 'test',
    pagefind: async (pages, output) => {
      runs++;
      const ran = spawnSync(pagefind, ['--site', pages, '--output-path', output, '--force-language', 'en', '--silent'], {
        encoding: 'utf8',
      });
      return { status: ran.status, output: `${ran.stdout ?? ''}${ran.stderr ?? ''}` };
    },
  });
  return { result, runs };
}

/** The index files of a site, with their bytes. */
function indexFiles(site: string): Map<string, Buffer> {
  const dir = path.join(site, 'pagefind');
  return new Map(listFiles(dir).map((file) => [file, fs.readFileSync(path.join(dir, file))]));
}

describe('indexShards', () => {
  it('writes the newest part at pagefind/ and each older one in its folder, each with its own pages only', async () => {
    const site = path.join(work, 'layout');
    writeSite(site, PAGES);
    const { result, runs } = await index(site, SHARDS, undefined);
    expect(result).toEqual({ indexed: 3, reused: 0 });
    expect(runs).toBe(3);
    const count = (dir: string) =>
      JSON.parse(fs.readFileSync(path.join(site, 'pagefind', dir, 'pagefind-entry.json'), 'utf8')).languages.en.page_count;
    expect([count(''), count('2021'), count('2020')]).toEqual([1, 1, 2]);
    // Pagefind's UI bundles are left out; no folder of the part's pages is left behind.
    expect(listFiles(path.join(site, 'pagefind')).some((f) => /pagefind-ui\./.test(f))).toBe(false);
    expect(fs.existsSync(path.join(work, 'parts', 'part-0'))).toBe(false);
  });

  it('reuses unchanged parts from the cache and gives the bytes of a cold run, for each kind of change', async () => {
    const kept = path.join(work, 'kept');
    const site = path.join(work, 'incremental');
    const cold = path.join(work, 'cold');
    writeSite(site, PAGES);
    expect((await index(site, SHARDS, kept)).runs).toBe(3);

    const changes: [string, Record<string, string>, SearchShard[], number][] = [
      ['nothing', PAGES, SHARDS, 0],
      ['a page of the newest part edited', { ...PAGES, '2022-01-01-d': 'delta edited' }, SHARDS, 1],
      [
        'a page added to an older part',
        { ...PAGES, '2022-01-01-d': 'delta edited', '2021-06-01-e': 'echo' },
        [SHARDS[0]!, { dir: '2021', slugs: ['2021-01-01-c', '2021-06-01-e'] }, SHARDS[2]!],
        1,
      ],
      [
        'a page removed',
        { '2020-01-01-a': 'alpha words', '2021-01-01-c': 'charlie words', '2022-01-01-d': 'delta edited' },
        [SHARDS[0]!, SHARDS[1]!, { dir: '2020', slugs: ['2020-01-01-a'] }],
        2,
      ],
    ];
    for (const [change, pages, shards, expectedRuns] of changes) {
      writeSite(site, pages);
      const { runs, result } = await index(site, shards, kept);
      expect(runs, change).toBe(expectedRuns);
      expect(result, change).toEqual({ indexed: expectedRuns, reused: shards.length - expectedRuns });
      writeSite(cold, pages);
      await index(cold, shards, undefined);
      expect(indexFiles(site), change).toEqual(indexFiles(cold));
    }
    // The cache holds this build's parts only.
    expect(fs.readdirSync(kept)).toHaveLength(3);
  });

  it('indexes a part again when a file of it was written over in place in an earlier output folder', async () => {
    const kept = path.join(work, 'kept-written');
    const first = path.join(work, 'written-1');
    const second = path.join(work, 'written-2');
    const cold = path.join(work, 'written-cold');
    for (const site of [first, second, cold]) writeSite(site, PAGES);
    expect((await index(first, SHARDS, kept)).runs).toBe(3);
    // The published files share their bytes with the cache: a tool that rewrites one in place changes both.
    const meta = fs.readdirSync(path.join(first, 'pagefind', '2020')).find((name) => name.endsWith('.pf_meta'))!;
    fs.writeFileSync(path.join(first, 'pagefind', '2020', meta), 'rewritten');
    const again = await index(second, SHARDS, kept);
    expect(again.result).toEqual({ indexed: 1, reused: 2 });
    await index(cold, SHARDS, undefined);
    expect(indexFiles(second)).toEqual(indexFiles(cold));
    // The cache's own list of its files is no part of the output.
    expect(listFiles(path.join(second, 'pagefind')).some((file) => file.includes('hindsight-part'))).toBe(false);
  });

  it('reports a failed Pagefind run and keeps nothing of it', async () => {
    const site = path.join(work, 'failing');
    const kept = path.join(work, 'kept-failing');
    fs.mkdirSync(kept);
    writeSite(site, PAGES);
    const { result } = await index(site, SHARDS, kept, '/bin/false');
    expect(result).toMatchObject({ failed: { status: 1 } });
    expect(fs.readdirSync(kept)).toEqual([]);
  });
});
