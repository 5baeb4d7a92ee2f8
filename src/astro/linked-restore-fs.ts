import type { AstroIntegration } from 'astro';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Astro's incremental build restores a page it skips by copying its cached file into the output
 * folder. At 10,000 postmortems that is 10,000 copies on every build, and as many files freed
 * when the previous output folder is deleted after the swap: together about 4 s of a 17 s
 * incremental build. This integration makes Astro's cache (`IncrementalBuildCache`) restore a
 * page as a hard link of its cached file instead, and keep a page it renders as a hard link of
 * the page just written to the output folder (linked beside, then renamed over the old copy), so
 * a cached file is never written in place: a published site that shares a file with the cache
 * never changes under a later build, and no page is written twice.
 *
 * A published file can still be written into in place by someone else (a deploy script), which
 * would change the cached copy. Each cached file's inode, size and modification time are kept
 * beside Astro's manifest when it is stored; a file that no longer matches is not restored, and
 * Astro renders its page again. Where a link is impossible (another file system) the page is
 * copied, as Astro does.
 *
 * Astro's cache is an internal module: when its shape is not the one expected, nothing is
 * patched and Astro copies as before (tests/incremental-build.test.ts checks the links).
 */

/** Beside Astro's `incremental-build.json`: the stamp of every cached page file. */
const STAMPS_FILE = 'hindsight-cached-pages.json';
/** Where Astro keeps its copies of pages in its cacheDir (astro/dist/core/build/incremental.js). */
const CACHED_PAGES_DIR = 'dist/';

const PATCHED = Symbol.for('hindsight.linkedRestore');

/** A cached file as stored: inode, size and modification time. */
type Stamp = [ino: number, size: number, mtimeMs: number];

/** What the patched methods read of Astro's settings. */
interface SettingsLike {
  config: { cacheDir: URL; outDir: URL };
}

/** The methods of Astro's `IncrementalBuildCache` this replaces or wraps. */
export interface CacheMethods {
  restoreOutputFile(settings: SettingsLike, outputFile: string, destination: URL): Promise<boolean>;
  writeOutputFile(settings: SettingsLike, outputFile: string, body: Uint8Array): Promise<void>;
  deleteOutputFile(settings: SettingsLike, outputFile: string): Promise<void>;
  writeManifest(settings: SettingsLike): void;
}

/** One build's stamps: those of the previous build, this build's, and the folders it made. */
interface Stamps {
  previous: Map<string, Stamp>;
  next: Map<string, Stamp>;
  created: Set<string>;
}

const stampOf = (stat: fs.Stats): Stamp => [stat.ino, stat.size, stat.mtimeMs];
const sameStamp = (a: Stamp, b: Stamp | undefined) => b !== undefined && a.every((value, i) => value === b[i]);

function readStamps(file: string): Map<string, Stamp> {
  try {
    return new Map(Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Stamp>));
  } catch {
    return new Map();
  }
}

/** The output files (paths inside the output folder) whose pages the cache in `cacheDir` holds. */
export function cachedPagePaths(cacheDir: string): string[] {
  return [...readStamps(path.join(cacheDir, STAMPS_FILE)).keys()];
}

/**
 * Replaces the page-file methods of `target` (Astro's `IncrementalBuildCache.prototype`): restore
 * by hard link when the cached file is as stored, store by rename, and keep the stamps with the
 * manifest. Returns false, changing nothing, when `target` lacks one of the methods.
 */
export function linkRestoredPages(target: Partial<CacheMethods> & { [PATCHED]?: true }): boolean {
  // Astro may read its configuration more than once in a process: one patch, one set of stamps.
  if (target[PATCHED]) return true;
  const { writeManifest } = target;
  const names = ['restoreOutputFile', 'writeOutputFile', 'deleteOutputFile', 'writeManifest'] as const;
  if (!writeManifest || names.some((name) => typeof target[name] !== 'function')) return false;
  // One cache object per build (Astro's IncrementalBuildCache.load): its stamps and the folders it made.
  const builds = new WeakMap<object, Stamps>();
  const stampsFile = (settings: SettingsLike) => fileURLToPath(new URL(STAMPS_FILE, settings.config.cacheDir));
  const stampsOf = (cache: object, settings: SettingsLike): Stamps => {
    let stamps = builds.get(cache);
    if (!stamps) builds.set(cache, (stamps = { previous: readStamps(stampsFile(settings)), next: new Map(), created: new Set() }));
    return stamps;
  };
  const cachedFile = (settings: SettingsLike, outputFile: string) =>
    fileURLToPath(new URL(outputFile, new URL(CACHED_PAGES_DIR, settings.config.cacheDir)));
  const ensureDir = async (stamps: Stamps, dir: string) => {
    if (stamps.created.has(dir)) return;
    await fs.promises.mkdir(dir, { recursive: true });
    stamps.created.add(dir);
  };

  target.restoreOutputFile = async function (settings, outputFile, destination) {
    const stamps = stampsOf(this, settings);
    const cached = cachedFile(settings, outputFile);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(cached);
    } catch {
      return false;
    }
    // Written into since it was stored (or stored before this integration): rendered again.
    if (!sameStamp(stampOf(stat), stamps.previous.get(outputFile))) return false;
    const to = fileURLToPath(destination);
    // The build has usually made the page's folder already (src/build/page-folders-fs.ts).
    try {
      await fs.promises.link(cached, to);
    } catch (error) {
      await ensureDir(stamps, path.dirname(to));
      // Another file system, or links refused: a copy, as Astro makes.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        await fs.promises.link(cached, to).catch(() => fs.promises.copyFile(cached, to));
      else await fs.promises.copyFile(cached, to);
    }
    stamps.next.set(outputFile, stampOf(stat));
    return true;
  };
  target.writeOutputFile = async function (settings, outputFile, body) {
    const stamps = stampsOf(this, settings);
    const cached = cachedFile(settings, outputFile);
    await ensureDir(stamps, path.dirname(cached));
    // Astro has just written these bytes to the output folder: the cache keeps that very file.
    const written = fileURLToPath(new URL(outputFile, settings.config.outDir));
    const temporary = `${cached}.${process.pid}.tmp`;
    try {
      if ((await fs.promises.stat(written)).size !== body.byteLength) throw new Error('not the page just written');
      await fs.promises.link(written, temporary);
    } catch {
      await fs.promises.rm(temporary, { force: true });
      await fs.promises.writeFile(temporary, body);
    }
    await fs.promises.rename(temporary, cached);
    stamps.next.set(outputFile, stampOf(await fs.promises.stat(cached)));
  };
  target.deleteOutputFile = async function (settings, outputFile) {
    await fs.promises.rm(cachedFile(settings, outputFile), { force: true });
    stampsOf(this, settings).next.delete(outputFile);
  };
  target.writeManifest = function (settings) {
    writeManifest.call(this, settings);
    const file = stampsFile(settings);
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(Object.fromEntries(stampsOf(this, settings).next)));
    fs.renameSync(temporary, file);
  };
  target[PATCHED] = true;
  return true;
}

/** Astro's `IncrementalBuildCache` class, as the Astro of the project at `root` runs it; undefined if not found. */
function astroCacheClass(root: string): { prototype: Partial<CacheMethods> } | undefined {
  try {
    const require = createRequire(path.join(root, 'package.json'));
    const astro = path.dirname(require.resolve('astro/package.json'));
    // require() of an ES module gives the very instance Astro imported (one module map).
    const module = require(path.join(astro, 'dist', 'core', 'build', 'incremental.js')) as {
      IncrementalBuildCache?: { prototype: Partial<CacheMethods> };
    };
    return module.IncrementalBuildCache;
  } catch {
    return undefined;
  }
}

/** The integration: for `astro build` with incremental builds, pages are restored as hard links. */
export function linkedRestore(): AstroIntegration {
  return {
    name: 'hindsight-linked-restore',
    hooks: {
      'astro:config:setup': ({ command, config, logger }) => {
        if (command !== 'build' || !config.experimental.incrementalBuild) return;
        const cacheClass = astroCacheClass(fileURLToPath(config.root));
        if (!cacheClass || !linkRestoredPages(cacheClass.prototype)) {
          logger.warn("Astro's incremental-build cache has changed shape: unchanged pages are copied, not linked.");
        }
      },
    },
  };
}
