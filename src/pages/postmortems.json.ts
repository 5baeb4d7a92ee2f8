import { getSite } from '../astro/site.ts';
import { archiveJsonPieces } from '../site/feed-items.ts';

/** Every published postmortem's frontmatter, computed durations and URL, for other tools. */
export async function GET() {
  const { archive, settings } = await getSite();
  const site = new URL(settings.base, settings.site);
  const pieces = archiveJsonPieces(archive, site);
  const encoder = new TextEncoder();
  // A stream of pieces, not one string: see archiveJsonPieces.
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'application/json' } });
}
