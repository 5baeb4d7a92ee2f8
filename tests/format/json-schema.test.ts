import { describe, expect, it } from 'vitest';
import { FIELDS, type FieldInfo } from '../../src/format/fields.ts';
import { fieldDescription, frontmatterJsonSchema } from '../../src/format/json-schema.ts';
import { parseRegistries } from '../../src/validate/validate.ts';
import { REGISTRIES } from '../helpers/content.ts';

/** The JSON Schema editors read: the zod schema's shape, the registry ids, and the field table's words. */

interface Node {
  description?: string;
  properties?: Record<string, Node>;
  items?: Node;
  enum?: string[];
}

const { registries } = parseRegistries(REGISTRIES);
const schema = frontmatterJsonSchema(registries) as Node;

/** The node of a field, by its path in the table (`timeline[].at`). */
function nodeAt(path: string): Node | undefined {
  let node: Node | undefined = schema;
  for (const segment of path.split('.')) {
    const key = segment.replace(/\[\]$/, '');
    node = node?.properties?.[key];
    if (segment !== key) node = node?.items;
  }
  return node;
}

describe('frontmatterJsonSchema', () => {
  it.each(Object.entries(FIELDS as Record<string, FieldInfo>))("describes %s with the field table's help and rule", (path, info) => {
    const description = nodeAt(path)?.description;
    expect(description).toBe(fieldDescription(info));
    expect(description?.startsWith(`${info.help} `)).toBe(true);
    expect(description?.toLowerCase()).toContain(info.rule.toLowerCase());
  });

  it('describes nothing the table does not name', () => {
    const described: string[] = [];
    const walk = (node: Node, path: string) => {
      if (node.description !== undefined) described.push(path);
      for (const [key, child] of Object.entries(node.properties ?? {})) walk(child, path ? `${path}.${key}` : key);
      if (node.items) walk(node.items, `${path}[]`);
    };
    walk(schema, '');
    expect(described).toEqual(Object.keys(FIELDS));
  });

  it('lists the registry ids, and keeps the description of the fields that hold them', () => {
    expect(schema.properties?.severity).toMatchObject({
      enum: ['SEV1', 'SEV2', 'SEV3', 'SEV4'],
      description: fieldDescription(FIELDS.severity),
    });
    expect(schema.properties?.services?.items?.enum).toEqual(['api-server', 'checkout-api']);
    expect(schema.properties?.rootCauses?.items?.enum).toEqual(['memory-leak', 'deploy']);
  });
});
