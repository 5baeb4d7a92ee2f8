import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getCollection } from 'astro:content';
import { config } from '../../hindsight.config.ts';
import { feedItems } from '../lib/feed-items.ts';

/** The site-wide feed: the fifty newest published postmortems. */
export async function GET(context: APIContext) {
  return rss({
    title: `${config.title}: ${config.organisation} postmortems`,
    description: `Incident postmortems of ${config.organisation}, newest first.`,
    site: context.site ?? config.site,
    items: feedItems(await getCollection('postmortems'), import.meta.env.BASE_URL),
  });
}
