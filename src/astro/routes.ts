import type { GetStaticPathsOptions } from 'astro';
import type { IndexKind } from '../site/indexes.ts';
import { withCacheKeys } from '../site/cache-keys.ts';
import { getSite, type Site } from './site.ts';

/**
 * Route helpers, so each family of pages is written once.
 */

/**
 * A route's `getStaticPaths` from a mapping of the site model to paths. Every path gets a
 * `cacheKey` covering its props and the settings, so an incremental build renders a page again
 * only when something it shows has changed (src/site/cache-keys.ts).
 */
export function staticPaths<P extends { params: Record<string, string | number | undefined>; props?: Record<string, unknown> }>(
  paths: (site: Site, options: GetStaticPathsOptions) => P[],
) {
  return async (options: GetStaticPathsOptions) => {
    const site = await getSite();
    return withCacheKeys(paths(site, options), site.pageKey);
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
