import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Every entry below a folder, with its kind and the SHA-256 of each file (or a link's target),
 * sorted: two snapshots are equal when nothing was added, removed, moved or changed.
 */
export function treeSnapshot(dir: string): string[] {
  const rows: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const a = path.join(abs, entry.name);
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) rows.push(`${r} -> ${fs.readlinkSync(a)}`);
      else if (entry.isDirectory()) {
        rows.push(`${r}/`);
        walk(a, r);
      } else rows.push(`${r} ${createHash('sha256').update(fs.readFileSync(a)).digest('hex')}`);
    }
  };
  walk(dir, '');
  return rows.sort();
}
