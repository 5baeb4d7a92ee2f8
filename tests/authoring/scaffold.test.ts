import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELDS, type FieldInfo } from '../../src/format/fields.ts';
import { parseSource } from '../../src/format/frontmatter.ts';
import { checkAnswers, parseStarted, scaffoldPostmortem } from '../../src/authoring/scaffold.ts';
import { parseRegistries } from '../../src/validate/validate.ts';
import { copyFixture, FIXTURES, runCli } from '../helpers/authoring.ts';

const FLAGS = [
  '--title',
  'Checkout API returned 500s after a config push',
  '--severity',
  'SEV2',
  '--service',
  'checkout-api,payments',
  '--root-cause',
  'config-change',
  '--started',
  '2024-07-01 14:05',
  '--timezone',
  'Europe/Berlin',
  '--yes',
];
const FILE = '2024-07-01-checkout-api-returned-500s-after-a-config-push.mdx';

describe('npm run new (non-interactive, real process)', () => {
  it('writes a draft named for the start date and title that passes validate', () => {
    const dir = copyFixture('authoring');
    const run = runCli('new', FLAGS, dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const file = path.join(dir, 'postmortems', FILE);
    expect(run.stdout).toContain(`Created ${path.relative(path.resolve(FIXTURES, '..', '..'), file)}`);

    const source = parseSource(fs.readFileSync(file, 'utf8'));
    expect(source.data).toMatchObject({
      title: 'Checkout API returned 500s after a config push',
      status: 'draft',
      severity: 'SEV2',
      started: '2024-07-01T14:05:00+02:00',
      timezone: 'Europe/Berlin',
      services: ['checkout-api', 'payments'],
      rootCauses: ['config-change'],
      timeline: [{ at: '14:05', kind: 'trigger' }],
      actionItems: [{ owner: 'TODO: owner', status: 'open', type: 'prevent' }],
    });
    // Every section, each with a one-line hint.
    const headings = [...source.body.matchAll(/^## (.+)\n\n(.+)$/gm)].map((m) => [m[1], m[2]!.slice(0, 6)]);
    expect(headings).toEqual([
      ['Summary', 'TODO: '],
      ['Impact', 'TODO: '],
      ['Root cause', 'TODO: '],
      ['Resolution', 'TODO: '],
      ['Lessons learned', 'TODO: '],
    ]);

    const validate = runCli('validate', [], dir);
    expect(validate.status).toBe(0);
    expect(validate.stdout).toMatch(/⚠ 0 errors, 10 warnings \(5 files checked\)\./);
    expect(validate.stdout).toContain(`${FILE}:3:10 warning summary: is still a TODO placeholder`);
    expect(validate.stdout).not.toMatch(/\[(?!todo\])[a-z-]+\]$/m);
  });

  it('names the file for the start date in the incident zone, not in UTC', () => {
    const dir = copyFixture('authoring');
    const args = [
      '--title',
      'Late night',
      '--severity',
      'SEV3',
      '--service',
      'search',
      '--root-cause',
      'capacity',
      '--started',
      '2024-07-01T23:30:00Z',
      '--timezone',
      'Asia/Tokyo',
      '--dir',
      'search-team',
    ];
    expect(runCli('new', args, dir).status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'postmortems', 'search-team', '2024-07-02-late-night.mdx'))).toBe(true);
    expect(runCli('validate', [], dir).status).toBe(0);
  });

  it('never overwrites a file, in any folder', () => {
    const dir = copyFixture('authoring');
    expect(runCli('new', FLAGS, dir).status).toBe(0);
    const file = path.join(dir, 'postmortems', FILE);
    fs.appendFileSync(file, '\nMy own words.\n');
    const before = fs.readFileSync(file, 'utf8');
    const again = runCli('new', FLAGS, dir);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(again.stderr).toContain('nothing was written');
    const other = runCli('new', [...FLAGS, '--dir', 'payments'], dir);
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/a postmortem named 2024-07-01-checkout-api-returned-500s-after-a-config-push already exists/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.existsSync(path.join(dir, 'postmortems', 'payments'))).toBe(false);
  });

  it('rejects unknown ids with a suggestion, and names missing flags', () => {
    const dir = copyFixture('authoring');
    const bad = runCli(
      'new',
      ['--title', 'x', '--severity', 'SEV22', '--service', 'checkout-apii', '--root-cause', 'memory-leek', '--started', 'now', '--yes'],
      dir,
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual([
      'new: --severity: unknown severity "SEV22": use one of SEV1, SEV2, SEV3, SEV4 (from severities.yaml), or add it there. Did you mean "SEV2"?',
      'new: --service: unknown service "checkout-apii": use one of api-server, checkout-api, payments, search (from services.yaml), or add it there. Did you mean "checkout-api"?',
      'new: --root-cause: unknown root cause "memory-leek": use one of memory-leak, config-change, third-party-dependency, capacity (from root-causes.yaml), or add it there. Did you mean "memory-leak"?',
    ]);
    const missing = runCli('new', ['--title', 'x'], dir);
    // Missing arguments are a usage error, in every command (EXIT in src/cli/command.ts).
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(
      /^new: missing --severity, --service, --root-cause, --started: pass them, or run `npm run new` in a terminal to be asked/,
    );
    expect(runCli('new', [...FLAGS.slice(0, -5), '--started', '2024-07-01 9am'], dir)).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('new: --started: "2024-07-01 9am" is not a start time'),
    });
    expect(runCli('new', ['--bogus'], dir).status).toBe(2);
    expect(fs.readdirSync(path.join(dir, 'postmortems'))).toEqual(['2024-03-01-search-slow.mdx']);
  });
});

describe('scaffold functions', () => {
  it('reads local start times in the zone, including across daylight saving', () => {
    expect(parseStarted('2024-03-31 01:30', 'Europe/Berlin')).toEqual({ iso: '2024-03-31T01:30:00+01:00' });
    expect(parseStarted('2024-03-31 03:30', 'Europe/Berlin')).toEqual({ iso: '2024-03-31T03:30:00+02:00' });
    expect(parseStarted('2024-03-31 02:30', 'Europe/Berlin')).toEqual({
      error: '2024-03-31 02:30 does not exist in Europe/Berlin (the clocks skipped it)',
    });
    expect(parseStarted('2024-06-06T09:00:00+03:00', 'Africa/Nairobi')).toEqual({ iso: '2024-06-06T09:00:00+03:00' });
    expect(parseStarted('2024-06-06T09:00:00', 'Africa/Nairobi')).toMatchObject({ error: expect.stringContaining('is not a start time') });
    expect(parseStarted('now', 'Africa/Nairobi', new Date('2024-06-06T06:07:59Z'))).toEqual({ iso: '2024-06-06T09:07:00+03:00' });
    expect(parseStarted('2024-06-06 09:00', 'EAT')).toMatchObject({ error: expect.stringContaining('"EAT" is not a time zone') });
  });

  it('checks answers against the registries', () => {
    const text = (f: string) => fs.readFileSync(path.join(FIXTURES, 'authoring', f), 'utf8');
    const { registries } = parseRegistries({
      services: { path: 's', text: text('services.yaml') },
      rootCauses: { path: 'r', text: text('root-causes.yaml') },
      severities: { path: 'v', text: text('severities.yaml') },
    });
    expect(
      checkAnswers({ title: 'ok', severity: 'SEV1', services: ['search'], rootCauses: ['capacity'], timezone: 'UTC' }, registries),
    ).toEqual([]);
    expect(checkAnswers({ title: ' ', services: [], timezone: 'Mars/Base' }, registries).map((p) => p.flag)).toEqual([
      '--title',
      '--service',
      '--timezone',
    ]);
  });

  it('writes a slug from the date in the zone and the title', () => {
    const result = scaffoldPostmortem({
      title: 'DNS: “résolution” failed!',
      severity: 'SEV3',
      services: ['search'],
      rootCauses: ['capacity'],
      started: '2024-12-31T23:30:00-05:00',
      timezone: 'America/New_York',
    });
    expect(result.slug).toBe('2024-12-31-dns-resolution-failed');
    expect(result.text).toContain('started: "2024-12-31T23:30:00-05:00"');
    expect(result.text).toContain('# resolved: ""      # when service was fully restored (required to publish)');
  });

  it("writes the field table's placeholders, and its help beside each optional field", () => {
    const answers = {
      title: 'A',
      severity: 'SEV3',
      services: ['search'],
      rootCauses: ['capacity'],
      started: '2024-06-06T09:00:00Z',
      timezone: 'UTC',
    };
    const { text } = scaffoldPostmortem(answers);
    expect(parseSource(text).data).toMatchObject({
      summary: FIELDS.summary.placeholder,
      impact: { description: FIELDS['impact.description'].placeholder },
      timeline: [{ event: FIELDS['timeline[].event'].placeholder }],
      actionItems: [{ title: FIELDS['actionItems[].title'].placeholder, owner: FIELDS['actionItems[].owner'].placeholder }],
    });
    const optional = [...text.matchAll(/^# (\w+): (.+?) +# (.+)$/gm)].map(([, key, value, note]) => [key, value, note]);
    expect(optional.map(([key]) => key)).toEqual(['detected', 'mitigated', 'resolved', 'trigger', 'detection', 'tags', 'related', 'links']);
    for (const [key, value, note] of optional) {
      const info = (FIELDS as Record<string, FieldInfo>)[key!]!;
      expect(value).toBe(info.placeholder);
      expect(note!.toLowerCase().startsWith(info.help.replace(/\.$/, '').toLowerCase()), key).toBe(true);
    }
    expect(text).toContain(
      `# detection: monitoring   # how the incident was first noticed: monitoring, alert, customer, employee, third-party or other`,
    );
  });
});
