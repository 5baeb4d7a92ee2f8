import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../../src/format/fields.ts';
import { check, importFixture } from './helpers.ts';

/** What the importer writes where the document says nothing: the field table's placeholders, which validate names with its hints. */

const TEXT =
  'Things went wrong.\n\n## Timeline\n\n09:00 Alerts fired.\n09:30 Restored.\n\n## Action items\n\n- [ ] Add a canary for writes\n';

describe('mapToFormat', async () => {
  const result = await importFixture('notes.txt', { date: '2024-06-06' }, new TextEncoder().encode(TEXT));

  it("leaves the field table's placeholder in each field the document does not fill", () => {
    expect(result.frontmatter).toMatchObject({
      title: FIELDS.title.placeholder,
      summary: FIELDS.summary.placeholder,
      severity: FIELDS.severity.placeholder,
      services: [FIELDS.services.placeholder],
      rootCauses: [FIELDS.rootCauses.placeholder],
      impact: { description: FIELDS['impact.description'].placeholder },
      actionItems: [{ title: 'Add a canary for writes', owner: FIELDS['actionItems[].owner'].placeholder }],
    });
    expect(result.todos).toEqual([
      'title',
      'summary',
      'severity',
      'services',
      'rootCauses',
      'impact',
      'actionItems',
      'Root cause',
      'Resolution',
      'Lessons learned',
    ]);
  });

  it("is named by validate with the field table's TODO hints, as warnings in a draft", () => {
    const todos = check(result).diagnostics.filter((d) => d.rule === 'todo' && d.field);
    expect(todos.every((d) => d.severity === 'warning')).toBe(true);
    expect(Object.fromEntries(todos.map((d) => [d.field, d.hint]))).toMatchObject({
      title: FIELDS.title.todo,
      summary: FIELDS.summary.todo,
      'impact.description': FIELDS['impact.description'].todo,
      'actionItems[0].owner': FIELDS['actionItems[].owner'].todo,
    });
  });
});
