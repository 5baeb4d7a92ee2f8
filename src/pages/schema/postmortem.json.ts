import { getSite } from '../../astro/site.ts';
import { frontmatterJsonSchema } from '../../format/json-schema.ts';

/** The JSON Schema of the frontmatter, at a stable URL, for editors and other tools. */
export async function GET() {
  const { registries } = await getSite();
  return new Response(JSON.stringify(frontmatterJsonSchema(registries), null, 2), { headers: { 'Content-Type': 'application/schema+json' } });
}
