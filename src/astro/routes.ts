import type { IndexKind } from '../lib/indexes.ts';
import { getSite } from './site.ts';

/**
 * Route helpers, so each family of pages is written once.
 */

/** One page per service, root cause, tag, year or severity: `[id]` is the group's id. */
export async function groupPaths(kind: IndexKind) {
  const site = await getSite();
  return site.groups[kind].map((group) => ({ params: { id: group.id }, props: { group, urls: site.urls } }));
}
