import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchBuilds, medianPeaks, processPeaks, type BuildBench, type BuildRuns } from '../bench/build-bench-fs.ts';
import { folderBytes, measure, type Measurement } from '../bench/measure-fs.ts';
import { formatSearchCost, measureSearch, type SearchCost } from '../../scripts/measure-search.ts';
import { sitePageStats } from '../bench/site-stats-fs.ts';
import { generateCorpus } from '../bench/corpus.ts';
import { median } from '../site/stats.ts';
import { processIo, settingsFor } from './io.ts';

/**
 * `npm run bench -- --count 1000 --count 10000`: generates a synthetic archive in a temporary
 * folder (never content/), then measures `validate`, cold builds and "one added" incremental
 * builds as whole processes, checks that both give the same bytes, measures Hugo + Pagefind on
 * the same archive when Hugo is installed, and what the build produced. Prints a table and
 * writes JSON.
 */

const USAGE = `Usage: npm run bench -- [--count N ...] [--runs R] [--json FILE] [--no-build] [--no-hugo] [--keep]

  --count N    corpus size; repeat for several (default: 1000)
  --runs R     runs of each measurement; the table shows medians (default: 3)
  --json FILE  where to write the results (default: .bench/results.json)
  --no-build   measure validate only
  --no-search  skip the search measurement (it needs Debian's chromium)
  --no-hugo    skip Hugo + Pagefind (measured when hugo is installed; as root, apt-get installs it)
  --keep       keep the generated corpus and the built site (their paths are printed)`;

interface Row {
  count: number;
  files: number;
  corpusBytes: number;
  validate: { seconds: number[]; peakRssBytes: number[] };
  build?: BuildBench;
  site?: ReturnType<typeof sitePageStats> & { outputBytes: number; pagefindBytes: number };
  search?: SearchCost;
  /** A cold build of the public edition (a third of the corpus is public), leak check included. */
  publicEdition?: { seconds: number; peakRssBytes: number; pages: number };
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const s = (seconds: number) => `${seconds.toFixed(2)} s`;

function check(m: Measurement, what: string) {
  if (m.code !== 0) {
    process.stderr.write(`${m.stdout}\n${m.stderr}\nbench: ${what} failed (exit ${m.code})\n`);
    process.exit(1);
  }
}

/** The medians of each step of a build, as it reports them. */
const steps = (runs: BuildRuns) =>
  [runs.validateSeconds, runs.astroSeconds, runs.pagefindSeconds].map((list) => median(list)!.toFixed(1)).join(' / ') + ' s';

/** The build rows of the table: cold, one added, their comparison, Hugo + Pagefind. */
function buildTable(rows: Row[]): string[][] {
  const cell = (f: (b: BuildBench) => string) => rows.map((r) => (r.build ? f(r.build) : '-'));
  const m = (list: number[]) => median(list)!;
  return [
    ['cold build (median)', ...cell((b) => s(m(b.cold.seconds)))],
    [
      '  of which Pagefind',
      ...cell((b) => `${s(m(b.cold.pagefindSeconds))} (${((100 * m(b.cold.pagefindSeconds)) / m(b.cold.seconds)).toFixed(0)} %)`),
    ],
    ['  validate / Astro / Pagefind', ...cell((b) => steps(b.cold))],
    ['cold build: largest process', ...cell((b) => mb(m(b.cold.largestProcessBytes)))],
    ['cold build: peak of each process', ...cell((b) => processPeaks(medianPeaks(b.cold.byProcess)))],
    ['cold build: process tree', ...cell((b) => mb(m(b.cold.peakRssBytes)))],
    [
      'one added, incremental (median)',
      ...cell((b) => `${s(m(b.oneAdded.seconds))} (${((100 * m(b.oneAdded.seconds)) / m(b.cold.seconds)).toFixed(0)} % of cold)`),
    ],
    ['  validate / Astro / Pagefind', ...cell((b) => steps(b.oneAdded))],
    ['one added: files reused', ...cell((b) => `${m(b.oneAdded.reused)} of ${m(b.oneAdded.files)}`)],
    ['one added: peak of each process', ...cell((b) => processPeaks(medianPeaks(b.oneAdded.byProcess)))],
    ['one added = cold, byte for byte', ...cell((b) => (b.differences.length === 0 ? 'yes' : `no: ${b.differences.length} files differ`))],
    ['Hugo + Pagefind (median)', ...cell((b) => (b.hugo ? `${s(m(b.hugo.seconds))} (Hugo ${b.hugo.version})` : '-'))],
    ['cold build / Hugo + Pagefind', ...cell((b) => (b.hugo ? `${(m(b.cold.seconds) / m(b.hugo.seconds)).toFixed(2)}×` : '-'))],
    [
      'public edition, cold (leak check included)',
      ...rows.map((r) =>
        r.publicEdition ? `${s(r.publicEdition.seconds)}, ${mb(r.publicEdition.peakRssBytes)}, ${r.publicEdition.pages} postmortems` : '-',
      ),
    ],
  ];
}

async function main() {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      options: {
        count: { type: 'string', multiple: true, default: ['1000'] },
        runs: { type: 'string', default: '3' },
        json: { type: 'string', default: '.bench/results.json' },
        'no-build': { type: 'boolean', default: false },
        'no-search': { type: 'boolean', default: false },
        'no-hugo': { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // The measured commands inherit the environment: a bad HINDSIGHT_* variable stops here, named.
  if (!settingsFor('bench', process.env, processIo)) process.exit(2);
  const counts = args.values.count.map(Number);
  const runs = Number(args.values.runs);
  if (counts.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`bench: --count and --runs take whole numbers of at least 1\n`);
    process.exit(2);
  }
  const node = process.execPath;
  const rows: Row[] = [];
  for (const count of counts) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), `hindsight-bench-${count}-`));
    const contentDir = path.join(work, 'content');
    let corpusBytes = 0;
    const files = generateCorpus(count);
    for (const file of files) {
      const target = path.join(contentDir, file.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, file.text);
      if (file.path.startsWith('postmortems/')) corpusBytes += Buffer.byteLength(file.text);
    }
    process.stdout.write(`\n${count} postmortems (${mb(corpusBytes)} of MDX) in ${contentDir}\n`);
    const env = { ...process.env, HINDSIGHT_CONTENT_DIR: contentDir, HINDSIGHT_NOW: '2026-11-01' };
    const row: Row = { count, files: files.length, corpusBytes, validate: { seconds: [], peakRssBytes: [] } };
    for (let run = 0; run < runs; run++) {
      const m = await measure(node, [path.join(ROOT, 'src/cli/validate.ts')], { cwd: ROOT, env });
      check(m, 'validate');
      row.validate.seconds.push(m.seconds);
      row.validate.peakRssBytes.push(m.peakRssBytes);
      process.stdout.write(`  validate run ${run + 1}: ${s(m.seconds)}, ${mb(m.peakRssBytes)}\n`);
    }
    if (!args.values['no-build']) {
      const log = (line: string) => process.stdout.write(`${line}\n`);
      const hugo = !args.values['no-hugo'];
      const { outDir, ...build } = await benchBuilds({ root: ROOT, work, contentDir, env, runs, log }, { hugo, installHugo: hugo });
      row.build = build;
      row.site = { ...sitePageStats(outDir), outputBytes: folderBytes(outDir), pagefindBytes: folderBytes(path.join(outDir, 'pagefind')) };
      const publicOut = path.join(work, 'dist-public');
      const pub = await measure(node, [path.join(ROOT, 'src/cli/build.ts'), '--edition', 'public', '--clean', '--out', publicOut], {
        cwd: ROOT,
        env,
      });
      check(pub, 'the public edition build');
      row.publicEdition = {
        seconds: pub.seconds,
        peakRssBytes: pub.peakRssBytes,
        pages: fs.readdirSync(path.join(publicOut, 'postmortems')).filter((d) => /^\d{4}-/.test(d)).length,
      };
      process.stdout.write(
        `  public edition (cold, leak check included): ${s(pub.seconds)}, ${mb(pub.peakRssBytes)}, ${row.publicEdition.pages} postmortems\n`,
      );
      if (!args.values['no-search']) {
        // "database" is one of the corpus's words: a query with many results.
        row.search = await measureSearch(outDir, { query: 'database' });
        process.stdout.write(`${formatSearchCost(row.search)}\n`);
      }
    }
    rows.push(row);
    if (args.values.keep) process.stdout.write(`  kept: ${work}\n`);
    else fs.rmSync(work, { recursive: true, force: true });
  }

  const table = [
    ['postmortems', ...rows.map((r) => String(r.count))],
    ['validate (median)', ...rows.map((r) => s(median(r.validate.seconds)!))],
    ['validate peak memory', ...rows.map((r) => mb(median(r.validate.peakRssBytes)!))],
    ...buildTable(rows),
    ['output size', ...rows.map((r) => (r.site ? mb(r.site.outputBytes) : '-'))],
    ['avg incident page (HTML + CSS)', ...rows.map((r) => (r.site ? kb(r.site.averageIncidentPageBytes) : '-'))],
    [
      'largest incident list on one page',
      ...rows.map((r) => (r.site ? `${r.site.maxIncidentLinks} (${r.site.maxIncidentLinksPage})` : '-')),
    ],
    ['pagefind index', ...rows.map((r) => (r.site ? mb(r.site.pagefindBytes) : '-'))],
    [
      'open /search/ (bytes, gzip)',
      ...rows.map((r) => (r.search ? `${kb(r.search.pageLoad.bytes)}, ${kb(r.search.pageLoad.gzipBytes)}` : '-')),
    ],
    [
      'first query (bytes, gzip)',
      ...rows.map((r) => (r.search ? `${kb(r.search.firstQuery.bytes)}, ${kb(r.search.firstQuery.gzipBytes)}` : '-')),
    ],
    [
      'cold /search/?q= (bytes, gzip)',
      ...rows.map((r) => (r.search ? `${kb(r.search.coldQuery.bytes)}, ${kb(r.search.coldQuery.gzipBytes)}` : '-')),
    ],
  ];
  const widths = table[0]!.map((_, col) => Math.max(...table.map((line) => line[col]!.length)));
  process.stdout.write(`\n${table.map((line) => `| ${line.map((cell, col) => cell.padEnd(widths[col]!)).join(' | ')} |`).join('\n')}\n`);
  const jsonPath = path.resolve(ROOT, args.values.json);
  fs.mkdirSync(path.dirname(jsonPath), { recursive: true });
  fs.writeFileSync(
    jsonPath,
    `${JSON.stringify({ date: new Date().toISOString(), machine: { cpus: os.cpus().length, memory: os.totalmem(), node: process.version }, runs, rows }, null, 2)}\n`,
  );
  process.stdout.write(`\nResults written to ${path.relative(ROOT, jsonPath)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exit(1);
});
