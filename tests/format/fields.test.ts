import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FIELDS, fieldInfo, KNOWN_KEYS, PROSE_FIELDS, REGISTRY_FIELDS, valuesAt, type FieldInfo } from '../../src/format/fields.ts';
import { createPostmortemSchema, registrySchemas, type RegistryName } from '../../src/format/schema.ts';

/** The field table (fields.ts) and the zod schema (schema.ts) name the same fields, and agree on what each requires and allows. */

interface ZodField {
  path: string;
  optional: boolean;
  values?: readonly string[];
}

/** Every field of an object schema and below it, as the table names them (`timeline[].at`). */
function zodFields(schema: z.ZodType, prefix = ''): ZodField[] {
  if (schema instanceof z.ZodPipe) return zodFields(schema.in as z.ZodType, prefix);
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, field]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    const optional = field instanceof z.ZodOptional;
    const inner = optional ? (field.unwrap() as z.ZodType) : field;
    const values = inner instanceof z.ZodEnum ? (inner.options as string[]) : undefined;
    const below = inner instanceof z.ZodArray ? zodFields(inner.element as z.ZodType, `${path}[]`) : zodFields(inner, path);
    return [{ path, optional, ...(values ? { values } : {}) }, ...below];
  });
}

const schema = createPostmortemSchema({ serviceIds: [], rootCauseIds: [], severityIds: [], slugs: [], defaultTimezone: 'UTC' });
const table = FIELDS as Record<string, FieldInfo>;

function agree(fields: ZodField[], rows: Record<string, FieldInfo>) {
  expect(Object.keys(rows)).toEqual(fields.map((f) => f.path));
  for (const field of fields) {
    const row = rows[field.path]!;
    expect(row.rule.startsWith('required'), `${field.path}: ${row.rule}`).toBe(!field.optional);
    expect(row.values, field.path).toEqual(field.values);
    // Every required field says how to add it when it is missing.
    if (!field.optional) expect(row.missing, field.path).toMatch(new RegExp(`^add \`${field.path.split('.').at(-1)}:`));
    expect(row.help, field.path).toMatch(/^[A-Z].*\.$/);
  }
}

describe('the field table', () => {
  it('names exactly the fields of the postmortem schema, in its order, with its required fields and choices', () => {
    const fields = zodFields(schema);
    expect(fields.length).toBeGreaterThan(40);
    agree(fields, table);
  });

  it.each(Object.keys(REGISTRY_FIELDS) as RegistryName[])('names exactly the fields of a %s entry', (registry) => {
    agree(zodFields(registrySchemas[registry]), REGISTRY_FIELDS[registry]);
  });

  it('fails when a key is in one and not the other', () => {
    const extra = z.strictObject({ ...(schema.in as z.ZodObject).shape, rootCause: z.string() });
    expect(() => agree(zodFields(extra), table)).toThrow();
    const { trigger: _dropped, ...fewer } = table;
    expect(() => agree(zodFields(schema), fewer)).toThrow();
  });

  it('gives KNOWN_KEYS for each level, derived from the table', () => {
    expect(KNOWN_KEYS['']).toEqual(zodFields(schema).flatMap((f) => (f.path.includes('.') ? [] : [f.path])));
    expect(KNOWN_KEYS['timeline[]']).toEqual(['at', 'event', 'kind']);
    expect(KNOWN_KEYS['impact']).toEqual(['description', 'usersAffected', 'customerFacing']);
    expect(KNOWN_KEYS['registry:services']).toEqual(['id', 'name', 'team', 'description', 'tier']);
    expect(Object.keys(KNOWN_KEYS).sort()).toEqual(
      [
        '',
        'impact',
        'timeline[]',
        'actionItems[]',
        'links[]',
        'allow[]',
        'imported',
        'registry:services',
        'registry:rootCauses',
        'registry:severities',
      ].sort(),
    );
  });

  it('finds a field written with an index, and a list item by its list', () => {
    expect(fieldInfo('timeline[3].event')).toBe(FIELDS['timeline[].event']);
    expect(fieldInfo('services[0]')).toBe(FIELDS.services);
    expect(fieldInfo('nonsense')).toBeUndefined();
  });

  it('marks a TODO placeholder only where an author fills one in, and a registry for each `{ids}`', () => {
    for (const [path, row] of Object.entries(table)) {
      expect(row.todo?.includes('{ids}') ?? false, path).toBe(row.registry !== undefined);
      if (row.placeholder?.startsWith('TODO')) expect(row.todo, path).toBeDefined();
    }
  });
});

describe('valuesAt', () => {
  const data = {
    summary: 's',
    impact: { description: 'd' },
    timeline: [{ event: 'a' }, null, { at: '09:00' }, { event: 'b' }],
    trigger: 3,
  };

  it('finds each value, one per list item, with its path', () => {
    expect(valuesAt(data, 'timeline[].event')).toEqual([
      { path: ['timeline', 0, 'event'], value: 'a' },
      { path: ['timeline', 3, 'event'], value: 'b' },
    ]);
    expect(valuesAt(data, 'impact.description')).toEqual([{ path: ['impact', 'description'], value: 'd' }]);
    expect(valuesAt(data, 'trigger')).toEqual([{ path: ['trigger'], value: 3 }]);
    expect(valuesAt(data, 'links[].url')).toEqual([]);
  });

  it("never finds an object's inherited keys", () => {
    expect(valuesAt({}, 'constructor')).toEqual([]);
    expect(valuesAt({ impact: 'text' }, 'impact.length')).toEqual([]);
  });

  it('lists the prose fields the blame check reads', () => {
    expect(PROSE_FIELDS).toEqual(['title', 'summary', 'impact.description', 'trigger', 'timeline[].event']);
  });
});
