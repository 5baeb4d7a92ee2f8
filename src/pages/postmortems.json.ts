import type { APIContext } from 'astro';
import { getCollection } from 'astro:content';
import { settings } from '../config/settings.ts';
import { archiveJson } from '../lib/feed-items.ts';

/** Every published postmortem's frontmatter, computed durations and URL, for other tools. */
export async function GET(context: APIContext) {
  const site = new URL(import.meta.env.BASE_URL, context.site ?? settings().site);
  return new Response(JSON.stringify(archiveJson(await getCollection('postmortems'), site), null, 2), { headers: { 'Content-Type': 'application/json' } });
}
