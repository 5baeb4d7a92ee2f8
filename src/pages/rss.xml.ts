import rss from '@astrojs/rss';
import { getSite } from '../astro/site.ts';
import { feedItems } from '../site/feed-items.ts';

/** The site-wide feed: the fifty newest published postmortems. */
export async function GET() {
  const { archive, settings } = await getSite();
  return rss({
    title: `${settings.title}: ${settings.organisation} postmortems`,
    description: `Incident postmortems of ${settings.organisation}, newest first.`,
    site: settings.site,
    items: feedItems(archive, settings.base),
  });
}
