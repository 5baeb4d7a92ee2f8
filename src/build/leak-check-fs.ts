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

/** Media and WebAssembly the build copies: binary, never postmortem text. */
const BINARY = /\.(?:wasm|png|jpe?g|gif|webp|avif|ico|woff2?|ttf)$/i;

/**
 * The files checked for runs of words only, not short phrases. Scripts and styles: library code
 * holds short phrases and example addresses that would read as leaks, while a bundle that took in
 * postmortem text would hold whole runs of it. Pagefind's fragments: each holds the text of the
 * page it was made from, which is checked in full, short phrases included; but a fragment joins
 * the page's elements (timeline events, table cells) with no break between them, so a short
 * phrase can form across two of them by chance (the 10,000-postmortem benchmark's public edition
 * failed on 16 such four-word phrases).
 */
const RUNS_ONLY = /\.(?:m?js|css|pf_fragment)$/i;

/**
 * Every file of a built site but media (pages, feeds, JSON, CSV, sitemaps, scripts and styles,
 * and Pagefind's index, metadata and fragments, gzip-compressed ones unpacked first), checked
 * against the index.
 */
export function findLeaks(outDir: string, index: LeakIndex): Leak[] {
  const leaks: Leak[] = [];
  for (const entry of fs.readdirSync(outDir, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
    if (!entry.isFile() || BINARY.test(entry.name)) continue;
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
    for (const leak of leaksIn(bytes.toString('utf8'), index, RUNS_ONLY.test(entry.name))) leaks.push({ file: rel, ...leak });
  }
  // In file order, whatever order the file system lists them in: the same message every time.
  return leaks.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
