import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { staticPaths } from '../../../astro/routes.ts';
import { getSite } from '../../../astro/site.ts';
import { feedItems } from '../../../site/feed-items.ts';
import type { Group } from '../../../site/model.ts';
import type { Entry } from '../../../astro/site.ts';

/** One feed per service. */
export const getStaticPaths = staticPaths(({ groups }) => groups.services.map((group) => ({ params: { id: group.id }, props: { group } })));

export async function GET({ props }: APIContext<{ group: Group<Entry> }>) {
  const { settings } = await getSite();
  return rss({
    title: `${settings.title}: ${props.group.name} incidents`,
    description: `Postmortems of incidents that affected ${props.group.name}.`,
    site: settings.site,
    items: feedItems(props.group.entries, settings.base),
  });
}
