import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { launchChromium } from '../tests/helpers/browser.ts';
import { type Served, serveStatic } from '../tests/helpers/static-server.ts';
import { processIo, settingsFor } from '../src/cli/io.ts';

/**
 * What search costs a reader: the size of a built site's Pagefind index, and the bytes Debian's
 * headless chromium downloads to open /search/ and run a first query. Bytes are counted by the
 * static server that serves the site (the browser's own events miss Pagefind's worker), as sent
 * uncompressed, and as a host that gzips text (HTML, JS, CSS, JSON) would send them; Pagefind's
 * index chunks and wasm are gzipped already.
 *
 * As a module: `measureSearch(distDir, { query })` (the benchmark uses it). As a command:
 *   node scripts/measure-search.ts [--base /hindsight/] [--query WORD] [--json] [DIST]
 */

export interface Transfer {
  requests: number;
  /** Requests for files of the Pagefind index and runtime (under pagefind/). */
  indexRequests: number;
  /** Bytes as served, uncompressed. */
  bytes: number;
  /** Bytes if text responses were gzipped by the host. */
  gzipBytes: number;
}

export interface IndexSize {
  /** Everything under pagefind/. */
  totalBytes: number;
  /** What the search page can download: pagefind.js, the worker, wasm, entry, meta, index, filter and fragment files. */
  searchBytes: number;
  /** Pagefind's own UI bundles, which Hindsight's search page never loads. */
  unusedUiBytes: number;
  files: number;
}

export interface SearchCost {
  index: IndexSize;
  query: string;
  results: number;
  /** Opening /search/ until it is ready for words (the page, its stylesheet and script; the index loads with the first search). */
  pageLoad: Transfer;
  /** Typing the query on that open page until its results are shown. */
  firstQuery: Transfer;
  /** Then the facet counts for that query (Pagefind's filter index), loaded after the results. */
  counts: Transfer;
  /** Arriving at /search/?q=… from elsewhere, e.g. the header box, with an empty cache. */
  coldQuery: Transfer;
}

const TEXT = /\.(html|js|mjs|css|json|xml|svg|txt)$/;

function transfer(log: readonly Served[]): Transfer {
  let bytes = 0;
  let gzipBytes = 0;
  for (const entry of log) {
    bytes += entry.bytes;
    gzipBytes += entry.file && TEXT.test(entry.file) ? zlib.gzipSync(fs.readFileSync(entry.file), { level: 6 }).length : entry.bytes;
  }
  return { requests: log.length, indexRequests: log.filter((entry) => entry.path.includes('/pagefind/')).length, bytes, gzipBytes };
}

export function indexSize(distDir: string): IndexSize {
  const dir = path.join(distDir, 'pagefind');
  const files = (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((d) => d.isFile());
  let totalBytes = 0;
  let unusedUiBytes = 0;
  for (const file of files) {
    const size = fs.statSync(path.join(file.parentPath, file.name)).size;
    totalBytes += size;
    if (/^pagefind-(ui|modular-ui|component-ui|highlight)\./.test(file.name)) unusedUiBytes += size;
  }
  return { totalBytes, searchBytes: totalBytes - unusedUiBytes, unusedUiBytes, files: files.length };
}

/** Measures a built site (an output folder of `npm run build`, built with the same base). */
export async function measureSearch(distDir: string, options: { base?: string; query?: string } = {}): Promise<SearchCost> {
  const query = options.query ?? 'database';
  const server = await serveStatic(distDir, options.base ?? '/');
  const browser = await launchChromium();
  try {
    const status = (page: import('playwright-core').Page, text: RegExp) =>
      page.locator('#search-status').filter({ hasText: text }).waitFor({ timeout: 120_000 });
    const quoted = new RegExp(`match(es)? “${query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}”`);

    // A first query on an open page. Each context starts with an empty cache.
    let context = await browser.newContext();
    let page = await context.newPage();
    let mark = server.log.length;
    await page.goto(`${server.url}search/`);
    await status(page, /^Type words or choose a filter/);
    const pageLoad = transfer(server.log.slice(mark));
    mark = server.log.length;
    await page.getByLabel('Search words').fill(query);
    await page.keyboard.press('Enter');
    await status(page, quoted);
    const firstQuery = transfer(server.log.slice(mark));
    mark = server.log.length;
    await page.locator('#search-filters[data-counts=ready]').waitFor({ state: 'attached', timeout: 120_000 });
    const counts = transfer(server.log.slice(mark));
    const results = Number(/^(\d+)/.exec((await page.locator('#search-status').textContent()) ?? '')?.[1] ?? 0);
    await context.close();

    // Arriving with the query in the URL.
    context = await browser.newContext();
    page = await context.newPage();
    mark = server.log.length;
    await page.goto(`${server.url}search/?q=${encodeURIComponent(query)}`);
    await status(page, quoted);
    const coldQuery = transfer(server.log.slice(mark));
    await context.close();

    return { index: indexSize(distDir), query, results, pageLoad, firstQuery, counts, coldQuery };
  } finally {
    await browser.close();
    await server.close();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** A few lines for people. */
export function formatSearchCost(cost: SearchCost): string {
  const line = (label: string, t: Transfer) =>
    `  ${label.padEnd(34)} ${kb(t.bytes).padStart(10)} (${kb(t.gzipBytes)} with gzip), ${t.requests} requests`;
  return [
    `Search index: ${kb(cost.index.totalBytes)} in ${cost.index.files} files (${kb(cost.index.searchBytes)} usable by the search page, ${kb(cost.index.unusedUiBytes)} Pagefind UI bundles it never loads)`,
    `Query "${cost.query}": ${cost.results} results`,
    line('open /search/:', cost.pageLoad),
    line('then the first query:', cost.firstQuery),
    line('then its facet counts:', cost.counts),
    line('cold /search/?q=… (page + query):', cost.coldQuery),
  ].join('\n');
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { base: { type: 'string' }, query: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const dist = path.resolve(positionals[0] ?? 'dist');
  if (!fs.existsSync(path.join(dist, 'pagefind', 'pagefind.js'))) {
    process.stderr.write(
      `measure-search: no search index in ${dist}: run \`npm run build\` first (with HINDSIGHT_BASE matching --base).\n`,
    );
    process.exit(1);
  }
  const settings = settingsFor('measure-search', process.env, processIo);
  if (!settings) process.exit(2);
  const cost = await measureSearch(dist, { base: values.base ?? settings.base, query: values.query });
  process.stdout.write(`${values.json ? JSON.stringify(cost, null, 2) : formatSearchCost(cost)}\n`);
}
