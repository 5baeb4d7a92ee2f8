import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getCollection } from 'astro:content';
import { settings } from '../config/settings.ts';
import { feedItems } from '../lib/feed-items.ts';

/** The site-wide feed: the fifty newest published postmortems. */
export async function GET(context: APIContext) {
  return rss({
    title: `${settings().title}: ${settings().organisation} postmortems`,
    description: `Incident postmortems of ${settings().organisation}, newest first.`,
    site: context.site ?? settings().site,
    items: feedItems(await getCollection('postmortems'), import.meta.env.BASE_URL),
  });
}
