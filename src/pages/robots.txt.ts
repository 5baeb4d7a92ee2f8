import { getSite } from '../astro/site.ts';
import { settings } from '../config/settings.ts';

/**
 * robots.txt: the internal edition asks every crawler to stay out; the public edition welcomes
 * them and names its sitemap.
 */
export async function GET() {
  const { edition, sitemap } = settings();
  const { settings: site } = await getSite();
  const text =
    edition === 'internal'
      ? 'User-agent: *\nDisallow: /\n'
      : `User-agent: *\nAllow: /\n${sitemap ? `\nSitemap: ${new URL(`${site.base}sitemap-index.xml`, site.site).href}\n` : ''}`;
  return new Response(text, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
