import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { config } from '../../hindsight.config.ts';
import { readSettings, VARIABLE_NAMES } from '../../src/config/settings.ts';
import { FIXTURES, ROOT, runBuild } from '../helpers/build.ts';

/** src/config/settings.ts: hindsight.config.ts and every HINDSIGHT_* variable, read once and validated. */

const TODAY = '2026-11-24';
const read = (env: Record<string, string>, file: unknown = config) => readSettings(env, { cwd: '/work', today: TODAY, file });

describe('each variable refuses a bad value with the variable, the value escaped, and what to use', () => {
  it.each([
    ['HINDSIGHT_NOW', 'garbage', 'HINDSIGHT_NOW="garbage" is not a date: use YYYY-MM-DD'],
    ['HINDSIGHT_NOW', '2026-02-30', 'HINDSIGHT_NOW="2026-02-30" is not a date: use YYYY-MM-DD'],
    ['HINDSIGHT_NOW', '2026-11-24T10:00:00Z', 'HINDSIGHT_NOW="2026-11-24T10:00:00Z" is not a date: use YYYY-MM-DD'],
    [
      'HINDSIGHT_NOW',
      '9999-01-01',
      'HINDSIGHT_NOW="9999-01-01" is after tomorrow (2026-11-25): it pins the build date, for reproducible builds; use today or a date before it',
    ],
    [
      'HINDSIGHT_NOW',
      '2026-11-26',
      'HINDSIGHT_NOW="2026-11-26" is after tomorrow (2026-11-25): it pins the build date, for reproducible builds; use today or a date before it',
    ],
    ['HINDSIGHT_DRAFTS', 'yes', 'HINDSIGHT_DRAFTS="yes" is not a switch: use 1 (drafts shown) or 0'],
    [
      'HINDSIGHT_TITLE',
      'a\u001b[2Jb',
      'HINDSIGHT_TITLE="a\\u001b[2Jb" contains U+001B, a control character, at character 2: use one line of plain text',
    ],
    ['HINDSIGHT_TITLE', ' ', 'HINDSIGHT_TITLE=" " is empty: use one line of plain text'],
    ['HINDSIGHT_TITLE', 'x'.repeat(161), `HINDSIGHT_TITLE="${'x'.repeat(161)}" is longer than 160 characters: use one line of plain text`],
    [
      'HINDSIGHT_ORGANISATION',
      'Acme\u202eCorp',
      'HINDSIGHT_ORGANISATION="Acme\\u202eCorp" contains U+202E, a bidirectional control character, which can make text display reversed, at character 5: use one line of plain text',
    ],
    [
      'HINDSIGHT_ORGANISATION',
      'Acme\nCorp',
      'HINDSIGHT_ORGANISATION="Acme\\nCorp" contains U+000A, a tab or line break, and this field is one line, at character 5: use one line of plain text',
    ],
    ['HINDSIGHT_SITE', 'example.com', 'HINDSIGHT_SITE="example.com" is not an absolute http(s) URL: use e.g. https://example.github.io'],
    [
      'HINDSIGHT_SITE',
      'javascript:alert(1)',
      'HINDSIGHT_SITE="javascript:alert(1)" is not an absolute http(s) URL: use e.g. https://example.github.io',
    ],
    [
      'HINDSIGHT_SITE',
      'ftp://example.com',
      'HINDSIGHT_SITE="ftp://example.com" is not an absolute http(s) URL: use e.g. https://example.github.io',
    ],
    [
      'HINDSIGHT_BASE',
      'hindsight',
      'HINDSIGHT_BASE="hindsight" must start and end with "/": use / at the root of a host, or e.g. /hindsight/',
    ],
    [
      'HINDSIGHT_BASE',
      '/hindsight',
      'HINDSIGHT_BASE="/hindsight" must start and end with "/": use / at the root of a host, or e.g. /hindsight/',
    ],
    [
      'HINDSIGHT_BASE',
      '//evil.example/',
      'HINDSIGHT_BASE="//evil.example/" must start and end with "/": use / at the root of a host, or e.g. /hindsight/',
    ],
    [
      'HINDSIGHT_EDIT_URL',
      'github.com/x/edit/',
      'HINDSIGHT_EDIT_URL="github.com/x/edit/" is not an absolute http(s) URL: use e.g. https://github.com/example/hindsight/edit/main/',
    ],
    ['HINDSIGHT_TIMEZONE', 'EAT', 'HINDSIGHT_TIMEZONE="EAT" is not an IANA time zone: use e.g. UTC, Europe/Berlin or Africa/Nairobi'],
    [
      'HINDSIGHT_TIMEZONE',
      'Mars/Olympus',
      'HINDSIGHT_TIMEZONE="Mars/Olympus" is not an IANA time zone: use e.g. UTC, Europe/Berlin or Africa/Nairobi',
    ],
    ['HINDSIGHT_EARLIEST_YEAR', '90', 'HINDSIGHT_EARLIEST_YEAR="90" is not a year: use four digits, e.g. 1990'],
    ['HINDSIGHT_EARLIEST_YEAR', 'nineteen', 'HINDSIGHT_EARLIEST_YEAR="nineteen" is not a year: use four digits, e.g. 1990'],
    ['HINDSIGHT_EARLIEST_YEAR', '2030', 'HINDSIGHT_EARLIEST_YEAR="2030" is after the build date 2026-11-24: use a year no later than 2026'],
    ['HINDSIGHT_STRICT_SEVERITIES', 'SEV 1', 'HINDSIGHT_STRICT_SEVERITIES="SEV 1" is not a list of severity ids: use e.g. SEV1,SEV2'],
    [
      'HINDSIGHT_CONTENT_DIR',
      'content\u0007',
      'HINDSIGHT_CONTENT_DIR="content\\u0007" contains U+0007, a control character, at character 8: give a folder path',
    ],
    [
      'HINDSIGHT_CACHE_DIR',
      '/tmp/\u009bx',
      'HINDSIGHT_CACHE_DIR="/tmp/\\u009bx" contains U+009B, a control character, at character 6: give a folder path',
    ],
    [
      'HINDSIGHT_SEARCH_PART_PAGES',
      '0',
      'HINDSIGHT_SEARCH_PART_PAGES="0" is not a number of postmortems: use a whole number from 1, e.g. 5000',
    ],
    [
      'HINDSIGHT_SEARCH_PART_PAGES',
      '2.5e3',
      'HINDSIGHT_SEARCH_PART_PAGES="2.5e3" is not a number of postmortems: use a whole number from 1, e.g. 5000',
    ],
    [
      'HINDSIGHT_ARCHIVE',
      'a\tb',
      'HINDSIGHT_ARCHIVE="a\\tb" contains U+0009, a tab or line break, and this field is one line, at character 2: give a folder path',
    ],
  ])('%s=%j', (name, value, problem) => {
    expect(read({ [name]: value })).toEqual({ problems: [problem] });
  });

  it('accepts a build date up to tomorrow (a build near midnight in another zone), none later', () => {
    expect(read({ HINDSIGHT_NOW: '2026-11-25' }).settings?.now).toBe('2026-11-25');
    expect(read({ HINDSIGHT_NOW: '1999-12-31', HINDSIGHT_EARLIEST_YEAR: '1990' }).settings?.dates).toEqual({
      now: '1999-12-31',
      earliestYear: 1990,
    });
  });

  it('reports an unknown HINDSIGHT_ variable, with a suggestion when one is close', () => {
    const known = `(known: ${VARIABLE_NAMES.join(', ')})`;
    expect(read({ HINDSIGHT_NWO: '2024-01-01' }).problems).toEqual([
      `HINDSIGHT_NWO is not a Hindsight setting: did you mean HINDSIGHT_NOW? ${known}`,
    ]);
    expect(read({ HINDSIGHT_CONTENTDIR: 'x' }).problems).toEqual([
      `HINDSIGHT_CONTENTDIR is not a Hindsight setting: did you mean HINDSIGHT_CONTENT_DIR? ${known}`,
    ]);
    expect(read({ HINDSIGHT_FROBNICATE: 'red' }).problems).toEqual([`HINDSIGHT_FROBNICATE is not a Hindsight setting ${known}`]);
  });

  it('reports every problem at once', () => {
    expect(read({ HINDSIGHT_NOW: 'x', HINDSIGHT_BASE: 'y' }).problems).toHaveLength(2);
  });
});

describe('hindsight.config.ts is validated the same way', () => {
  it.each([
    [
      { ...config, site: 'example.com' },
      'hindsight.config.ts: `site` "example.com" is not an absolute http(s) URL: use e.g. https://example.github.io',
    ],
    [{ ...config, earliestYear: 19.5 }, 'hindsight.config.ts: `earliestYear` 19.5 is not a year: use four digits, e.g. 1990'],
    [
      { ...config, earliestYear: 2027 },
      'hindsight.config.ts: `earliestYear` 2027 is after the build date 2026-11-24: use a year no later than 2026',
    ],
    [
      { ...config, policy: { strictSeverities: ['SEV 1'] } },
      'hindsight.config.ts: `policy.strictSeverities.0` "SEV 1" is not a list of severity ids: use e.g. SEV1,SEV2',
    ],
    [
      { ...config, editURL: 'https://x/' },
      'hindsight.config.ts: unknown setting `editURL`: did you mean `editUrl`? (known: title, logo, organisation, site, base, editUrl, defaultTimezone, earliestYear, policy, defaultVisibility, edition, internalOnlyFields, internalSitemap, sensitive)',
    ],
    [(({ title: _t, ...rest }) => rest)(config), 'hindsight.config.ts: `title` is missing'],
  ])('%#', (file, problem) => {
    expect(read({}, file).problems).toEqual([problem]);
  });
});

describe('valid settings', () => {
  it('are the config file with the variables over it, typed and frozen', () => {
    const { settings } = read({
      HINDSIGHT_NOW: '2024-08-01',
      HINDSIGHT_BASE: '/hindsight/',
      HINDSIGHT_DRAFTS: '1',
      HINDSIGHT_STRICT_SEVERITIES: 'SEV1, SEV2 ,SEV3',
      HINDSIGHT_EARLIEST_YEAR: '1970',
      HINDSIGHT_CONTENT_DIR: 'tests/fixtures/basic',
      HINDSIGHT_TIMEZONE: 'Africa/Nairobi',
      HINDSIGHT_DEFAULT_VISIBILITY: 'public',
      HINDSIGHT_SEARCH_PART_PAGES: '300',
    });
    expect(settings).toEqual({
      title: 'Hindsight',
      organisation: 'Example Shop',
      site: 'https://example.github.io',
      base: '/hindsight/',
      editUrl: 'https://github.com/example/hindsight/edit/main/',
      defaultTimezone: 'Africa/Nairobi',
      earliestYear: 1970,
      policy: { strictSeverities: ['SEV1', 'SEV2', 'SEV3'] },
      defaultVisibility: 'public',
      edition: 'internal',
      internalOnlyFields: ['authors', 'links', 'actionItems.owner', 'actionItems.link', 'imported.url'],
      sitemap: false,
      sensitive: { allow: [], phoneRegions: ['US', 'GB'], defaultVisibility: 'public' },
      contentDir: '/work/tests/fixtures/basic',
      drafts: true,
      now: '2024-08-01',
      dates: { now: '2024-08-01', earliestYear: 1970 },
      cacheDir: undefined,
      archive: undefined,
      searchPartPages: 300,
    });
    expect(Object.isFrozen(settings)).toBe(true);
    expect(Object.isFrozen(settings!.policy.strictSeverities)).toBe(true);
  });

  it('treat an empty variable as unset, except HINDSIGHT_STRICT_SEVERITIES where empty means none', () => {
    const { settings } = read({ HINDSIGHT_NOW: '', HINDSIGHT_BASE: '', HINDSIGHT_TITLE: '', HINDSIGHT_STRICT_SEVERITIES: '' });
    expect(settings).toMatchObject({
      now: TODAY,
      base: '/',
      title: 'Hindsight',
      contentDir: '/work/content',
      policy: { strictSeverities: [] },
    });
  });

  it('ignore variables that are not HINDSIGHT_*', () => {
    expect(read({ HOME: '/root', NODE_ENV: 'x', HINDSIGHTNOW: 'x' }).settings?.now).toBe(TODAY);
  });
});

describe('every command refuses bad settings at start, exit 2', () => {
  const node = path.join(ROOT, 'node_modules', '.bin', 'node');
  const run = (args: string[], env: Record<string, string>) => {
    const clean: NodeJS.ProcessEnv = { ...process.env };
    for (const key of Object.keys(clean)) if (key.startsWith('HINDSIGHT_')) delete clean[key];
    const result = spawnSync(node, args, { cwd: ROOT, env: { ...clean, ...env }, encoding: 'utf8', input: '' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const basic = path.join(FIXTURES, 'basic');

  it.each([
    ['validate', ['src/cli/validate.ts']],
    ['new', ['src/cli/new.ts', '--title', 'x', '--yes']],
    ['import', ['src/cli/import.ts', 'README.md', '--dry-run']],
    ['schema', ['src/cli/schema.ts']],
    ['bench', ['src/cli/bench.ts', '--count', '1']],
  ])('%s', (command, args) => {
    const before = fs.statSync(path.join(ROOT, 'schema', 'postmortem.schema.json')).mtimeMs;
    expect(run(args, { HINDSIGHT_CONTENT_DIR: basic, HINDSIGHT_NOW: 'garbage' })).toEqual({
      status: 2,
      stdout: '',
      stderr: `${command}: HINDSIGHT_NOW="garbage" is not a date: use YYYY-MM-DD\n`,
    });
    expect(fs.statSync(path.join(ROOT, 'schema', 'postmortem.schema.json')).mtimeMs).toBe(before);
  });

  it('Astro itself (npm run dev, astro check) stops at its config', () => {
    expect(
      run([path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'sync'], { HINDSIGHT_CONTENT_DIR: basic, HINDSIGHT_TIMEZONE: 'EAT' }),
    ).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'astro: invalid settings:\n  HINDSIGHT_TIMEZONE="EAT" is not an IANA time zone: use e.g. UTC, Europe/Berlin or Africa/Nairobi\n',
    });
  });

  it('npm run build stops at its start, before validating or building, and writes nothing', () => {
    const build = runBuild(basic, { env: { HINDSIGHT_BASE: 'hindsight' } });
    expect(build.status).toBe(2);
    expect(build.stderr).toBe(
      'build: HINDSIGHT_BASE="hindsight" must start and end with "/": use / at the root of a host, or e.g. /hindsight/\n',
    );
    expect(build.stdout).not.toContain('Building');
    expect(fs.existsSync(build.outDir)).toBe(false);
  });
});
