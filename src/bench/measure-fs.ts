import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Runs a command as a whole process from a cold start and measures its wall time and the peak
 * resident memory of its process tree (the build runs Astro and Pagefind as child processes),
 * of its largest process, and of each kind of process (astro, validate, pagefind...), sampled
 * from /proc every 50 ms. The tree's total is the largest sum seen in one sample; a process's peak
 * is its own high-water mark, so it does not depend on a sample falling on it.
 */

export interface Measurement {
  seconds: number;
  peakRssBytes: number;
  /** The peak of the largest single process (e.g. Astro's), not summed with its parents. */
  largestProcessBytes: number;
  /** The peak of each kind of process, by `processLabel`. */
  byProcess: Record<string, number>;
  code: number | null;
  stdout: string;
  stderr: string;
}

function children(pid: number): number[] {
  try {
    const tasks = fs.readdirSync(`/proc/${pid}/task`);
    return tasks.flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

/**
 * A process's resident memory now (VmRSS) and its peak so far (VmHWM), from its /proc status text.
 * The peak is exact even when a short process, such as Pagefind on a small site, lives through only
 * one sample.
 */
export function statusMemory(status: string): { bytes: number; peakBytes: number } {
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { bytes: kb('VmRSS'), peakBytes: kb('VmHWM') };
}

function rss(pid: number): { bytes: number; peakBytes: number } {
  try {
    return statusMemory(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return { bytes: 0, peakBytes: 0 };
  }
}

/**
 * What a process is, from its command line: the script a Node process runs ("astro" for
 * astro.mjs, "validate" for validate.ts), or the program's name ("pagefind_extended", "hugo").
 */
export function processLabel(argv: readonly string[]): string {
  const name = (file: string) => path.basename(file).replace(/\.[cm]?[jt]s$/, '');
  if (argv.length === 0) return '?';
  if (name(argv[0]!) !== 'node') return name(argv[0]!);
  for (let i = 1; i < argv.length; i++) {
    if (['-e', '--eval', '-p', '--print'].includes(argv[i]!)) break;
    if (argv[i] === '--import' || argv[i] === '--require' || argv[i] === '-r') i++;
    else if (!argv[i]!.startsWith('-')) return name(argv[i]!);
  }
  return 'node';
}

function label(pid: number): string {
  try {
    return processLabel(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean));
  } catch {
    return '?';
  }
}

/** The resident memory of each process of a tree, now and at its peak so far. */
export function treeRss(pid: number): { pid: number; bytes: number; peakBytes: number }[] {
  const sizes: { pid: number; bytes: number; peakBytes: number }[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    sizes.push({ pid: p, ...rss(p) });
    stack.push(...children(p));
  }
  return sizes;
}

export function measure(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let peak = 0;
    let largest = 0;
    const byProcess: Record<string, number> = {};
    const labels = new Map<number, string>();
    const sample = () => {
      if (!child.pid) return;
      const sizes = treeRss(child.pid);
      peak = Math.max(
        peak,
        sizes.reduce((a, b) => a + b.bytes, 0),
      );
      for (const { pid, peakBytes } of sizes) {
        // A process that ended between listing the tree and reading its status (or a zombie) has no size.
        if (peakBytes === 0) continue;
        // Read each time, as a child sampled between fork and exec still shows its parent's command
        // line; the last name read stands for a process whose command line is already gone, and
        // one never named (it ended before its first sample read its name) is left out.
        const read = label(pid);
        if (read !== '?') labels.set(pid, read);
        const kind = labels.get(pid);
        if (kind === undefined) continue;
        byProcess[kind] = Math.max(byProcess[kind] ?? 0, peakBytes);
        largest = Math.max(largest, peakBytes);
      }
    };
    const timer = setInterval(sample, 50);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({
        seconds: (performance.now() - started) / 1000,
        peakRssBytes: peak,
        largestProcessBytes: largest,
        byProcess,
        code,
        stdout,
        stderr,
      });
    });
  });
}

/** Total bytes of the files below a folder. */
export function folderBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}
