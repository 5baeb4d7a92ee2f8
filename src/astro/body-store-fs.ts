import fs from 'node:fs';
import path from 'node:path';

/**
 * The bodies of the postmortems Astro builds, kept out of Astro's content store. The store is
 * inlined into the server bundle as one string and parsed again before the pages render, so
 * every byte in it costs memory several times over and is paid on every build, even when no
 * page renders. The loader writes the bodies here instead, and an incident page reads its own
 * body only when it renders: an unchanged page skipped by an incremental build reads nothing.
 *
 * One JSON file beside Astro's cache (one folder per content folder and edition for
 * `npm run build`), written whole and renamed into place, so a reader never sees half of it.
 * Each body carries the digest of the store entry it belongs to: a page whose entry and body
 * disagree (another process rewrote the file) fails loudly instead of showing the wrong text.
 */

/** One stored body. */
export interface StoredBody {
  /** The digest of the content-store entry (data and body) this body belongs to. */
  digest: string;
  /** Whether the body is MDX (from a `.mdx` file) rather than Markdown. */
  mdx: boolean;
  body: string;
}

const FILE = 'hindsight-bodies.json';

/** Astro's cache folder when the build names none; astro.config.mjs uses the same. */
export const DEFAULT_CACHE_DIR = './node_modules/.astro';

/** The body store of a build whose Astro cache is `cacheDir` (relative to the project, as Astro resolves it). */
export function bodyStoreFile(cacheDir = DEFAULT_CACHE_DIR, root = process.cwd()): string {
  return path.resolve(root, cacheDir, FILE);
}

/** Replaces the body store with `bodies`, by id. */
export function writeBodyStore(file: string, bodies: Record<string, StoredBody>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(bodies));
  fs.renameSync(temporary, file);
}

let loaded: { file: string; stamp: string; bodies: Record<string, StoredBody> } | undefined;

/** The body of entry `id`, checked against the entry's digest; read once per version of the file. */
export function readStoredBody(file: string, id: string, digest: string | number | undefined): StoredBody {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new Error(`the postmortem bodies were not written (${file} is missing): run the build again`);
  const stamp = `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
  if (loaded?.file !== file || loaded.stamp !== stamp) {
    loaded = { file, stamp, bodies: JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, StoredBody> };
  }
  const stored = Object.hasOwn(loaded.bodies, id) ? loaded.bodies[id] : undefined;
  if (!stored || stored.digest !== String(digest)) {
    throw new Error(`the body of ${id} in ${file} is not the one its content entry was stored with: another build may have replaced it`);
  }
  return stored;
}
