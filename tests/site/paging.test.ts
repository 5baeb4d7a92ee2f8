import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listPageUrl, pagedList } from '../../src/site/paging.ts';

const href = (n: number) => listPageUrl('/list/', n);
/** A newest-first list of `n` items: the highest number is the newest. */
const list = (n: number) => Array.from({ length: n }, (_, i) => n - i);

describe('pagedList', () => {
  it('gives an empty list one empty page, and a short one a single page with its total', () => {
    expect(pagedList([], 50, href)).toEqual([{ data: [], currentPage: 1, lastPage: 1, total: 0, url: { first: '/list/' } }]);
    expect(pagedList(list(74), 50, href)).toHaveLength(1);
    expect(pagedList(list(75), 50, href)).toHaveLength(2);
  });

  it('cuts later pages from the oldest end: fixed runs of the page size, the rest on the first page', () => {
    const pages = pagedList(list(1234), 100, href);
    expect(pages.map((p) => p.data.length)).toEqual([134, ...Array<number>(11).fill(100)]);
    expect(pages.at(-1)!.data.at(-1)).toBe(1);
    expect(pages[1]!.data[0]).toBe(1234 - 134);
    expect(pages.map((p) => p.total)).toEqual([1234, ...Array<undefined>(11).fill(undefined)]);
    expect(pages[0]!.url).toEqual({ first: '/list/', next: '/list/2/' });
    expect(pages[1]!.url).toEqual({ first: '/list/', prev: '/list/', next: '/list/3/' });
    expect(pages.at(-1)!.url).toEqual({ first: '/list/', prev: '/list/11/' });
    expect(pages.map((p) => [p.currentPage, p.lastPage])).toEqual(pages.map((_, i) => [i + 1, 12]));
  });

  it('holds every item once, in order, with a first page of half to one and a half pages', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 120 }), (n, size) => {
        const pages = pagedList(list(n), size, href);
        expect(pages.flatMap((p) => p.data)).toEqual(list(n));
        expect(pages.slice(1).every((p) => p.data.length === size)).toBe(true);
        if (n >= size / 2) {
          expect(pages[0]!.data.length).toBeGreaterThanOrEqual(size / 2);
          expect(pages[0]!.data.length).toBeLessThan(1.5 * size);
        }
      }),
    );
  });

  it('changes only the first page when newer items are added, until the list gains a page', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 200 }),
        (n, size, added) => {
          const before = pagedList(list(n), size, href);
          const after = pagedList(list(n + added), size, href);
          if (after.length !== before.length) return;
          expect(after.slice(1)).toEqual(before.slice(1));
          expect(after[0]!.data.slice(added)).toEqual(before[0]!.data);
        },
      ),
    );
  });
});
