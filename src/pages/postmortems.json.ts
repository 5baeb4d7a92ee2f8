import { getSite } from '../astro/site.ts';
import { archiveJson } from '../site/feed-items.ts';

/** Every published postmortem's frontmatter, computed durations and URL, for other tools. */
export async function GET() {
  const { archive, settings } = await getSite();
  const site = new URL(settings.base, settings.site);
  return new Response(JSON.stringify(archiveJson(archive, site), null, 2), { headers: { 'Content-Type': 'application/json' } });
}
