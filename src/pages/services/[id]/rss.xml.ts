import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getCollection } from 'astro:content';
import { settings } from '../../../config/settings.ts';
import { feedItems } from '../../../lib/feed-items.ts';

/** One feed per service. */
export async function getStaticPaths() {
  const [postmortems, services] = await Promise.all([getCollection('postmortems'), getCollection('services')]);
  return services.map((service) => ({ params: { id: service.id }, props: { name: service.data.name, entries: postmortems.filter((p) => p.data.services.includes(service.id)) } }));
}

export async function GET(context: APIContext) {
  const { name, entries } = context.props as { name: string; entries: Parameters<typeof feedItems>[0] };
  return rss({
    title: `${settings().title}: ${name} incidents`,
    description: `Postmortems of incidents that affected ${name}.`,
    site: context.site ?? settings().site,
    items: feedItems(entries, import.meta.env.BASE_URL),
  });
}
