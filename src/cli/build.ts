import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openBuildCache } from '../build/astro-cache-fs.ts';
import { checkBuild, searchIndexCount } from '../lib/build-check-fs.ts';
import { resolveContentDir } from '../lib/content-fs.ts';
import { readSnapshotSlugs } from '../lib/archive-snapshot-fs.ts';
import { isPreview } from '../lib/visibility.ts';

/**
 * `npm run build`: validate, then `astro build` into a temporary folder, then Pagefind, then
 * the post-build checks, and only then swap the result into `dist/`. A failure at any step
 * leaves the previous `dist/` as it was and no half-written site.
 */

const USAGE = `Usage: npm run build -- [--drafts] [--out <dir>] [--clean]

Validates the content folder (HINDSIGHT_CONTENT_DIR, default ./content), builds the site and its
search index into dist/ (or --out).

Options:
  --drafts     include draft and in-review postmortems, marked with a banner (same as HINDSIGHT_DRAFTS=1)
  --out <dir>  output folder (default: dist)
  --clean      build every page afresh and delete the cache of unchanged pages kept between builds
               (in HINDSIGHT_CACHE_DIR, default node_modules/.astro/hindsight/)
  -h, --help   show this help`;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** A rename, or a copy and delete when the output folder is on another file system. */
function moveDir(from: string, to: string) {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    fs.cpSync(from, to, { recursive: true });
    fs.rmSync(from, { recursive: true, force: true });
  }
}

async function main() {
  let args;
  try {
    args = parseArgs({ args: process.argv.slice(2), options: { drafts: { type: 'boolean', default: false }, out: { type: 'string', default: 'dist' }, clean: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (error) {
    fail(`build: ${(error as Error).message}\n\n${USAGE}`, 2);
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const cwd = process.cwd();
  const env: NodeJS.ProcessEnv = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
  if (args.values.drafts) env.HINDSIGHT_DRAFTS = '1';
  const preview = isPreview(env);
  const started = performance.now();

  // 1. Validate: `npm run validate` itself, in a process of its own (its memory is freed before
  // Astro starts), writing the validated archive for Astro to read.
  const snapshotDir = path.join(os.tmpdir(), `hindsight-cache-${process.pid}-${Date.now()}`);
  fs.mkdirSync(snapshotDir, { recursive: true });
  const snapshot = path.join(snapshotDir, 'archive.json');
  const validation = spawnSync(process.execPath, [path.join(import.meta.dirname, 'validate.ts'), '--snapshot', snapshot], { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (validation.status !== 0) {
    fs.rmSync(snapshotDir, { recursive: true, force: true });
    fail(`\nbuild: stopped before building: fix the problems above (dist/ was left as it was).`, validation.status ?? 1);
  }
  const expected = readSnapshotSlugs(snapshot);
  process.stdout.write(`  validate: ${((performance.now() - started) / 1000).toFixed(2)}s\n`);

  // 2. Astro, into a temporary sibling of the output folder so the final swap is a rename.
  const outDir = path.resolve(cwd, args.values.out);
  // Inside the project: for an output folder elsewhere, Astro would put its prerender chunks in
  // the project's shared .astro/ folder, where concurrent builds delete each other's.
  const tmpDir = path.join(cwd, `.dist-tmp-${process.pid}`);
  fs.rmSync(tmpDir, { recursive: true, force: true });
  // Astro's incremental-build cache, kept between builds: one per content folder and edition.
  const cacheRoot = path.resolve(cwd, env.HINDSIGHT_CACHE_DIR || path.join('node_modules', '.astro', 'hindsight'));
  const astroCache = openBuildCache({ root: cacheRoot, contentDir: resolveContentDir(env, cwd), edition: preview ? 'preview' : 'published', clean: args.values.clean });
  env.HINDSIGHT_CACHE_DIR = astroCache.dir;
  env.HINDSIGHT_ARCHIVE = snapshot;
  const cleanUp = () => {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    fs.rmSync(snapshotDir, { recursive: true, force: true });
    astroCache.release();
  };
  process.on('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  const astroBin = path.join(cwd, 'node_modules', 'astro', 'bin', 'astro.mjs');
  process.stdout.write(`Building ${expected.length} postmortems${preview ? ' (preview: drafts included)' : ''}…\n`);
  const astro = spawnSync(process.execPath, [astroBin, 'build', '--outDir', tmpDir], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 1024 * 1024 * 512 });
  const astroLog = `${astro.stdout ?? ''}${astro.stderr ?? ''}`;
  if (astro.status !== 0) {
    cleanUp();
    process.stderr.write(astroLog);
    fail(`\nbuild: astro build failed (exit ${astro.status}); dist/ was left as it was.`);
  }
  astroCache.commit();
  const pages = /(\d+) page\(s\) built in ((?:\d+m )?[\d.]+m?s)/.exec(astroLog);
  // One line per file written; unchanged keyed pages end in "(restored)" (copied from the cache).
  const files = (astroLog.match(/├─/g) ?? []).length;
  const reused = (astroLog.match(/\((?:restored|cached)\)/g) ?? []).length;
  process.stdout.write(`  astro: ${pages ? `${pages[1]} pages in ${pages[2]}` : 'done'}; ${reused} of ${files} files reused from the previous build${astroCache.shared ? '' : ' (cache busy: built cold)'}\n`);

  // 3. Search index, of the incident pages only (no other page carries data-pagefind-body).
  // The CLI, not the Node API: it indexes 10,000 pages in 12 s where the API's service protocol
  // takes 18 s. Neither can load or update an existing index, so an incremental build indexes
  // every page again. An empty archive gets no index; the search page then says there is none.
  if (expected.length > 0) {
    const searchStarted = performance.now();
    const pagefindBin = path.join(cwd, 'node_modules', 'pagefind', 'lib', 'runner', 'bin.cjs');
    const args = ['--site', tmpDir, '--glob', 'postmortems/*/index.html', '--output-subdir', 'pagefind', '--force-language', 'en', '--silent'];
    const search = spawnSync(process.execPath, [pagefindBin, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (search.status !== 0) {
      cleanUp();
      fail(`build: pagefind failed (exit ${search.status}):\n${search.stdout}${search.stderr}`);
    }
    // Pagefind also writes its own UI bundles (423 KB); the search page uses only its JS API.
    for (const file of fs.readdirSync(path.join(tmpDir, 'pagefind'))) {
      if (/^pagefind-(ui|modular-ui|component-ui|highlight)\./.test(file)) fs.rmSync(path.join(tmpDir, 'pagefind', file));
    }
    process.stdout.write(`  pagefind: ${searchIndexCount(tmpDir) ?? 0} pages indexed in ${((performance.now() - searchStarted) / 1000).toFixed(2)}s\n`);
  }

  // 4. Nothing lost, nothing leaked.
  const problems = checkBuild(tmpDir, expected);
  if (problems.length) {
    cleanUp();
    fail(`build: the built site failed its checks; dist/ was left as it was:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }

  // 5. Swap into place.
  const oldDir = path.join(path.dirname(outDir), `.dist-old-${process.pid}`);
  if (fs.existsSync(outDir)) fs.renameSync(outDir, oldDir);
  moveDir(tmpDir, outDir);
  fs.rmSync(oldDir, { recursive: true, force: true });
  fs.rmSync(snapshotDir, { recursive: true, force: true });
  astroCache.release();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`✔ Built ${expected.length} postmortems into ${path.relative(cwd, outDir) || '.'}/ in ${seconds} s.\n`);
}

main().catch((error: unknown) => {
  fail(`build: ${(error as Error).message ?? String(error)}`);
});
