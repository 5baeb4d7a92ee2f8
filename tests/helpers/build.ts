import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Runs the real `npm run build` pipeline (node src/cli/build.ts) on a content folder. */

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');

export interface BuildOptions {
  /** Base path, e.g. `/hindsight/`. */
  base?: string;
  drafts?: boolean;
  env?: Record<string, string>;
  /** More arguments for the build, e.g. `--clean`. */
  args?: string[];
}

export interface BuildResult {
  outDir: string;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The test's environment as a build should see it, plus `extra`. */
export function buildEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Vitest mirrors import.meta.env into process.env (BASE_URL=/, DEV=1, MODE=test…); a build
  // that inherits them gets the wrong base and a development flag. A build starts clean.
  for (const key of [
    'BASE_URL',
    'DEV',
    'PROD',
    'MODE',
    'SSR',
    'NODE_ENV',
    'VITEST',
    'VITEST_MODE',
    'VITEST_POOL_ID',
    'VITEST_WORKER_ID',
    'TEST',
    'HINDSIGHT_CONTENT_DIR',
  ])
    delete env[key];
  return Object.assign(env, extra);
}

/** The command line, environment and output folder of one build. */
function buildCommand(contentDir: string, options: BuildOptions) {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-dist-'));
  fs.rmSync(outDir, { recursive: true, force: true });
  const env = buildEnv({ HINDSIGHT_CONTENT_DIR: contentDir, ...options.env });
  if (options.base) env.HINDSIGHT_BASE = options.base;
  const args = [path.join(ROOT, 'src/cli/build.ts'), '--out', outDir];
  if (options.drafts) args.push('--drafts');
  args.push(...(options.args ?? []));
  return { outDir, args, env };
}

export function runBuild(contentDir: string, options: BuildOptions = {}): BuildResult {
  const { outDir, args, env } = buildCommand(contentDir, options);
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { outDir, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `runBuild` without blocking, so independent builds can run side by side. */
export function startBuild(contentDir: string, options: BuildOptions = {}): Promise<BuildResult> {
  const { outDir, args, env } = buildCommand(contentDir, options);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ outDir, status, stdout, stderr }));
  });
}

/** Every file below a folder, relative, with `/` separators. */
export function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
}

export function readOut(outDir: string, file: string): string {
  return fs.readFileSync(path.join(outDir, file), 'utf8');
}
