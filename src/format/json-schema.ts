import { z } from 'zod';
import { FIELDS, type FieldInfo } from './fields.ts';
import { contextFromRegistries, createPostmortemSchema, type Registries } from './schema.ts';

/**
 * A JSON Schema of the postmortem frontmatter, generated from the zod schema (its input side:
 * what an author writes). Registry ids become enums, so editors complete them, and each field
 * says what it means and what it allows (fields.ts), so editors show it. Rules that span fields
 * (time order, sections) are the validator's; the schema covers shape and values.
 */
export function frontmatterJsonSchema(registries: Registries): Record<string, unknown> {
  const context = contextFromRegistries(registries, [], 'UTC');
  const schema = z.toJSONSchema(createPostmortemSchema(context), { io: 'input', unrepresentable: 'any' }) as JsonNode;
  const properties = schema.properties!;
  const ids = (list: readonly { id: string }[]) => ({ type: 'string', enum: list.map((item) => item.id) });
  properties.severity = { ...properties.severity, ...ids(registries.severities) };
  properties.services = { ...properties.services, items: ids(registries.services) };
  properties.rootCauses = { ...properties.rootCauses, items: ids(registries.rootCauses) };
  let described = schema;
  for (const [path, info] of Object.entries(FIELDS as Record<string, FieldInfo>)) described = describe(described, path.split('.'), info);
  return { $id: 'postmortem.json', title: 'Hindsight postmortem frontmatter', ...described };
}

interface JsonNode {
  [key: string]: unknown;
  properties?: Record<string, JsonNode>;
  items?: JsonNode;
}

/** What a field's description says: what it means, then what it allows. */
export const fieldDescription = (info: FieldInfo) => `${info.help} ${info.rule.charAt(0).toUpperCase()}${info.rule.slice(1)}.`;

/**
 * The node with a description on the field at `segments` (`timeline[]`, `at`), written first.
 * Copies every node on the way: zod may give several fields one object.
 */
function describe(node: JsonNode, segments: readonly string[], info: FieldInfo): JsonNode {
  const [segment, ...rest] = segments;
  if (segment === undefined) return { description: fieldDescription(info), ...node };
  const key = segment.replace(/\[\]$/, '');
  const child = node.properties?.[key];
  if (!child) throw new Error(`the JSON Schema has no field ${segments.join('.')}`);
  const described = segment === key ? describe(child, rest, info) : { ...child, items: describe(child.items!, rest, info) };
  return { ...node, properties: { ...node.properties, [key]: described } };
}
