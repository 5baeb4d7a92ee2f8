import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SECTION_RULES } from '../../../src/site/body/body-checks.ts';
import { ALLOWED_ELEMENTS } from '../../../src/site/body/body-sanitize.ts';
import { validateContent, type Policy } from '../../../src/validate/validate.ts';
import { copyFixture, runCli } from '../../helpers/authoring.ts';
import { fileText, input, source, validFrontmatter, VALID_BODY } from '../../helpers/content.ts';

/** The teaching checks on a postmortem's body: MDX safety, required sections, the severity policy, TODO markers. */

const NAME = '2024-06-06-api-leak.mdx';
const PATH = `content/postmortems/${NAME}`;

function run(body: string, patch: Record<string, unknown> = {}, policy?: Policy) {
  const fm = { ...validFrontmatter(), ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete fm[key];
  const text = fileText(fm, body);
  return { result: validateContent(input([source(NAME, text)], policy ? { policy } : {})), text };
}

/** The line of the file on which `needle` is written. */
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('MDX safety', () => {
  const COMPONENTS_HINT =
    'postmortems cannot import or export code; the components <Callout>, <Figure>, <Metric>, <Internal> are available without an import, and data belongs in the frontmatter';

  it("rejects `import fs from 'node:fs'`, on its line, saying what is allowed instead", () => {
    const { result, text } = run(`import fs from 'node:fs'\n\n${VALID_BODY}`);
    expect(result.diagnostics).toEqual([
      {
        file: PATH,
        line: lineOf(text, 'import fs'),
        column: 1,
        severity: 'error',
        rule: 'mdx-esm',
        message: 'an `import` statement in a postmortem body',
        hint: COMPONENTS_HINT,
      },
    ]);
    expect(result.entries).toHaveLength(0);
  });

  it('says an import of our own component is not needed', () => {
    const { result } = run(`import { Callout } from '../../../components/mdx/Callout.astro'\n\n${VALID_BODY}`);
    expect(result.diagnostics).toMatchObject([
      { rule: 'mdx-esm', hint: 'delete the line: <Callout> is available in every postmortem without an import' },
    ]);
  });

  it('rejects `{process.env.X}` as a JavaScript expression', () => {
    const { result, text } = run(`${VALID_BODY}\nThe token was {process.env.SECRET_TOKEN} all along.\n`);
    expect(result.diagnostics).toEqual([
      {
        file: PATH,
        line: lineOf(text, 'The token'),
        column: 15,
        severity: 'error',
        rule: 'mdx-expression',
        message: 'a JavaScript expression `{process.env.SECRET_TOKEN}` in a postmortem body',
        hint: 'expressions run at build time and are not allowed: write the value as text, or escape the brace as `\\{`',
      },
    ]);
  });

  it('rejects `export const x = 1`', () => {
    const { result, text } = run(`${VALID_BODY}\nexport const x = 1\n`);
    expect(result.diagnostics).toEqual([
      {
        file: PATH,
        line: lineOf(text, 'export const'),
        column: 1,
        severity: 'error',
        rule: 'mdx-esm',
        message: 'an `export` statement in a postmortem body',
        hint: COMPONENTS_HINT,
      },
    ]);
  });

  it('accepts <Callout>, <Figure> and <Metric> without an import', () => {
    const body = `${VALID_BODY}
<Callout type="warning" title="Careful">Restarts only buy time.</Callout>

<Figure src="/img/memory.png" alt="Memory climbing" caption="Heap over two hours" />

Peak: <Metric label="error rate" value="38%" note="at 09:40" />
`;
    const { result } = run(body);
    expect(result.diagnostics).toEqual([]);
    expect(result.entries).toHaveLength(1);
  });

  it.each([
    [
      'an unknown component',
      '<Chart data="x" />',
      'mdx-component',
      'unknown component <Chart>',
      'only <Callout>, <Figure>, <Metric>, <Internal> are available in postmortems',
    ],
    [
      'a <script> element',
      '<script>alert(1)</script>',
      'unsafe-html',
      '<script> is not allowed in a postmortem body',
      `allowed elements: ${ALLOWED_ELEMENTS.join(', ')}; show markup as \`code\` instead`,
    ],
    [
      'an <iframe>',
      '<iframe src="https://example.com"></iframe>',
      'unsafe-html',
      '<iframe> is not allowed in a postmortem body',
      `allowed elements: ${ALLOWED_ELEMENTS.join(', ')}; show markup as \`code\` instead`,
    ],
    [
      'an event-handler attribute',
      '<img src="/a.png" onerror="alert(1)" />',
      'unsafe-html',
      'the attribute `onerror` on <img> is not allowed',
      'postmortems cannot run script: remove the attribute',
    ],
    [
      'a javascript: link',
      '[click](javascript:alert(1))',
      'unsafe-url',
      '<a href> has the address "javascript:alert(1)", which is not allowed',
      'links may be http, https, mailto or relative (/path, ../file, #section)',
    ],
    [
      'a javascript: link in a component',
      '<Figure src="javascript:alert(1)" alt="x" />',
      'unsafe-url',
      '<Figure src> has the address "javascript:alert(1)", which is not allowed',
      '<Figure src> may be https or relative (/img/graph.png)',
    ],
    [
      'an attribute written as an expression',
      '<Metric label="x" value={42} />',
      'mdx-expression',
      '<Metric> has an attribute written as a JavaScript expression',
      'write attribute values as quoted text: title="Peak error rate"',
    ],
  ])('rejects %s', (_name, snippet, rule, message, hint) => {
    const { result, text } = run(`${VALID_BODY}\n${snippet}\n`);
    expect(result.diagnostics).toEqual([{ file: PATH, line: lineOf(text, snippet), column: 1, severity: 'error', rule, message, hint }]);
  });

  it('allows the same text in code, and in a .md file', () => {
    expect(run(`${VALID_BODY}\n\`{process.env.X}\` and\n\n\`\`\`js\nimport fs from 'node:fs'\n\`\`\`\n`).result.diagnostics).toEqual([]);
  });
});

describe('required sections teach what belongs in them', () => {
  const all = ['## Timeline\n\nx', '## Root cause\n\nx', '## Resolution\n\nx', '## Lessons learned\n\nx'];
  it.each(SECTION_RULES.map((rule, index) => [rule.name, index] as const))('a missing "%s" section', (name, index) => {
    const rule = SECTION_RULES[index]!;
    const body = all.filter((_, i) => i !== index).join('\n\n');
    const { result, text } = run(`${body}\n`, { timeline: undefined });
    const found = result.diagnostics.filter((d) => d.rule === 'section');
    expect(found).toEqual([
      {
        file: PATH,
        line: lineOf(text, '## '),
        column: 1,
        severity: name === 'Lessons learned' ? 'warning' : 'error',
        rule: 'section',
        message: `no "${name}" section`,
        hint: `add a heading containing ${rule.keywords.map((k) => `"${k}"`).join(' or ')} (e.g. "## ${name}") with ${rule.purpose}`,
      },
    ]);
  });

  it('says what each section should contain', () => {
    expect(SECTION_RULES.map((r) => [r.name, r.purpose])).toEqual([
      ['Timeline', 'what happened when, from the trigger to full recovery (or fill in the frontmatter `timeline`)'],
      ['Root cause', 'why it happened, beyond the trigger: the conditions that let it happen'],
      ['Resolution', 'what stopped the impact and what restored service'],
      ['Lessons learned', 'what went well, what went badly, and where the team got lucky'],
    ]);
  });

  it('drafts and reviews are not held to the sections', () => {
    expect(run('Notes so far.\n', { status: 'draft', resolved: undefined }).result.diagnostics).toEqual([]);
  });

  it('an imported postmortem may lack them once published: warnings, not errors', () => {
    const imported = { from: 'Confluence', url: 'https://wiki.example.com/display/OPS/42', date: '2026-11-24' };
    const { result } = run('What the old wiki page said.\n', { timeline: undefined, imported });
    expect(result.diagnostics.map((d) => [d.rule, d.severity, d.message])).toEqual([
      ['section', 'warning', 'no "Timeline" section'],
      ['section', 'warning', 'no "Root cause" section'],
      ['section', 'warning', 'no "Resolution" section'],
      ['section', 'warning', 'no "Lessons learned" section'],
    ]);
    expect(result.diagnostics[1]!.hint).toMatch(/\(a warning: the postmortem was imported\)$/);
    expect(result.entries[0]!.data.imported).toEqual(imported);
    // A SEV1's timeline is a section too; its `prevent` action item is not, and stays an error.
    const sev1 = run('What the old wiki page said.\n', { severity: 'SEV1', timeline: undefined, imported }).result.diagnostics;
    expect(sev1.filter((d) => d.rule === 'severity-policy').map((d) => [d.severity, d.field])).toEqual([
      ['warning', 'timeline'],
      ['error', 'actionItems'],
    ]);
  });

  it('`imported` is checked: an http(s) url, a date, known keys', () => {
    const { result } = run(`${VALID_BODY}`, { imported: { from: 'Wiki', url: 'javascript:alert(1)', date: 'yesterday', frm: 'x' } });
    expect(result.diagnostics.map((d) => [d.field, d.message, d.suggestion])).toEqual([
      ['imported.url', '"javascript:alert(1)" is not an http(s) URL', undefined],
      ['imported.date', '"yesterday" is not a date', undefined],
      ['imported.frm', 'unknown field `frm`', 'from'],
    ]);
  });
});

describe('the severity policy', () => {
  const prevent = { actionItems: [{ title: 'Upgrade the library', owner: 'api-team', status: 'done', type: 'prevent' }] };

  it('SEV1 and SEV2 need a timeline and a `prevent` action item', () => {
    const { result } = run(VALID_BODY, { severity: 'SEV1', timeline: undefined });
    expect(result.diagnostics.filter((d) => d.rule === 'severity-policy')).toEqual([
      expect.objectContaining({
        severity: 'error',
        field: 'timeline',
        message: 'a SEV1 postmortem needs a timeline',
        hint: 'add the frontmatter `timeline:` (or a "Timeline" section) from the trigger to full recovery',
      }),
      expect.objectContaining({
        severity: 'error',
        field: 'actionItems',
        message: 'a SEV1 postmortem needs at least one action item of type `prevent`',
        hint: 'add an action item with `type: prevent` that stops this from happening again',
      }),
    ]);
    const detectOnly = { actionItems: [{ title: 'Alert on heap', owner: 'sre', status: 'open', type: 'detect' }] };
    expect(run(VALID_BODY, { severity: 'SEV2', ...detectOnly }).result.diagnostics.map((d) => d.message)).toEqual([
      'a SEV2 postmortem needs at least one action item of type `prevent`',
    ]);
    expect(run(VALID_BODY, { severity: 'SEV2', ...prevent }).result.diagnostics).toEqual([]);
    expect(run(VALID_BODY, { severity: 'SEV3' }).result.diagnostics).toEqual([]);
  });

  it('is configurable', () => {
    expect(run(VALID_BODY, { severity: 'SEV2' }, { strictSeverities: ['SEV1'] }).result.diagnostics).toEqual([]);
    expect(run(VALID_BODY, { severity: 'SEV3' }, { strictSeverities: ['SEV1', 'SEV3'] }).result.diagnostics.map((d) => d.rule)).toEqual([
      'severity-policy',
    ]);
  });

  it('reaches npm run validate through policy.strictSeverities (HINDSIGHT_STRICT_SEVERITIES)', () => {
    const dir = copyFixture('authoring');
    expect(runCli('validate', [], dir).status).toBe(0);
    const strict = runCli('validate', [], dir, { HINDSIGHT_STRICT_SEVERITIES: 'SEV1,SEV2,SEV3' });
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain(
      '2024-03-01-search-slow.mdx:5:11 error actionItems: a SEV3 postmortem needs at least one action item of type `prevent`.',
    );
  });
});

describe('TODO markers', () => {
  it('are warnings in a draft and errors once in review, each with its field and what to write', () => {
    const patch = { impact: { description: 'TODO: who was affected' } };
    const draft = run(VALID_BODY, { ...patch, status: 'draft' }).result.diagnostics;
    expect(draft).toEqual([
      expect.objectContaining({
        rule: 'todo',
        severity: 'warning',
        field: 'impact.description',
        message: 'is still a TODO placeholder ("TODO: who was affected")',
        hint: 'say who was affected, how, and for how long',
      }),
    ]);
    const review = run(VALID_BODY, { ...patch, status: 'in-review' });
    expect(review.result.diagnostics.map((d) => [d.rule, d.severity])).toEqual([['todo', 'error']]);
    expect(review.result.entries).toHaveLength(0);
  });

  it('in an id list are a warning in a draft (an imported draft never stops a build) and an error once in review', () => {
    const draft = run(VALID_BODY, { status: 'draft', services: ['TODO'], severity: 'TODO' }).result;
    expect(draft.diagnostics).toEqual([
      expect.objectContaining({
        rule: 'todo',
        severity: 'warning',
        field: 'severity',
        hint: 'choose one of SEV1, SEV2, SEV3, SEV4 (from severities.yaml)',
      }),
      expect.objectContaining({
        rule: 'todo',
        severity: 'warning',
        field: 'services[0]',
        hint: 'name the affected services: api-server, checkout-api (from services.yaml)',
      }),
    ]);
    expect(draft.entries).toHaveLength(1);
    const review = run(VALID_BODY, { status: 'in-review', services: ['TODO'] }).result;
    expect(review.diagnostics).toEqual([expect.objectContaining({ rule: 'todo', severity: 'error', field: 'services[0]' })]);
    expect(review.entries).toHaveLength(0);
  });

  it('are found in the body, but not in code', () => {
    const body = `${VALID_BODY}\nTODO: add the graphs.\n\nThe \`TODO:\` in code is fine.\n`;
    const { result, text } = run(body, { status: 'draft' });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        rule: 'todo',
        line: lineOf(text, 'TODO: add'),
        column: 1,
        message: 'the body still has a TODO placeholder: "TODO: add the graphs."',
      }),
    ]);
  });

  it('a scaffolded draft turns its TODOs into errors when published', () => {
    const dir = copyFixture('authoring');
    runCli(
      'new',
      [
        '--title',
        'Disk full',
        '--severity',
        'SEV3',
        '--service',
        'search',
        '--root-cause',
        'capacity',
        '--started',
        '2024-05-05T10:00:00Z',
        '--timezone',
        'UTC',
      ],
      dir,
    );
    const file = path.join(dir, 'postmortems', '2024-05-05-disk-full.mdx');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('status: draft', 'status: published\nresolved: "2024-05-05T11:00:00Z"'));
    const published = runCli('validate', [file], dir);
    expect(published.status).toBe(1);
    expect(published.stdout).toMatch(/✖ 10 errors, 0 warnings in 1 file/);
  });
});
