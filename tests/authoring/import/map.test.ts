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

describe('a document with no timeline and no time of day', async () => {
  const result = await importFixture('memo.txt', {}, new TextEncoder().encode('Search went down on 3 March 2024 and came back.\n'));

  it('starts at midnight and says so in a body TODO that validate names, as a warning in a draft', () => {
    expect(result.frontmatter.started).toBe('2024-03-03T00:00:00Z');
    expect(result.body).toContain(
      '## Timeline\n\nTODO: the document has no timeline that could be read, nor a start time (`started` is midnight on 2024-03-03: correct it); add `timeline:` entries to the frontmatter.\n',
    );
    expect(result.todos).toContain('Timeline');
    const named = check(result).diagnostics.filter((d) => d.rule === 'todo' && !d.field);
    expect(named.map((d) => [d.severity, d.line > 0])).toContainEqual(['warning', true]);
    expect(check(result).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('an impact written as a table', () => {
  it('keeps its cells apart in impact.description', async () => {
    const text =
      '# X\n\nDate: 2024-01-02\n\n## Impact\n\n| Metric | Value |\n|---|---|\n| Failed requests | 12% |\n| Duration | 40 min |\n';
    const result = await importFixture('impact.md', {}, new TextEncoder().encode(text));
    expect(result.frontmatter.impact).toEqual({ description: 'Metric | Value; Failed requests | 12%; Duration | 40 min' });
  });
});
