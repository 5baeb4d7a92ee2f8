import { createHash } from 'node:crypto';
import type { SiteEntry, SiteSettings } from './model.ts';

/**
 * Cache keys for incremental builds. Astro skips a page from `getStaticPaths` when its
 * `cacheKey` and its code (the hash of its module graph) match the previous build, and takes
 * the earlier output instead (src/astro/linked-restore-fs.ts). So a page's key must change whenever anything it renders changes:
 * it is the digest of everything the page gets as props, plus every setting. Nothing is listed
 * per page: what a page is given is what its key covers.
 *
 * An entry appearing in a page's props (the page of the incident, a group's members, an archive
 * page) counts by its own digest, computed once per build from the whole entry as the page sees
 * it: its data, its file path and its content digest (of its data and body, the body itself being
 * read only by its own page). So an index page's key changes when one of its members' titles
 * changes, and an incident page's when its neighbour's does.
 */

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/** A function giving a page's cache key from its props. */
export type PageKeyer = (props: unknown) => string;

/**
 * The cache-key function of one build. Functions in props (the URL helpers) are code, which
 * Astro's module-graph hash covers; what they are built from (the base path) is in the settings.
 * A Map or Set would be dropped by JSON and is refused, so a key can never silently miss data.
 */
export function pageKeyer(entries: readonly SiteEntry[], settings: SiteSettings): PageKeyer {
  let digests: WeakMap<object, string> | undefined;
  const entryDigest = (value: object) => {
    digests ??= new WeakMap(entries.map((entry) => [entry, `entry:${sha256(JSON.stringify(entry))}`]));
    return digests.get(value);
  };
  const prefix = JSON.stringify(settings);
  const replacer = (_key: string, value: unknown) => {
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Map || value instanceof Set)
      throw new Error(`cache key: props hold a ${value.constructor.name}, which JSON cannot show; pass an array or a plain object`);
    return entryDigest(value) ?? value;
  };
  return (props) => sha256(`${prefix}\n${JSON.stringify(props, replacer)}`);
}

/** Adds each path's cache key, from its props. */
export function withCacheKeys<P extends { props?: unknown }>(paths: readonly P[], key: PageKeyer): (P & { cacheKey: string })[] {
  return paths.map((path) => ({ ...path, cacheKey: key(path.props ?? {}) }));
}
