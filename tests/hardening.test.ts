import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkBuild } from '../src/build/build-check-fs.ts';
import { formatDiagnostic, formatGithub, type Diagnostic } from '../src/format/diagnostics.ts';
import { parseSource } from '../src/format/frontmatter.ts';
import { validateContent } from '../src/validate/validate.ts';
import { FIXTURES, listFiles, runBuild } from './helpers/build.ts';
import { fileText, input, source, validFrontmatter } from './helpers/content.ts';

/** Hostile and random input: the validator answers, never throws; builds are reproducible. */

/** Control characters (C0 but none, DEL, C1, bidi controls) that no printed message may hold raw. */
const RAW_CONTROL = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

/** Every diagnostic, as printed in text and GitHub formats: no raw control character, no `undefined` the input did not hold. */
function expectPrintable(diagnostics: readonly Diagnostic[], input: string) {
  for (const d of diagnostics) {
    for (const line of [formatDiagnostic(d), formatGithub(d)]) {
      expect(line).not.toMatch(RAW_CONTROL);
      if (!input.includes('undefined')) expect(line).not.toContain('undefined');
    }
  }
}

const KEYS = Object.keys(validFrontmatter()).concat([
  'related',
  'links',
  'actionItems',
  'tags',
  'authors',
  'rootCause',
  '__proto__',
  'constructor',
]);
const anyValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    '09:30',
    'yes',
    'no',
    'on',
    '~',
    'null',
    '1e3',
    '0x1F',
    '.inf',
    '2024-06-06',
    '2024-06-06T09:00:00',
    '---',
    '<script>alert(1)</script>',
    'javascript:alert(1)',
    '{x}',
    '\u0000\u0001',
    '\u001b[2J✔ no problems',
    'a\u202eb',
    '\u200b',
    'v1..v2',
    '9999-01-01T00:00:00Z',
    '1900-01-01T00:00:00Z',
  ),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 3 }),
);
const frontmatter = fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 12 })), anyValue, { maxKeys: 14 });

describe('random frontmatter', () => {
  it('always gives diagnostics or a valid entry, never an exception', () => {
    fc.assert(
      fc.property(frontmatter, fc.boolean(), (data, keepValid) => {
        const fm = keepValid ? { ...validFrontmatter(), ...data } : data;
        let text: string;
        try {
          text = `---\n${stringify(fm)}---\n\n## Root cause\n\nx\n`;
        } catch {
          return; // not expressible as YAML
        }
        const result = validateContent(input([source('2024-06-06-random.mdx', text)]));
        expect(result.entries.length + result.diagnostics.filter((d) => d.severity === 'error').length).toBeGreaterThan(0);
        for (const d of result.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
          expect(d.message.length).toBeGreaterThan(0);
        }
        expectPrintable(result.diagnostics, text);
      }),
      { numRuns: 300 },
    );
  });

  it('parses any text without throwing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const parsed = parseSource(`---\n${text}\n---\n${text}`);
        for (const e of parsed.yamlErrors) expect(e.line).toBeGreaterThanOrEqual(2);
        const result = validateContent(input([source('2024-06-06-random.mdx', `---\n${text}\n---\n${text}`)]));
        // Random text is never a valid published postmortem: it must be reported, not dropped.
        expect(result.entries).toEqual([]);
        expect(result.diagnostics.some((d) => d.severity === 'error' && d.file.endsWith('2024-06-06-random.mdx'))).toBe(true);
        expectPrintable(result.diagnostics, text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('hostile YAML', () => {
  const errorsFor = (yaml: string) =>
    validateContent(input([source('2024-06-06-x.mdx', `---\n${yaml}\n---\n\nbody\n`)])).diagnostics.map(({ rule, line, message }) => ({
      rule,
      line,
      message,
    }));

  it('refuses custom tags that other parsers would execute or decode', () => {
    expect(errorsFor('title: !!js/function "function () { return 1 }"')[0]).toMatchObject({ rule: 'yaml', line: 2 });
    expect(errorsFor('title: !!binary aGk=')[0]).toMatchObject({ rule: 'yaml', line: 2 });
  });

  it('refuses a billion-laughs expansion', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    expect(errorsFor(lines.join('\n'))).toEqual([{ rule: 'yaml', line: 2, message: 'invalid YAML: more than 50 YAML aliases (*name)' }]);
  });

  it('reports duplicate keys, tabs and bad indentation with their lines', () => {
    expect(errorsFor('title: a\ntitle: b')[0]).toMatchObject({ rule: 'yaml', line: 3 });
    expect(errorsFor('title: a\n\tsummary: b')[0]).toMatchObject({ rule: 'yaml', line: 3 });
    expect(errorsFor('impact:\n  description: a\n   usersAffected: 3')[0]).toMatchObject({ rule: 'yaml' });
  });

  it('reports a file with no frontmatter, an unclosed one and an empty one', () => {
    const run = (text: string) => validateContent(input([source('2024-06-06-x.mdx', text)])).diagnostics.map((d) => d.message);
    expect(run('# Just a heading\n')).toEqual(['the file has no frontmatter']);
    expect(run('---\ntitle: x\n\nbody')).toEqual(['invalid YAML: the frontmatter is not closed: add a line `---` after the last field']);
    expect(run('---\n---\nbody')).toEqual(['the frontmatter is empty']);
    expect(run('')).toEqual(['the file is empty']);
  });
});

describe('the build checks', () => {
  const site = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-check-'));
    for (const slug of ['2024-01-01-a', '2024-01-02-b']) {
      fs.mkdirSync(path.join(dir, 'postmortems', slug), { recursive: true });
      fs.writeFileSync(path.join(dir, 'postmortems', slug, 'index.html'), '<html></html>');
    }
    fs.mkdirSync(path.join(dir, 'pagefind'));
    fs.writeFileSync(path.join(dir, 'pagefind', 'pagefind-entry.json'), JSON.stringify({ languages: { en: { page_count: 2 } } }));
    return dir;
  };
  it('pass when pages, index entries and postmortems agree', () => {
    expect(checkBuild(site(), [{ dir: '', slugs: ['2024-01-01-a', '2024-01-02-b'] }])).toEqual([]);
  });
  it('fail on a missing page, an extra page, or a search index that disagrees', () => {
    expect(checkBuild(site(), [{ dir: '', slugs: ['2024-01-01-a', '2024-01-02-b', '2024-01-03-c'] }])).toEqual([
      'no page for postmortem 2024-01-03-c',
      'the search index has 2 entries for 3 postmortems',
    ]);
    expect(checkBuild(site(), [{ dir: '', slugs: ['2024-01-01-a'] }])).toEqual([
      'a page exists for 2024-01-02-b, which is not a visible postmortem',
      'the search index has 2 entries for 1 postmortems',
    ]);
  });
});

describe('builds', () => {
  const hashes = (dir: string) =>
    Object.fromEntries(
      listFiles(dir).map((f) => [
        f,
        createHash('sha256')
          .update(fs.readFileSync(path.join(dir, f)))
          .digest('hex'),
      ]),
    );

  it('are byte-for-byte reproducible', () => {
    const env = { HINDSIGHT_NOW: '2026-11-01' };
    const a = runBuild(path.join(FIXTURES, 'basic'), { env });
    const b = runBuild(path.join(FIXTURES, 'basic'), { env });
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    expect(hashes(b.outDir)).toEqual(hashes(a.outDir));
  });

  it('leave no text of in-review or draft postmortems anywhere, search index included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-leak-'));
    fs.cpSync(path.join(FIXTURES, 'basic'), dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'postmortems', '2024-07-01-in-review.mdx'),
      fileText(
        {
          ...validFrontmatter(),
          status: 'in-review',
          severity: 'SEV3',
          timezone: 'UTC',
          started: '2024-07-01T10:00:00Z',
          detected: undefined,
          mitigated: undefined,
          resolved: undefined,
          services: ['search'],
          rootCauses: ['dns'],
          title: 'Quokkaflop review',
        },
        '## Root cause\n\nZebrafinch words.\n',
      ),
    );
    const build = runBuild(dir);
    expect(build.status, build.stderr).toBe(0);
    const zlib = process.getBuiltinModule('node:zlib');
    for (const file of listFiles(build.outDir)) {
      let bytes = fs.readFileSync(path.join(build.outDir, file));
      if (/\.pf_(fragment|index|meta|filter)$/.test(file)) bytes = zlib.gunzipSync(bytes);
      for (const word of ['Quokkaflop', 'Zebrafinch', '2024-07-01-in-review', 'Sekretwort', 'Captain Caffeine']) {
        expect(bytes.includes(word), `${word} in ${file}`).toBe(false);
      }
    }
  });
});
