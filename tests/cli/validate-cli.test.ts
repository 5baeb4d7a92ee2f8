import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROKEN_REPORT } from '../fixtures/broken/expected-report.ts';
import { runCli } from '../helpers/authoring.ts';
import { FIXTURES, ROOT, runBuild } from '../helpers/build.ts';

/** `npm run validate` as a real process: output, formats and exit codes. */

function validate(args: string[], contentDir: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'src/cli/validate.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, HINDSIGHT_CONTENT_DIR: contentDir, ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const broken = path.join(FIXTURES, 'broken');
const basic = path.join(FIXTURES, 'basic');

function tempCopy(dir: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-content-'));
  fs.cpSync(dir, target, { recursive: true });
  return target;
}

describe('npm run validate', () => {
  it('exits 0 on a clean folder and says so', () => {
    const run = validate([], basic);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('⚠ 0 errors, 1 warning (6 files checked).');
    expect(run.stderr).toBe('');
  });

  it('reports every problem of twenty broken files in one run, exactly', () => {
    const run = validate([], broken);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.slice(0, -1)).toEqual(BROKEN_REPORT);
    expect(lines.at(-1)).toBe('✖ 20 errors, 0 warnings in 20 files (23 files checked).');
    expect(new Set(BROKEN_REPORT.map((l) => l.split(':')[0])).size).toBe(20);
    expect(run.stdout).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('checks only the files given as arguments', () => {
    const file = 'tests/fixtures/broken/postmortems/2024-05-01-09-unknown-service.mdx';
    const run = validate([file], broken);
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      BROKEN_REPORT.find((l) => l.startsWith(file)),
      '✖ 1 error, 0 warnings in 1 file (4 files checked).',
    ]);
  });

  it('prints JSON for tools', () => {
    const run = validate(['--format', 'json'], broken);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ filesChecked: 23, errors: 20, warnings: 0, filesWithErrors: 20 });
    expect(json.diagnostics[8]).toEqual({
      file: 'tests/fixtures/broken/postmortems/2024-05-01-09-unknown-service.mdx',
      line: 8,
      column: 12,
      severity: 'error',
      rule: 'schema',
      field: 'services[0]',
      message: 'unknown service "checkot"',
      hint: 'use one of api-server, checkout, search (from services.yaml), or add "checkot" there',
      suggestion: 'checkout',
    });
  });

  it('prints GitHub Actions annotations', () => {
    const run = validate(['--format', 'github'], broken);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[8]).toBe(
      '::error file=tests/fixtures/broken/postmortems/2024-05-01-09-unknown-service.mdx,line=8,col=12,title=Hindsight schema%3A services[0]::services[0]: unknown service "checkot". Did you mean "checkout"? Fix: use one of api-server, checkout, search (from services.yaml), or add "checkot" there. [schema]',
    );
  });

  it('fails on warnings only with --strict', () => {
    expect(validate(['--strict'], basic).code).toBe(1);
    expect(validate(['--strict'], basic).stdout).toContain('2023-03-14-checkout-deploy.md:15:1 error no "Lessons learned" section.');
  });

  it('warns about mis-decoded UTF-8 without failing', () => {
    const dir = tempCopy(basic);
    const file = path.join(dir, 'postmortems', '2024-06-06-api-leak.mdx');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Watch memory.', 'Captain Caffeine üßõ‚Äç‚ôÇÔ∏è and itâ€™s fine.'));
    const run = validate([], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/2024-06-06-api-leak\.mdx:\d+:\d+ warning "üßõ‚Äç‚ôÇÔ∏è" looks like mis-decoded UTF-8/);
    expect(validate(['--strict'], dir).code).toBe(1);
  });

  it('exits 2 on usage errors', () => {
    expect(validate(['--format', 'xml'], basic)).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown format "xml"') });
    expect(validate(['--nope'], basic)).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--nope'") });
    expect(validate(['missing.mdx'], basic)).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file or folder: ') });
    expect(validate([], '/nonexistent/folder')).toMatchObject({ code: 2, stderr: expect.stringContaining('does not exist') });
    expect(validate(['--help'], basic)).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: npm run validate') });
  });
});

describe('npm run validate with hostile arguments and values', () => {
  it('validates every postmortem inside a folder given as an argument', () => {
    const run = validate(['tests/fixtures/broken/postmortems'], broken);
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n')).toEqual([...BROKEN_REPORT, '✖ 20 errors, 0 warnings in 20 files (23 files checked).']);
  });

  it('takes the content folder itself, or a sub-folder of postmortems/', () => {
    expect(validate([broken], broken).stdout).toContain('✖ 20 errors, 0 warnings in 20 files (23 files checked).');
    const dir = tempCopy(basic);
    fs.mkdirSync(path.join(dir, 'postmortems', 'team'));
    fs.renameSync(
      path.join(dir, 'postmortems', '2024-06-06-api-leak.mdx'),
      path.join(dir, 'postmortems', 'team', '2024-06-06-api-leak.mdx'),
    );
    const run = validate([path.join(dir, 'postmortems', 'team')], dir);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe('✔ 4 files checked, no problems.\n');
  });

  it('refuses a folder outside postmortems/ with exit 2, naming it', () => {
    const run = validate(['src'], basic);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `validate: not a postmortem or a folder of postmortems in ${path.join(basic, 'postmortems')}: ${path.join(ROOT, 'src')}\n`,
    );
  });

  it('reports a misnamed file given as an argument instead of refusing it', () => {
    const dir = tempCopy(basic);
    fs.writeFileSync(path.join(dir, 'postmortems', '2024-06-07-notes.markdown'), 'x');
    const file = path.join(dir, 'postmortems', '2024-06-07-notes.markdown');
    const run = validate([file], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `2024-06-07-notes.markdown:1:1 error "2024-06-07-notes.markdown" is not read: a postmortem's file name ends in .md or .mdx. Did you mean "2024-06-07-notes.mdx"? Fix: rename it to 2024-06-07-notes.mdx (or .md), or start its name with _ to keep it here unread. [file-name]`,
    );
  });

  it('shows an ANSI escape in a value escaped: no cleared screen, no fake "✔ no problems"', () => {
    const dir = tempCopy(basic);
    const file = path.join(dir, 'postmortems', '2024-06-06-api-leak.mdx');
    const fake = '\\e[2J\\e[H✔ 6 files checked, no problems.';
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^severity: .*$/m, `severity: "${fake}"`));
    for (const format of ['text', 'json', 'github']) {
      const run = validate(['--format', format], dir);
      expect(run.code).toBe(1);
      expect(run.stdout, format).not.toContain('\u001b');
      expect(run.stdout, format).toContain(
        format === 'json' ? '\\\\u001b[2J\\\\u001b[H✔ 6 files checked, no problems.' : '\\u001b[2J\\u001b[H✔ 6 files checked, no problems.',
      );
    }
    const text = validate([], dir).stdout.trimEnd().split('\n');
    expect(text.at(-1)).toBe('✖ 1 error, 1 warning in 1 file (6 files checked).');
    expect(text.filter((l) => l.startsWith('✔'))).toEqual([]);
  });

  it.each([
    {
      cli: 'validate' as const,
      args: ['--format', '\u001b[2J'],
      code: 2,
      stderr: 'validate: unknown format "\\u001b[2J": use text, json or github',
    },
    { cli: 'validate' as const, args: ['--x\u001b[2J'], code: 2, stderr: "validate: Unknown option '--x\\u001b[2J'" },
    {
      cli: 'new' as const,
      args: ['--title', 'x', '--severity', 'SEV\u001b[2J', '--service', 'checkout', '--root-cause', 'deploy', '--started', 'now', '--yes'],
      code: 1,
      stderr: 'new: --severity: unknown severity "SEV\\u001b[2J"',
    },
    {
      cli: 'import' as const,
      args: ['notes\u001b[31m.txt'],
      code: 1,
      stderr: '',
      stdout: 'notes\\u001b[31m.txt  failed  no such file or folder',
    },
    {
      cli: 'new' as const,
      args: ['--dir', '../\u202eevil', '--yes'],
      // A usage error (EXIT in src/cli/command.ts): the flag's value, not the content, is wrong.
      code: 2,
      stderr: 'new: --dir "../\\u202eevil" must be a sub-folder inside postmortems/',
    },
  ])(
    '$cli $args: control characters in arguments are echoed escaped',
    ({
      cli,
      args,
      code,
      stderr,
      stdout,
    }: {
      cli: 'validate' | 'new' | 'import';
      args: string[];
      code: number;
      stderr: string;
      stdout?: string;
    }) => {
      const run = runCli(cli, args, basic);
      expect(run.status).toBe(code);
      expect(run.stderr).toContain(stderr);
      if (stdout) expect(run.stdout).toContain(stdout);
      expect(run.stderr + run.stdout).not.toMatch(/[\u001b\u202e]/u);
    },
  );

  it('escapes a control character in a file name given on the command line', () => {
    const run = validate(['missing-\u001b[31m.mdx'], basic);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`validate: no such file or folder: ${path.join(ROOT, 'missing-\\u001b[31m.mdx')}\n`);
  });
});

describe('npm run build on broken content', () => {
  it('refuses with the same reports and leaves no output folder', () => {
    const build = runBuild(broken);
    expect(build.status).toBe(1);
    expect(build.stdout.trimEnd().split('\n').slice(0, 20)).toEqual(BROKEN_REPORT);
    expect(build.stderr).toContain('build: stopped before building');
    expect(fs.existsSync(build.outDir)).toBe(false);
    expect(fs.readdirSync(path.dirname(build.outDir)).filter((n) => n.startsWith('.dist-tmp'))).toEqual([]);
  });
});
