import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkRestoredPages, type CacheMethods } from '../../src/astro/linked-restore-fs.ts';

/**
 * The patch of Astro's incremental-build cache, on a stand-in with the same methods as Astro's
 * `IncrementalBuildCache` (copy to restore, write in place to store). tests/incremental-build.test.ts
 * checks it on Astro's own class, in real builds.
 */

let work: string;
let cacheDir: URL;
/** Astro's settings in build `n`, whose output folder is out-<n>/. */
const settingsOf = (n: number) => ({ config: { cacheDir, outDir: pathToFileURL(`${path.join(work, `out-${n}`)}/`) } });
type Settings = ReturnType<typeof settingsOf>;
const cachedPage = (file: string) => path.join(work, 'cache', 'dist', file);
const out = (build: number, file: string) => path.join(work, `out-${build}`, file);

/** A class shaped like Astro's, patched: a new one per test, as the patch changes its prototype. */
function patchedCache(): new () => CacheMethods {
  class Cache implements CacheMethods {
    async restoreOutputFile(s: Settings, outputFile: string, destination: URL) {
      const cached = new URL(outputFile, new URL('dist/', s.config.cacheDir));
      if (!fs.existsSync(cached)) return false;
      fs.mkdirSync(new URL('./', destination), { recursive: true });
      fs.copyFileSync(cached, destination);
      return true;
    }
    async writeOutputFile(s: Settings, outputFile: string, body: Uint8Array) {
      const cached = new URL(outputFile, new URL('dist/', s.config.cacheDir));
      fs.mkdirSync(new URL('./', cached), { recursive: true });
      fs.writeFileSync(cached, body);
    }
    async deleteOutputFile(s: Settings, outputFile: string) {
      fs.rmSync(new URL(outputFile, new URL('dist/', s.config.cacheDir)), { force: true });
    }
    writeManifest(s: Settings) {
      fs.writeFileSync(new URL('incremental-build.json', s.config.cacheDir), '{}');
    }
  }
  expect(linkRestoredPages(Cache.prototype)).toBe(true);
  return Cache;
}

/** One build: stores `rendered` pages, restores `restored` ones into out-<n>/, writes the manifest. */
async function build(Cache: new () => CacheMethods, n: number, rendered: Record<string, string>, restored: string[]) {
  const cache = new Cache();
  const settings = settingsOf(n);
  const results: Record<string, boolean> = {};
  // As Astro does: the page to the output folder, then the same bytes to the cache.
  for (const [file, body] of Object.entries(rendered)) {
    fs.mkdirSync(path.dirname(out(n, file)), { recursive: true });
    fs.writeFileSync(out(n, file), body);
    await cache.writeOutputFile(settings, file, Buffer.from(body));
  }
  for (const file of restored) results[file] = await cache.restoreOutputFile(settings, file, pathToFileURL(out(n, file)));
  cache.writeManifest(settings);
  return results;
}

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'linked-restore-'));
  fs.mkdirSync(path.join(work, 'cache'));
  cacheDir = pathToFileURL(`${path.join(work, 'cache')}/`);
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

describe('pages restored from the incremental-build cache', () => {
  it('are hard links of the cached files, which are the pages the previous build wrote', async () => {
    const Cache = patchedCache();
    await build(Cache, 1, { 'a/index.html': 'A1', 'b/index.html': 'B1' }, []);
    expect(fs.statSync(out(1, 'a/index.html')).ino).toBe(fs.statSync(cachedPage('a/index.html')).ino);
    expect(await build(Cache, 2, {}, ['a/index.html', 'b/index.html'])).toEqual({ 'a/index.html': true, 'b/index.html': true });
    expect(fs.statSync(out(2, 'a/index.html')).ino).toBe(fs.statSync(cachedPage('a/index.html')).ino);
    expect(fs.readFileSync(out(2, 'b/index.html'), 'utf8')).toBe('B1');
    expect(fs.existsSync(path.join(work, 'cache', 'incremental-build.json'))).toBe(true);
  });

  it('never change a published site: a page rendered again is stored as a new file', async () => {
    const Cache = patchedCache();
    await build(Cache, 1, { 'a/index.html': 'A1' }, []);
    await build(Cache, 2, {}, ['a/index.html']);
    // Build 2's site shares its page with the cache; build 3 renders that page again.
    await build(Cache, 3, { 'a/index.html': 'A3' }, []);
    expect(fs.readFileSync(out(2, 'a/index.html'), 'utf8')).toBe('A1');
    expect(fs.readFileSync(cachedPage('a/index.html'), 'utf8')).toBe('A3');
    expect(await build(Cache, 4, {}, ['a/index.html'])).toEqual({ 'a/index.html': true });
    expect(fs.readFileSync(out(4, 'a/index.html'), 'utf8')).toBe('A3');
    expect(fs.readdirSync(path.dirname(cachedPage('a/index.html')))).toEqual(['index.html']);
  });

  it('are stored as written when the output folder does not hold the same page', async () => {
    const Cache = patchedCache();
    const cache = new Cache();
    await cache.writeOutputFile(settingsOf(1), 'a/index.html', Buffer.from('A1'));
    fs.mkdirSync(path.dirname(out(1, 'b/index.html')), { recursive: true });
    fs.writeFileSync(out(1, 'b/index.html'), 'something else');
    await cache.writeOutputFile(settingsOf(1), 'b/index.html', Buffer.from('B1'));
    expect(fs.readFileSync(cachedPage('a/index.html'), 'utf8')).toBe('A1');
    expect(fs.readFileSync(cachedPage('b/index.html'), 'utf8')).toBe('B1');
    expect(fs.statSync(cachedPage('b/index.html')).nlink).toBe(1);
  });

  it('are rendered again when the cached file was written into since it was stored', async () => {
    const Cache = patchedCache();
    await build(Cache, 1, { 'a/index.html': 'A1', 'b/index.html': 'B1', 'c/index.html': 'C1' }, []);
    await build(Cache, 2, {}, ['a/index.html', 'b/index.html', 'c/index.html']);
    // A deploy script edits the published pages in place (the same files as the cache's), or changes a time.
    fs.appendFileSync(out(2, 'a/index.html'), '<script>analytics()</script>');
    fs.writeFileSync(out(2, 'b/index.html'), 'B!');
    fs.utimesSync(out(2, 'c/index.html'), new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(await build(Cache, 3, {}, ['a/index.html', 'b/index.html', 'c/index.html'])).toEqual({
      'a/index.html': false,
      'b/index.html': false,
      'c/index.html': false,
    });
  });

  it('are rendered again when no stamp was kept (a cache stored before the patch) and when the file is gone', async () => {
    const Cache = patchedCache();
    await build(Cache, 1, { 'a/index.html': 'A1', 'b/index.html': 'B1' }, []);
    fs.rmSync(path.join(work, 'cache', 'hindsight-cached-pages.json'));
    fs.rmSync(cachedPage('b/index.html'));
    expect(await build(Cache, 2, {}, ['a/index.html', 'b/index.html'])).toEqual({ 'a/index.html': false, 'b/index.html': false });
  });

  it('forget a deleted page', async () => {
    const Cache = patchedCache();
    await build(Cache, 1, { 'a/index.html': 'A1' }, []);
    const cache = new Cache();
    await cache.deleteOutputFile(settingsOf(2), 'a/index.html');
    cache.writeManifest(settingsOf(2));
    expect(fs.existsSync(cachedPage('a/index.html'))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(work, 'cache', 'hindsight-cached-pages.json'), 'utf8'))).toEqual({});
  });

  it('are left to Astro when its cache class lacks a method, and patched once', () => {
    const partial = { restoreOutputFile: async () => true, writeManifest: () => {} };
    expect(linkRestoredPages(partial)).toBe(false);
    expect(Object.getOwnPropertySymbols(partial)).toEqual([]);
    const Cache = patchedCache();
    const restore = Cache.prototype.restoreOutputFile;
    expect(linkRestoredPages(Cache.prototype)).toBe(true);
    expect(Cache.prototype.restoreOutputFile).toBe(restore);
  });
});
