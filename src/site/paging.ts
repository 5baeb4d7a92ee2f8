/**
 * Paged lists (the archive and the ledger with its filters) whose pages stay put as incidents are
 * added. A list is shown newest first, but its pages are cut from the oldest end: every page
 * after the first holds a fixed run of `size` items, and the first page holds the rest, between
 * half and one and a half times `size`. Adding the newest incident then changes the first page
 * only, so an incremental build renders one page of each list again instead of all of them; every
 * `size` additions the list gains a page and its pages are numbered again.
 *
 * For the same reason a later page shows nothing that depends on the whole list: its total (and
 * the ledger's counts) are on the first page only.
 */

/** One page of a paged list, as its page renders it (and as its cache key covers it). */
export interface ListPage<T> {
  /** The items on this page, newest first. */
  data: T[];
  /** 1 for the list's first page (the newest items). */
  currentPage: number;
  lastPage: number;
  /** How many items the whole list holds: on the first page only. */
  total?: number;
  /** The list's first page, and the pages before (newer) and after (older) this one. */
  url: { first: string; prev?: string; next?: string };
}

/**
 * Cuts a newest-first list into pages of `size` (see above). `href(n)` is the URL of page `n`;
 * an empty list has one empty page.
 */
export function pagedList<T>(items: readonly T[], size: number, href: (page: number) => string): ListPage<T>[] {
  const lastPage = Math.max(1, Math.round(items.length / size));
  const first = items.length - (lastPage - 1) * size;
  return Array.from({ length: lastPage }, (_, index): ListPage<T> => {
    const start = index === 0 ? 0 : first + (index - 1) * size;
    const end = index === 0 ? first : start + size;
    const url: ListPage<T>['url'] = { first: href(1) };
    if (index > 0) url.prev = href(index);
    if (index < lastPage - 1) url.next = href(index + 2);
    return {
      data: items.slice(start, end),
      currentPage: index + 1,
      lastPage,
      ...(index === 0 ? { total: items.length } : {}),
      url,
    };
  });
}

/** The URL of page `n` of a list whose first page is at `first` (…/, …/2/, …/3/). */
export function listPageUrl(first: string, page: number): string {
  return page === 1 ? first : `${first}${page}/`;
}
