import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Runs the authoring CLIs (new, import, validate) as real processes on temp copies of fixture folders. */

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
/** Node 24 from node_modules: the system node is too old for .ts files. */
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh copy of a fixture content folder, removed by the caller's afterAll if wanted. */
export function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hindsight-${name}-`));
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** Runs `node src/cli/<cli>.ts args` with the content folder set; stdin is not a terminal. */
export function runCli(
  cli: 'new' | 'import' | 'validate',
  args: string[],
  contentDir: string,
  env: Record<string, string> = {},
): CliResult {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(clean))
    if (key.startsWith('HINDSIGHT_') || key.startsWith('VITEST') || key === 'BASE_URL') delete clean[key];
  const result = spawnSync(NODE, [path.join(ROOT, 'src/cli', `${cli}.ts`), ...args], {
    cwd: ROOT,
    env: { ...clean, HINDSIGHT_CONTENT_DIR: contentDir, ...env },
    encoding: 'utf8',
    input: '',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
