import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where `npm run build` keeps Astro's incremental-build cache between runs: the manifest of the
 * previous build (`incremental-build.json`: each page's cache key and code hash) and a copy of
 * every keyed page it rendered (`dist/`), from which Astro restores the pages it skips.
 *
 * One folder per content folder and edition (published only, or with drafts), so builds of
 * different archives never mix pages. A lock file makes the folder one build's at a time: a
 * build that finds it taken by a running build builds cold in a private folder instead of
 * waiting. Folders of content folders that no longer exist are removed.
 *
 * A build that stops half-way (a failure, a signal, a crash) may have stored pages of content
 * its manifest does not describe; a marker left until `commit()` makes the next build start cold.
 */

/** The cache folder of one build. */
export interface BuildCache {
  /** Astro's `cacheDir` for this build. */
  dir: string;
  /** False when another build holds the shared folder and this one builds cold in a private one. */
  shared: boolean;
  /** Marks the cache as whole: call after Astro succeeded. */
  commit(): void;
  /** Unlocks the shared folder, or removes the private one. */
  release(): void;
}

export interface CacheOptions {
  /** Parent of the cache folders: HINDSIGHT_CACHE_DIR, or node_modules/.astro/hindsight/. */
  root: string;
  contentDir: string;
  /** e.g. "published" or "preview". */
  edition: string;
  /** Delete this folder's cache first, so the build is cold. */
  clean: boolean;
}

interface Owner {
  contentDir: string;
  edition: string;
}

const OWNER = 'hindsight-cache.json';
const UNFINISHED = 'hindsight-build-unfinished';
/**
 * The content store and the body store (src/astro/body-store-fs.ts) are rebuilt from the
 * validated snapshot on every build; keeping them would only cost memory when Astro reads the
 * store back, and disk.
 */
const NOT_KEPT = ['data-store.json', 'hindsight-bodies.json'];

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `lockFile` for this process, taking over one left by a process that is gone. */
function lock(lockFile: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) return false;
      fs.rmSync(lockFile, { force: true });
    }
  }
  return false;
}

/** Removes the cache folders of content folders that no longer exist (e.g. test and benchmark archives). */
function pruneOrphans(root: string, keep: string) {
  for (const name of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    const dir = path.join(root, name);
    if (dir === keep || !fs.existsSync(path.join(dir, OWNER))) continue;
    let owner: Owner;
    try {
      owner = JSON.parse(fs.readFileSync(path.join(dir, OWNER), 'utf8')) as Owner;
    } catch {
      continue;
    }
    if (fs.existsSync(owner.contentDir) || !lock(`${dir}.lock`)) continue;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(`${dir}.lock`, { force: true });
  }
}

/** The folder of one content folder and edition (or "validation"). */
function folderOf(root: string, contentDir: string, edition: string): string {
  const key = createHash('sha256')
    .update(JSON.stringify([path.resolve(contentDir), edition]))
    .digest('hex')
    .slice(0, 16);
  return path.join(root, key);
}

function writeOwner(dir: string, contentDir: string, edition: string) {
  fs.writeFileSync(path.join(dir, OWNER), JSON.stringify({ contentDir: path.resolve(contentDir), edition } satisfies Owner));
}

/**
 * The file in which validation keeps its results for one content folder between builds, for
 * every edition (src/build/validate-cache-fs.ts). Not locked: it is only ever replaced whole.
 * Its folder is removed like the others once the content folder is gone; `clean` empties it.
 */
export function validationCacheFile({ root, contentDir, clean }: Omit<CacheOptions, 'edition'>): string {
  const dir = folderOf(root, contentDir, 'validation');
  if (clean) fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  writeOwner(dir, contentDir, 'validation');
  return path.join(dir, 'validation.json');
}

/** Where the cache folder of one content folder and edition is, without opening it (to read what it holds). */
export function buildCacheFolder({ root, contentDir, edition }: Omit<CacheOptions, 'clean'>): string {
  return folderOf(root, contentDir, edition);
}

/** Opens (and locks) the cache folder of one content folder and edition. */
export function openBuildCache({ root, contentDir, edition, clean }: CacheOptions): BuildCache {
  const dir = folderOf(root, contentDir, edition);
  fs.mkdirSync(root, { recursive: true });
  if (!lock(`${dir}.lock`)) {
    const own = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-cache-'));
    return { dir: own, shared: false, commit: () => {}, release: () => fs.rmSync(own, { recursive: true, force: true }) };
  }
  if (clean || fs.existsSync(path.join(dir, UNFINISHED))) fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const file of NOT_KEPT) fs.rmSync(path.join(dir, file), { force: true });
  fs.writeFileSync(path.join(dir, UNFINISHED), '');
  writeOwner(dir, contentDir, edition);
  pruneOrphans(root, dir);
  return {
    dir,
    shared: true,
    commit: () => fs.rmSync(path.join(dir, UNFINISHED), { force: true }),
    release: () => {
      for (const file of NOT_KEPT) fs.rmSync(path.join(dir, file), { force: true });
      fs.rmSync(`${dir}.lock`, { force: true });
    },
  };
}
