import type { IndexKind } from '../site/indexes.ts';
import { withCacheKeys } from '../site/cache-keys.ts';
import { listPageUrl, pagedList, type ListPage } from '../site/paging.ts';
import { getSite, type Site } from './site.ts';

/**
 * Route helpers, so each family of pages is written once.
 */

/**
 * A route's `getStaticPaths` from a mapping of the site model to paths. Every path gets a
 * `cacheKey` covering its props and the settings, so an incremental build renders a page again
 * only when something it shows has changed (src/site/cache-keys.ts). Paged lists use
 * `listPaths`, not Astro's `paginate`, whose every page carries the list's total.
 */
export function staticPaths<P extends { params: Record<string, string | number | undefined>; props?: Record<string, unknown> }>(
  paths: (site: Site) => P[],
) {
  return async () => {
    const site = await getSite();
    return withCacheKeys(paths(site), site.pageKey);
  };
}

/** One page per service, root cause, tag, year or severity: `[id]` is the group's id. */
export async function groupPaths(kind: IndexKind) {
  const site = await getSite();
  return withCacheKeys(
    site.groups[kind].map((group) => ({ params: { id: group.id }, props: { group, urls: site.urls } })),
    site.pageKey,
  );
}

/** What one paged list's paths are made of (see `listPaths`). */
interface ListOptions<Params, Props, First> {
  /** Items on a page (the first page holds between half and one and a half times as many). */
  size: number;
  /** The URL of the list's first page. */
  url: string;
  params?: Params;
  /** Props of every page. */
  props: Props;
  /** Props of the first page only: whatever depends on the whole list (totals, counts). */
  first?: First;
}

/**
 * The paths of one paged list (src/site/paging.ts) for a `[...page]` route: no page parameter
 * for the first page, then 2, 3… Only the first page gets `first`, so the later pages keep
 * their cache keys when an incident is added.
 */
export function listPaths<
  T,
  Params extends Record<string, string> = Record<never, string>,
  Props extends object = object,
  First extends object = object,
>(items: readonly T[], { size, url, params, props, first }: ListOptions<Params, Props, First>) {
  return pagedList(items, size, (n) => listPageUrl(url, n)).map((page) => ({
    params: { ...params, page: page.currentPage === 1 ? undefined : String(page.currentPage) } as Params & { page: string | undefined },
    props: { ...props, ...(page.currentPage === 1 ? first : undefined), page } as Props & Partial<First> & { page: ListPage<T> },
  }));
}
