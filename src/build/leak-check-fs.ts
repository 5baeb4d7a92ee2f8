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
 * Code and media the build copies or bundles (scripts, styles, WebAssembly, images, fonts): they
 * hold no postmortem text, and library code holds example addresses that would read as leaks.
 */
const CODE = /\.(?:m?js|css|wasm|png|jpe?g|gif|webp|avif|ico|woff2?|ttf)$/i;

/**
 * Every file of a built site that can hold postmortem text (pages, feeds, JSON, CSV, sitemaps,
 * and Pagefind's index, metadata and fragments, gzip-compressed ones unpacked first), checked
 * against the index.
 */
export function findLeaks(outDir: string, index: LeakIndex): Leak[] {
  const leaks: Leak[] = [];
  for (const entry of fs.readdirSync(outDir, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
    if (!entry.isFile() || CODE.test(entry.name)) continue;
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
