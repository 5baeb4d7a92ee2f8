import { getCollection } from 'astro:content';
import { frontmatterJsonSchema } from '../../lib/json-schema.ts';

/** The JSON Schema of the frontmatter, at a stable URL, for editors and other tools. */
export async function GET() {
  const [services, rootCauses, severities] = await Promise.all([getCollection('services'), getCollection('rootCauses'), getCollection('severities')]);
  const schema = frontmatterJsonSchema({ services: services.map((s) => s.data), rootCauses: rootCauses.map((r) => r.data), severities: severities.map((s) => s.data) });
  return new Response(JSON.stringify(schema, null, 2), { headers: { 'Content-Type': 'application/schema+json' } });
}
