import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/build.ts';
import { makeDocx } from './helpers/docx.ts';
import { cleanEnv, copyProject, postmortemFiles } from './helpers/project.ts';
import { FAILOVER_DOCX } from './fixtures/import/docx-failover.ts';

/**
 * The README's shell examples, run as written, in README order, in one copy of the project as a
 * clone gives it: what a new reader gets who follows the README from the top (make it yours,
 * then write, import and check a postmortem). Every command line of every shell block is either
 * run here or named below with the reason it is not, so a new example cannot go untested.
 */

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** Lines not run here, each with where it is tested instead. */
const NOT_RUN: [RegExp, string][] = [
  [/^npm ci\b/, 'installs and builds: every build test runs the same build'],
  [/^npm test$/, 'the whole suite, of which this file is a part'],
  [/^git (?:remote|fetch|merge)\b/, 'needs an upstream repository: tests/upgrade.test.ts plays the merge out'],
  [/^npm run new$/, 'asks its questions in a terminal; its flags form runs here'],
];

/** Every command line in the README's shell blocks (continuations joined, comments dropped), in order. */
function commandLines(markdown: string): string[] {
  const lines: string[] = [];
  for (const block of markdown.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.replace(/\\\n\s*/g, '').split('\n')) {
      const command = line.replace(/\s+#.*$/, '').trim();
      if (command && !command.startsWith('#')) lines.push(command);
    }
  }
  return lines;
}

/** The files the import examples name (`incident.docx`, `exports/`), as a reader would have them. */
function writeImportInputs(dir: string) {
  fs.writeFileSync(path.join(dir, 'incident.docx'), makeDocx(FAILOVER_DOCX));
  fs.mkdirSync(path.join(dir, 'exports'));
  for (const file of ['google-docs-search.html', 'sso-login-failures.txt']) {
    fs.copyFileSync(path.join(ROOT, 'tests/fixtures/import', file), path.join(dir, 'exports', file));
  }
}

describe('README examples, in order, on a clone', () => {
  const commands = commandLines(README);
  const run = commands.filter((c) => !NOT_RUN.some(([pattern]) => pattern.test(c)));
  let project: string;

  beforeAll(() => {
    project = copyProject();
    writeImportInputs(project);
  });
  afterAll(() => {
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it('cover every command line: each is run here or named with the reason it is not', () => {
    for (const command of commands) {
      expect(command, 'a README command that is neither npm run nor listed in NOT_RUN').toMatch(
        /^npm run [a-z]+\b|^npm ci\b|^npm test$|^git /,
      );
    }
    // The examples this file exists for: init, new, import and validate.
    for (const script of ['init', 'new', 'import', 'validate']) {
      expect(
        run.some((c) => c.startsWith(`npm run ${script}`)),
        script,
      ).toBe(true);
    }
    // Every pattern still names a README line (a stale one would hide nothing, but mislead).
    for (const [pattern] of NOT_RUN)
      expect(
        commands.some((c) => pattern.test(c)),
        String(pattern),
      ).toBe(true);
  });

  it('run as written, one after the other, with no terminal', () => {
    for (const command of run) {
      // Through a shell, as a reader pastes it: quoting, `--` and npm's own argument handling included.
      const result = spawnSync('bash', ['-c', command], { cwd: project, env: cleanEnv(), encoding: 'utf8', input: '' });
      expect(result.status, `${command}\n${result.stdout}${result.stderr}`).toBe(0);
    }
    // What they did: the archive is Acme's, with the new postmortem where the validate example looks for it.
    expect(fs.readFileSync(path.join(project, 'hindsight.config.ts'), 'utf8')).toContain("organisation: 'Acme Corp',");
    expect(postmortemFiles(path.join(project, 'content'))).toContain('2024/2024-07-01-checkout-api-returned-500s-after-a-config-push.mdx');
  }, 120_000);
});
