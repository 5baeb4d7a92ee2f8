import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { leaksIn, type LeakIndex } from './leak-check.ts';

/** A file of the build and the secrets found in it. */
export interface Leak {
  file: string;
  source: string;
  text: string;
}

/**
 * Every file of a built site, read as text (gzip-compressed files, such as Pagefind's index and
 * fragments, unpacked first), checked against the index. Binary files (images, WebAssembly) are
 * read too: a secret in them would be as public.
 */
export function findLeaks(outDir: string, index: LeakIndex): Leak[] {
  const leaks: Leak[] = [];
  for (const entry of fs.readdirSync(outDir, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    let bytes = fs.readFileSync(file);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        bytes = zlib.gunzipSync(bytes);
      } catch {
        // Not gzip after all: checked as it is.
      }
    }
    const rel = path.relative(outDir, file).split(path.sep).join('/');
    for (const leak of leaksIn(bytes.toString('utf8'), index)) leaks.push({ file: rel, ...leak });
  }
  return leaks;
}
