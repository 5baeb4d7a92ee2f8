import { z } from 'zod';
import { contextFromRegistries, createPostmortemSchema, type Registries } from './schema.ts';

/**
 * A JSON Schema of the postmortem frontmatter, generated from the zod schema (its input side:
 * what an author writes). Registry ids become enums, so editors complete them. Rules that span
 * fields (time order, sections) are the validator's; the schema covers shape and values.
 */
export function frontmatterJsonSchema(registries: Registries): Record<string, unknown> {
  const context = contextFromRegistries(registries, [], 'UTC');
  const schema = z.toJSONSchema(createPostmortemSchema(context), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> & {
    properties: Record<string, Record<string, unknown>>;
  };
  const ids = (list: readonly { id: string }[]) => ({ type: 'string', enum: list.map((item) => item.id) });
  schema.properties.severity = { ...schema.properties.severity, ...ids(registries.severities) };
  schema.properties.services = { ...schema.properties.services, items: ids(registries.services) };
  schema.properties.rootCauses = { ...schema.properties.rootCauses, items: ids(registries.rootCauses) };
  return { $id: 'postmortem.json', title: 'Hindsight postmortem frontmatter', ...schema };
}
