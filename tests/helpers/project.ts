import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './build.ts';

/**
 * A copy of the project in a temporary folder, as a company gets it from a clone: the tool, the
 * sample archive in content/ and examples/sample-archive/, the configuration and the docs,
 * with node_modules linked (never copied). Tests run init, new and build there, never on the
 * repository itself.
 */

/** What a clone holds that the commands need (tests/ and the benchmark scripts are left out). */
const PROJECT_FILES = [
  'src',
  'content',
  'examples',
  'public',
  'hindsight.config.ts',
  'astro.config.mjs',
  'package.json',
  'tsconfig.json',
  'README.md',
  'LICENSE',
  '.gitignore',
];

export function copyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-project-'));
  for (const name of PROJECT_FILES) {
    if (fs.existsSync(path.join(ROOT, name))) fs.cpSync(path.join(ROOT, name), path.join(dir, name), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The environment a command gets outside Vitest: no HINDSIGHT_* setting, no Vitest variables. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      key.startsWith('HINDSIGHT_') ||
      key.startsWith('VITEST') ||
      ['BASE_URL', 'DEV', 'PROD', 'MODE', 'SSR', 'NODE_ENV', 'TEST'].includes(key)
    )
      continue;
    env[key] = value;
  }
  return { ...env, ASTRO_TELEMETRY_DISABLED: '1', ...extra };
}

/** `npm run <script> -- args` in a project folder, with no terminal (stdin closed). */
export function npmRun(dir: string, script: string, args: string[] = [], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    cwd: dir,
    env: cleanEnv(env),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The postmortem files below a content folder's postmortems/, relative and sorted. */
export function postmortemFiles(contentDir: string): string[] {
  const root = path.join(contentDir, 'postmortems');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => /\.mdx?$/.test(f))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}
