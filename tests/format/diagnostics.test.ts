import { describe, expect, it } from 'vitest';
import { escapeControls, textCharacterProblem } from '../../src/format/characters.ts';
import { formatDiagnostic, formatGithub, formatReport, type Diagnostic } from '../../src/format/diagnostics.ts';
import { FIELDS, REGISTRY_FIELDS, type FieldInfo } from '../../src/format/fields.ts';
import type { RegistryName } from '../../src/format/schema.ts';
import { parseRegistries, validateContent } from '../../src/validate/validate.ts';
import { fileText, input, REGISTRIES, source, validFrontmatter } from '../helpers/content.ts';

/** The one error formatter: every quoted value shown exactly, control characters escaped, never `undefined`. */

const ESC = '\u001b';
const diagnostic = (over: Partial<Diagnostic>): Diagnostic => ({
  file: 'content/postmortems/2024-06-06-x.mdx',
  line: 2,
  column: 8,
  severity: 'error',
  rule: 'schema',
  field: 'title',
  message: 'x',
  ...over,
});

describe('escapeControls', () => {
  it.each([
    ['ANSI clear screen', `a${ESC}[2Jb`, 'a\\u001b[2Jb'],
    ['newline and tab', 'a\nb\tc', 'a\\nb\\tc'],
    ['carriage return', 'a\rb', 'a\\rb'],
    ['NUL', 'a\u0000b', 'a\\u0000b'],
    ['DEL', 'a\u007fb', 'a\\u007fb'],
    ['C1 CSI', 'a\u009bb', 'a\\u009bb'],
    ['right-to-left override', 'a\u202eb', 'a\\u202eb'],
    ['first strong isolate', 'a\u2068b', 'a\\u2068b'],
    ['zero-width space', 'a\u200bb', 'a\\u200bb'],
    ['byte-order mark', '\ufeffa', '\\ufeffa'],
    ['line separator', 'a\u2028b', 'a\\u2028b'],
    ['non-character U+FFFE', 'a\ufffeb', 'a\\ufffeb'],
  ])('escapes %s', (_name, text, shown) => {
    expect(escapeControls(text)).toBe(shown);
  });

  it('keeps every other character exactly: dots, quotes, backslashes, emoji, non-BMP, RTL text', () => {
    const text = 'v1..v2 ... "q" \'s\' \\{ <a&b> 🚀 𝔘 שלום مرحبا';
    expect(escapeControls(text)).toBe(text);
  });
});

describe('formatDiagnostic', () => {
  it('keeps ".." inside a quoted value (it used to become ".")', () => {
    const d = diagnostic({ message: 'unknown service "api..v2"', hint: 'see ../services.yaml' });
    expect(formatDiagnostic(d)).toBe(
      'content/postmortems/2024-06-06-x.mdx:2:8 error title: unknown service "api..v2". Fix: see ../services.yaml. [schema]',
    );
  });

  it('adds one full stop, never two', () => {
    expect(formatDiagnostic(diagnostic({ message: 'ends.', hint: 'also ends.' }))).toBe(
      'content/postmortems/2024-06-06-x.mdx:2:8 error title: ends. Fix: also ends. [schema]',
    );
  });

  const fake = `${ESC}[2J${ESC}[H✔ 6 files checked, no problems.`;
  const hostile = diagnostic({ message: `unknown service "${fake}"`, suggestion: `a${ESC}b`, hint: `add "${fake}"`, field: `services[0]` });

  it('shows an ANSI escape in a value escaped in text output, with no raw ESC byte', () => {
    const line = formatDiagnostic(hostile);
    expect(line).toBe(
      'content/postmortems/2024-06-06-x.mdx:2:8 error services[0]: unknown service "\\u001b[2J\\u001b[H✔ 6 files checked, no problems.". Did you mean "a\\u001bb"? Fix: add "\\u001b[2J\\u001b[H✔ 6 files checked, no problems.". [schema]',
    );
    expect(line).not.toContain(ESC);
  });

  it('does the same in GitHub annotations and JSON', () => {
    const github = formatGithub(hostile);
    expect(github).not.toContain(ESC);
    expect(github).toContain('unknown service "\\u001b[2J\\u001b[H✔ 6 files checked, no problems."');
    const json = formatReport([hostile], 1, 'json');
    expect(json).not.toContain(ESC);
    expect(JSON.parse(json).diagnostics[0].message).toBe('unknown service "\\u001b[2J\\u001b[H✔ 6 files checked, no problems."');
  });

  it('escapes a control character in a file name', () => {
    const line = formatDiagnostic(diagnostic({ file: `content/postmortems/a${ESC}[31m.mdx`, message: 'bad' }));
    expect(line.startsWith('content/postmortems/a\\u001b[31m.mdx:2:8 error')).toBe(true);
  });
});

describe('messages from the schema', () => {
  const messages = (fm: Record<string, unknown>) =>
    validateContent(input([source('2024-06-06-x.mdx', fileText(fm))])).diagnostics.map((d) => formatDiagnostic(d).replace(/^\S+ /, ''));

  it('name a missing enum field instead of printing "undefined undefined is not allowed"', () => {
    const { status: _status, ...rest } = validFrontmatter();
    expect(messages(rest)).toEqual([
      'error status: missing required field `status`. Fix: add `status: draft`, `in-review` or `published`. [schema]',
    ]);
  });

  it('say what a field holds when it is the wrong type', () => {
    expect(messages({ ...validFrontmatter(), status: 42 })).toEqual([
      'error status: number 42 is not allowed. Fix: use one of: draft, in-review, published. [schema]',
    ]);
    expect(messages({ ...validFrontmatter(), status: null })).toEqual([
      'error status: nothing (null) is not allowed. Fix: use one of: draft, in-review, published. [schema]',
    ]);
  });

  it('never cut an emoji in half when shortening a quoted value', () => {
    const [line] = messages({ ...validFrontmatter(), status: `${'a'.repeat(39)}🚀🚀` });
    expect(line).toContain(`the text "${'a'.repeat(39)}🚀…" is not allowed`);
  });
});

describe('the hint for a missing required field', () => {
  /** A valid frontmatter with every list and mapping present, one item each. */
  const full = () => ({
    ...validFrontmatter(),
    actionItems: [{ title: 'Add a canary', owner: 'api-team', status: 'open' }],
    links: [{ title: 'Dashboard', url: 'https://example.com/d' }],
    allow: [{ rule: 'blame', match: 'careless', reason: 'a quote from the vendor' }],
    imported: { from: 'Confluence', date: '2024-06-07' },
  });
  const without = (data: Record<string, unknown>, path: string) => {
    const parts = path.replace(/\[\]/g, '.0').split('.');
    let node = data as Record<string, unknown>;
    for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
    delete node[parts.at(-1)!];
    return data;
  };
  const errors = (data: Record<string, unknown>) =>
    validateContent(input([source('2024-06-06-x.mdx', fileText(data))])).diagnostics.filter((d) => d.severity === 'error');
  const required = Object.entries(FIELDS as Record<string, FieldInfo>).filter(([, info]) => info.rule.startsWith('required'));

  it('has a valid frontmatter to start from', () => {
    expect(errors(full())).toEqual([]);
    expect(required.length).toBeGreaterThan(15);
  });

  it.each(required)("is the field table's for %s", (path, info) => {
    const [d, ...more] = errors(without(full(), path));
    expect(more).toEqual([]);
    expect(d).toMatchObject({
      field: path.replace(/\[\]/g, '[0]'),
      message: `missing required field \`${path.split('.').at(-1)}\``,
      hint: info.missing,
    });
  });

  it.each(Object.keys(REGISTRY_FIELDS) as RegistryName[])("is the registry table's in %s", (registry) => {
    for (const key of ['id', 'name']) {
      const text = key === 'id' ? '- name: Something\n' : '- id: something\n';
      const { diagnostics } = parseRegistries({ ...REGISTRIES, [registry]: { path: 'r.yaml', text } });
      expect(diagnostics).toEqual([
        expect.objectContaining({ field: `[0].${key}`, hint: (REGISTRY_FIELDS[registry] as Record<string, FieldInfo>)[key]!.missing }),
      ]);
    }
  });
});

describe('textCharacterProblem', () => {
  it('names the character by code point and position, never echoing it', () => {
    expect(textCharacterProblem(`ab${ESC}c`, false)).toBe('contains U+001B, a control character, at character 3');
    expect(textCharacterProblem('🚀\u202e', false)).toBe(
      'contains U+202E, a bidirectional control character, which can make text display reversed, at character 2',
    );
    expect(textCharacterProblem('a\tb', false)).toBe('contains U+0009, a tab or line break, and this field is one line, at character 2');
    expect(textCharacterProblem('a\tb\nc', true)).toBeUndefined();
    expect(textCharacterProblem('\u200b \u00ad', true)).toBe(
      'holds only invisible characters (spaces, zero-width characters or soft hyphens)',
    );
    expect(textCharacterProblem('', true)).toBeUndefined();
  });
});
