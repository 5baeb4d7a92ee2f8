import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexWithKeptFiles } from '../../src/build/search-index-fs.ts';
import { pathToFileURL } from 'node:url';
import { listFiles, ROOT } from '../helpers/build.ts';

/**
 * Pagefind run with the previous index's files at hand gives exactly the files of a cold run,
 * whatever the kept files hold.
 */

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-search-index-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
// Pagefind's binary, as the build finds it (src/cli/build.ts).
const resolver = pathToFileURL(path.join(ROOT, 'node_modules', 'pagefind', 'lib', 'resolveBinary.js')).href;
const { resolveBinaryPath } = (await import(resolver)) as { resolveBinaryPath: (names: string[]) => string };
const binary = resolveBinaryPath(['pagefind_extended', 'pagefind']);

function writeSite(site: string, pages: Record<string, string>) {
  fs.rmSync(site, { recursive: true, force: true });
  for (const [slug, text] of Object.entries(pages)) {
    fs.mkdirSync(path.join(site, slug), { recursive: true });
    fs.writeFileSync(
      path.join(site, slug, 'index.html'),
      `<!doctype html><html lang="en"><head><title>${slug}</title></head><body><main data-pagefind-body><h1>${slug}</h1><p>${text}</p><span data-pagefind-filter="service">api</span></main></body></html>`,
    );
  }
}

/** Indexes `site` into `out`, with the kept files of `kept` when given. */
async function index(site: string, out: string, kept?: string) {
  fs.rmSync(out, { recursive: true, force: true });
  let runs = 0;
  const result = await indexWithKeptFiles(out, kept, async () => {
    runs++;
    const ran = spawnSync(binary, ['--site', site, '--output-path', out, '--force-language', 'en', '--silent'], { encoding: 'utf8' });
    return { status: ran.status, output: ran.stdout + ran.stderr };
  });
  return { ...result, runs };
}

/** Two index folders hold the same files, byte for byte. */
function same(a: string, b: string) {
  expect(listFiles(a).sort()).toEqual(listFiles(b).sort());
  for (const file of listFiles(a)) expect(fs.readFileSync(path.join(a, file)).equals(fs.readFileSync(path.join(b, file))), file).toBe(true);
}

const pages = (n: number, edited = '') =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`page-${i}`, `Replica lag number ${i} on the payments database ${i === 0 ? edited : ''}`]),
  );

describe('indexWithKeptFiles', () => {
  const site = path.join(work, 'site');
  const kept = path.join(work, 'kept');
  const [incremental, cold] = [path.join(work, 'incremental'), path.join(work, 'cold')];

  it('keeps a first index, then reuses its unchanged files and gives what a cold run gives', async () => {
    writeSite(site, pages(6));
    const first = await index(site, incremental, kept);
    expect(first.run.status).toBe(0);
    expect(first.reused).toBe(0);
    expect(listFiles(kept).length).toBeGreaterThan(6);
    writeSite(site, { ...pages(6, 'and its failover'), 'page-new': 'A new page about certificates' });
    const second = await index(site, incremental, kept);
    await index(site, cold);
    same(incremental, cold);
    // The five unchanged pages' fragments at least; the stale fragment was removed.
    expect(second.reused).toBeGreaterThanOrEqual(5);
    expect(second.runs).toBe(1);
    // The kept files are now exactly this index's hashed files.
    expect(listFiles(kept).sort()).toEqual(
      listFiles(cold)
        .filter((f) => /\.pf_(fragment|index|filter)$/.test(f))
        .sort(),
    );
  });

  it('runs Pagefind again on an empty folder when a kept file holds other contents than its name says', async () => {
    const fragments = fs.readdirSync(path.join(kept, 'fragment'));
    // A kept file under a name the next index will use, holding another page's fragment.
    fs.rmSync(path.join(kept, 'fragment', fragments[0]!));
    fs.copyFileSync(path.join(cold, 'fragment', fragments[1]!), path.join(kept, 'fragment', fragments[0]!));
    const result = await index(site, incremental, kept);
    expect(result.runs).toBe(2);
    expect(result.reused).toBe(0);
    same(incremental, cold);
  });

  it('hands back a failed run', async () => {
    const result = await indexWithKeptFiles(path.join(work, 'failed'), kept, async () => ({ status: 3 }));
    expect(result).toEqual({ run: { status: 3 }, reused: 0 });
  });
});
