import { describe, expect, it } from 'vitest';
import { mergeParts, searchShards, type PartSearch } from '../../src/site/search-shards.ts';

/** `n` postmortems started on consecutive days from `from` (UTC). */
function pages(from: string, n: number, prefix = 'p') {
  const start = Date.parse(`${from}T12:00:00Z`);
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(start + i * 86_400_000).toISOString();
    return { slug: `${at.slice(0, 10)}-${prefix}${i}`, started: at };
  });
}

const sizes = (shards: ReturnType<typeof searchShards>) => shards.map((s) => [s.dir, s.slugs.length]);

describe('searchShards', () => {
  it('keeps an archive that fits in half a part as one part, at pagefind/ itself, in date order', () => {
    const all = [...pages('2024-01-01', 5), ...pages('2020-06-01', 3)];
    const shards = searchShards(all, 16);
    expect(sizes(shards)).toEqual([['', 8]]);
    expect(shards[0]!.slugs[0]).toBe('2020-06-01-p0');
    expect(sizes(searchShards(all, 15))).toEqual([
      ['', 5],
      ['2020', 3],
    ]);
    expect(searchShards([], 10)).toEqual([]);
  });

  it('gives the newest year a part of its own and packs the years before it from the oldest', () => {
    const all = [
      ...pages('2020-01-01', 4),
      ...pages('2021-01-01', 4),
      ...pages('2022-01-01', 4),
      ...pages('2023-01-01', 4),
      ...pages('2024-01-01', 3),
    ];
    expect(sizes(searchShards(all, 8))).toEqual([
      ['', 3],
      ['2022-2023', 8],
      ['2020-2021', 8],
    ]);
  });

  it('changes only the newest part when a postmortem is added to the newest year', () => {
    const before = [...pages('2020-01-01', 6), ...pages('2021-01-01', 6), ...pages('2022-01-01', 6), ...pages('2023-03-01', 2)];
    const after = [...before, { slug: '2023-09-09-added', started: '2023-09-09T08:00:00Z' }];
    const [a, b] = [searchShards(before, 10), searchShards(after, 10)];
    expect(b.slice(1)).toEqual(a.slice(1));
    expect(b[0]!.slugs).toEqual([...a[0]!.slugs, '2023-09-09-added']);
  });

  it('splits a year larger than a part into months', () => {
    const all = [...pages('2022-05-01', 2), ...pages('2023-01-01', 70)];
    const shards = searchShards(all, 40);
    expect(sizes(shards)).toEqual([
      ['', 11],
      ['2023-02', 28],
      ['2022-2023-01', 33],
    ]);
    // Every page once, in some part.
    expect(shards.flatMap((s) => s.slugs).sort()).toEqual(all.map((p) => p.slug).sort());
  });

  it('sorts by the UTC start, the key search results are sorted by, not the local date in the slug', () => {
    // Started on New Year's Eve in New York: 2024 in UTC.
    const late = { slug: '2023-12-31-late', started: '2023-12-31T21:00-05:00' };
    const all = [...pages('2022-01-01', 3), ...pages('2023-01-01', 3), ...pages('2024-02-01', 3), late];
    const [newest] = searchShards(all, 5);
    expect(newest!.slugs[0]).toBe('2023-12-31-late');
  });
});

describe('mergeParts', () => {
  const r = (id: string, score: number) => ({ id, score });

  it("orders by score for relevance, the newer part first on a tie, and keeps each part's order by date", () => {
    const parts = [
      { results: [r('new-a', 1), r('new-b', 5)], filters: {} },
      { results: [r('old-a', 5), r('old-b', 9)], filters: {} },
    ];
    expect(mergeParts(parts, false).results.map((x) => x.id)).toEqual(['old-b', 'new-b', 'old-a', 'new-a']);
    expect(mergeParts(parts, true).results.map((x) => x.id)).toEqual(['new-a', 'new-b', 'old-a', 'old-b']);
  });

  it('adds up facet counts', () => {
    const parts: PartSearch<{ score: number }>[] = [
      { results: [], filters: { service: { api: 2, db: 1 } } },
      { results: [], filters: { service: { api: 3 }, year: { '2020': 4 } } },
      { results: [], filters: {} },
    ];
    expect(mergeParts(parts, true).filters).toEqual({ service: { api: 5, db: 1 }, year: { '2020': 4 } });
  });
});
