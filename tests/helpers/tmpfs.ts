import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * A small file system of its own (tmpfs) at `dir`, to fill up for real; or why this machine
 * does not allow mounting one (not root, or a sandbox).
 */
export function mountTmpfs(dir: string, size: string): { unmount(): void } | { reason: string } {
  fs.mkdirSync(dir, { recursive: true });
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (result.status !== 0) return { reason: `mount -t tmpfs is not allowed here: ${(result.stderr || String(result.error)).trim()}` };
  return { unmount: () => void spawnSync('umount', [dir]) };
}
