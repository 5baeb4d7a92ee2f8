import { describe, expect, it } from 'vitest';
import { bodyMarkdown, bodyTree, mappedHeading } from '../../../src/authoring/import/body.ts';
import { summaryTable } from '../../../src/authoring/import/summary.ts';
import { check, importFixture } from './helpers.ts';

const para = (value: string) => ({ type: 'paragraph' as const, children: [{ type: 'text' as const, value }] });

describe('section headings', () => {
  it.each([
    [{ heading: 'Why it happened', kind: 'cause' }, 'Root cause'],
    [{ heading: 'Root Cause and Resolution', kind: 'cause+resolution' }, 'Root Cause and Resolution'],
    [{ heading: 'FIX', kind: 'resolution' }, 'Fix'],
    [{ heading: 'Takeaways', kind: 'lessons' }, 'Lessons learned'],
    [{ heading: 'Follow-ups', kind: 'actions' }, 'Follow-ups'],
    [{ heading: 'Next steps', kind: 'actions' }, 'Next steps'],
    [{ heading: 'Customer impact', kind: 'impact' }, 'Customer impact'],
    [{ heading: 'Detection', kind: 'other' }, 'Detection'],
  ] as const)('%o is "%s"', (section, heading) => {
    expect(mappedHeading(section)).toBe(heading);
  });

  it('adds a TODO section for each of ours the document lacks, and groups lessons', () => {
    const tree = bodyTree(
      [para('Intro.')],
      [
        {
          kind: 'cause',
          heading: 'Why',
          depth: 2,
          nodes: [para('A leak.'), { type: 'heading', depth: 3, children: [{ type: 'text', value: 'Details' }] }],
        },
        { kind: 'lessons', heading: 'What went well', depth: 2, nodes: [para('Alerts.')] },
        { kind: 'lessons', heading: 'What went wrong', depth: 2, nodes: [para('Docs.')] },
      ],
    );
    expect(bodyMarkdown(tree)).toBe(
      '## Summary\n\nIntro.\n\n## Root cause\n\nA leak.\n\n### Details\n\n## Lessons learned\n\n### What went well\n\nAlerts.\n\n### What went wrong\n\nDocs.\n\n## Resolution\n\nTODO: what stopped the impact and what restored service.\n',
    );
  });
});

describe('what would fail the safety rule', () => {
  it('an embedded image (Word gives data: URLs) becomes its description; web images stay', () => {
    const tree = bodyTree(
      [
        {
          type: 'paragraph',
          children: [
            { type: 'image', url: 'data:image/png;base64,AAAA', alt: 'Error rate graph' },
            { type: 'text', value: ' ' },
            { type: 'image', url: 'https://example.com/g.png', alt: 'g' },
          ],
        },
      ],
      [],
    );
    expect(bodyMarkdown(tree)).toContain('\\[image not imported: Error rate graph] ![g](https://example.com/g.png)');
  });
});

describe('Markdown that MDX would run', () => {
  it('is escaped, so the imported body parses and passes the safety rule', async () => {
    const text =
      '# Cache stampede\n\n2024-04-04\n\n## Timeline\n\n- 10:00 UTC keys expired {all at once}\n\n## Root cause\n\nSee <https://example.com/ttl> <!-- internal note --> and <script>alert(1)</script>; a < b, `{code}` stays. [x](javascript:alert(1))\n';
    const result = await importFixture(
      'x.md',
      { severity: 'SEV3', services: ['search'], rootCauses: ['capacity'] },
      new TextEncoder().encode(text),
    );
    expect(result.body).toContain(
      'See [https://example.com/ttl](https://example.com/ttl)  and \\<script>alert(1)\\</script>; a \\< b, `{code}` stays. x',
    );
    expect(check(result).diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    expect(result.frontmatter.timeline).toEqual([{ at: '10:00', event: 'keys expired {all at once}' }]);
  });
});

describe('the summary table', () => {
  it('aligns its columns and counts the results', () => {
    expect(
      summaryTable([
        { file: 'a.docx', result: 'written', detail: 'content/postmortems/2024-01-01-a.mdx', todos: ['severity', 'rootCauses'] },
        { file: 'folder/b.txt', result: 'failed', detail: 'the text names no date for the incident', todos: [] },
      ]),
    ).toBe(
      [
        'File          Result   Postmortem, or why not                   Left TODO',
        '------------  -------  ---------------------------------------  --------------------',
        'a.docx        written  content/postmortems/2024-01-01-a.mdx     severity, rootCauses',
        'folder/b.txt  failed   the text names no date for the incident  -',
        '',
        '2 files: 1 written, 0 skipped, 1 failed.',
      ].join('\n'),
    );
  });
});
