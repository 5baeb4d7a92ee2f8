import fs from 'node:fs';
import path from 'node:path';
import { cachedPagePaths } from '../astro/linked-restore-fs.ts';

/**
 * The folders of an incremental build's pages, ready before Astro restores the pages. Every page
 * is a folder of its own (`postmortems/<slug>/index.html`): at 10,000 postmortems, making them
 * costs this disk about 1.7 s and deleting the previous site's about 1.5 s. Made by Astro page by
 * page, between its check of each page and its link from the cache, they kept the build waiting.
 *
 * So the site a build replaces is not deleted but kept in the cache (`keepReplacedSite`), and the
 * next build takes it as Astro's output folder: it removes its files (no page is ever written
 * into: they are hard links shared with the cache and published sites) while `validate` runs, and
 * keeps its folders. Without one, the folders of the pages the previous build kept are made
 * while `validate` runs. Astro is told not to empty the folder, and the folders no page ended up
 * in are removed after Astro.
 */

/** The folder that holds the site the last build replaced, in a build cache folder. */
const REPLACED_SITE = 'replaced-site';

/** Astro's output folder as it is being readied. */
export interface PageFolders {
  /** Resolves once the folder holds no file (before Astro starts). */
  ready(): Promise<void>;
  /** Removes the folders no file was written to (after Astro). */
  removeUnused(): Promise<void>;
  /** Stops the work (the build failed, and its folder is about to be removed). */
  stop(): void;
}

/** Every folder that holds one of `files` (paths inside `root`), parents first; none outside `root`. */
export function foldersOf(root: string, files: readonly string[]): string[] {
  const folders = new Set<string>();
  for (const file of files) {
    const chain: string[] = [];
    for (let dir = path.dirname(path.resolve(root, file)); dir.startsWith(`${root}${path.sep}`); dir = path.dirname(dir)) {
      if (folders.has(dir)) break;
      chain.unshift(dir);
    }
    for (const dir of chain) folders.add(dir);
  }
  return [...folders];
}

/** Removes every file under `root`, keeping the folders; returns the folders, parents first. */
async function emptyOfFiles(root: string, stopped: () => boolean): Promise<string[]> {
  // The list of folders found is also the queue of folders to read, in order (parents first).
  const folders: string[] = [];
  for (let i = -1; i < folders.length && !stopped(); i++) {
    const dir = i < 0 ? root : folders[i]!;
    const files: Promise<void>[] = [];
    for (const entry of await fs.promises.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) folders.push(full);
      else files.push(fs.promises.unlink(full));
    }
    await Promise.all(files);
  }
  return folders;
}

/** Tries to remove each folder, children first: a folder with anything in it stays. */
function removeEmpty(folders: readonly string[]): void {
  // Synchronous: nothing else runs, and a call costs a tenth of a round through the thread pool.
  for (const dir of folders.toReversed()) {
    try {
      fs.rmdirSync(dir);
    } catch {
      // Not empty.
    }
  }
}

/**
 * Readies `outDir` (which must not exist) as Astro's output folder for a build with the cache
 * folder `cacheDir`: the site the last build replaced, emptied of its files, or a new folder with
 * the folders of the pages the cache holds (none for a cold build, `clean`).
 */
export function preparePageFolders(outDir: string, cacheDir: string, clean: boolean): PageFolders {
  let stopped = false;
  let work: Promise<string[]>;
  let recycled = false;
  if (!clean) {
    try {
      fs.renameSync(path.join(cacheDir, REPLACED_SITE), outDir);
      recycled = true;
    } catch {
      // None kept, or another build took it.
    }
  }
  if (recycled) work = emptyOfFiles(outDir, () => stopped);
  else {
    fs.mkdirSync(outDir);
    const folders = clean ? [] : foldersOf(path.resolve(outDir), cachedPagePaths(cacheDir));
    // One at a time: on one parent folder, folders made at once wait on each other anyway.
    work = (async () => {
      for (const dir of folders) {
        if (stopped) break;
        await fs.promises.mkdir(dir).catch(() => {});
      }
      return folders;
    })();
  }
  // Astro must not start before the old files are gone; folders being made are no hindrance.
  const ready = recycled ? work : Promise.resolve();
  return {
    ready: async () => void (await ready),
    removeUnused: async () => removeEmpty(await work),
    stop: () => void (stopped = true),
  };
}

/**
 * Keeps the site a build has just replaced (`old`, moved aside by the swap) in the cache folder,
 * for the next build to take (see above). False when it cannot be moved there (another file
 * system): it is then deleted as before.
 */
export function keepReplacedSite(old: string, cacheDir: string): boolean {
  const kept = path.join(cacheDir, REPLACED_SITE);
  try {
    // One kept at most: one left by a build that failed before taking it is dropped.
    fs.rmSync(kept, { recursive: true, force: true });
    fs.renameSync(old, kept);
    return true;
  } catch {
    return false;
  }
}
