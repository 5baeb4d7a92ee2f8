import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Settings } from '../config/settings.ts';
import { HindsightError } from '../format/errors.ts';
import { readSnapshotPages, type SnapshotPage } from '../validate/archive-snapshot-fs.ts';
import type { SearchShard } from '../site/search-shards.ts';
import { buildCacheFolder, openBuildCache, validationCacheFile } from './astro-cache-fs.ts';
import { lockAstro } from './astro-lock-fs.ts';
import { checkBuild, searchIndexCount } from './build-check-fs.ts';
import { buildFolderNames, type BuildId } from './build-debris.ts';
import { cleanDebris } from './build-debris-fs.ts';
import { readEditionSecrets } from './edition-snapshot-fs.ts';
import { findLeaks } from './leak-check-fs.ts';
import { leakIndex } from './leak-check.ts';
import { contentsProblem, locationProblem, type OutputPlaces, type OutTarget } from './output-dir.ts';
import { inspectOutput, outputPlaces, resolveOutTarget, writeMarker } from './output-dir-fs.ts';
import { keepReplacedSite, preparePageFolders, type PageFolders } from './page-folders-fs.ts';
import { indexShards } from './search-index-fs.ts';
import { publishSite } from './site-publish-fs.ts';
import type { StepRunner } from './step-runner.ts';

/**
 * The steps of `npm run build`, in order: the output folder, validate, Astro, Pagefind, the
 * checks, and the swap into place. A failing step throws a `HindsightError` whose message is what
 * the build prints; the caller then runs the clean-ups, so the previous output folder stays as
 * it was and no half-written site is left.
 */

/** What every step reads: the project, the settings, the child-process runner and where to write. */
export interface BuildContext {
  /** The project folder (real path), where Astro runs. */
  cwd: string;
  /** Hindsight's own code (for the protected folders of an output check). */
  codeRoot: string;
  /** The environment the children get: the build's settings as HINDSIGHT_* variables. */
  env: NodeJS.ProcessEnv;
  settings: Settings;
  runner: StepRunner;
  /** The --out value as messages show it. */
  shownOut: string;
  /** Progress lines. */
  say: (line: string) => void;
  /** What a failing step's child printed, before the build's own message. */
  show: (text: string) => void;
}

/** Where this build writes: the output folder and this build's own temporary folders. */
export interface BuildPlaces {
  out: OutTarget;
  places: OutputPlaces;
  outDir: string;
  names: ReturnType<typeof buildFolderNames>;
  /** Astro's output, inside the project (see `astroStep`). */
  tmpDir: string;
  /** The validated archive for Astro. */
  snapshot: string;
}

/** Where the caches kept between builds live (HINDSIGHT_CACHE_DIR, default node_modules/.astro/hindsight/). */
const cacheRootOf = (ctx: BuildContext) => path.resolve(ctx.cwd, ctx.settings.cacheDir ?? path.join('node_modules', '.astro', 'hindsight'));

/** The cache's name for what a build publishes: the edition, and whether drafts are in. */
const editionOf = (settings: Settings) => `${settings.edition}${settings.drafts ? '-preview' : ''}`;

/** Stops the build: the message is printed as it is, with the exit code. */
export function stop(message: string, exitCode = 1): never {
  throw new HindsightError(message, { exitCode });
}

/** 0. The output folder: a folder of its own, never the project or its sources (output-dir.ts); debris of dead builds removed. */
export function outputStep(ctx: BuildContext, outArg: string): BuildPlaces {
  const { cwd, settings } = ctx;
  const self: BuildId = { pid: process.pid, started: Date.now() };
  const { out, brokenLink } = resolveOutTarget(outArg, cwd);
  const places = outputPlaces(cwd, { path: settings.contentDir, fromEnv: Boolean(ctx.env.HINDSIGHT_CONTENT_DIR) }, ctx.codeRoot);
  const misplaced = locationProblem(out, places);
  if (misplaced) stop(misplaced, 2);
  const outDir = out.real;
  const names = buildFolderNames(self, path.basename(outDir));
  // An output folder a killed build had moved away comes back first.
  const debris = cleanDebris({ project: cwd, tmp: os.tmpdir(), output: outDir }, self);
  if (debris.restored) ctx.say(`  restored ${ctx.shownOut} from a build that was killed while replacing it`);
  if (debris.removed.length) ctx.say(`  removed ${debris.removed.length} folder(s) left by killed builds`);
  const refused = contentsProblem(out, inspectOutput(out, brokenLink), places);
  if (refused) stop(refused, 2);
  const cacheDir = path.join(os.tmpdir(), names.cache);
  const tmpDir = path.join(cwd, names.astroOut);
  const stagingDir = path.join(path.dirname(outDir), names.staging);
  ctx.runner.onCleanUp(() => {
    // Retried: a folder being made in it as it goes (page-folders-fs.ts) makes it briefly not empty.
    for (const dir of [tmpDir, cacheDir, stagingDir]) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  });
  fs.mkdirSync(cacheDir, { recursive: true });
  return { out, places, outDir, names, tmpDir, snapshot: path.join(cacheDir, 'archive.json') };
}

/**
 * 0b. Astro's output folder, readied while validate runs: the site the last build replaced,
 * emptied of its files, or the folders of the pages the cache holds (page-folders-fs.ts).
 */
export function pageFoldersStep(ctx: BuildContext, at: BuildPlaces, clean: boolean): PageFolders {
  const cache = buildCacheFolder({ root: cacheRootOf(ctx), contentDir: ctx.settings.contentDir, edition: editionOf(ctx.settings) });
  const folders = preparePageFolders(at.tmpDir, cache, clean);
  ctx.runner.onCleanUp(() => folders.stop());
  return folders;
}

/**
 * 1. Validate: `npm run validate` itself, in a process of its own (its memory is freed before
 * Astro starts), writing the validated archive for Astro to read. The postmortems it will publish.
 */
export async function validateStep(ctx: BuildContext, at: BuildPlaces, clean: boolean): Promise<SnapshotPage[]> {
  const started = performance.now();
  const validate = path.join(import.meta.dirname, '..', 'cli', 'validate.ts');
  // The results of unchanged postmortems, kept between builds (validate-cache.ts); --clean drops them.
  const cache = validationCacheFile({ root: cacheRootOf(ctx), contentDir: ctx.settings.contentDir, clean });
  const args = [validate, '--snapshot', at.snapshot, '--cache', cache];
  const validation = await ctx.runner.run(process.execPath, args, { node: true });
  if (validation.stdout) ctx.say(validation.stdout.replace(/\n$/, ''));
  if (validation.stderr) ctx.show(validation.stderr.replace(/\n$/, ''));
  if (validation.status !== 0) {
    stop(`\nbuild: stopped before building: fix the problems above (${ctx.shownOut} was left as it was).`, validation.status ?? 1);
  }
  ctx.say(`  validate: ${((performance.now() - started) / 1000).toFixed(2)}s`);
  return readSnapshotPages(at.snapshot);
}

/**
 * V8 grows the heap of a large build by half again at each step, holding garbage it would
 * collect at a smaller size: at 10,000 postmortems Astro peaked at 1,120 MB (while it builds the
 * site model and the pages' keys). Steps of 15 % keep it near 920 MB for about 4 % more time;
 * it is no cap, so a larger archive still builds.
 */
const ASTRO_NODE_FLAGS = ['--heap-growing-percent=15'];

/** Where the caches an Astro build used are, unless the shared cache was busy. */
export interface AstroResult {
  /** Where the previous search index's parts are kept. */
  keptSearch?: string;
  /** The build cache folder, where the site this build replaces is kept for the next one. */
  cacheDir?: string;
}

/**
 * 2. Astro, into a temporary folder inside the project: for an output folder elsewhere, Astro
 * would put its prerender chunks in the project's shared .astro/ folder, where concurrent
 * builds delete each other's. Its incremental-build cache is kept between builds: one per
 * content folder and edition, locked while this build uses it (a concurrent build builds cold
 * in a folder of its own).
 */
export async function astroStep(
  ctx: BuildContext,
  at: BuildPlaces,
  folders: PageFolders,
  postmortems: number,
  clean: boolean,
): Promise<AstroResult> {
  const { cwd, settings, env, runner } = ctx;
  const preview = settings.drafts;
  const astroCache = openBuildCache({ root: cacheRootOf(ctx), contentDir: settings.contentDir, edition: editionOf(settings), clean });
  runner.onCleanUp(() => astroCache.release());
  env.HINDSIGHT_CACHE_DIR = astroCache.dir;
  env.HINDSIGHT_ARCHIVE = at.snapshot;
  // Rolldown's allocator (mimalloc) keeps the memory of bundling long after: at 10,000 postmortems
  // about 150 MB more for the rest of the build, with no gain in speed. Given back at once instead.
  env.MIMALLOC_PURGE_DELAY ??= '0';
  ctx.say(`Building ${postmortems} postmortems, ${settings.edition} edition${preview ? ' (preview: drafts included)' : ''}…`);
  // One Astro build at a time in a project: Astro's own files in .astro/ are shared (astro-lock-fs.ts).
  const waiting = () => ctx.say('  waiting for another build of this project to finish its Astro step…');
  const unlock = await lockAstro(cwd, waiting, undefined, runner.abort.signal);
  runner.onCleanUp(unlock);
  const astroBin = path.join(cwd, 'node_modules', 'astro', 'bin', 'astro.mjs');
  await folders.ready();
  const astro = await runner.run(process.execPath, [...ASTRO_NODE_FLAGS, astroBin, 'build', '--outDir', at.tmpDir], { node: true });
  unlock();
  if (astro.status !== 0) {
    ctx.show(astro.output.replace(/\n$/, ''));
    stop(`\nbuild: astro build failed (exit ${astro.status}); ${ctx.shownOut} was left as it was.`);
  }
  astroCache.commit();
  await folders.removeUnused();
  const pages = /(\d+) page\(s\) built in ((?:\d+m )?[\d.]+m?s)/.exec(astro.output);
  // One line per file written; unchanged keyed pages end in "(restored)" (linked from the cache).
  const files = (astro.output.match(/├─/g) ?? []).length;
  const reused = (astro.output.match(/\((?:restored|cached)\)/g) ?? []).length;
  const built = pages ? `${pages[1]} pages in ${pages[2]}` : 'done';
  ctx.say(
    `  astro: ${built}; ${reused} of ${files} files reused from the previous build${astroCache.shared ? '' : ' (cache busy: built cold)'}`,
  );
  return astroCache.shared ? { keptSearch: path.join(astroCache.dir, 'pagefind'), cacheDir: astroCache.dir } : {};
}

/**
 * 3. Search index, of the incident pages only (no other page carries data-pagefind-body), in
 * parts of consecutive years (src/site/search-shards.ts); a part whose pages are unchanged
 * since the last build is taken from the cache (search-index-fs.ts). The CLI, not the Node
 * API: it indexes 10,000 pages in 12 s where the API's service protocol takes 18 s. Its binary
 * directly, as its npm wrapper would run it (PAGEFIND_BINARY_PATH included), so a killed build
 * leaves no indexer running. An empty archive gets no index; the search page then says there is none.
 */
export async function searchStep(
  ctx: BuildContext,
  at: BuildPlaces,
  shards: readonly SearchShard[],
  kept: string | undefined,
): Promise<void> {
  const started = performance.now();
  const pagefindDir = path.join(ctx.cwd, 'node_modules', 'pagefind');
  const { resolveBinaryPath } = (await import(pathToFileURL(path.join(pagefindDir, 'lib', 'resolveBinary.js')).href)) as {
    resolveBinaryPath: (names: string[]) => string;
  };
  const binary = resolveBinaryPath(['pagefind_extended', 'pagefind']);
  const args = ['--glob', 'postmortems/*/index.html', '--force-language', 'en', '--silent'];
  const version = (JSON.parse(fs.readFileSync(path.join(pagefindDir, 'package.json'), 'utf8')) as { version: string }).version;
  const work = path.join(at.tmpDir, '.search-parts');
  if (kept) fs.mkdirSync(kept, { recursive: true });
  const result = await indexShards({
    site: at.tmpDir,
    shards,
    kept,
    work,
    identity: JSON.stringify([version, path.basename(binary), args]),
    pagefind: (site, output) => ctx.runner.run(binary, ['--site', site, '--output-path', output, ...args]),
  });
  fs.rmSync(work, { recursive: true, force: true });
  if ('failed' in result) {
    const { status, output } = result.failed;
    stop(`build: pagefind failed (exit ${status}); ${ctx.shownOut} was left as it was.${output ? `\n${output}` : ''}`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  ctx.say(
    `  pagefind: ${searchIndexCount(at.tmpDir) ?? 0} pages indexed in ${seconds}s; ${result.indexed} of ${shards.length} index parts built, ${result.reused} unchanged parts reused`,
  );
}

/**
 * 4. Nothing lost, nothing leaked: every postmortem has its page, and the public edition holds
 * no text of an internal postmortem, an <Internal> passage or an internal-only field anywhere,
 * search index unpacked (leak-check.ts).
 */
export function checkStep(ctx: BuildContext, at: BuildPlaces, expected: readonly SearchShard[], version: string): void {
  const problems = checkBuild(at.tmpDir, expected);
  if (problems.length) {
    stop(`build: the built site failed its checks; ${ctx.shownOut} was left as it was:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  const secrets = readEditionSecrets(at.snapshot);
  if (secrets) {
    const leaks = findLeaks(at.tmpDir, leakIndex(secrets.secrets, secrets.published));
    if (leaks.length) {
      const listed = leaks.slice(0, 20).map((l) => `  - ${l.file}: ${l.source} ("${l.text}")`);
      if (leaks.length > 20) listed.push(`  … and ${leaks.length - 20} more`);
      stop(`build: the public edition would publish internal text; ${ctx.shownOut} was left as it was:\n${listed.join('\n')}`);
    }
    ctx.say(`  leak check: no internal text in the public edition`);
  }
  writeMarker(at.tmpDir, version);
}

/**
 * 5. Stage beside the output folder, then swap: two renames in one folder. The replaced site is
 * kept in the build cache for the next build's output folder (page-folders-fs.ts), or deleted.
 */
export async function publishStep(ctx: BuildContext, at: BuildPlaces, cacheDir: string | undefined): Promise<void> {
  try {
    await publishSite({
      built: at.tmpDir,
      target: at.outDir,
      staging: at.names.staging,
      old: at.names.old,
      keepOld: (old) => cacheDir !== undefined && keepReplacedSite(old, cacheDir),
      beforeSwap: async () => {
        // A signal that arrived during synchronous work is handled before the point of no return.
        await new Promise<void>((resolve) => setImmediate(resolve));
        ctx.runner.checkpoint();
        // Whatever appeared there while the site was built is not replaced unseen.
        const late = contentsProblem(at.out, inspectOutput(at.out, false), at.places);
        if (late) stop(late);
      },
    });
  } catch (error) {
    if (error instanceof HindsightError) throw error;
    const message = (error as Error).message;
    stop(`build: could not put the site in place: ${message}; ${ctx.shownOut} was left as it was.`);
  }
  ctx.runner.published = true;
}
