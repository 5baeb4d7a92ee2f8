import { describe, expect, it } from 'vitest';
import { readSensitiveSettings } from '../../src/validate/sensitive/settings.ts';
import { scanSecrets } from '../../src/validate/sensitive/secrets.ts';
import { validateContent } from '../../src/validate/validate.ts';
import { fileText, input, source, validFrontmatter } from '../helpers/content.ts';
import { plantedSecrets } from '../helpers/planted-secrets.ts';
import { where } from '../helpers/where.ts';

/**
 * Accepting a finding a reviewer judged fine: per postmortem (`allow:` with a reason) and in the
 * configuration (`sensitive.allow` patterns). One finding, never a whole check; an entry that
 * accepts nothing is a warning.
 */

const NAME = '2024-06-06-api-leak.mdx';
const PATH = `content/postmortems/${NAME}`;
const BODY = `## Root cause and resolution\n\nWrite to support@acme.io or call +44 20 7123 4567. Dave forgot to renew it.\n\n## Lessons learned\n\nx\n`;

function run(frontmatter: Record<string, unknown>, config: unknown = undefined, body = BODY) {
  const text = fileText(frontmatter, body);
  const { settings, problems } = readSensitiveSettings(config);
  const result = validateContent(input([source(NAME, text)], { sensitive: settings, problems }));
  const at = (needle: string) => where(text, needle);
  return { result, at, rules: result.diagnostics.map((d) => d.rule) };
}

describe('per postmortem: `allow`', () => {
  it('accepts the findings it names, with a reason, and nothing else', () => {
    const { rules } = run({
      ...validFrontmatter(),
      allow: [
        { rule: 'personal-data', match: 'support@acme.io', reason: 'our public support address' },
        { rule: 'blame', match: 'forgot', reason: 'quoted from the customer' },
      ],
    });
    expect(rules).toEqual(['personal-data']); // the phone number is still reported
  });

  it('matches the number as written or in its canonical form, case and spacing aside', () => {
    const allow = (match: string) =>
      run({
        ...validFrontmatter(),
        allow: [
          { rule: 'personal-data', match, reason: 'the vendor hotline' },
          { rule: 'personal-data', match: 'SUPPORT@acme.io', reason: 'public' },
        ],
      }).rules;
    expect(allow('+44 20 7123 4567')).toContain('blame');
    expect(allow('+442071234567')).toEqual(['blame']);
    expect(allow('+44  20 7123 4567')).toEqual(['blame']);
  });

  it('only for the rule it names', () => {
    const { rules } = run({ ...validFrontmatter(), allow: [{ rule: 'blame', match: 'support@acme.io', reason: 'x' }] });
    expect(rules).toEqual(['personal-data', 'personal-data', 'blame', 'allow']);
  });

  it('warns about an entry that accepts nothing, at the entry', () => {
    const { result, at } = run({
      ...validFrontmatter(),
      allow: [{ rule: 'personal-data', match: 'old@acme.io', reason: 'was in the first draft' }],
    });
    const entry = at('- rule: personal-data');
    expect(result.diagnostics.filter((d) => d.rule === 'allow')).toEqual([
      {
        file: PATH,
        line: entry.line,
        column: entry.column + 2,
        severity: 'warning',
        rule: 'allow',
        field: 'allow[0]',
        message: 'accepts a personal-data finding "old@acme.io" that is no longer there',
        hint: 'remove the entry, or correct it to the text the finding quotes',
      },
    ]);
  });

  it('requires a reason and a known rule', () => {
    const { result } = run({
      ...validFrontmatter(),
      allow: [
        { rule: 'personal-data', match: 'support@acme.io' },
        { rule: 'secrets', match: 'x', reason: 'y' },
      ],
    });
    expect(result.diagnostics.filter((d) => d.rule === 'schema').map((d) => [d.field, d.message])).toEqual([
      ['allow[0].reason', 'missing required field `reason`'],
      ['allow[1].rule', 'the text "secrets" is not allowed'],
    ]);
  });

  it('accepts a secret by its exact text, and a stale one is reported masked', async () => {
    const p = plantedSecrets().find((x) => x.rule === 'stripe')!;
    const text = fileText(
      { ...validFrontmatter(), allow: [{ rule: 'secret', match: p.secret, reason: 'a revoked test key' }] },
      `## Root cause and resolution\n\n${p.line}\n\n## Lessons learned\n\nx\n`,
    );
    const files = [source(NAME, text)];
    const accepted = validateContent(input(files, { secrets: await scanSecrets(files) }));
    expect(accepted.diagnostics).toEqual([]);
    const stale = fileText({ ...validFrontmatter(), allow: [{ rule: 'secret', match: `${p.secret}x`, reason: 'a revoked test key' }] });
    const staleFiles = [source(NAME, stale)];
    const report = validateContent(input(staleFiles, { secrets: await scanSecrets(staleFiles) })).diagnostics.filter(
      (d) => d.rule === 'allow',
    );
    expect(report.map((d) => d.message)).toEqual([
      `accepts a secret finding ${p.secret.slice(0, 4)}… (${p.secret.length + 1} characters) that is no longer there`,
    ]);
  });
});

describe('in the configuration: `sensitive.allow`', () => {
  it('accepts findings whose whole text matches a pattern, in every postmortem', () => {
    const config = { allow: [{ rule: 'personal-data', pattern: 'support@acme\\.io', reason: 'our public support address' }] };
    expect(run(validFrontmatter(), config).rules).toEqual(['personal-data', 'blame']);
    // The whole text: `acme\.io` alone accepts nothing, and says so.
    const partial = run(validFrontmatter(), { allow: [{ rule: 'personal-data', pattern: 'acme\\.io', reason: 'x' }] });
    expect(partial.result.diagnostics.map((d) => [d.rule, d.field])).toEqual([
      ['personal-data', undefined],
      ['personal-data', undefined],
      ['blame', undefined],
      ['allow', 'sensitive.allow[0]'],
    ]);
    expect(partial.result.diagnostics.at(-1)).toMatchObject({
      file: 'hindsight.config.ts',
      severity: 'warning',
      message: 'accepts a personal-data finding /^(?:acme\\.io)$/ that is no longer there',
    });
  });

  it('refuses a pattern that would turn a check off, an invalid one, and an unknown region', () => {
    const { settings, problems } = readSensitiveSettings({
      allow: [
        { rule: 'blame', pattern: '.*', reason: 'we do not like the check' },
        { rule: 'personal-data', pattern: '[a-z0-9.]+@[a-z.]+', reason: 'all addresses' },
        { rule: 'secret', pattern: '(unclosed', reason: 'x' },
        { rule: 'blame', pattern: 'human error', reason: 'the name of our chaos drill' },
        { rule: 'personal-data', pattern: '\\d{10,}', reason: 'long numbers are ids' },
        { rule: 'personal-data', pattern: '\\+[\\d ]+', reason: 'every international number' },
        { rule: 'personal-data', pattern: '\\+1 415 867 5309|.*@acme\\.io', reason: 'our switchboard and our own addresses' },
      ],
      phoneRegions: ['GB', 'XX'],
    });
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['sensitive.allow[0].pattern', '/.*/ matches too much (any text, address or number), so it would turn the blame check off'],
      [
        'sensitive.allow[1].pattern',
        '/[a-z0-9.]+@[a-z.]+/ matches too much (any text, address or number), so it would turn the personal-data check off',
      ],
      ['sensitive.allow[2].pattern', expect.stringMatching(/^is not a valid regular expression: /)],
      ['sensitive.allow[4].pattern', expect.stringMatching(/^\/\\d\{10,\}\/ matches too much/)],
      ['sensitive.allow[5].pattern', expect.stringMatching(/^\/\\\+\[\\d \]\+\/ matches too much/)],
      ['sensitive.phoneRegions[1]', '"XX" is not a region code'],
    ]);
    expect(problems.every((p) => p.severity === 'error' && p.file === 'hindsight.config.ts' && p.rule === 'config')).toBe(true);
    expect(settings.allow.map((a) => a.pattern?.source)).toEqual(['^(?:human error)$', '^(?:\\+1 415 867 5309|.*@acme\\.io)$']);
    expect(settings.phoneRegions).toEqual(['GB']);
  });

  it('requires a reason, and knows no switch to turn a check off', () => {
    expect(readSensitiveSettings({ allow: [{ rule: 'blame', pattern: 'x' }] }).problems.map((p) => p.field)).toEqual([
      'sensitive.allow.0.reason',
    ]);
    expect(readSensitiveSettings({ disable: ['blame'] }).problems.map((p) => p.message)).toEqual(['Unrecognized key: "disable"']);
  });

  it('checks the default visibility', () => {
    expect(readSensitiveSettings(undefined, 'public').settings.defaultVisibility).toBe('public');
    expect(readSensitiveSettings(undefined, 'secret').problems.map((p) => [p.field, p.message])).toEqual([
      ['defaultVisibility', '"secret" is not a visibility'],
    ]);
  });

  it('reports an unused entry only when every postmortem was checked', () => {
    const { settings } = readSensitiveSettings({ allow: [{ rule: 'personal-data', pattern: 'old@acme\\.io', reason: 'x' }] });
    const files = [source(NAME, fileText(validFrontmatter()))];
    const whole = validateContent(input(files, { sensitive: settings }));
    const some = validateContent(input(files, { sensitive: settings, allPaths: [NAME, '2024-06-07-other.mdx'] }));
    expect(whole.diagnostics.map((d) => d.rule)).toEqual(['allow']);
    expect(some.diagnostics).toEqual([]);
  });
});
