/**
 * The search index in parts. Pagefind cannot update an index: it reads every page again and
 * holds the whole index in memory until it writes it (about 150 MB per 1,000 pages). So the
 * incident pages are indexed in parts: the newest year on its own, the years before it packed
 * in runs of consecutive years of at most `SHARD_PAGES` pages. A build indexes again only the
 * parts whose pages changed (a new postmortem lands in the newest year's), and each Pagefind
 * run holds one part. An archive of up to half `SHARD_PAGES` postmortems is one part. The
 * search page searches every part and merges the results (src/scripts/search.ts).
 *
 * Parts follow the search's date order (the UTC time an incident started, the key results are
 * sorted by), newest first, so results sorted by date are the parts' own sorted results one
 * after the other. The newest part is Pagefind's usual bundle at `pagefind/`; each older one is a
 * bundle of its own in `pagefind/<name>/`.
 */

/**
 * Pages per part, at most: Pagefind holds about 600 MB for 5,000 pages, and a reader's first
 * query loads each part's runtime, wasm and metadata (about 150 KB), so parts are few and large.
 */
export const SHARD_PAGES = 5000;

/** One part of the search index. */
export interface SearchShard {
  /** Its folder below `pagefind/`: '' for the newest part, else its span, e.g. `2016-2017` or `2024-03`. */
  dir: string;
  /** The slugs of the incident pages it indexes, in date order. */
  slugs: string[];
}

/** What a part is made of: a year, or a month of a year with more pages than a part holds. */
interface Unit {
  key: string;
  slugs: string[];
}

/** The sort key's UTC year (or year and month), as `searchRecord` sorts: `new Date(started).toISOString()`. */
const utc = (started: string) => new Date(started).toISOString();

/** Years, and the months of any year too large for one part, oldest first. */
function units(pages: readonly { slug: string; started: string }[], limit: number): Unit[] {
  const sorted = pages.map((p) => ({ slug: p.slug, at: utc(p.started) })).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const group = (list: typeof sorted, length: number) => {
    const byKey = new Map<string, string[]>();
    for (const page of list) {
      const key = page.at.slice(0, length);
      const slugs = byKey.get(key) ?? byKey.set(key, []).get(key)!;
      slugs.push(page.slug);
    }
    return byKey;
  };
  return [...group(sorted, 4)].flatMap(([year, slugs]) =>
    slugs.length <= limit
      ? [{ key: year, slugs }]
      : [
          ...group(
            sorted.filter((p) => p.at.startsWith(year)),
            7,
          ),
        ].map(([key, month]) => ({ key, slugs: month })),
  );
}

/**
 * The parts of the index for these pages, newest first. The newest year (or month) is a part of
 * its own, where new postmortems land; the years before it are packed from the oldest while a
 * part stays within `limit` pages, so earlier parts change only when older pages do.
 */
export function searchShards(pages: readonly { slug: string; started: string }[], limit = SHARD_PAGES): SearchShard[] {
  // An archive that fits in half a part is one part, indexed whole on every change (about 2 s at 2,500).
  if (pages.length <= limit / 2) return pages.length ? [{ dir: '', slugs: units(pages, limit).flatMap((unit) => unit.slugs) }] : [];
  const all = units(pages, limit);
  const newest = all.pop();
  const parts: Unit[][] = [];
  let size = 0;
  for (const unit of all) {
    const last = parts.at(-1);
    if (last && size + unit.slugs.length <= limit) {
      last.push(unit);
      size += unit.slugs.length;
    } else {
      parts.push([unit]);
      size = unit.slugs.length;
    }
  }
  if (newest) parts.push([newest]);
  return parts.reverse().map((part, i) => ({
    dir: i === 0 ? '' : part.length === 1 ? part[0]!.key : `${part[0]!.key}-${part.at(-1)!.key}`,
    slugs: part.flatMap((unit) => unit.slugs),
  }));
}

/** Facet value counts, as Pagefind reports them. */
export type FacetCounts = Record<string, Record<string, number>>;

/** One part's answer to a search, as Pagefind gives it. */
export interface PartSearch<R extends { score: number }> {
  results: R[];
  filters: FacetCounts;
}

/** The parts' facet counts added up. */
export function mergeCounts(parts: readonly FacetCounts[]): FacetCounts {
  const merged: FacetCounts = {};
  for (const counts of parts) {
    for (const [facet, values] of Object.entries(counts)) {
      const into = (merged[facet] ??= {});
      for (const [value, count] of Object.entries(values)) into[value] = (into[value] ?? 0) + count;
    }
  }
  return merged;
}

/**
 * The parts' answers as one. Sorted by date, each part's results are in order and the parts are
 * newest first, so they follow one another; by relevance, by score, as Pagefind's own
 * `mergeIndex` merges (a tie keeps the newer part first). The facet counts add up.
 */
export function mergeParts<R extends { score: number }>(parts: readonly PartSearch<R>[], byDate: boolean): PartSearch<R> {
  const results = parts.flatMap((part) => part.results);
  if (!byDate) results.sort((a, b) => b.score - a.score);
  return { results, filters: mergeCounts(parts.map((part) => part.filters)) };
}
