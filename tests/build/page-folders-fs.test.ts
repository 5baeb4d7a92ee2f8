import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldersOf, keepReplacedSite, preparePageFolders } from '../../src/build/page-folders-fs.ts';

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'page-folders-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

/** A cache folder whose previous build kept these pages (the stamps file of src/astro/linked-restore-fs.ts). */
function cacheWith(pages: string[]): string {
  const cache = path.join(work, 'cache');
  fs.mkdirSync(cache, { recursive: true });
  fs.writeFileSync(path.join(cache, 'hindsight-cached-pages.json'), JSON.stringify(Object.fromEntries(pages.map((p) => [p, [1, 2, 3]]))));
  return cache;
}

describe('foldersOf', () => {
  it('lists every folder of the pages once, parents first, and none outside the output folder', () => {
    const root = path.join(work, 'out');
    const folders = foldersOf(root, [
      'index.html',
      'postmortems/a/index.html',
      'postmortems/b/index.html',
      'action-items/owners/sre/2/index.html',
      '../escape/index.html',
      '/etc/index.html',
    ]);
    expect(folders.map((f) => path.relative(root, f))).toEqual([
      'postmortems',
      'postmortems/a',
      'postmortems/b',
      'action-items',
      'action-items/owners',
      'action-items/owners/sre',
      'action-items/owners/sre/2',
    ]);
  });
});

/** Every file and folder under `dir`, relative, sorted (folders end in /). */
function tree(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => `${path.relative(dir, path.join(e.parentPath, e.name))}${e.isDirectory() ? '/' : ''}`)
    .sort();
}

describe('preparePageFolders', () => {
  it("makes the folders of the previous build's pages, then removes those no page was written to", async () => {
    const out = path.join(work, 'out');
    const folders = preparePageFolders(
      out,
      cacheWith(['postmortems/kept/index.html', 'postmortems/gone/index.html', 'tags/old/2/index.html']),
      false,
    );
    await folders.ready();
    // Astro writes the pages that still exist (here while the folders may still be being made).
    fs.mkdirSync(path.join(out, 'postmortems/kept'), { recursive: true });
    fs.writeFileSync(path.join(out, 'postmortems/kept/index.html'), 'page');
    await folders.removeUnused();
    expect(tree(out)).toEqual(['postmortems/', 'postmortems/kept/', 'postmortems/kept/index.html']);
  });

  it('takes the site the last build replaced, without its files, and never writes into them', async () => {
    const cache = cacheWith(['postmortems/a/index.html']);
    const shared = path.join(cache, 'dist-a.html');
    fs.writeFileSync(shared, 'page A');
    const old = path.join(work, '.dist.hindsight-old-1-2');
    fs.mkdirSync(path.join(old, 'postmortems/a'), { recursive: true });
    fs.mkdirSync(path.join(old, 'pagefind/2020-2022/fragment'), { recursive: true });
    fs.linkSync(shared, path.join(old, 'postmortems/a/index.html'));
    fs.writeFileSync(path.join(old, 'pagefind/2020-2022/fragment/x.pf_fragment'), 'x');
    fs.writeFileSync(path.join(old, '.hindsight-build'), 'marker');
    expect(keepReplacedSite(old, cache)).toBe(true);
    expect(fs.existsSync(old)).toBe(false);

    const out = path.join(work, 'out');
    const folders = preparePageFolders(out, cache, false);
    await folders.ready();
    expect(tree(out)).toEqual(['pagefind/', 'pagefind/2020-2022/', 'pagefind/2020-2022/fragment/', 'postmortems/', 'postmortems/a/']);
    expect(fs.readFileSync(shared, 'utf8')).toBe('page A');
    fs.writeFileSync(path.join(out, 'postmortems/a/index.html'), 'page A, new');
    await folders.removeUnused();
    expect(tree(out)).toEqual(['postmortems/', 'postmortems/a/', 'postmortems/a/index.html']);
    // Taken: the next build finds none, and makes folders instead.
    expect(fs.existsSync(path.join(cache, 'replaced-site'))).toBe(false);
  });

  it('makes nothing for a cold build or without a previous build, and stops when told', async () => {
    const cache = cacheWith(['postmortems/a/index.html']);
    const cold = preparePageFolders(path.join(work, 'cold'), cache, true);
    await cold.removeUnused();
    expect(tree(path.join(work, 'cold'))).toEqual([]);
    const none = preparePageFolders(path.join(work, 'none'), path.join(work, 'no-cache'), false);
    await none.removeUnused();
    expect(tree(path.join(work, 'none'))).toEqual([]);
    const pages = Array.from({ length: 2000 }, (_, i) => `postmortems/p${i}/index.html`);
    const folders = preparePageFolders(path.join(work, 'stopped'), cacheWith(pages), false);
    folders.stop();
    await folders.removeUnused();
    expect(fs.existsSync(path.join(work, 'stopped/postmortems/p1999'))).toBe(false);
  });
});
