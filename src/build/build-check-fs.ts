import fs from 'node:fs';
import path from 'node:path';
import type { SearchShard } from '../site/search-shards.ts';

/**
 * Checks on a built site, run before it replaces dist/: every visible postmortem has its page
 * and its search-index entry, and no other incident page exists (nothing lost, nothing leaked).
 */

export function incidentPageSlugs(outDir: string): string[] {
  const dir = path.join(outDir, 'postmortems');
  if (!fs.existsSync(dir)) return [];
  return (
    fs
      .readdirSync(dir, { withFileTypes: true })
      // Slugs start with their date; /postmortems/2/ and the like are the archive's pages.
      .filter((d) => d.isDirectory() && /^\d{4}-\d{2}-\d{2}-/.test(d.name) && fs.existsSync(path.join(dir, d.name, 'index.html')))
      .map((d) => d.name)
  );
}

/** Pages in the Pagefind bundle in `dir` (the newest part of the index, or an older one's folder), summed over languages. */
function bundleCount(dir: string): number | undefined {
  const entry = path.join(dir, 'pagefind-entry.json');
  if (!fs.existsSync(entry)) return undefined;
  const json = JSON.parse(fs.readFileSync(entry, 'utf8')) as { languages?: Record<string, { page_count?: number }> };
  return Object.values(json.languages ?? {}).reduce((sum, l) => sum + (l.page_count ?? 0), 0);
}

/** Pages in the search index, over all its parts (src/site/search-shards.ts); undefined when there is none. */
export function searchIndexCount(outDir: string): number | undefined {
  const root = path.join(outDir, 'pagefind');
  const newest = bundleCount(root);
  if (newest === undefined) return undefined;
  const older = fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && /^\d{4}/.test(d.name));
  return older.reduce((sum, d) => sum + (bundleCount(path.join(root, d.name)) ?? 0), newest);
}

/** Every visible postmortem has its page and no other incident page exists; each part of the search index holds its pages. */
export function checkBuild(outDir: string, shards: readonly SearchShard[]): string[] {
  const problems: string[] = [];
  const pages = new Set(incidentPageSlugs(outDir));
  const expected = new Set(shards.flatMap((shard) => shard.slugs));
  for (const slug of expected) if (!pages.has(slug)) problems.push(`no page for postmortem ${slug}`);
  for (const slug of pages) if (!expected.has(slug)) problems.push(`a page exists for ${slug}, which is not a visible postmortem`);
  const indexed = searchIndexCount(outDir);
  if (indexed !== undefined && indexed !== expected.size) {
    problems.push(`the search index has ${indexed} entries for ${expected.size} postmortems`);
  }
  // The total agrees; each part must too (a page indexed in the wrong part would be searched twice or never).
  for (const shard of indexed === expected.size ? shards : []) {
    const count = bundleCount(path.join(outDir, 'pagefind', shard.dir));
    if (count !== shard.slugs.length) {
      problems.push(
        `the search index's part ${shard.dir || '(newest)'} has ${count ?? 'no'} entries for ${shard.slugs.length} postmortems`,
      );
    }
  }
  return problems;
}
