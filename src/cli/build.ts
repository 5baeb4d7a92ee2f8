import fs from 'node:fs';
import path from 'node:path';
import {
  astroStep,
  checkStep,
  outputStep,
  pageFoldersStep,
  publishStep,
  searchStep,
  validateStep,
  type BuildContext,
} from '../build/build-steps-fs.ts';
import { quote } from '../build/output-dir.ts';
import { StepRunner } from '../build/step-runner.ts';
import { searchShards } from '../site/search-shards.ts';
import { isHindsightError } from '../format/errors.ts';
import { EXIT, parseCommand, runAsProgram, usageError, type Command } from './command.ts';
import { settingsFor } from './io.ts';

/**
 * `npm run build`: validate, then `astro build` into a temporary folder, then Pagefind, then
 * the post-build checks, and only then swap the result into the output folder. A failure or
 * an interruption at any step leaves the previous output folder as it was and no half-written
 * site; a build killed outright leaves folders the next build removes (src/build/build-steps-fs.ts).
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

const OPTIONS = {
  drafts: { type: 'boolean', default: false },
  edition: { type: 'string' },
  out: { type: 'string', default: 'dist' },
  clean: { type: 'boolean', default: false },
} as const;

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function version(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Every step in order; throws a `HindsightError` with the message to print when one fails. */
async function buildSite(ctx: BuildContext, out: string, clean: boolean): Promise<string> {
  const started = performance.now();
  const at = outputStep(ctx, out);
  const folders = pageFoldersStep(ctx, at, clean);
  const expected = await validateStep(ctx, at, clean);
  // The parts of the search index, which the search step builds and the checks hold it to.
  const shards = searchShards(expected, ctx.settings.searchPartPages);
  const caches = await astroStep(ctx, at, folders, expected.length, clean);
  if (expected.length > 0) await searchStep(ctx, at, shards, caches.keptSearch);
  ctx.runner.checkpoint();
  checkStep(ctx, at, shards, version());
  await publishStep(ctx, at, caches.cacheDir);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  return `✔ Built ${expected.length} postmortems into ${path.relative(ctx.cwd, at.outDir) || '.'}/ in ${seconds} s.`;
}

/** Runs `npm run build`; returns the exit code (0 built, 1 content problems or a failed step, 2 usage, 128+n on a signal). */
export const run: Command = async (argv, env, io, options = {}) => {
  const args = parseCommand('build', USAGE, argv, io, OPTIONS);
  if (typeof args === 'number') return args;
  if (args.values.out.trim() === '') return usageError('build', io, '--out needs a folder name', USAGE);
  const cwd = fs.realpathSync.native(options.cwd ?? process.cwd());
  const childEnv: NodeJS.ProcessEnv = { ...env, ASTRO_TELEMETRY_DISABLED: '1' };
  if (args.values.drafts) childEnv.HINDSIGHT_DRAFTS = '1';
  if (args.values.edition !== undefined) childEnv.HINDSIGHT_EDITION = args.values.edition;
  // The settings, validated before anything is touched; the children read the same variables.
  const settings = settingsFor('build', childEnv, io, cwd);
  if (!settings) return EXIT.usage;
  const shownOut = quote(args.values.out);
  const runner = new StepRunner(cwd, childEnv, shownOut);
  const ctx: BuildContext = { cwd, codeRoot: ROOT, env: childEnv, settings, runner, shownOut, say: io.out, show: io.err };
  runner.listen();
  try {
    io.out(await buildSite(ctx, args.values.out, args.values.clean));
    return EXIT.ok;
  } catch (error) {
    runner.cleanUp();
    // Anything else (a full disk, a folder without permission) is said in one line too, never a stack trace.
    const message = (error as Error).message ?? String(error);
    io.err(/^\n?build: /.test(message) ? message : `build: ${message}`);
    return isHindsightError(error) ? error.exitCode : EXIT.problems;
  } finally {
    runner.close();
  }
};

if (import.meta.main) await runAsProgram('build', run);
