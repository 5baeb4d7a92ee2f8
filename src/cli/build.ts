import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openBuildCache, validationCacheFile } from '../build/astro-cache-fs.ts';
import { lockAstro } from '../build/astro-lock-fs.ts';
import { readEditionSecrets } from '../build/edition-snapshot-fs.ts';
import { leakIndex } from '../build/leak-check.ts';
import { findLeaks } from '../build/leak-check-fs.ts';
import { checkBuild, searchIndexCount } from '../build/build-check-fs.ts';
import { readSnapshotSlugs } from '../validate/archive-snapshot-fs.ts';
import { buildFolderNames, type BuildId } from '../build/build-debris.ts';
import { cleanDebris } from '../build/build-debris-fs.ts';
import { contentsProblem, locationProblem, quote } from '../build/output-dir.ts';
import { inspectOutput, outputPlaces, resolveOutTarget, writeMarker } from '../build/output-dir-fs.ts';
import { publishSite } from '../build/site-publish-fs.ts';
import { indexWithKeptFiles } from '../build/search-index-fs.ts';
import { processIo, settingsFor } from './io.ts';

/**
 * `npm run build`: validate, then `astro build` into a temporary folder, then Pagefind, then
 * the post-build checks, and only then swap the result into the output folder. A failure or
 * an interruption at any step leaves the previous output folder as it was and no half-written
 * site; a build killed outright leaves folders the next build removes.
 */

const USAGE = `Usage: npm run build -- [--drafts] [--edition internal|public] [--out <dir>] [--clean]

Validates the content folder (HINDSIGHT_CONTENT_DIR, default ./content), builds the site and its
search index into dist/ (or --out).

Options:
  --drafts     include draft and in-review postmortems, marked with a banner (same as HINDSIGHT_DRAFTS=1)
  --edition    internal (default: every published postmortem, for the company) or public (only
               visibility: public ones, without <Internal> passages and internal-only fields);
               same as HINDSIGHT_EDITION
  --out <dir>  output folder (default: dist). It is replaced as a whole, so it must be new, empty or
               an earlier Hindsight build (which holds a .hindsight-build file); never the project,
               a folder containing it, or a place inside its source or content folders.
  --clean      build every page afresh and delete the cache of unchanged pages kept between builds
               (in HINDSIGHT_CACHE_DIR, default node_modules/.astro/hindsight/)
  -h, --help   show this help`;

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const DIE_WITH_PARENT = pathToFileURL(path.join(import.meta.dirname, 'die-with-parent.ts')).href;
const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function version(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The child process running now, and whether a signal stopped the build. */
let running: ChildProcess | undefined;
let interrupted = false;
/** Set once the new site is in place: a signal then changes nothing. */
let published = false;
/** The --out value as messages show it. */
let shownOut = '"dist"';

/** Removes this build's temporary folders; registered as they are named. */
const cleanUps: (() => void)[] = [];
function cleanUp() {
  for (const step of cleanUps.splice(0)) step();
}

/** Stops the build on a signal: ends the running step, removes the temporary folders, exits 128+n. */
function interrupt(signal: keyof typeof SIGNALS) {
  if (interrupted || published) return;
  interrupted = true;
  const finish = () => {
    cleanUp();
    fail(`\nbuild: interrupted by ${signal}; ${shownOut} was left as it was.`, SIGNALS[signal]);
  };
  const child = running;
  if (child && child.exitCode === null && child.signalCode === null) {
    child.once('close', finish);
    child.kill('SIGKILL');
  } else finish();
}

interface Ran {
  status: number | null;
  output: string;
}

/**
 * Runs a step in a child process; asynchronously, so a signal is handled at once. Node children
 * get the die-with-parent preload. After an interruption the promise never settles: the
 * signal handler ends the process.
 */
function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; inherit?: boolean; node?: boolean },
): Promise<Ran> {
  const argv = options.node ? ['--import', DIE_WITH_PARENT, ...args] : args;
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', options.inherit ? 'inherit' : 'pipe', options.inherit ? 'inherit' : 'pipe'],
    });
    running = child;
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (status, signal) => {
      running = undefined;
      // Ctrl-C reaches the whole process group: a step ended by it means the build was interrupted.
      if (signal && signal in SIGNALS) interrupt(signal as keyof typeof SIGNALS);
      if (!interrupted) resolve({ status, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

/** Lets a signal that arrived during synchronous work be handled before the point of no return. */
const yieldToSignals = () => new Promise<void>((resolve) => setImmediate(resolve));

async function main() {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      options: {
        drafts: { type: 'boolean', default: false },
        edition: { type: 'string' },
        out: { type: 'string', default: 'dist' },
        clean: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    fail(`build: ${(error as Error).message}\n\n${USAGE}`, 2);
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.values.out.trim() === '') fail(`build: --out needs a folder name\n\n${USAGE}`, 2);

  shownOut = quote(args.values.out);
  // Before anything is written, so an interruption never finds a folder it does not clean up.
  for (const signal of Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]) process.on(signal, () => interrupt(signal));

  const cwd = fs.realpathSync.native(process.cwd());
  const env: NodeJS.ProcessEnv = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
  if (args.values.drafts) env.HINDSIGHT_DRAFTS = '1';
  if (args.values.edition !== undefined) env.HINDSIGHT_EDITION = args.values.edition;
  // The settings, validated before anything is touched; the children read the same variables.
  const settings = settingsFor('build', env, processIo, cwd);
  if (!settings) process.exit(2);
  const preview = settings.drafts;
  const started = performance.now();
  const self: BuildId = { pid: process.pid, started: Date.now() };

  // 0. The output folder: a folder of its own, never the project or its sources (output-dir.ts).
  const { out, brokenLink } = resolveOutTarget(args.values.out, cwd);
  const places = outputPlaces(cwd, { path: settings.contentDir, fromEnv: Boolean(env.HINDSIGHT_CONTENT_DIR) }, ROOT);
  const misplaced = locationProblem(out, places);
  if (misplaced) fail(misplaced, 2);
  const outDir = out.real;
  const names = buildFolderNames(self, path.basename(outDir));
  // Debris of dead builds; an output folder a killed build had moved away comes back first.
  const debris = cleanDebris({ project: cwd, tmp: os.tmpdir(), output: outDir }, self);
  if (debris.restored) process.stdout.write(`  restored ${shownOut} from a build that was killed while replacing it\n`);
  if (debris.removed.length) process.stdout.write(`  removed ${debris.removed.length} folder(s) left by killed builds\n`);
  const refused = contentsProblem(out, inspectOutput(out, brokenLink), places);
  if (refused) fail(refused, 2);

  // 1. Validate: `npm run validate` itself, in a process of its own (its memory is freed before
  // Astro starts), writing the validated archive for Astro to read.
  const cacheDir = path.join(os.tmpdir(), names.cache);
  const tmpDir = path.join(cwd, names.astroOut);
  const stagingDir = path.join(path.dirname(outDir), names.staging);
  cleanUps.push(() => {
    for (const dir of [tmpDir, cacheDir, stagingDir]) fs.rmSync(dir, { recursive: true, force: true });
  });
  fs.mkdirSync(cacheDir, { recursive: true });
  const snapshot = path.join(cacheDir, 'archive.json');
  // Caches kept between builds: validation's (results of unchanged files) and Astro's (below).
  const cacheRoot = path.resolve(cwd, settings.cacheDir ?? path.join('node_modules', '.astro', 'hindsight'));
  const validationCache = validationCacheFile({ root: cacheRoot, contentDir: settings.contentDir, clean: args.values.clean });
  const validateArgs = [path.join(import.meta.dirname, 'validate.ts'), '--snapshot', snapshot, '--cache', validationCache];
  const validation = await run(process.execPath, validateArgs, { cwd, env, inherit: true, node: true });
  if (validation.status !== 0) {
    cleanUp();
    fail(`\nbuild: stopped before building: fix the problems above (${shownOut} was left as it was).`, validation.status ?? 1);
  }
  const expected = readSnapshotSlugs(snapshot);
  process.stdout.write(`  validate: ${((performance.now() - started) / 1000).toFixed(2)}s\n`);

  // 2. Astro, into a temporary folder inside the project: for an output folder elsewhere, Astro
  // would put its prerender chunks in the project's shared .astro/ folder, where concurrent
  // builds delete each other's.
  fs.mkdirSync(tmpDir);
  // Astro's incremental-build cache, kept between builds: one per content folder and edition,
  // locked while this build uses it (a concurrent build builds cold in a folder of its own).
  const astroCache = openBuildCache({
    root: cacheRoot,
    contentDir: settings.contentDir,
    edition: `${settings.edition}${preview ? '-preview' : ''}`,
    clean: args.values.clean,
  });
  cleanUps.push(() => astroCache.release());
  env.HINDSIGHT_CACHE_DIR = astroCache.dir;
  env.HINDSIGHT_ARCHIVE = snapshot;
  const astroBin = path.join(cwd, 'node_modules', 'astro', 'bin', 'astro.mjs');
  process.stdout.write(
    `Building ${expected.length} postmortems, ${settings.edition} edition${preview ? ' (preview: drafts included)' : ''}…\n`,
  );
  // One Astro build at a time in a project: Astro's own files in .astro/ are shared (astro-lock-fs.ts).
  const unlock = await lockAstro(cwd, () =>
    process.stdout.write('  waiting for another build of this project to finish its Astro step…\n'),
  );
  cleanUps.push(unlock);
  const astro = await run(process.execPath, [astroBin, 'build', '--outDir', tmpDir], { cwd, env, node: true });
  unlock();
  if (astro.status !== 0) {
    cleanUp();
    process.stderr.write(astro.output);
    fail(`\nbuild: astro build failed (exit ${astro.status}); ${shownOut} was left as it was.`);
  }
  astroCache.commit();
  const pages = /(\d+) page\(s\) built in ((?:\d+m )?[\d.]+m?s)/.exec(astro.output);
  // One line per file written; unchanged keyed pages end in "(restored)" (copied from the cache).
  const files = (astro.output.match(/├─/g) ?? []).length;
  const reused = (astro.output.match(/\((?:restored|cached)\)/g) ?? []).length;
  process.stdout.write(
    `  astro: ${pages ? `${pages[1]} pages in ${pages[2]}` : 'done'}; ${reused} of ${files} files reused from the previous build${astroCache.shared ? '' : ' (cache busy: built cold)'}\n`,
  );

  // 3. Search index, of the incident pages only (no other page carries data-pagefind-body).
  // The CLI, not the Node API: it indexes 10,000 pages in 12 s where the API's service protocol
  // takes 18 s. Its binary directly, as its npm wrapper would run it (PAGEFIND_BINARY_PATH
  // included), so a killed build leaves no indexer running. An empty archive gets no index; the
  // search page then says there is none.
  if (expected.length > 0) {
    const searchStarted = performance.now();
    const resolver = pathToFileURL(path.join(cwd, 'node_modules', 'pagefind', 'lib', 'resolveBinary.js')).href;
    const { resolveBinaryPath } = (await import(resolver)) as { resolveBinaryPath: (names: string[]) => string };
    const pagefindArgs = [
      '--site',
      tmpDir,
      '--glob',
      'postmortems/*/index.html',
      '--output-subdir',
      'pagefind',
      '--force-language',
      'en',
      '--silent',
    ];
    // The previous build's index files at hand: Pagefind writes only the new ones (search-index-fs.ts).
    const kept = astroCache.shared ? path.join(astroCache.dir, 'pagefind') : undefined;
    const binary = resolveBinaryPath(['pagefind_extended', 'pagefind']);
    const indexed = await indexWithKeptFiles(path.join(tmpDir, 'pagefind'), kept, () => run(binary, pagefindArgs, { cwd, env }));
    const search = indexed.run;
    if (search.status !== 0) {
      cleanUp();
      fail(`build: pagefind failed (exit ${search.status}); ${shownOut} was left as it was.${search.output ? `\n${search.output}` : ''}`);
    }
    // Pagefind also writes its own UI bundles (423 KB); the search page uses only its JS API.
    for (const file of fs.readdirSync(path.join(tmpDir, 'pagefind'))) {
      if (/^pagefind-(ui|modular-ui|component-ui|highlight)\./.test(file)) fs.rmSync(path.join(tmpDir, 'pagefind', file));
    }
    process.stdout.write(
      `  pagefind: ${searchIndexCount(tmpDir) ?? 0} pages indexed in ${((performance.now() - searchStarted) / 1000).toFixed(2)}s; ${indexed.reused} unchanged index files reused\n`,
    );
  }

  // 4. Nothing lost, nothing leaked.
  const problems = checkBuild(tmpDir, expected);
  if (problems.length) {
    cleanUp();
    fail(`build: the built site failed its checks; ${shownOut} was left as it was:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  // The public edition: no text of an internal postmortem, an <Internal> passage or an
  // internal-only field anywhere in the site, search index unpacked (leak-check.ts).
  const secrets = readEditionSecrets(snapshot);
  if (secrets) {
    const leaks = findLeaks(tmpDir, leakIndex(secrets.secrets, secrets.published));
    if (leaks.length) {
      cleanUp();
      fail(
        `build: the public edition would publish internal text; ${shownOut} was left as it was:\n${leaks
          .slice(0, 20)
          .map((l) => `  - ${l.file}: ${l.source} ("${l.text}")`)
          .join('\n')}${leaks.length > 20 ? `\n  … and ${leaks.length - 20} more` : ''}`,
      );
    }
    process.stdout.write(`  leak check: no internal text in the public edition\n`);
  }
  writeMarker(tmpDir, version());

  // 5. Stage beside the output folder, then swap: two renames in one folder.
  try {
    await publishSite({
      built: tmpDir,
      target: outDir,
      staging: names.staging,
      old: names.old,
      beforeSwap: async () => {
        await yieldToSignals();
        // Whatever appeared there while the site was built is not replaced unseen.
        const late = contentsProblem(out, inspectOutput(out, false), places);
        if (late) throw new Error(late);
      },
    });
  } catch (error) {
    cleanUp();
    const message = (error as Error).message;
    fail(message.startsWith('build: ') ? message : `build: could not put the site in place: ${message}; ${shownOut} was left as it was.`);
  }
  published = true;
  cleanUp();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`✔ Built ${expected.length} postmortems into ${path.relative(cwd, outDir) || '.'}/ in ${seconds} s.\n`);
}

main().catch((error: unknown) => {
  cleanUp();
  fail(`build: ${(error as Error).message ?? String(error)}`);
});
