import { describe, expect, it } from 'vitest';
import { FIELDS, type FieldInfo } from '../../src/format/fields.ts';
import { contextFromRegistries } from '../../src/format/schema.ts';
import { todoProblems } from '../../src/validate/todo-check.ts';
import { parseRegistries } from '../../src/validate/validate.ts';
import { REGISTRIES } from '../helpers/content.ts';

/** The hint for a TODO left in a field is the field table's (fields.ts), with the registry's ids where it names them. */

const context = contextFromRegistries(parseRegistries(REGISTRIES).registries, [], 'UTC');

/** A frontmatter with `TODO` at a field's path (the first item of each list). */
function todoAt(path: string): Record<string, unknown> {
  const keys = path.replace(/\[\]/g, '.0').split('.');
  const data: Record<string, unknown> = {};
  let node: Record<string, unknown> = data;
  keys.forEach((key, i) => {
    const next = keys[i + 1];
    node[key] = next === undefined ? 'TODO' : next === '0' ? [] : {};
    node = node[key] as Record<string, unknown>;
  });
  return data;
}

const hintFor = (path: string) =>
  todoProblems({ file: 'f.mdx', data: todoAt(path), locate: () => ({ line: 1, column: 1 }), body: '', bodyLine: 1, context })[0]?.hint;

describe('todoHint', () => {
  const withTodo = Object.entries(FIELDS as Record<string, FieldInfo>).filter(([, info]) => info.todo && !info.registry);

  it.each(withTodo)("is the field table's for %s", (path, info) => {
    expect(hintFor(path)).toBe(info.todo);
  });

  it('names the ids of the registry a field holds, in the words of the table', () => {
    expect(FIELDS.severity.todo).toBe('choose one of {ids}');
    expect(hintFor('severity')).toBe('choose one of SEV1, SEV2, SEV3, SEV4 (from severities.yaml)');
    expect(hintFor('services[]')).toBe('name the affected services: api-server, checkout-api (from services.yaml)');
    expect(hintFor('rootCauses[]')).toBe('name why it happened: memory-leak, deploy (from root-causes.yaml)');
    const none = contextFromRegistries({ services: [], rootCauses: [], severities: [] }, [], 'UTC');
    const data = { severity: 'TODO' };
    expect(todoProblems({ file: 'f', data, locate: () => ({ line: 1, column: 1 }), body: '', bodyLine: 1, context: none })[0]?.hint).toBe(
      'severities.yaml lists none yet: add one there, then name its id here',
    );
  });

  it('asks for the real value in a field the table has no TODO hint for', () => {
    expect(hintFor('trigger')).toBe('replace the TODO with the real value, or remove the field if it is optional');
    expect(hintFor('links[].url')).toBe('replace the TODO with the real value, or remove the field if it is optional');
  });
});
