import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, listFiles, startBuild, type BuildResult } from './helpers/build.ts';

/**
 * Incremental builds give exactly the bytes of a cold build. On a copy of the `site` fixture,
 * each kind of change is followed by an incremental build (the cache kept since the first
 * build) and a cold build (`--clean`, in a cache folder of its own) of the same content; the two
 * sites are compared file by file, the search index included (Pagefind writes the same bytes
 * for the same pages). Each step also checks how many postmortems' validation results were
 * reused: exactly those of the unchanged files nothing else invalidates.
 */

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-incremental-'));
const content = path.join(work, 'content');
const posts = path.join(content, 'postmortems');
const caches = { incremental: path.join(work, 'cache-incremental'), cold: path.join(work, 'cache-cold') };
const outs: string[] = [];
/** The site the last incremental build published (the one before it is removed only at the end). */
let published = '';
/** The site the last cold build gave. */
let lastCold = '';

async function build(
  kind: 'incremental' | 'cold',
  env: Record<string, string> = {},
  out?: string,
): Promise<BuildResult & { reused: number; files: number; checksReused: number; indexBuilt: number; indexReused: number }> {
  const result = await startBuild(content, {
    // Search index parts of two postmortems: the fixture's six published ones make four parts (the newest year, 2024, 2023, 2022).
    env: { HINDSIGHT_NOW: '2026-11-01', HINDSIGHT_CACHE_DIR: caches[kind], HINDSIGHT_SEARCH_PART_PAGES: '2', ...env },
    // A later --out wins: the same output folder again, replaced as a whole.
    args: [...(kind === 'cold' ? ['--clean'] : []), ...(out ? ['--out', out] : [])],
  });
  if (out) result.outDir = out;
  outs.push(result.outDir);
  if (kind === 'incremental') published = result.outDir;
  else lastCold = result.outDir;
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  const counts = /(\d+) of (\d+) files reused from the previous build/.exec(result.stdout);
  expect(counts, result.stdout).not.toBeNull();
  const checks = /checks of (\d+) of (\d+) postmortems reused/.exec(result.stdout);
  expect(checks, result.stdout).not.toBeNull();
  expect(Number(checks![2])).toBe(postmortemFiles().length);
  const index = /(\d+) of \d+ index parts built, (\d+) unchanged parts reused/.exec(result.stdout);
  expect(index, result.stdout).not.toBeNull();
  return {
    ...result,
    reused: Number(counts![1]),
    files: Number(counts![2]),
    checksReused: Number(checks![1]),
    indexBuilt: Number(index![1]),
    indexReused: Number(index![2]),
  };
}

/** The files that differ between two sites, by name or by bytes. */
function differences(a: string, b: string): string[] {
  const files = new Set([...listFiles(a), ...listFiles(b)]);
  return [...files].sort().filter((file) => {
    const [x, y] = [path.join(a, file), path.join(b, file)];
    return !fs.existsSync(x) || !fs.existsSync(y) || !fs.readFileSync(x).equals(fs.readFileSync(y));
  });
}

/** Builds incrementally (into `out`, if given) and cold, side by side, and checks that both give the same site. */
async function buildBoth(env: Record<string, string> = {}, out?: string) {
  const [incremental, cold] = await Promise.all([build('incremental', env, out), build('cold', env)]);
  expect(cold.reused).toBe(0);
  expect(cold.checksReused).toBe(0);
  expect(cold.indexReused).toBe(0);
  expect(cold.indexBuilt).toBe(fs.readdirSync(path.join(cold.outDir, 'pagefind')).filter((name) => /^\d{4}/.test(name)).length + 1);
  expect(differences(incremental.outDir, cold.outDir)).toEqual([]);
  expect(listFiles(incremental.outDir).length).toBeGreaterThan(50);
  return incremental;
}

const postmortemFiles = () => fs.readdirSync(posts).filter((name) => name.endsWith('.mdx'));
/** How many postmortems name `slug`. */
const naming = (slug: string) => postmortemFiles().filter((name) => fs.readFileSync(path.join(posts, name), 'utf8').includes(slug)).length;

const edit = (file: string, change: (text: string) => string) =>
  fs.writeFileSync(path.join(content, file), change(fs.readFileSync(path.join(content, file), 'utf8')));

/** The incremental build's cache folder (Astro's cacheDir). */
function cacheFolder(): string {
  const [folder] = fs
    .readdirSync(caches.incremental)
    .filter((name) => fs.existsSync(path.join(caches.incremental, name, 'incremental-build.json')));
  return path.join(caches.incremental, folder!);
}

/** How many pages the cache manifest holds a key for. */
function keyedPages(): number {
  const manifest = JSON.parse(fs.readFileSync(path.join(cacheFolder(), 'incremental-build.json'), 'utf8')) as {
    routes: Record<string, { paths: object }>;
  };
  return Object.values(manifest.routes).reduce((n, route) => n + Object.keys(route.paths).length, 0);
}

describe('incremental build', () => {
  let first: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    fs.cpSync(path.join(FIXTURES, 'site'), content, { recursive: true });
    first = await build('incremental');
  });
  afterAll(() => {
    for (const dir of [work, ...outs]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts cold, then reuses every keyed page when nothing changed', async () => {
    expect(first.reused).toBe(0);
    expect(first.checksReused).toBe(0);
    const again = await build('incremental');
    expect(keyedPages()).toBeGreaterThan(30);
    expect(again.reused).toBe(keyedPages());
    expect(again.checksReused).toBe(postmortemFiles().length);
    // Every part of the search index.
    expect([again.indexBuilt, again.indexReused]).toEqual([0, 4]);
    expect(differences(first.outDir, again.outDir)).toEqual([]);
    // Reused pages are hard links of the cache's copies (src/astro/linked-restore-fs.ts), not copies.
    const page = 'postmortems/2024-06-06-api-leak/index.html';
    expect(fs.statSync(path.join(again.outDir, page)).ino).toBe(fs.statSync(path.join(cacheFolder(), 'dist', page)).ino);
  });

  it('adds a postmortem: the newest, so its neighbour, the archive and its groups change', async () => {
    fs.writeFileSync(
      path.join(posts, '2026-01-05-api-timeout.mdx'),
      fs
        .readFileSync(path.join(posts, '2023-09-03-api-deploy.mdx'), 'utf8')
        .replace('title: "Bad API deploy"', 'title: "API timeouts"')
        .replace(/2023-09-03/g, '2026-01-05'),
    );
    const result = await buildBoth();
    expect(result.reused).toBeGreaterThan(0);
    expect(result.reused).toBeLessThan(keyedPages());
    expect(result.checksReused).toBe(postmortemFiles().length - 1);
    // The new year's part is new, and parts whose pages now link to it are indexed again (a page's
    // bytes decide); the others are reused. 2025, the newest part until now, moves to a folder of its own.
    expect(result.indexBuilt + result.indexReused).toBe(5);
    expect(result.indexReused).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(result.outDir, 'pagefind/2025/pagefind-entry.json'))).toBe(true);
    expect(fs.existsSync(path.join(result.outDir, 'postmortems/2026-01-05-api-timeout/index.html'))).toBe(true);
  });

  it('edits a body', async () => {
    edit('postmortems/2023-03-14-dns-outage.mdx', (t) => `${t}\n\nA paragraph added after the review.\n`);
    const page = path.join(published, 'postmortems/2023-03-14-dns-outage/index.html');
    const before = fs.readFileSync(page);
    expect(fs.statSync(page).nlink).toBeGreaterThan(1);
    const result = await buildBoth();
    // The site published before shared that page with the cache: the new page is a new file.
    expect(fs.readFileSync(page).equals(before)).toBe(true);
    expect(result.reused).toBeGreaterThan(0);
    expect(result.checksReused).toBe(postmortemFiles().length - 1);
    // Only its part of the search index (2023) is indexed again.
    expect([result.indexBuilt, result.indexReused]).toEqual([1, 4]);
    expect(fs.readFileSync(path.join(result.outDir, 'postmortems/2023-03-14-dns-outage/index.html'), 'utf8')).toContain(
      'A paragraph added after the review.',
    );
  });

  it("edits a title, shown on its neighbours' pages, related pages and indexes", async () => {
    edit('postmortems/2024-06-06-api-leak.mdx', (t) => t.replace('title: "API memory leak"', 'title: "API memory leak in auth"'));
    const result = await buildBoth();
    expect(result.reused).toBeGreaterThan(0);
    expect(result.checksReused).toBe(postmortemFiles().length - 1);
    expect(fs.readFileSync(path.join(result.outDir, 'postmortems/2024-12-31-payments-timeout/index.html'), 'utf8')).toContain(
      'API memory leak in auth',
    );
  });

  it('deletes a postmortem', async () => {
    fs.rmSync(path.join(posts, '2023-09-03-api-deploy.mdx'));
    const result = await buildBoth();
    expect(result.reused).toBeGreaterThan(0);
    // A postmortem that named it as related would be checked again (and fail); none does.
    expect(naming('2023-09-03-api-deploy')).toBe(0);
    expect(result.checksReused).toBe(postmortemFiles().length);
    expect(fs.existsSync(path.join(result.outDir, 'postmortems/2023-09-03-api-deploy'))).toBe(false);
  });

  it('renames a postmortem (its slug changes)', async () => {
    fs.renameSync(path.join(posts, '2022-11-25-black-friday-saturation.mdx'), path.join(posts, '2022-11-25-black-friday-overload.mdx'));
    // As an author would: the postmortems that name it as related follow the rename.
    for (const file of fs.readdirSync(posts))
      edit(`postmortems/${file}`, (t) => t.replaceAll('2022-11-25-black-friday-saturation', '2022-11-25-black-friday-overload'));
    const result = await buildBoth();
    expect(result.reused).toBeGreaterThan(0);
    // The renamed file and those whose `related` followed the rename (here none) are checked again.
    expect(result.checksReused).toBe(postmortemFiles().length - 1 - naming('2022-11-25-black-friday-overload'));
    expect(fs.existsSync(path.join(result.outDir, 'postmortems/2022-11-25-black-friday-saturation'))).toBe(false);
    expect(fs.existsSync(path.join(result.outDir, 'postmortems/2022-11-25-black-friday-overload/index.html'))).toBe(true);
  });

  it('renames a registry entry: every page that shows the name changes', async () => {
    edit('root-causes.yaml', (t) => t.replace('name: Memory leak', 'name: Memory exhaustion'));
    const result = await buildBoth();
    expect(result.reused).toBeGreaterThan(0);
    // The registries are part of every file's check: all checked again.
    expect(result.checksReused).toBe(0);
    expect(fs.readFileSync(path.join(result.outDir, 'postmortems/2024-06-06-api-leak/index.html'), 'utf8')).toContain('Memory exhaustion');
  });

  it('keeps its cache whole when validation fails, and renders again a page whose published copy was written into in place', async () => {
    const bad = path.join(posts, '2026-02-02-broken.mdx');
    fs.writeFileSync(bad, '---\ntitle: [unclosed\n---\n');
    const failed = await startBuild(content, {
      env: { HINDSIGHT_NOW: '2026-11-01', HINDSIGHT_CACHE_DIR: caches.incremental, HINDSIGHT_SEARCH_PART_PAGES: '2' },
    });
    outs.push(failed.outDir);
    expect(failed.status, failed.stdout).toBe(1);
    expect(failed.stderr).toContain('stopped before building');
    fs.rmSync(bad);

    // An incident page the last build took from the cache: the same file as the cache's copy.
    const page = fs
      .readdirSync(path.join(published, 'postmortems'))
      .filter((slug) => /^\d{4}-/.test(slug))
      .map((slug) => `postmortems/${slug}/index.html`)
      .find((file) => fs.existsSync(path.join(published, file)) && fs.statSync(path.join(published, file)).nlink > 1);
    expect(page).toBeDefined();
    fs.appendFileSync(path.join(published, page!), '<script>injected()</script>');
    // The content is that of the last cold build: compared with its output.
    const result = await build('incremental');
    expect(differences(result.outDir, lastCold)).toEqual([]);
    // Every other page reused: the failed build left the cache whole.
    expect(result.reused).toBe(keyedPages() - 1);
    expect(fs.readFileSync(path.join(result.outDir, page!), 'utf8')).not.toContain('injected()');
  });

  it('changes a setting: every page shows the title, so none is reused', async () => {
    const result = await buildBoth({ HINDSIGHT_TITLE: 'Lessons' });
    expect(result.reused).toBe(0);
    // The title is no input of validation.
    expect(result.checksReused).toBe(postmortemFiles().length);
    expect(fs.readFileSync(path.join(result.outDir, 'postmortems/2024-06-06-api-leak/index.html'), 'utf8')).toContain('Lessons');
  });

  it('rebuilds into the same output folder: the next build takes the replaced site as its output folder', async () => {
    const out = path.join(work, 'dist');
    const kept = () => path.join(cacheFolder(), 'replaced-site');
    await build('incremental', {}, out);
    expect(fs.existsSync(kept())).toBe(false);
    edit('postmortems/2024-06-06-api-leak.mdx', (t) => `${t}\n\nA note after the first rebuild.\n`);
    await build('incremental', {}, out);
    // The site it replaced, kept for the next build: its pages are the cache's files.
    expect(fs.existsSync(path.join(kept(), 'postmortems/2024-06-06-api-leak/index.html'))).toBe(true);
    // A postmortem no other names as related (removing one that is named would fail validation).
    const gone = postmortemFiles()
      .map((file) => file.replace(/\.mdx$/, ''))
      .find((slug) => slug !== '2024-06-06-api-leak' && naming(slug) === 0)!;
    fs.rmSync(path.join(posts, `${gone}.mdx`));
    const result = await buildBoth({}, out);
    expect(result.reused).toBeGreaterThan(0);
    // Taken, emptied and filled again; the folder of the deleted postmortem is gone, and no folder is left empty.
    expect(fs.existsSync(path.join(out, 'postmortems', gone))).toBe(false);
    const empty = fs
      .readdirSync(out, { recursive: true, withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.readdirSync(path.join(e.parentPath, e.name)).length === 0);
    expect(empty).toEqual([]);
    expect(fs.existsSync(kept())).toBe(true);
  });
});
