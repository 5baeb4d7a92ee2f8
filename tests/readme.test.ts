import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/build.ts';
import { cleanEnv } from './helpers/project.ts';

/**
 * The README's own `npm run new` and `npm run validate` examples, run as written, in README
 * order, on a copy of the sample archive in ./content (what a reader has after a clone). The
 * bare `npm run new` asks its questions in a terminal, so only its scripted form (--yes) runs here.
 */

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const SCRIPTS = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');

/** Every command line in the README's shell blocks that runs `npm run new` or `npm run validate` (continuations joined, comments dropped). */
function examples(markdown: string): string[] {
  const commands: string[] = [];
  for (const block of markdown.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)) {
    const lines = block[1]!.replace(/\\\n\s*/g, '').split('\n');
    for (const line of lines) {
      const command = line.replace(/\s+#.*$/, '').trim();
      if (/^npm run validate\b/.test(command) || (/^npm run new\b/.test(command) && /\s--yes\b/.test(command))) commands.push(command);
    }
  }
  return commands;
}

/** Shell words, with "double" and 'single' quotes. */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-readme-'));
fs.cpSync(path.join(ROOT, 'examples', 'sample-archive'), path.join(work, 'content'), { recursive: true });
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('README examples', () => {
  const commands = examples(README);

  it('include the new and validate examples', () => {
    expect(commands.filter((c) => c.startsWith('npm run new')).length).toBeGreaterThanOrEqual(1);
    expect(commands.filter((c) => c.startsWith('npm run validate')).length).toBeGreaterThanOrEqual(2);
  });

  for (const command of commands) {
    it(`runs as written: ${command}`, () => {
      const [, , script, ...rest] = words(command);
      const args = rest[0] === '--' ? rest.slice(1) : rest;
      const [program, ...scriptArgs] = SCRIPTS[script!]!.split(' ');
      expect(program).toBe('node');
      const result = spawnSync(NODE, [path.join(ROOT, scriptArgs[0]!), ...scriptArgs.slice(1), ...args], {
        cwd: work,
        env: cleanEnv(),
        encoding: 'utf8',
        input: '',
      });
      expect(result.status, `${command}\n${result.stdout}${result.stderr}`).toBe(0);
    });
  }
});
