import { urls } from './urls.ts';
import { byNewest } from './archive.ts';
import { durations } from '../format/durations.ts';
import type { Postmortem } from '../format/schema.ts';

/**
 * What the feeds and postmortems.json say about each postmortem, computed once from its data:
 * the site's pages link to the same URLs.
 */

interface Entry {
  id: string;
  data: Postmortem;
}

export interface FeedItem {
  title: string;
  link: string;
  pubDate: Date;
  description: string;
  categories: string[];
}

/** The newest `limit` postmortems as RSS items, dated by their start. */
export function feedItems(entries: readonly Entry[], base: string, limit = 50): FeedItem[] {
  return byNewest(entries)
    .slice(0, limit)
    .map((e) => ({
      title: `[${e.data.severity}] ${e.data.title}`,
      link: urls(base).incident(e.id),
      pubDate: new Date(e.data.started),
      description: e.data.summary,
      categories: [...e.data.services, ...e.data.rootCauses],
    }));
}

/**
 * Every postmortem's frontmatter, with its computed durations (milliseconds) and URL, newest
 * first. `related` keeps only postmortems in the archive: a draft's slug is not published.
 * `allow` (the findings reviewers accepted, and why) is review metadata and stays out.
 */
export function archiveJson(entries: readonly Entry[], site: URL) {
  const visible = new Set(entries.map((e) => e.id));
  return {
    generator: 'Hindsight',
    count: entries.length,
    postmortems: byNewest(entries).map(({ id, data: { allow: _reviewed, ...data } }) => ({
      slug: id,
      url: new URL(`postmortems/${id}/`, site).href,
      durations: durations(data),
      ...data,
      ...(data.related && { related: data.related.filter((slug) => visible.has(slug)) }),
    })),
  };
}

/**
 * `archiveJson` as compact JSON text, in pieces of `batch` postmortems: at 10,000 postmortems the
 * file is about 20 MB, and one string of it (and its encoding, and Astro's copy of the response)
 * would add a few hundred MB to the build's largest process at once.
 */
export function* archiveJsonPieces(entries: readonly Entry[], site: URL, batch = 200): Generator<string> {
  const { postmortems, ...head } = archiveJson(entries, site);
  yield `${JSON.stringify(head).slice(0, -1)},"postmortems":[`;
  for (let i = 0; i < postmortems.length; i += batch) {
    yield (
      (i ? ',' : '') +
      postmortems
        .slice(i, i + batch)
        .map((p) => JSON.stringify(p))
        .join(',')
    );
  }
  yield ']}';
}
