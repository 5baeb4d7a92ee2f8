import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTimelineLine, splitDocuments, splitSections } from '../src/lib/import-text.ts';
import { ImportError, importPostmortem, type ImportOptions } from '../src/lib/importer.ts';
import { findMojibake } from '../src/lib/mojibake.ts';
import { repairMojibake } from '../src/lib/mojibake-repair.ts';
import { parseRegistries, validateContent } from '../src/lib/validate.ts';
import { copyFixture, FIXTURES, runCli } from './helpers/authoring.ts';

const IMPORTS = path.join(FIXTURES, 'import');
const read = (name: string) => fs.readFileSync(path.join(IMPORTS, name), 'utf8');
const registrySource = (file: string) => ({ path: file, text: fs.readFileSync(path.join(FIXTURES, 'authoring', file), 'utf8') });
const REGISTRY_SOURCES = { services: registrySource('services.yaml'), rootCauses: registrySource('root-causes.yaml'), severities: registrySource('severities.yaml') };
const { registries } = parseRegistries(REGISTRY_SOURCES);
const OPTIONS: ImportOptions = { defaultTimezone: 'UTC', registries };

/** Validates an imported file as the validator would, and returns its parsed data and problems. */
function check(slug: string, text: string) {
  const result = validateContent({ registries: REGISTRY_SOURCES, postmortems: [{ path: `content/postmortems/${slug}.mdx`, relPath: `${slug}.mdx`, text }], defaultTimezone: 'UTC' });
  return result;
}

describe('the seed (two postmortems, Mac Roman mojibake, EAT times)', () => {
  const seed = read('seed-memory-leak.txt');

  it('imports every timeline entry of the first postmortem at its time in Africa/Nairobi', () => {
    const result = importPostmortem(seed, { ...OPTIONS, severity: 'SEV1' });
    const validated = check(result.slug, result.text);
    expect(validated.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const data = validated.entries[0]!.data;
    expect(data.timezone).toBe('Africa/Nairobi');
    expect(data.started).toBe('2024-06-06T09:00:00+03:00');
    expect(data.timeline!.map((e) => e.at)).toEqual(
      ['09:00', '09:05', '09:15', '09:30', '10:00', '10:15', '10:45', '11:00', '11:15', '11:30'].map((t) => `2024-06-06T${t}:00+03:00`),
    );
    expect(data.timeline![3]!.event).toBe('Suspecting a bug in the latest code deployment, the team started rolling back the deployment, but this did not resolve the issue.');
    expect(data.timeline!.map((e) => e.kind ?? '-')).toEqual(['detected', '-', '-', '-', 'escalated', '-', '-', '-', 'mitigated', 'resolved']);
    expect([data.detected, data.mitigated, data.resolved]).toEqual(['2024-06-06T09:00:00+03:00', '2024-06-06T11:15:00+03:00', '2024-06-06T11:30:00+03:00']);
    expect(data.impact.usersAffected).toBe(40);
    expect(data.status).toBe('draft');
    expect(result.slug).toBe('2024-06-06-api-server-memory-leak');
  });

  it('turns the corrective measures into action items with a TODO owner', () => {
    const result = importPostmortem(seed, OPTIONS);
    const items = result.frontmatter.actionItems as { title: string; owner: string; status: string; type: string }[];
    expect(items.map((i) => i.title)).toEqual([
      'Upgrade the third-party library responsible for the memory leak to the latest stable version',
      'Implement more robust monitoring and alerting mechanisms to quickly detect and respond to memory-related issues in the API server',
      "Conduct a comprehensive review of the application's use of third-party libraries and dependencies to identify and address any potential vulnerabilities or performance issues",
      'Implement a more rigorous testing and deployment process, including load testing and canary deployments, to identify and mitigate issues before they reach production',
      'Provide additional training and knowledge sharing sessions for the engineering team on best practices for debugging and resolving memory-related issues in distributed systems',
    ]);
    expect(new Set(items.map((i) => i.owner))).toEqual(new Set(['TODO: owner']));
    expect(items.map((i) => i.type)).toEqual(['prevent', 'detect', 'process', 'prevent', 'process']);
    // The introduction and closing sentence stay prose.
    expect(result.body).toContain('By taking these corrective and preventative measures');
    expect(result.body).toContain('## Root Cause and Resolution');
  });

  it('finds both postmortems, imports the first and says how to pick the other', () => {
    const result = importPostmortem(seed, OPTIONS);
    expect(result.documents).toHaveLength(2);
    expect(result.documents[1]).toBe('Sense of Humor on Postmoterm');
    expect(result.warnings[0]).toMatch(/holds 2 postmortems .* imported number 1: pass --pick N/);
    expect(result.text).not.toContain('Captain Caffeine');
  });

  it('--pick 2 imports the retelling, with its emoji repaired', () => {
    const result = importPostmortem(seed, { ...OPTIONS, pick: 2 });
    expect(result.frontmatter.title).toBe('Sense of Humor on Postmoterm');
    expect(result.frontmatter.summary).toContain('dubbed the "Memory Vampire." 🧛‍♂️');
    expect(findMojibake(result.text)).toEqual([]);
    expect((result.frontmatter.timeline as unknown[]).length).toBe(5);
    expect(() => importPostmortem(seed, { ...OPTIONS, pick: 3 })).toThrow(ImportError);
  });

  it('leaves what it cannot infer as TODO, which validate names', () => {
    const result = importPostmortem(seed, OPTIONS);
    expect(result.todos).toEqual(['title', 'severity', 'actionItems']);
    const d = check(result.slug, result.text).diagnostics;
    expect(d.find((x) => x.field === 'severity')).toMatchObject({ rule: 'todo', severity: 'error', message: 'is still a TODO placeholder ("TODO")', hint: 'choose one of SEV1, SEV2, SEV3, SEV4 (from severities.yaml)' });
    // The TODO replaces the schema's own "unknown severity" message.
    expect(d.filter((x) => x.field === 'severity')).toHaveLength(1);
    expect(d.filter((x) => x.rule === 'todo' && x.field?.endsWith('.owner'))).toHaveLength(5);
    expect(d.find((x) => x.field === 'title')).toMatchObject({ severity: 'warning', hint: 'write one line that says what broke and how badly' });
  });
});

describe('a Confluence-style Markdown export (tables, UTC, past midnight, Windows-1252 mojibake)', () => {
  const result = importPostmortem(read('confluence-export.md'), OPTIONS);
  const validated = check(result.slug, result.text);

  it('reads the table timeline and carries entries past midnight as full datetimes', () => {
    expect(result.frontmatter.timeline).toEqual([
      { at: '23:40', event: 'Config change currency-table-v2 pushed to production', kind: 'trigger' },
      { at: '23:43', event: 'Error-rate alert for checkout-api fires; on-call paged', kind: 'detected' },
      { at: '23:51', event: 'Incident escalated to the payments team', kind: 'escalated' },
      { at: '2024-11-30T00:05:00Z', event: 'Workaround: payments routed to the fallback processor, errors drop', kind: 'mitigated' },
      { at: '2024-11-30T00:27:00Z', event: 'Config reverted; checkout restored and error rate back to normal', kind: 'resolved' },
    ]);
    expect(result.frontmatter).toMatchObject({ title: 'Checkout API returned 500s after a config push', severity: 'SEV2', timezone: 'UTC', started: '2024-11-29T23:40:00Z', resolved: '2024-11-30T00:27:00Z', authors: ['Amina', 'Jonas'] });
  });

  it('reads the action-item table with owners, statuses and due dates', () => {
    expect(result.frontmatter.actionItems).toEqual([
      { title: 'Validate the currency table schema in CI before a push', owner: '@jonas', status: 'in-progress', type: 'prevent', due: '2024-12-15' },
      { title: 'Alert on the share of rejected card payments', owner: 'payments-team', status: 'done', type: 'detect' },
      { title: 'Write a runbook for routing to the fallback processor', owner: 'TODO: owner', status: 'open', type: 'mitigate' },
    ]);
  });

  it('repairs mojibake and escapes what MDX would run, so the body passes the safety rule', () => {
    expect(result.frontmatter.summary).toContain('It didn’t affect browsing.');
    expect(result.body).toContain('an empty `{}` entry');
    expect(result.body).toContain('rate as \\<b>zero\\</b>');
    expect(validated.diagnostics.filter((d) => d.rule.startsWith('mdx') || d.rule.startsWith('unsafe'))).toEqual([]);
    // Root cause could not be matched to the registry: the only error left is that TODO.
    expect(validated.diagnostics.filter((d) => d.severity === 'error')).toMatchObject([{ rule: 'todo', field: 'rootCauses[0]' }]);
  });
});

describe('Markdown that MDX would run', () => {
  it('is escaped, so the imported body parses and passes the safety rule', () => {
    const text = '# Cache stampede\n\n2024-04-04\n\n## Timeline\n\n- 10:00 UTC keys expired {all at once}\n\n## Root cause\n\nSee <https://example.com/ttl> <!-- internal note --> and <script>alert(1)</script>; a < b, `{code}` stays.\n';
    const result = importPostmortem(text, { ...OPTIONS, severity: 'SEV3', services: ['search'], rootCauses: ['capacity'] });
    expect(result.body).toContain('See https://example.com/ttl  and \\<script>alert(1)\\</script>; a < b, `{code}` stays.');
    const d = check(result.slug, result.text).diagnostics;
    expect(d.filter((x) => x.severity === 'error')).toEqual([]);
    expect(result.frontmatter.timeline).toEqual([{ at: '10:00', event: 'keys expired {all at once}' }]);
  });
});

describe('a terse plain-text report (24h UTC times, capital headings)', () => {
  const result = importPostmortem(read('terse-report.txt'), OPTIONS);

  it('reads dashes, brackets and continuation lines', () => {
    expect(result.frontmatter.timeline).toEqual([
      { at: '14:02', event: 'provider rotated its certificate', kind: 'trigger' },
      { at: '14:06', event: 'alerts fired on payment errors', kind: 'detected' },
      { at: '14:20', event: "escalated to the provider's support", kind: 'escalated' },
      { at: '14:55', event: 'pinned certificate updated, payments restored (confirmed by the provider at 15:00)', kind: 'resolved' },
    ]);
    expect(result.frontmatter).toMatchObject({ title: 'payments outage', severity: 'SEV1', started: '2025-03-14T14:02:00Z', services: ['payments'] });
  });

  it('maps its sections to ours and adds what is missing as TODO', () => {
    expect(result.body).toMatch(/^## Summary\n\n/);
    expect(result.body).toContain('## Root cause\n\nWe pinned');
    expect(result.body).toContain('## Fix\n\nUpdated the pin');
    expect(result.body).toContain('## Lessons learned\n\nTODO: what went well');
    expect((result.frontmatter.actionItems as { title: string }[]).map((a) => a.title)).toEqual(['Pin the CA, not the leaf certificate', 'Add monitoring for certificate expiry and rotation of third parties']);
  });
});

describe('timeline lines', () => {
  it.each([
    ['9:30 AM EAT - the team rolled back', { hour: 9, minute: 30, zone: 'EAT', event: 'the team rolled back' }],
    ['- 14:02 UTC config pushed', { hour: 14, minute: 2, zone: 'UTC', event: 'config pushed' }],
    ['9:00 AM EAT : The issue was first detected', { hour: 9, minute: 0, zone: 'EAT', event: 'The issue was first detected' }],
    ['[14:02] pager fired', { hour: 14, minute: 2, event: 'pager fired' }],
    ['12:15 AM PST — still down', { hour: 0, minute: 15, zone: 'PST', event: 'still down' }],
    ['* **12:30 PM** (CEST): back', { hour: 12, minute: 30, zone: 'CEST', event: 'back' }],
    ['| 09:41 | DNS flipped | ops |', { hour: 9, minute: 41, event: 'DNS flipped — ops' }],
    ['2024-06-07 00:10 UTC - after midnight', { hour: 0, minute: 10, zone: 'UTC', date: '2024-06-07', event: 'after midnight' }],
    ['14:02 amazon checkout failed', { hour: 14, minute: 2, event: 'amazon checkout failed' }],
  ])('%s', (line, expected) => {
    expect(parseTimelineLine(line)).toEqual({ date: undefined, zone: undefined, ...expected });
  });
  it.each(['The root cause was found at 11:00.', '| Time | Event |', '|---|---|', '13:61 nope', '10:00 AM'])('is not an entry: %s', (line) => {
    expect(parseTimelineLine(line)).toBeUndefined();
  });

  it('reads abbreviations in their IANA zone and warns when the abbreviation does not fit the date', () => {
    const result = importPostmortem('# Outage\n\nJune 3, 2024\n\n## Timeline\n\n- 10:00 EST db failover\n- 10:30 EST recovered\n', OPTIONS);
    expect(result.frontmatter).toMatchObject({ timezone: 'America/New_York', started: '2024-06-03T10:00:00-04:00' });
    expect(result.warnings.join('\n')).toMatch(/EST means UTC-5, but America\/New_York was on UTC-04:00 that day/);
  });

  it('names no zone: reads the default zone and says so, or the one given', () => {
    const text = '# DB outage\n\n2024-01-10\n\n## Timeline\n\n- 10:00 failover\n';
    expect(importPostmortem(text, OPTIONS).warnings).toContain('the text names no time zone: times were read as UTC; pass --timezone to choose another');
    expect(importPostmortem(text, { ...OPTIONS, timezone: 'CET' }).frontmatter.started).toBe('2024-01-10T10:00:00+01:00');
  });

  it('refuses a text without a date, saying how to give one', () => {
    expect(() => importPostmortem('# Outage\n\n## Timeline\n\n- 10:00 UTC down\n', OPTIONS)).toThrow(/names no date/);
    expect(importPostmortem('# Database outage\n\n## Timeline\n\n- 10:00 UTC down\n', { ...OPTIONS, date: '2024-02-02' }).slug).toBe('2024-02-02-database-outage');
  });

  it('one document with one timeline is one postmortem', () => {
    expect(splitDocuments(splitSections(read('confluence-export.md')))).toHaveLength(1);
  });
});

describe('mojibake repair', () => {
  it.each([
    ['Mac Roman emoji without its lead byte', 'üßõ‚Äç‚ôÇÔ∏è', '🧛‍♂️'],
    ['Windows-1252 apostrophe', 'it isnâ€™t', 'it isn’t'],
    ['Windows-1252 quotes and dash', 'â€œquotedâ€\u009d â€” ok', '“quoted” — ok'],
    ['Windows-1252 accents', 'cafÃ© crÃ¨me', 'café crème'],
    ['Windows-1252 emoji', 'ðŸ”¥ fire', '🔥 fire'],
  ])('%s', (_name, garbled, fixed) => {
    expect(repairMojibake(garbled)).toBe(fixed);
  });
  it('leaves correct text alone', () => {
    const text = 'naïve “quotes” café’s 10°C — Zürich 🧛‍♂️';
    expect(repairMojibake(text)).toBe(text);
  });
});

describe('npm run import (real process)', () => {
  it('writes a draft into the content folder, lists its TODOs, and never overwrites', () => {
    const dir = copyFixture('authoring');
    const seed = path.join(IMPORTS, 'seed-memory-leak.txt');
    const first = runCli('import', [seed], dir);
    expect(first.status).toBe(0);
    const file = path.join(dir, 'postmortems', '2024-06-06-api-server-memory-leak.mdx');
    expect(fs.existsSync(file)).toBe(true);
    expect(first.stderr).toContain('pass --pick N for another');
    expect(first.stdout).toContain('error severity: is still a TODO placeholder ("TODO"). Fix: choose one of SEV1, SEV2, SEV3, SEV4 (from severities.yaml). [todo]');

    const validate = runCli('validate', [file], dir);
    expect(validate.status).toBe(1);
    expect(validate.stdout).toMatch(/:5:11 error severity: is still a TODO placeholder/);

    const before = fs.readFileSync(file, 'utf8');
    const again = runCli('import', [seed, '--severity', 'SEV1'], dir);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already exists; nothing was written');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);

    // With the severity given, the draft passes validate (title, owners and lessons stay TODO warnings).
    fs.rmSync(file);
    expect(runCli('import', [seed, '--severity', 'SEV1'], dir).status).toBe(0);
    const ok = runCli('validate', [], dir);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/0 errors, 7 warnings/);
  });

  it('reads a Windows-1252 file', () => {
    const dir = copyFixture('authoring');
    const file = path.join(dir, 'legacy.txt');
    fs.writeFileSync(file, Buffer.from('Outage of the caf\xe9 API\n\nMay 2, 2024\n\nTimeline\n\n10:00 UTC - it didn\x92t start\n', 'latin1'));
    const run = runCli('import', [file, '--dry-run'], dir);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('it was read as Windows-1252');
    expect(run.stdout).toContain('event: it didn’t start');
  });

  it('fails clearly on bad input', () => {
    const dir = copyFixture('authoring');
    const seed = path.join(IMPORTS, 'seed-memory-leak.txt');
    expect(runCli('import', [seed, '--pick', '3'], dir)).toMatchObject({ status: 1, stderr: expect.stringContaining('there is no postmortem number 3 in the file: it holds 2. Fix: pick one from 1 to 2.') });
    expect(runCli('import', [seed, '--severity', 'SEV'], dir)).toMatchObject({ status: 1, stderr: expect.stringContaining('unknown severity "SEV"') });
    expect(runCli('import', [seed, '--service', 'api-srver'], dir)).toMatchObject({ status: 1, stderr: expect.stringContaining('Did you mean "api-server"?') });
    expect(runCli('import', ['no-such-file.txt'], dir)).toMatchObject({ status: 1, stderr: 'import: no such file: no-such-file.txt\n' });
    expect(runCli('import', [], dir).status).toBe(2);
    const dry = runCli('import', [seed, '--dry-run'], dir);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/^---\ntitle: "TODO: one line that says what broke"\n/);
    expect(fs.readdirSync(path.join(dir, 'postmortems'))).toEqual(['2024-03-01-search-slow.mdx']);
  });
});
