import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SearchShard } from '../site/search-shards.ts';

/**
 * The search index, part by part (src/site/search-shards.ts says why): Pagefind indexes each
 * part on its own, into `pagefind/` for the newest and `pagefind/<dir>/` for the others, from a
 * folder that holds only that part's pages (hard links to the built pages). A part whose pages
 * are byte for byte those of an earlier build, indexed by the same Pagefind with the same
 * arguments, is not indexed again: its files are taken from the cache kept between builds,
 * where each part sits in a folder named by the digest of all that. Pagefind writes the same
 * bytes for the same pages, so either way the output is what a cold build writes.
 */

/** A Pagefind run (its exit status). */
export interface IndexRun {
  status: number | null;
  output: string;
}

/** What `indexShards` needs: the built site, its parts, the cache, and how to run Pagefind on one part. */
export interface ShardIndexing {
  /** Astro's output: the pages, and where `pagefind/` goes. */
  site: string;
  shards: readonly SearchShard[];
  /** The cache of parts kept between builds; undefined for a build without one (indexes every part). */
  kept: string | undefined;
  /** A temporary folder for each part's pages. */
  work: string;
  /** Pagefind's version and arguments: a part indexed by another Pagefind, or otherwise, is indexed again. */
  identity: string;
  /** Runs Pagefind over `site` (a part's pages) into `output`. */
  pagefind: (site: string, output: string) => Promise<IndexRun>;
}

/** How an indexing went: a failed Pagefind run (the caller reports it), or how many parts were indexed and reused. */
export type ShardsIndexed = { failed: IndexRun } | { indexed: number; reused: number };

/** The incident page of a slug, relative to the site. */
const pageOf = (slug: string) => path.join('postmortems', slug, 'index.html');

/** The digest of a part: Pagefind's identity, and each page's slug and bytes. */
function shardDigest(site: string, shard: SearchShard, identity: string): string {
  const hash = createHash('sha256').update(identity);
  for (const slug of shard.slugs) {
    hash.update(`\0${slug}\0`);
    hash.update(
      createHash('sha256')
        .update(fs.readFileSync(path.join(site, pageOf(slug))))
        .digest(),
    );
  }
  return hash.digest('base64url');
}

/** Every file below `from`, but those under the top-level names in `skip`, hard-linked (or copied, across file systems) into `to`. */
function linkTree(from: string, to: string, skip: ReadonlySet<string> = new Set()) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true, recursive: true })) {
    const source = path.join(entry.parentPath, entry.name);
    const file = path.relative(from, source);
    if (!entry.isFile() || skip.has(file.split(path.sep)[0]!)) continue;
    const target = path.join(to, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    try {
      fs.linkSync(source, target);
    } catch {
      fs.copyFileSync(source, target);
    }
  }
}

/** A folder holding only the part's pages, as hard links, for Pagefind to read. */
function pagesOf(site: string, shard: SearchShard, dir: string) {
  for (const slug of shard.slugs) {
    const target = path.join(dir, pageOf(slug));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.linkSync(path.join(site, pageOf(slug)), target);
  }
}

/** Pagefind's own UI bundles (423 KB): the search page uses only its JS API. */
const UI_FILE = /^pagefind-(ui|modular-ui|component-ui|highlight)\./;

/**
 * Indexes every part into `site`/pagefind, reusing the kept parts whose digest matches; then
 * the cache keeps exactly this build's parts.
 */
export async function indexShards(job: ShardIndexing): Promise<ShardsIndexed> {
  const digests = job.shards.map((shard) => shardDigest(job.site, shard, job.identity));
  let [indexed, reused] = [0, 0];
  for (const [i, shard] of job.shards.entries()) {
    const output = path.join(job.site, 'pagefind', shard.dir);
    const keptPart = job.kept && path.join(job.kept, digests[i]!);
    // Each part's output folder is new, so the newest part's (pagefind/ itself) is indexed first.
    if (keptPart && fs.existsSync(keptPart) && !intact(keptPart)) fs.rmSync(keptPart, { recursive: true, force: true });
    if (keptPart && fs.existsSync(keptPart)) {
      linkTree(keptPart, output, new Set([MANIFEST]));
      reused++;
      continue;
    }
    const pages = path.join(job.work, `part-${i}`);
    pagesOf(job.site, shard, pages);
    const run = await job.pagefind(pages, output);
    fs.rmSync(pages, { recursive: true, force: true });
    if (run.status !== 0) return { failed: run };
    for (const file of fs.readdirSync(output)) if (UI_FILE.test(file)) fs.rmSync(path.join(output, file));
    if (keptPart) keepPart(output, keptPart, job.shards);
    indexed++;
  }
  if (job.kept) {
    const current = new Set(digests);
    for (const name of fs.readdirSync(job.kept))
      if (!current.has(name)) fs.rmSync(path.join(job.kept, name), { recursive: true, force: true });
  }
  return { indexed, reused };
}

/** The list of a kept part's files with their size and modification time, beside them. */
const MANIFEST = 'hindsight-part.json';

type Manifest = Record<string, [size: number, mtimeMs: number]>;

/** The size and modification time of every file below `dir` but the manifest. */
function fileStamps(dir: string): Manifest {
  const stamps: Manifest = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.relative(dir, path.join(entry.parentPath, entry.name));
    if (!entry.isFile() || file === MANIFEST) continue;
    const stat = fs.statSync(path.join(dir, file));
    stamps[file] = [stat.size, stat.mtimeMs];
  }
  return stamps;
}

/**
 * Whether a kept part is as it was kept. Its files are hard links shared with published sites,
 * so a file written over in place in an output folder would change it here too: such a part is
 * dropped and indexed again.
 */
function intact(keptPart: string): boolean {
  try {
    const kept = JSON.parse(fs.readFileSync(path.join(keptPart, MANIFEST), 'utf8')) as Manifest;
    const now = fileStamps(keptPart);
    return (
      Object.keys(kept).length === Object.keys(now).length &&
      Object.entries(kept).every(([file, [size, mtime]]) => now[file]?.[0] === size && now[file]?.[1] === mtime)
    );
  } catch {
    return false;
  }
}

/** Keeps a freshly indexed part (without the older parts nested in the newest part's folder), whole or not at all. */
function keepPart(output: string, keptPart: string, shards: readonly SearchShard[]) {
  const partial = `${keptPart}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  linkTree(output, partial, new Set(shards.map((shard) => shard.dir).filter(Boolean)));
  fs.writeFileSync(path.join(partial, MANIFEST), JSON.stringify(fileStamps(partial)));
  fs.renameSync(partial, keptPart);
}
