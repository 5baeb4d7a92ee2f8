import fs from 'node:fs';
import path from 'node:path';
import { findHugo, writeHugoSite } from './hugo-fs.ts';
import { measure, type Measurement } from './measure-fs.ts';

/**
 * The build half of `npm run bench` on one generated archive: cold builds, "one added"
 * (incremental) builds, a byte-for-byte comparison of the two, and Hugo + Pagefind on the same
 * archive as the yardstick.
 *
 * Order: a cold build (which fills the cache), then each run adds one postmortem and builds
 * incrementally, then the remaining cold builds (`--clean`, a cache of their own) build the
 * final content, and the last one is compared with the last incremental build file by file.
 */

export interface BuildRuns {
  seconds: number[];
  /** The whole process tree's peak (the build script, validate, Astro, Pagefind). */
  peakRssBytes: number[];
  /** The peak of the largest single process. */
  largestProcessBytes: number[];
  /** The peak of each kind of process (astro, validate, pagefind_extended, build), per run. */
  byProcess: Record<string, number>[];
  /** What Pagefind took, as the build reports it. */
  pagefindSeconds: number[];
  /** What validation (from the build's start) and Astro took, as the build reports them. */
  validateSeconds: number[];
  astroSeconds: number[];
}

export interface BuildBench {
  cold: BuildRuns;
  oneAdded: BuildRuns & { reused: number[]; files: number[] };
  /** Files that differ between the last incremental build and a cold build of the same content. */
  differences: string[];
  hugo?: { version: string; seconds: number[]; pagefindSeconds: number[]; peakRssBytes: number[] };
}

export interface BenchContext {
  root: string;
  work: string;
  contentDir: string;
  env: NodeJS.ProcessEnv;
  runs: number;
  log: (line: string) => void;
}

const PAGEFIND_ARGS = ['--glob', 'postmortems/*/index.html', '--output-subdir', 'pagefind', '--force-language', 'en', '--silent'];
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** The median peak of each kind of process over several runs. */
export function medianPeaks(runs: readonly Record<string, number>[]): Record<string, number> {
  const kinds = [...new Set(runs.flatMap((run) => Object.keys(run)))];
  return Object.fromEntries(
    kinds.map((kind) => {
      const sorted = runs.map((run) => run[kind] ?? 0).sort((a, b) => a - b);
      const middle = sorted.length >> 1;
      return [kind, sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2];
    }),
  );
}

/** "astro 1,210 MB, pagefind_extended 1,785 MB, …", largest first; the build script itself (and a process gone before it was named) left out. */
export function processPeaks(byProcess: Record<string, number>): string {
  return Object.entries(byProcess)
    .filter(([kind]) => kind !== 'build' && kind !== '?')
    .sort((a, b) => b[1] - a[1])
    .map(([kind, bytes]) => `${kind} ${mb(bytes)}`)
    .join(', ');
}

function check(m: Measurement, what: string): Measurement {
  if (m.code !== 0) throw new Error(`${what} failed (exit ${m.code}):\n${m.stdout}\n${m.stderr}`);
  return m;
}

const emptyRuns = (): BuildRuns => ({
  seconds: [],
  peakRssBytes: [],
  largestProcessBytes: [],
  byProcess: [],
  pagefindSeconds: [],
  validateSeconds: [],
  astroSeconds: [],
});

/** Seconds from Astro's way of writing a duration: "945ms", "33.78s", "1m 2s". */
export function astroDuration(text: string): number {
  const parts = /^(?:(\d+)m )?([\d.]+)(m?s)$/.exec(text.trim());
  if (!parts) return 0;
  return Number(parts[1] ?? 0) * 60 + Number(parts[2]) / (parts[3] === 'ms' ? 1000 : 1);
}

function record(runs: BuildRuns, m: Measurement) {
  runs.seconds.push(m.seconds);
  runs.peakRssBytes.push(m.peakRssBytes);
  runs.largestProcessBytes.push(m.largestProcessBytes);
  runs.byProcess.push(m.byProcess);
  runs.pagefindSeconds.push(Number(/pagefind: .* in ([\d.]+)s/.exec(m.stdout)?.[1] ?? 0));
  runs.validateSeconds.push(Number(/validate: ([\d.]+)s/.exec(m.stdout)?.[1] ?? 0));
  runs.astroSeconds.push(astroDuration(/astro: \d+ pages in ((?:\d+m )?[\d.]+m?s)/.exec(m.stdout)?.[1] ?? ''));
}

/** Adds a postmortem dated like the newest one, so it becomes the newest (or next to it). */
function addOne(contentDir: string, n: number) {
  const dir = path.join(contentDir, 'postmortems');
  const files = (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.mdx'))
    .sort((a, b) => (path.basename(a) < path.basename(b) ? -1 : 1));
  const newest = files.at(-1)!;
  const text = fs
    .readFileSync(path.join(dir, newest), 'utf8')
    .replace(/^title: .*$/m, `title: One added ${n}`)
    .replace(/^status: .*$/m, 'status: published');
  fs.writeFileSync(path.join(dir, path.dirname(newest), `${path.basename(newest).slice(0, 10)}-one-added-${n}.mdx`), text);
}

function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)));
}

/** Files present in only one of two sites, or with different bytes. */
export function siteDifferences(a: string, b: string): string[] {
  return [...new Set([...listFiles(a), ...listFiles(b)])].sort().filter((file) => {
    const [x, y] = [path.join(a, file), path.join(b, file)];
    return !fs.existsSync(x) || !fs.existsSync(y) || !fs.readFileSync(x).equals(fs.readFileSync(y));
  });
}

async function hugoRuns(ctx: BenchContext, hugo: string): Promise<BuildBench['hugo']> {
  const site = writeHugoSite(ctx.work, ctx.contentDir);
  const out = path.join(ctx.work, 'hugo-public');
  const pagefind = path.join(ctx.root, 'node_modules', 'pagefind', 'lib', 'runner', 'bin.cjs');
  const version = (await measure(hugo, ['version'], { cwd: site, env: ctx.env })).stdout.trim().split(' ')[1] ?? '?';
  const result = { version, seconds: [] as number[], pagefindSeconds: [] as number[], peakRssBytes: [] as number[] };
  for (let run = 0; run < ctx.runs; run++) {
    fs.rmSync(out, { recursive: true, force: true });
    const h = check(await measure(hugo, ['--quiet', '--source', site, '--destination', out], { cwd: site, env: ctx.env }), 'hugo');
    const p = check(
      await measure(process.execPath, [pagefind, '--site', out, ...PAGEFIND_ARGS], { cwd: ctx.root, env: ctx.env }),
      'pagefind',
    );
    result.seconds.push(h.seconds + p.seconds);
    result.pagefindSeconds.push(p.seconds);
    result.peakRssBytes.push(Math.max(h.peakRssBytes, p.peakRssBytes));
    ctx.log(
      `  hugo ${version} + pagefind run ${run + 1}: ${(h.seconds + p.seconds).toFixed(2)} s (pagefind ${p.seconds.toFixed(2)} s), ${mb(Math.max(h.peakRssBytes, p.peakRssBytes))}`,
    );
  }
  return result;
}

/** Measures cold and one-added builds, compares them, and Hugo + Pagefind when `hugo` is there (or installable). */
export async function benchBuilds(
  ctx: BenchContext,
  options: { hugo: boolean; installHugo: boolean },
): Promise<BuildBench & { outDir: string }> {
  const build = (out: string, cache: string, clean: boolean) =>
    measure(process.execPath, [path.join(ctx.root, 'src/cli/build.ts'), '--out', out, ...(clean ? ['--clean'] : [])], {
      cwd: ctx.root,
      env: { ...ctx.env, HINDSIGHT_CACHE_DIR: path.join(ctx.work, cache) },
    }).then((m) => check(m, 'build'));
  const line = (what: string, m: Measurement) =>
    ctx.log(
      `  ${what}: ${m.seconds.toFixed(2)} s, largest process ${mb(m.largestProcessBytes)} (${processPeaks(m.byProcess)}), process tree ${mb(m.peakRssBytes)}`,
    );
  const result: BuildBench = { cold: emptyRuns(), oneAdded: { ...emptyRuns(), reused: [], files: [] }, differences: [] };
  const [incremental, cold] = [path.join(ctx.work, 'dist'), path.join(ctx.work, 'dist-cold')];

  const first = await build(incremental, 'cache', true);
  record(result.cold, first);
  line('cold build run 1', first);
  for (let run = 0; run < ctx.runs; run++) {
    addOne(ctx.contentDir, run + 1);
    const m = await build(incremental, 'cache', false);
    record(result.oneAdded, m);
    const counts = /(\d+) of (\d+) files reused/.exec(m.stdout);
    result.oneAdded.reused.push(Number(counts?.[1] ?? 0));
    result.oneAdded.files.push(Number(counts?.[2] ?? 0));
    line(`one added run ${run + 1} (${counts?.[1] ?? 0} of ${counts?.[2] ?? 0} files reused)`, m);
  }
  for (let run = 1; run < Math.max(2, ctx.runs); run++) {
    const m = await build(cold, 'cache-cold', true);
    record(result.cold, m);
    line(`cold build run ${run + 1}`, m);
  }
  result.differences = siteDifferences(incremental, cold);
  ctx.log(
    `  incremental and cold builds of the same content: ${result.differences.length === 0 ? 'identical, byte for byte' : `${result.differences.length} files differ, e.g. ${result.differences.slice(0, 5).join(', ')}`}`,
  );
  fs.rmSync(cold, { recursive: true, force: true });

  const hugo = options.hugo ? findHugo(options.installHugo, ctx.env) : undefined;
  if (hugo) result.hugo = await hugoRuns(ctx, hugo);
  else if (options.hugo) ctx.log('  hugo: not installed (apt-get install hugo), not measured');
  return { ...result, outDir: incremental };
}
