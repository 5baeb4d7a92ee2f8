import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run as bench } from '../../src/cli/bench.ts';
import { run as build } from '../../src/cli/build.ts';
import { commaList, EXIT, parseCommand, type Command } from '../../src/cli/command.ts';
import { run as importCommand } from '../../src/cli/import.ts';
import { run as init } from '../../src/cli/init.ts';
import { run as newCommand } from '../../src/cli/new.ts';
import { run as schema } from '../../src/cli/schema.ts';
import { run as validate } from '../../src/cli/validate.ts';
import type { Io } from '../../src/cli/io.ts';
import { buildEnv, FIXTURES, listFiles, ROOT } from '../helpers/build.ts';

/**
 * Every command runs in-process as run(argv, env, io, options) and ends with a code from one
 * table (EXIT): the same condition gives the same code in every command.
 */

function recorder(): Io & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (t) => out.push(t), err: (t) => err.push(t), stdout: () => out.join('\n'), stderr: () => err.join('\n') };
}

const COMMANDS: Record<string, Command> = {
  build,
  validate,
  new: newCommand,
  import: importCommand,
  init,
  schema,
  bench,
};

describe('the exit-code table, by class, for every command', () => {
  it.each(Object.entries(COMMANDS))('%s: --help prints the usage (0); an unknown flag is a usage error (2)', async (name, command) => {
    const help = recorder();
    expect(await command(['--help'], {}, help, { cwd: ROOT })).toBe(EXIT.ok);
    expect(help.stdout()).toMatch(/^Usage: npm run /);
    const wrong = recorder();
    expect(await command(['--no-such-flag'], {}, wrong, { cwd: ROOT })).toBe(EXIT.usage);
    expect(wrong.stderr()).toContain(`${name}: Unknown option '--no-such-flag'`);
    expect(wrong.stdout()).toBe('');
  });

  it.each(Object.entries(COMMANDS))('%s: an invalid setting is a usage error (2), named, before any work', async (name, command) => {
    const io = recorder();
    const argv = name === 'import' ? ['README.md', '--dry-run'] : name === 'new' ? ['--title', 'x', '--yes'] : [];
    expect(await command(argv, { HINDSIGHT_NOW: 'garbage' }, io, { cwd: ROOT })).toBe(EXIT.usage);
    expect(io.stderr()).toContain(`${name}: HINDSIGHT_NOW`);
  });

  it.each([
    ['validate', validate, []],
    ['new', newCommand, ['--title', 'x', '--yes']],
    ['import', importCommand, ['README.md']],
  ] as const)('%s: a content folder that does not exist is a usage error (2)', async (name, command, argv) => {
    const io = recorder();
    const missing = path.join(os.tmpdir(), 'hindsight-no-such-content');
    expect(await command([...argv], { HINDSIGHT_CONTENT_DIR: missing }, io, { cwd: ROOT })).toBe(EXIT.usage);
    expect(io.stderr()).toContain(`${name}: the content folder ${missing} does not exist`);
  });

  it('options-only commands refuse a stray argument as a usage error', async () => {
    for (const command of [build, newCommand, init, schema, bench]) {
      const io = recorder();
      expect(await command(['stray'], {}, io, { cwd: ROOT })).toBe(EXIT.usage);
      expect(io.stderr()).toContain("Unexpected argument 'stray'");
    }
  });
});

describe('parseCommand and commaList', () => {
  it('parses options and positionals, and returns the exit code when the command is over', () => {
    const io = recorder();
    const parsed = parseCommand('x', 'Usage: x', ['--name', 'a', 'file'], io, { name: { type: 'string' } }, { positionals: true });
    expect(typeof parsed).toBe('object');
    if (typeof parsed === 'number') return;
    expect(parsed.values.name).toBe('a');
    expect(parsed.positionals).toEqual(['file']);
    expect(parseCommand('x', 'Usage: x', ['-h'], io, {})).toBe(EXIT.ok);
    expect(parseCommand('x', 'Usage: x', ['--name'], io, { name: { type: 'string' } })).toBe(EXIT.usage);
  });

  it('reads repeated flags and comma lists alike', () => {
    expect(commaList(['a, b', ' c ', ',', 'd'])).toEqual(['a', 'b', 'c', 'd']);
    expect(commaList(undefined)).toBeUndefined();
  });
});

describe('build, in-process', () => {
  const outs: string[] = [];
  const outDir = () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-inproc-')), 'dist');
    outs.push(path.dirname(dir));
    return dir;
  };
  afterAll(() => outs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('builds a content folder (0) and says what it built', async () => {
    const io = recorder();
    const out = outDir();
    const env = buildEnv({ HINDSIGHT_CONTENT_DIR: path.join(FIXTURES, 'basic'), HINDSIGHT_NOW: '2026-11-01' });
    expect(await build(['--out', out, '--clean'], env, io, { cwd: ROOT }), io.stderr()).toBe(EXIT.ok);
    expect(io.stdout()).toMatch(/✔ Built \d+ postmortems into /);
    expect(listFiles(out)).toContain('index.html');
    expect(listFiles(out)).toContain('.hindsight-build');
  });

  it('stops before building on content problems (1): the report, then why, and no site', async () => {
    const io = recorder();
    const out = outDir();
    const env = buildEnv({ HINDSIGHT_CONTENT_DIR: path.join(FIXTURES, 'broken'), HINDSIGHT_NOW: '2026-11-01' });
    expect(await build(['--out', out], env, io, { cwd: ROOT })).toBe(EXIT.problems);
    expect(io.stdout()).toContain('error');
    expect(io.stderr()).toContain('build: stopped before building: fix the problems above');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses an output folder inside the sources (2), and writes nothing', async () => {
    const io = recorder();
    const env = buildEnv({ HINDSIGHT_CONTENT_DIR: path.join(FIXTURES, 'basic') });
    const before = fs.readdirSync(path.join(ROOT, 'src'));
    expect(await build(['--out', 'src/site'], env, io, { cwd: ROOT })).toBe(EXIT.usage);
    expect(io.stderr()).toContain('build: refusing --out');
    expect(fs.readdirSync(path.join(ROOT, 'src'))).toEqual(before);
  });
});
