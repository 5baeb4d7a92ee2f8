import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchBuilds, medianPeaks, processPeaks, type BuildBench, type BuildRuns } from '../bench/build-bench-fs.ts';
import { folderBytes, measure, type Measurement } from '../bench/measure-fs.ts';
import { formatSearchCost, measureSearch, type SearchCost } from '../../scripts/measure-search.ts';
import { sitePageStats } from '../bench/site-stats-fs.ts';
import { generateCorpus } from '../bench/corpus.ts';
import { median } from '../site/stats.ts';
import { HindsightError } from '../format/errors.ts';
import { EXIT, parseCommand, runAsProgram, usageError, type Command, type Env, type Parsed } from './command.ts';
import { settingsFor, type Io } from './io.ts';

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

/** Stops the benchmark when a measured command failed: its figures would mean nothing. */
function check(m: Measurement, what: string) {
  if (m.code !== 0) throw new HindsightError(`${what} failed (exit ${m.code})`, { hint: `${m.stdout}\n${m.stderr}` });
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

const OPTIONS = {
  count: { type: 'string', multiple: true, default: ['1000'] as string[] },
  runs: { type: 'string', default: '3' },
  json: { type: 'string', default: '.bench/results.json' },
  'no-build': { type: 'boolean', default: false },
  'no-search': { type: 'boolean', default: false },
  'no-hugo': { type: 'boolean', default: false },
  keep: { type: 'boolean', default: false },
} as const;
type Values = Parsed<typeof OPTIONS>['values'];

/** Writes the synthetic archive of `count` postmortems; its files and the bytes of its postmortems. */
function writeCorpus(count: number, contentDir: string): { files: number; corpusBytes: number } {
  let corpusBytes = 0;
  const files = generateCorpus(count);
  for (const file of files) {
    const target = path.join(contentDir, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.text);
    if (file.path.startsWith('postmortems/')) corpusBytes += Buffer.byteLength(file.text);
  }
  return { files: files.length, corpusBytes };
}

/** `npm run validate` as a whole process, `runs` times. */
async function benchValidate(row: Row, runs: number, env: Env, io: Io): Promise<void> {
  for (let run = 0; run < runs; run++) {
    const m = await measure(process.execPath, [path.join(ROOT, 'src/cli/validate.ts')], { cwd: ROOT, env });
    check(m, 'validate');
    row.validate.seconds.push(m.seconds);
    row.validate.peakRssBytes.push(m.peakRssBytes);
    io.out(`  validate run ${run + 1}: ${s(m.seconds)}, ${mb(m.peakRssBytes)}`);
  }
}

/** A cold build of the public edition, leak check included. */
async function benchPublicEdition(work: string, env: Env, io: Io): Promise<NonNullable<Row['publicEdition']>> {
  const publicOut = path.join(work, 'dist-public');
  const args = [path.join(ROOT, 'src/cli/build.ts'), '--edition', 'public', '--clean', '--out', publicOut];
  const pub = await measure(process.execPath, args, { cwd: ROOT, env });
  check(pub, 'the public edition build');
  const pages = fs.readdirSync(path.join(publicOut, 'postmortems')).filter((d) => /^\d{4}-/.test(d)).length;
  io.out(`  public edition (cold, leak check included): ${s(pub.seconds)}, ${mb(pub.peakRssBytes)}, ${pages} postmortems`);
  return { seconds: pub.seconds, peakRssBytes: pub.peakRssBytes, pages };
}

/** Builds, the site's figures, the public edition and search, for one corpus. */
async function benchSite(row: Row, v: Values, paths: { work: string; contentDir: string }, env: Env, io: Io): Promise<void> {
  const log = (line: string) => io.out(line);
  const hugo = !v['no-hugo'];
  const runs = Number(v.runs);
  const { outDir, ...build } = await benchBuilds({ root: ROOT, ...paths, env, runs, log }, { hugo, installHugo: hugo });
  row.build = build;
  row.site = { ...sitePageStats(outDir), outputBytes: folderBytes(outDir), pagefindBytes: folderBytes(path.join(outDir, 'pagefind')) };
  row.publicEdition = await benchPublicEdition(paths.work, env, io);
  // "database" is one of the corpus's words: a query with many results.
  if (!v['no-search']) {
    row.search = await measureSearch(outDir, { query: 'database' });
    io.out(formatSearchCost(row.search));
  }
}

/** Every measurement of one corpus size. */
async function benchCount(count: number, v: Values, env: Env, io: Io): Promise<Row> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `hindsight-bench-${count}-`));
  const contentDir = path.join(work, 'content');
  const { files, corpusBytes } = writeCorpus(count, contentDir);
  io.out(`\n${count} postmortems (${mb(corpusBytes)} of MDX) in ${contentDir}`);
  const corpusEnv = { ...env, HINDSIGHT_CONTENT_DIR: contentDir, HINDSIGHT_NOW: '2026-11-01' };
  const row: Row = { count, files, corpusBytes, validate: { seconds: [], peakRssBytes: [] } };
  await benchValidate(row, Number(v.runs), corpusEnv, io);
  if (!v['no-build']) await benchSite(row, v, { work, contentDir }, corpusEnv, io);
  if (v.keep) io.out(`  kept: ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
  return row;
}

/** The results as a Markdown table, a column per corpus size. */
function resultsTable(rows: Row[]): string {
  const table = [
    ['postmortems', ...rows.map((r) => String(r.count))],
    ['validate (median)', ...rows.map((r) => s(median(r.validate.seconds)!))],
    ['validate peak memory', ...rows.map((r) => mb(median(r.validate.peakRssBytes)!))],
    ...buildTable(rows),
    ...siteTable(rows),
  ];
  const widths = table[0]!.map((_, col) => Math.max(...table.map((line) => line[col]!.length)));
  return table.map((line) => `| ${line.map((cell, col) => cell.padEnd(widths[col]!)).join(' | ')} |`).join('\n');
}

/** The site rows of the table: its size and what search costs a reader. */
function siteTable(rows: Row[]): string[][] {
  const site = (f: (site: NonNullable<Row['site']>) => string) => rows.map((r) => (r.site ? f(r.site) : '-'));
  const search = (f: (c: SearchCost) => { bytes: number; gzipBytes: number }) =>
    rows.map((r) => (r.search ? `${kb(f(r.search).bytes)}, ${kb(f(r.search).gzipBytes)}` : '-'));
  return [
    ['output size', ...site((x) => mb(x.outputBytes))],
    ['avg incident page (HTML + CSS)', ...site((x) => kb(x.averageIncidentPageBytes))],
    ['largest incident list on one page', ...site((x) => `${x.maxIncidentLinks} (${x.maxIncidentLinksPage})`)],
    ['pagefind index', ...site((x) => mb(x.pagefindBytes))],
    ['open /search/ (bytes, gzip)', ...search((c) => c.pageLoad)],
    ['first query (bytes, gzip)', ...search((c) => c.firstQuery)],
    ['cold /search/?q= (bytes, gzip)', ...search((c) => c.coldQuery)],
  ];
}

/** Runs `npm run bench`; returns the exit code (0 measured, 1 a measured command failed, 2 usage). */
export const run: Command = async (argv, env, io) => {
  const args = parseCommand('bench', USAGE, argv, io, OPTIONS);
  if (typeof args === 'number') return args;
  // The measured commands inherit the environment: a bad HINDSIGHT_* variable stops here, named.
  if (!settingsFor('bench', env, io)) return EXIT.usage;
  const counts = args.values.count.map(Number);
  const runs = Number(args.values.runs);
  if (counts.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1) {
    return usageError('bench', io, '--count and --runs take whole numbers of at least 1');
  }
  const rows: Row[] = [];
  for (const count of counts) rows.push(await benchCount(count, args.values, env, io));
  io.out(`\n${resultsTable(rows)}`);
  const jsonPath = path.resolve(ROOT, args.values.json);
  fs.mkdirSync(path.dirname(jsonPath), { recursive: true });
  const machine = { cpus: os.cpus().length, memory: os.totalmem(), node: process.version };
  fs.writeFileSync(jsonPath, `${JSON.stringify({ date: new Date().toISOString(), machine, runs, rows }, null, 2)}\n`);
  io.out(`\nResults written to ${path.relative(ROOT, jsonPath)}`);
  return EXIT.ok;
};

if (import.meta.main) await runAsProgram('bench', run);
