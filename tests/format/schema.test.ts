import { describe, expect, it } from 'vitest';
import { validateContent } from '../../src/validate/validate.ts';
import { fileText, input, REGISTRIES, source, validFrontmatter, VALID_BODY } from '../helpers/content.ts';

/**
 * Every rule of the format (shared/postmortem-format.md), one passing and one failing case each.
 * A case is a patch on a valid published postmortem; `undefined` deletes the field.
 */

type Patch = Record<string, unknown>;
const NAME = '2024-06-06-api-leak.mdx';

function run(patch: Patch = {}, options: { body?: string; name?: string; others?: string[] } = {}) {
  const fm = { ...validFrontmatter(), ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete fm[key];
  const files = [source(options.name ?? NAME, fileText(fm, options.body ?? VALID_BODY))];
  for (const other of options.others ?? []) files.push(source(other, fileText({ ...validFrontmatter() }, VALID_BODY)));
  return validateContent(input(files));
}

function errors(patch: Patch = {}, options: Parameters<typeof run>[1] = {}) {
  return run(patch, options).diagnostics.filter((d) => d.severity === 'error' && d.file.endsWith(options.name ?? NAME));
}

interface Case {
  rule: string;
  valid: Patch;
  invalid: Patch;
  field: string;
  message: RegExp;
  suggestion?: string;
}

const cases: Case[] = [
  {
    rule: 'title is required',
    valid: { title: 'x' },
    invalid: { title: undefined },
    field: 'title',
    message: /missing required field `title`/,
  },
  {
    rule: 'title is at most 160 characters',
    valid: { title: 'x'.repeat(160) },
    invalid: { title: 'x'.repeat(161) },
    field: 'title',
    message: /at most 160 characters/,
  },
  { rule: 'title is not empty', valid: { title: 'a' }, invalid: { title: '  ' }, field: 'title', message: /must not be empty/ },
  {
    rule: 'summary is required',
    valid: { summary: 'ok' },
    invalid: { summary: undefined },
    field: 'summary',
    message: /missing required field `summary`/,
  },
  {
    rule: 'summary is at most 500 characters',
    valid: { summary: 's'.repeat(500) },
    invalid: { summary: 's'.repeat(501) },
    field: 'summary',
    message: /at most 500 characters/,
  },
  {
    rule: 'summary is plain text',
    valid: { summary: 'p95 < 200 ms' },
    invalid: { summary: 'a <b>bold</b> claim' },
    field: 'summary',
    message: /contains HTML/,
  },
  {
    rule: 'status is one of draft, in-review, published',
    valid: { status: 'in-review' },
    invalid: { status: 'publish' },
    field: 'status',
    message: /the text "publish" is not allowed/,
    suggestion: 'published',
  },
  {
    rule: 'severity names an id from severities.yaml',
    valid: { severity: 'SEV4' },
    invalid: { severity: 'SEV7' },
    field: 'severity',
    message: /unknown severity "SEV7"/,
  },
  {
    rule: 'started is required',
    valid: {},
    invalid: { started: undefined },
    field: 'started',
    message: /missing required field `started`/,
  },
  {
    rule: 'started carries a UTC offset',
    valid: { started: '2024-06-06T06:00:00Z' },
    invalid: { started: '2024-06-06T09:00:00' },
    field: 'started',
    message: /has no UTC offset/,
  },
  {
    rule: 'started is a real datetime',
    valid: { started: '2024-06-06T09:00+03:00' },
    invalid: { started: '2024-02-30T09:00:00+03:00' },
    field: 'started',
    message: /not a real date and time/,
  },
  {
    rule: 'detected is a datetime',
    valid: { detected: '2024-06-06T09:01:00+03:00' },
    invalid: { detected: 'soon after' },
    field: 'detected',
    message: /is not a datetime/,
  },
  {
    rule: 'mitigated is a datetime with offset',
    valid: { mitigated: undefined },
    invalid: { mitigated: '2024-06-06' },
    field: 'mitigated',
    message: /has no UTC offset/,
  },
  {
    rule: 'resolved is required when published',
    valid: { resolved: undefined, status: 'in-review' },
    invalid: { resolved: undefined },
    field: 'resolved',
    message: /a published postmortem needs `resolved`/,
  },
  {
    rule: 'started <= detected',
    valid: { detected: '2024-06-06T09:00:00+03:00' },
    invalid: { detected: '2024-06-06T08:59:00+03:00' },
    field: 'detected',
    message: /`detected` .* is before `started`/,
  },
  {
    rule: 'detected <= mitigated',
    valid: {},
    invalid: { mitigated: '2024-06-06T09:01:00+03:00' },
    field: 'mitigated',
    message: /`mitigated` .* is before `detected`/,
  },
  {
    rule: 'mitigated <= resolved, across offsets',
    valid: { resolved: '2024-06-06T08:30:00Z' },
    invalid: { resolved: '2024-06-06T08:00:00Z' },
    field: 'resolved',
    message: /`resolved` .* is before `mitigated`/,
  },
  {
    rule: 'timezone is an IANA zone',
    valid: { timezone: 'Europe/Berlin', started: '2024-06-06T09:00:00+03:00' },
    invalid: { timezone: 'EAT' },
    field: 'timezone',
    message: /is not an IANA time zone/,
  },
  {
    rule: 'timezone exists',
    valid: { timezone: 'Etc/UTC' },
    invalid: { timezone: 'Africa/Nairobbi' },
    field: 'timezone',
    message: /is not an IANA time zone/,
  },
  {
    rule: 'services has at least one id',
    valid: { services: ['api-server', 'checkout-api'] },
    invalid: { services: [] },
    field: 'services',
    message: /at least one service/,
  },
  {
    rule: 'services are ids from services.yaml',
    valid: { services: ['checkout-api'] },
    invalid: { services: ['checkout-apii'] },
    field: 'services[0]',
    message: /unknown service "checkout-apii"/,
    suggestion: 'checkout-api',
  },
  {
    rule: 'services is a list',
    valid: { services: ['api-server'] },
    invalid: { services: 'api-server' },
    field: 'services',
    message: /must be a list/,
  },
  {
    rule: 'rootCauses has at least one id',
    valid: { rootCauses: ['deploy'] },
    invalid: { rootCauses: [] },
    field: 'rootCauses',
    message: /at least one root cause/,
  },
  {
    rule: 'rootCauses are ids from root-causes.yaml',
    valid: { rootCauses: ['memory-leak', 'deploy'] },
    invalid: { rootCauses: ['memory-leek'] },
    field: 'rootCauses[0]',
    message: /unknown root cause "memory-leek"/,
    suggestion: 'memory-leak',
  },
  {
    rule: 'ids are not repeated',
    valid: {},
    invalid: { rootCauses: ['deploy', 'deploy'] },
    field: 'rootCauses[1]',
    message: /listed twice/,
  },
  { rule: 'impact is required', valid: {}, invalid: { impact: undefined }, field: 'impact', message: /missing required field `impact`/ },
  {
    rule: 'impact.description is required',
    valid: { impact: { description: 'x' } },
    invalid: { impact: { usersAffected: 3 } },
    field: 'impact.description',
    message: /missing required field `description`/,
  },
  {
    rule: 'impact.usersAffected is a percentage 0-100',
    valid: { impact: { description: 'x', usersAffected: 0 } },
    invalid: { impact: { description: 'x', usersAffected: 101 } },
    field: 'impact.usersAffected',
    message: /percentage from 0 to 100/,
  },
  {
    rule: 'impact.usersAffected is a number',
    valid: { impact: { description: 'x', usersAffected: 12.5 } },
    invalid: { impact: { description: 'x', usersAffected: '40%' } },
    field: 'impact.usersAffected',
    message: /must be a number/,
  },
  {
    rule: 'impact.customerFacing is a boolean',
    valid: { impact: { description: 'x', customerFacing: false } },
    invalid: { impact: { description: 'x', customerFacing: 'yes' } },
    field: 'impact.customerFacing',
    message: /must be true or false/,
  },
  { rule: 'trigger is text', valid: { trigger: 'A deploy' }, invalid: { trigger: 42 }, field: 'trigger', message: /must be text/ },
  {
    rule: 'detection is one of the listed ways',
    valid: { detection: 'third-party' },
    invalid: { detection: 'pager' },
    field: 'detection',
    message: /not allowed/,
  },
  {
    rule: 'authors is a list of text',
    valid: { authors: ['Amina'] },
    invalid: { authors: [''] },
    field: 'authors[0]',
    message: /must not be empty/,
  },
  {
    rule: 'tags are kebab-case',
    valid: { tags: ['black-friday', 'auth'] },
    invalid: { tags: ['Black Friday'] },
    field: 'tags[0]',
    message: /kebab-case/,
  },
  {
    rule: 'timeline at is "HH:MM" or a datetime',
    valid: { timeline: [{ at: '2024-06-07T01:00:00+03:00', event: 'x' }] },
    invalid: { timeline: [{ at: '9am', event: 'x' }] },
    field: 'timeline[0].at',
    message: /neither a clock time/,
  },
  {
    rule: 'timeline at carries an offset',
    valid: { timeline: [{ at: '23:59', event: 'x' }] },
    invalid: { timeline: [{ at: '2024-06-06T09:00:00', event: 'x' }] },
    field: 'timeline[0].at',
    message: /has no UTC offset/,
  },
  {
    rule: 'timeline event is required',
    valid: { timeline: [{ at: '09:00', event: 'x' }] },
    invalid: { timeline: [{ at: '09:00' }] },
    field: 'timeline[0].event',
    message: /missing required field `event`/,
  },
  {
    rule: 'timeline kind is one of the listed kinds',
    valid: { timeline: [{ at: '09:00', event: 'x', kind: 'escalated' }] },
    invalid: { timeline: [{ at: '09:00', event: 'x', kind: 'escalation' }] },
    field: 'timeline[0].kind',
    message: /not allowed/,
    suggestion: 'escalated',
  },
  {
    rule: 'timeline is chronological',
    valid: {
      timeline: [
        { at: '09:00', event: 'a' },
        { at: '09:00', event: 'b' },
      ],
    },
    invalid: {
      timeline: [
        { at: '10:00', event: 'a' },
        { at: '09:30', event: 'b' },
      ],
    },
    field: 'timeline[1].at',
    message: /comes before entry 1/,
  },
  {
    rule: 'actionItems need title, owner and status',
    valid: { actionItems: [{ title: 'a', owner: 'b', status: 'open' }] },
    invalid: { actionItems: [{ title: 'a', status: 'open' }] },
    field: 'actionItems[0].owner',
    message: /missing required field `owner`/,
  },
  {
    rule: 'actionItems status is one of the listed',
    valid: { actionItems: [{ title: 'a', owner: 'b', status: 'wont-do' }] },
    invalid: { actionItems: [{ title: 'a', owner: 'b', status: 'closed' }] },
    field: 'actionItems[0].status',
    message: /not allowed/,
  },
  {
    rule: 'actionItems type is one of the listed',
    valid: { actionItems: [{ title: 'a', owner: 'b', status: 'open', type: 'detect' }] },
    invalid: { actionItems: [{ title: 'a', owner: 'b', status: 'open', type: 'prevention' }] },
    field: 'actionItems[0].type',
    message: /not allowed/,
    suggestion: 'prevent',
  },
  {
    rule: 'actionItems due is a date',
    valid: { actionItems: [{ title: 'a', owner: 'b', status: 'open', due: '2024-07-01' }] },
    invalid: { actionItems: [{ title: 'a', owner: 'b', status: 'open', due: '2024-13-01' }] },
    field: 'actionItems[0].due',
    message: /is not a date/,
  },
  {
    rule: 'actionItems link is http(s)',
    valid: { actionItems: [{ title: 'a', owner: 'b', status: 'open', link: 'https://tracker.example/T-1' }] },
    invalid: { actionItems: [{ title: 'a', owner: 'b', status: 'open', link: 'javascript:alert(1)' }] },
    field: 'actionItems[0].link',
    message: /not an http\(s\) URL/,
  },
  {
    rule: 'links need an http(s) url',
    valid: { links: [{ title: 'Dashboard', url: 'http://grafana.example/d/1' }] },
    invalid: { links: [{ title: 'Dashboard', url: 'data:text/html,hi' }] },
    field: 'links[0].url',
    message: /not an http\(s\) URL/,
  },
  {
    rule: 'links need a title',
    valid: { links: [{ title: 'x', url: 'https://a.example' }] },
    invalid: { links: [{ url: 'https://a.example' }] },
    field: 'links[0].title',
    message: /missing required field `title`/,
  },
  {
    rule: 'unknown keys are errors, with a suggestion',
    valid: {},
    invalid: { rootCause: ['deploy'] },
    field: 'rootCause',
    message: /unknown field `rootCause`/,
    suggestion: 'rootCauses',
  },
  {
    rule: 'unknown nested keys are errors too',
    valid: {},
    invalid: { impact: { description: 'x', usersAfected: 3 } },
    field: 'impact.usersAfected',
    message: /unknown field `usersAfected`/,
    suggestion: 'usersAffected',
  },
];

describe('schema rules', () => {
  it('accepts the valid baseline with no diagnostics at all', () => {
    expect(run().diagnostics).toEqual([]);
  });

  for (const c of cases) {
    describe(c.rule, () => {
      it('passes', () => {
        expect(errors(c.valid)).toEqual([]);
      });
      it('fails with a precise error', () => {
        const found = errors(c.invalid);
        const match = found.find((d) => d.field === c.field && c.message.test(d.message));
        expect(match, JSON.stringify(found, null, 2)).toBeDefined();
        expect(match!.line).toBeGreaterThan(0);
        if (c.suggestion) expect(match!.suggestion).toBe(c.suggestion);
      });
    });
  }
});

describe('file-level rules', () => {
  it('the slug is lowercase kebab-case with a date prefix', () => {
    expect(errors({}, { name: '2024-06-06-api-leak.md' })).toEqual([]);
    const found = errors({}, { name: '2024-06-06-API Leak.mdx' });
    expect(found.map((d) => d.rule)).toContain('file-name');
    expect(found.find((d) => d.rule === 'file-name')!.suggestion).toBe('2024-06-06-api-leak');
  });

  it('the date prefix is the start date in the incident zone', () => {
    // 23:30 UTC on the 5th is 02:30 on the 6th in Nairobi.
    expect(errors({ started: '2024-06-05T23:30:00Z' })).toEqual([]);
    const found = errors({ timezone: 'America/New_York', started: '2024-06-06T01:00:00+03:00' });
    const d = found.find((x) => x.rule === 'file-name');
    expect(d?.message).toBe('the file name starts with 2024-06-06 but the incident started on 2024-06-05 (America/New_York)');
    expect(d?.suggestion).toBe('2024-06-05-api-leak');
  });

  it('related slugs must exist', () => {
    expect(errors({ related: ['2023-01-01-other'] }, { others: ['2023/2023-01-01-other.mdx'] })).toEqual([]);
    const found = errors({ related: ['2023-01-01-othr'] }, { others: ['2023/2023-01-01-other.mdx'] });
    expect(found).toMatchObject([
      { field: 'related[0]', message: 'no postmortem has the slug "2023-01-01-othr"', suggestion: '2023-01-01-other' },
    ]);
  });

  it('a postmortem cannot be related to itself, but related cycles are fine', () => {
    const found = errors({ related: ['2024-06-06-api-leak'] });
    expect(found).toMatchObject([{ rule: 'related', field: 'related[0]', message: 'a postmortem cannot be related to itself' }]);
    const a = fileText({ ...validFrontmatter(), related: ['2024-06-06-b'] });
    const b = fileText({ ...validFrontmatter(), related: ['2024-06-06-api-leak'] });
    const result = validateContent(input([source(NAME, a), source('2024-06-06-b.mdx', b)]));
    expect(result.diagnostics).toEqual([]);
  });

  it('two files with the same name anywhere in the tree are an error', () => {
    const text = fileText(validFrontmatter());
    const result = validateContent(input([source('a/2024-06-06-api-leak.mdx', text), source('b/2024-06-06-api-leak.md', text)]));
    expect(result.diagnostics.filter((d) => d.rule === 'duplicate-slug')).toHaveLength(2);
    expect(result.entries).toHaveLength(0);
  });

  it('drafts need no resolved time and no sections', () => {
    expect(errors({ status: 'draft', resolved: undefined }, { body: 'Notes so far.' })).toEqual([]);
  });
});

describe('required sections (published)', () => {
  const withHeadings = (...headings: string[]) => headings.map((h) => `## ${h}\n\ntext\n`).join('\n');
  it('one heading can cover several sections', () => {
    expect(run({}, { body: withHeadings('Root cause and resolution', 'Lessons learned') }).diagnostics).toEqual([]);
  });
  it('reports a missing root cause section', () => {
    const d = run({}, { body: withHeadings('Resolution', 'Lessons') }).diagnostics;
    expect(d).toMatchObject([{ rule: 'section', severity: 'error', message: 'no "Root cause" section' }]);
  });
  it('reports a missing resolution section (recovery and fix count)', () => {
    expect(run({}, { body: withHeadings('Cause', 'Recovery', 'What we learned') }).diagnostics).toEqual([]);
    expect(run({}, { body: withHeadings('Cause', 'What we learned') }).diagnostics).toMatchObject([
      { rule: 'section', message: 'no "Resolution" section' },
    ]);
  });
  it('the timeline may be a heading instead of frontmatter', () => {
    expect(run({ timeline: undefined }, { body: withHeadings('Timeline', 'Root cause', 'Fix', 'Lessons') }).diagnostics).toEqual([]);
    expect(run({ timeline: undefined }, { body: withHeadings('Root cause', 'Fix', 'Lessons') }).diagnostics).toMatchObject([
      { rule: 'section', message: 'no "Timeline" section' },
    ]);
  });
  it('a public postmortem whose required section is only inside <Internal> gets a warning; an internal one does not', () => {
    const body = `<Internal>

## Root cause and resolution

The auth library leaked memory on host narwhal-7.

</Internal>

## Lessons learned

Watch memory.
`;
    const onlyInside = (visibility: string) =>
      run({ visibility }, { body })
        .diagnostics.filter((d) => d.message.includes('only inside <Internal>'))
        .map((d) => [d.severity, d.rule, d.message]);
    expect(onlyInside('public')).toEqual([
      ['warning', 'section', 'the "Root cause" section is only inside <Internal>: the public edition shows none'],
      ['warning', 'section', 'the "Resolution" section is only inside <Internal>: the public edition shows none'],
    ]);
    expect(onlyInside('internal')).toEqual([]);
    // Outside the passage too: nothing to say.
    expect(
      run({ visibility: 'public' }, { body: `${body}\n## Root cause and resolution\n\nA library leaked memory.\n` }).diagnostics,
    ).toEqual([]);
  });
  it('a missing lessons section is a warning, not an error', () => {
    const d = run({}, { body: withHeadings('Root cause', 'Resolution') });
    expect(d.diagnostics).toMatchObject([{ rule: 'section', severity: 'warning', message: 'no "Lessons learned" section' }]);
    expect(d.entries).toHaveLength(1);
  });
});

describe('registries', () => {
  it('reject unknown keys and duplicate ids', () => {
    const result = validateContent(
      input([], {
        registries: {
          ...REGISTRIES,
          services: { path: 'content/services.yaml', text: '- id: api\n  name: API\n  owner: x\n- id: api\n  name: Again\n' },
        },
      }),
    );
    expect(result.diagnostics).toMatchObject([
      { file: 'content/services.yaml', line: 3, field: '[0].owner', message: 'unknown field `owner`', suggestion: undefined },
    ]);
    const dup = validateContent(
      input([], {
        registries: {
          ...REGISTRIES,
          services: { path: 'content/services.yaml', text: '- id: api\n  name: API\n- id: api\n  name: Again\n' },
        },
      }),
    );
    expect(dup.diagnostics).toMatchObject([{ rule: 'registry', line: 3, message: 'the id "api" is listed twice (also entry 1)' }]);
  });
  it('an entry with a mistake is reported once, in its registry: the postmortems naming it, or another entry, are not reported too', () => {
    const services = '- id: api-server\n  name: API server\n  owner: platform\n- id: checkout-api\n  name: Checkout API\n';
    const files = [
      source('2024-06-06-api-leak.mdx', fileText({ ...validFrontmatter(), services: ['api-server'] }, VALID_BODY)),
      source('2024-06-06-checkout.mdx', fileText({ ...validFrontmatter(), services: ['checkout-api'] }, VALID_BODY)),
      source('2024-06-06-typo.mdx', fileText({ ...validFrontmatter(), services: ['checkout-apj'] }, VALID_BODY)),
    ];
    const result = validateContent(
      input(files, { registries: { ...REGISTRIES, services: { path: 'content/services.yaml', text: services } } }),
    );
    expect(result.diagnostics.map((d) => [d.file, d.field, d.message])).toEqual([
      ['content/services.yaml', '[0].owner', 'unknown field `owner`'],
      ['content/postmortems/2024-06-06-typo.mdx', 'services[0]', 'unknown service "checkout-apj"'],
    ]);
    expect(result.diagnostics[1]?.suggestion).toBe('checkout-api');
    expect(result.registries.services.map((s) => s.id)).toEqual(['checkout-api']);
  });
  it('ids are kebab-case', () => {
    const result = validateContent(
      input([], {
        registries: { ...REGISTRIES, rootCauses: { path: 'content/root-causes.yaml', text: '- id: Memory Leak\n  name: x\n' } },
      }),
    );
    expect(result.diagnostics).toMatchObject([{ field: '[0].id', message: 'must be lowercase kebab-case (a-z, 0-9, -)' }]);
  });
});

describe('YAML is read without silent conversions', () => {
  it('keeps unquoted times and offsets as written', () => {
    const text = `---\ntitle: t\nsummary: s\nstatus: published\nseverity: SEV3\nstarted: 2024-06-06T09:00:00+03:00\nresolved: 2024-06-06T11:30:00+03:00\ntimezone: Africa/Nairobi\nservices: [api-server]\nrootCauses: [memory-leak]\nimpact:\n  description: x\ntimeline:\n  - at: 09:30\n    event: rolled back\n---\n\n${VALID_BODY}`;
    const result = validateContent(input([source(NAME, text)]));
    expect(result.diagnostics).toEqual([]);
    expect(result.entries[0]!.data.started).toBe('2024-06-06T09:00:00+03:00');
    expect(result.entries[0]!.data.timeline![0]!.at).toBe('2024-06-06T09:30:00+03:00');
  });
  it('reports `yes` for a boolean instead of reading it as true', () => {
    const found = errors({ impact: { description: 'x', customerFacing: 'yes' } });
    expect(found[0]!.hint).toBeUndefined();
    expect(found[0]!.message).toBe('must be true or false, but is the text "yes"');
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile input in every text field, lists, dates and nesting (issue 11): exact rule, line, message.

const WINDOW = { now: '2026-11-24', earliestYear: 1990 };

/** Validates one file with a fixed date window; its diagnostics as rule, field, line, message, hint. */
function hostile(fm: Record<string, unknown>, dates = WINDOW) {
  const text = fileText(fm);
  const result = validateContent(input([source(NAME, text)], { dates }));
  return {
    text,
    found: result.diagnostics.map(({ rule, field, line, message, hint }) => ({ rule, field, line, message, hint })),
    entries: result.entries,
  };
}
const lineOf = (text: string, marker: string) => text.split('\n').findIndex((l) => l.includes(marker)) + 1;

interface TextField {
  field: string;
  /** Where the value sits: the first line of the file containing this (plus `below` lines). */
  marker: string;
  below?: number;
  max: number;
  multiline: boolean;
  set(value: string): Record<string, unknown>;
}

const base = validFrontmatter();
const TEXT_FIELDS: TextField[] = [
  { field: 'title', marker: 'title:', max: 160, multiline: false, set: (v) => ({ title: v }) },
  { field: 'summary', marker: 'summary:', max: 500, multiline: true, set: (v) => ({ summary: v }) },
  { field: 'impact.description', marker: 'description:', max: 4000, multiline: true, set: (v) => ({ impact: { description: v } }) },
  { field: 'trigger', marker: 'trigger:', max: 2000, multiline: true, set: (v) => ({ trigger: v }) },
  { field: 'timeline[0].event', marker: 'event:', max: 2000, multiline: true, set: (v) => ({ timeline: [{ at: '09:00', event: v }] }) },
  {
    field: 'actionItems[0].title',
    marker: '- title:',
    max: 500,
    multiline: false,
    set: (v) => ({ actionItems: [{ title: v, owner: 'sre', status: 'open' }] }),
  },
  {
    field: 'actionItems[0].owner',
    marker: 'owner:',
    max: 100,
    multiline: false,
    set: (v) => ({ actionItems: [{ title: 'Fix it', owner: v, status: 'open' }] }),
  },
  { field: 'authors[0]', marker: 'authors:', below: 1, max: 100, multiline: false, set: (v) => ({ authors: [v] }) },
  {
    field: 'links[0].title',
    marker: '- title:',
    max: 500,
    multiline: false,
    set: (v) => ({ links: [{ title: v, url: 'https://example.com/' }] }),
  },
];

const ONE_LINE_HINT = 'remove it; this field is plain text on one line';
const MULTI_LINE_HINT = 'remove it (tabs and line breaks are fine here)';
const CHARACTER_CLASSES: { name: string; value: string; message: string }[] = [
  { name: 'an ANSI escape (C0)', value: 'a\u001b[2Jb', message: 'contains U+001B, a control character, at character 2' },
  { name: 'NUL', value: 'a\u0000b', message: 'contains U+0000, a control character, at character 2' },
  { name: 'DEL', value: 'ab\u007f', message: 'contains U+007F, a control character, at character 3' },
  { name: 'a C1 control', value: 'a\u009bb', message: 'contains U+009B, a control character, at character 2' },
  {
    name: 'a right-to-left override',
    value: 'invoice \u202Egnp.exe',
    message: 'contains U+202E, a bidirectional control character, which can make text display reversed, at character 9',
  },
  {
    name: 'a bidi isolate',
    value: '\u2066x',
    message: 'contains U+2066, a bidirectional control character, which can make text display reversed, at character 1',
  },
  {
    name: 'only zero-width characters',
    value: '\u200b\u200c\u200d\u2060',
    message: 'holds only invisible characters (spaces, zero-width characters or soft hyphens)',
  },
  {
    name: 'only a soft hyphen and a zero-width space',
    value: '\u00ad \u200b',
    message: 'holds only invisible characters (spaces, zero-width characters or soft hyphens)',
  },
];

describe('every text field refuses control characters and invisible-only text', () => {
  const cases = TEXT_FIELDS.flatMap((f) => CHARACTER_CLASSES.map((c) => ({ ...c, ...f, label: `${f.field} with ${c.name}` })));
  it.each(cases)('$label', ({ field, marker, below = 0, multiline, set, value, message }) => {
    const { text, found } = hostile({ ...base, ...set(value) });
    expect(found).toEqual([
      { rule: 'schema', field, line: lineOf(text, marker) + below, message, hint: multiline ? MULTI_LINE_HINT : ONE_LINE_HINT },
    ]);
  });

  it.each(TEXT_FIELDS)('$field is at most its limit', ({ field, marker, below = 0, max, set }) => {
    expect(hostile({ ...base, ...set('x'.repeat(max)) }).found).toEqual([]);
    const { text, found } = hostile({ ...base, ...set('x'.repeat(max + 1)) });
    expect(found).toEqual([
      { rule: 'schema', field, line: lineOf(text, marker) + below, message: `must be at most ${max} characters`, hint: undefined },
    ]);
  });

  it.each(TEXT_FIELDS)(
    '$field: a tab or line break only where the field has several lines',
    ({ field, marker, below = 0, multiline, set }) => {
      const { text, found } = hostile({ ...base, ...set('first\tsecond\nthird') });
      if (multiline) expect(found).toEqual([]);
      else
        expect(found).toEqual([
          {
            rule: 'schema',
            field,
            line: lineOf(text, marker) + below,
            message: 'contains U+0009, a tab or line break, and this field is one line, at character 6',
            hint: ONE_LINE_HINT,
          },
        ]);
    },
  );

  // A field is shown as written in both editions: <Internal> there would reach the public one, tags and all.
  it.each(TEXT_FIELDS)('$field refuses <Internal>, in any case and split over its two tags', ({ field, marker, below = 0, set }) => {
    for (const value of ['Paged <Internal>host db-7</Internal>.', 'Paged </internal> host', 'x <INTERNAL\n>y']) {
      const { text, found } = hostile({ ...base, ...set(value) });
      expect(
        found.filter((d) => d.message.includes('<Internal>')),
        value,
      ).toEqual([
        {
          rule: 'schema',
          field,
          line: lineOf(text, marker) + below,
          message: 'contains <Internal>, which works only in the body',
          hint: 'a field is shown as written in every edition: move the passage into the body, or keep the postmortem `visibility: internal`',
        },
      ]);
    }
    expect(hostile({ ...base, ...set('Internal team: <3 hosts, internal-dns') }).found).toEqual([]);
  });

  it('refuses U+FFFF (not a character, not allowed in XML) written as a YAML escape; raw, the YAML reading refuses it', () => {
    const escaped = fileText(base).replace(/^title: .*$/m, 'title: "ab\\uFFFF"');
    const result = validateContent(input([source(NAME, escaped)], { dates: WINDOW }));
    expect(result.diagnostics.map(({ rule, field, line, message }) => ({ rule, field, line, message }))).toEqual([
      { rule: 'schema', field: 'title', line: 2, message: 'contains U+FFFF, which is not a character, at character 3' },
    ]);
    expect(hostile({ ...base, title: 'ab\uffff' }).found.map((d) => d.message)).toEqual([
      'invalid YAML: the stream contains non-printable characters',
    ]);
  });

  it('accepts what text legitimately holds: <, &, quotes, emoji, non-BMP, RTL text, a joined emoji', () => {
    const text = 'p95 < 200 ms & "quoted" \'single\' 🚀 𝔘𝔫𝔦 שלום مرحبا 👩‍💻';
    const result = hostile({
      ...base,
      title: text,
      summary: text,
      impact: { description: `${text}\n\tindented` },
      trigger: text,
      authors: [text],
    });
    expect(result.found).toEqual([]);
    expect(result.entries[0]!.data.title).toBe(text);
  });

  it('checks registry names and descriptions the same way', () => {
    const registries = {
      ...REGISTRIES,
      services: { path: 'content/services.yaml', text: '- id: api-server\n  name: "API\\e[31m"\n  description: "\\u202e"\n' },
    };
    const result = validateContent(input([], { registries }));
    expect(result.diagnostics.map(({ field, line, message }) => ({ field, line, message }))).toEqual([
      { field: '[0].name', line: 2, message: 'contains U+001B, a control character, at character 4' },
      {
        field: '[0].description',
        line: 3,
        message: 'contains U+202E, a bidirectional control character, which can make text display reversed, at character 1',
      },
    ]);
  });
});

describe('list sizes are limited', () => {
  const services = (n: number) => Array.from({ length: n }, () => 'api-server');
  it.each([
    {
      field: 'timeline',
      patch: { timeline: Array.from({ length: 1001 }, () => ({ at: '09:00', event: 'x' })) },
      message: 'has 1001 entries, more than the 1000 allowed',
    },
    {
      field: 'actionItems',
      patch: { actionItems: Array.from({ length: 501 }, () => ({ title: 't', owner: 'o', status: 'open' })) },
      message: 'has 501 action items, more than the 500 allowed',
    },
    { field: 'services', patch: { services: services(51) }, message: 'has 51 services, more than the 50 allowed' },
    {
      field: 'rootCauses',
      patch: { rootCauses: Array.from({ length: 21 }, () => 'memory-leak') },
      message: 'has 21 root causes, more than the 20 allowed',
    },
    { field: 'tags', patch: { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, message: 'has 51 tags, more than the 50 allowed' },
    {
      field: 'authors',
      patch: { authors: Array.from({ length: 51 }, (_, i) => `a${i}`) },
      message: 'has 51 authors, more than the 50 allowed',
    },
    {
      field: 'links',
      patch: { links: Array.from({ length: 101 }, () => ({ title: 't', url: 'https://example.com/' })) },
      message: 'has 101 links, more than the 100 allowed',
    },
    {
      field: 'related',
      patch: { related: Array.from({ length: 101 }, () => 'x') },
      message: 'has 101 related postmortems, more than the 100 allowed',
    },
  ])('$field', ({ field, patch, message }) => {
    const { text, found } = hostile({ ...base, ...patch });
    expect(found.filter((d) => d.field === field)).toEqual([
      {
        rule: 'schema',
        field,
        line: lineOf(text, `${field}:`) + 1,
        message,
        hint: 'keep the ones that matter and link to the full record (a ticket, a log, a dashboard)',
      },
    ]);
  });
});

describe('datetimes lie in a plausible window', () => {
  const after = (value: string) => `"${value}" is after the build date 2026-11-24`;
  const afterHint = 'a postmortem is written after the incident: check the year and month (the build date is today, or HINDSIGHT_NOW)';
  const before = (value: string, year = 1990) => `"${value}" is before ${year}, the earliest year this archive accepts`;
  const beforeHint = 'check the year; for older incidents lower `earliestYear` in hindsight.config.ts (or HINDSIGHT_EARLIEST_YEAR)';
  const late = {
    status: 'in-review',
    started: '2026-11-20T09:00:00Z',
    detected: undefined,
    mitigated: undefined,
    resolved: undefined,
    timeline: undefined,
    timezone: 'UTC',
  };

  it.each([
    {
      name: 'started in year 9999',
      patch: { status: 'in-review', started: '9999-01-01T00:00:00Z', resolved: undefined, detected: undefined, mitigated: undefined },
      field: 'started',
      message: after('9999-01-01T00:00:00Z'),
      hint: afterHint,
    },
    {
      name: 'started two days after the build date',
      patch: { status: 'in-review', started: '2026-11-26T00:00:00Z', resolved: undefined, detected: undefined, mitigated: undefined },
      field: 'started',
      message: after('2026-11-26T00:00:00Z'),
      hint: afterHint,
    },
    {
      name: 'detected in 2099',
      patch: { ...late, detected: '2099-01-01T00:00:00Z' },
      field: 'detected',
      message: after('2099-01-01T00:00:00Z'),
      hint: afterHint,
    },
    {
      name: 'mitigated in 2099',
      patch: { ...late, mitigated: '2099-01-01T00:00:00Z' },
      field: 'mitigated',
      message: after('2099-01-01T00:00:00Z'),
      hint: afterHint,
    },
    {
      name: 'resolved in 2099',
      patch: { ...late, resolved: '2099-01-01T00:00:00Z' },
      field: 'resolved',
      message: after('2099-01-01T00:00:00Z'),
      hint: afterHint,
    },
    {
      name: 'a timeline datetime in 2099',
      patch: { ...late, timeline: [{ at: '2099-01-01T00:00:00Z', event: 'x' }] },
      field: 'timeline[0].at',
      message: after('2099-01-01T00:00:00Z'),
      hint: afterHint,
    },
    {
      name: 'started in 1989',
      patch: {
        status: 'in-review',
        started: '1989-12-31T23:00:00Z',
        resolved: undefined,
        detected: undefined,
        mitigated: undefined,
        timeline: undefined,
      },
      field: 'started',
      message: before('1989-12-31T23:00:00Z'),
      hint: beforeHint,
    },
    {
      name: 'started in year 0001',
      patch: {
        status: 'in-review',
        started: '0001-01-01T00:00:00Z',
        resolved: undefined,
        detected: undefined,
        mitigated: undefined,
        timeline: undefined,
      },
      field: 'started',
      message: before('0001-01-01T00:00:00Z'),
      hint: beforeHint,
    },
    {
      name: 'an action item due before 1990',
      patch: { actionItems: [{ title: 't', owner: 'o', status: 'open', due: '1989-06-01' }] },
      field: 'actionItems[0].due',
      message: before('1989-06-01'),
      hint: beforeHint,
    },
  ])('refuses $name', ({ patch, field, message, hint }) => {
    const fm: Record<string, unknown> = { ...base, ...patch };
    for (const [key, value] of Object.entries(patch)) if (value === undefined) delete fm[key];
    const { text, found } = hostile(fm);
    const marker = field === 'timeline[0].at' ? '- at:' : field === 'actionItems[0].due' ? 'due:' : `${field}:`;
    expect(found.filter((d) => d.rule === 'schema')).toEqual([{ rule: 'schema', field, line: lineOf(text, marker), message, hint }]);
  });

  it('accepts the day after the build date (a zone ahead of the build machine), a due date in the future, and an earlier earliestYear', () => {
    const next = {
      ...base,
      started: '2026-11-25T23:00:00+14:00',
      detected: undefined,
      mitigated: undefined,
      resolved: '2026-11-25T23:30:00+14:00',
      timeline: [{ at: '23:10', event: 'x' }],
      timezone: 'Pacific/Kiritimati',
    };
    delete next.detected;
    delete next.mitigated;
    expect(validateContent(input([source('2026-11-25-kiribati.mdx', fileText(next))], { dates: WINDOW })).diagnostics).toEqual([]);
    expect(hostile({ ...base, actionItems: [{ title: 't', owner: 'o', status: 'open', due: '2099-01-01' }] }).found).toEqual([]);
    const old = {
      ...base,
      started: '1975-06-06T09:00:00+03:00',
      detected: '1975-06-06T09:05:00+03:00',
      mitigated: '1975-06-06T11:15:00+03:00',
      resolved: '1975-06-06T11:30:00+03:00',
    };
    expect(
      validateContent(input([source('1975-06-06-old.mdx', fileText(old))], { dates: { now: '2026-11-24', earliestYear: 1970 } }))
        .diagnostics,
    ).toEqual([]);
    expect(
      validateContent(input([source('1975-06-06-old.mdx', fileText(old))], { dates: WINDOW })).diagnostics.map((d) => d.field),
    ).toEqual(['started', 'detected', 'mitigated', 'resolved']);
  });
});

describe('deeply nested YAML gets a clear error, never a stack overflow', () => {
  const DEPTH_HINT =
    'frontmatter nests at most three levels (a list of entries with fields, such as `timeline`): remove the extra brackets or indentation';
  const deepMap = Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
  const deepSeq = Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i * 2)}-`).join('\n');
  it.each([
    { name: 'a flow list 10,000 deep', yaml: `title: ${'['.repeat(10_000)}${']'.repeat(10_000)}`, line: 2 },
    { name: 'a flow mapping 10,000 deep', yaml: `title: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`, line: 2 },
    { name: 'an unclosed flow list 10,000 deep', yaml: `title: ${'['.repeat(10_000)}`, line: 2 },
    { name: 'block mappings 3,000 deep', yaml: `${deepMap} 1`, line: 21 },
    { name: 'block lists 3,000 deep', yaml: `tags:\n${deepSeq} x`, line: 22 },
  ])('$name', ({ yaml, line }) => {
    const result = validateContent(input([source(NAME, `---\n${yaml}\n---\n\nbody\n`)]));
    expect(result.diagnostics.map(({ rule, line, message, hint }) => ({ rule, line, message, hint }))).toEqual([
      { rule: 'yaml', line, message: 'invalid YAML: lists or mappings nest more than 20 levels deep', hint: DEPTH_HINT },
    ]);
  });

  it('in a registry file too', () => {
    const result = validateContent(
      input([], { registries: { ...REGISTRIES, services: { path: 'content/services.yaml', text: `${'['.repeat(5000)}` } } }),
    );
    expect(result.diagnostics.map(({ file, rule, line, message }) => ({ file, rule, line, message }))).toEqual([
      { file: 'content/services.yaml', rule: 'yaml', line: 1, message: 'invalid YAML: lists or mappings nest more than 20 levels deep' },
    ]);
  });
});
