import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Runs a command as a whole process from a cold start and measures its wall time and the peak
 * resident memory of its process tree (the build runs Astro and Pagefind as child processes)
 * and of its largest process, sampled from /proc every 50 ms.
 */

export interface Measurement {
  seconds: number;
  peakRssBytes: number;
  /** The peak of the largest single process (e.g. Astro's), not summed with its parents. */
  largestProcessBytes: number;
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

function rss(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The resident memory of each process of a tree. */
export function treeRss(pid: number): number[] {
  const sizes: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    sizes.push(rss(p));
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
    const sample = () => {
      if (!child.pid) return;
      const sizes = treeRss(child.pid);
      peak = Math.max(
        peak,
        sizes.reduce((a, b) => a + b, 0),
      );
      largest = Math.max(largest, ...sizes);
    };
    const timer = setInterval(sample, 50);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ seconds: (performance.now() - started) / 1000, peakRssBytes: peak, largestProcessBytes: largest, code, stdout, stderr });
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
