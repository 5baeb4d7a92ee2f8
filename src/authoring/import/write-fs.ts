import fs from 'node:fs';
import path from 'node:path';
import { conventionalFolder, writeNewFile } from '../authoring-fs.ts';
import { listPostmortems } from '../../format/content-fs.ts';
import { slugFromPath } from '../../format/slug.ts';
import { DOCUMENT_EXTENSIONS } from './read.ts';

/**
 * Stage 4 of `npm run import`, the disk: which files to import (a folder is walked for
 * documents), and where each postmortem goes, never replacing a file that exists.
 */

export interface Inputs {
  /** Files to import, absolute, in a stable order. */
  files: string[];
  /** Arguments that name nothing. */
  missing: string[];
  /** Files in the folders given that are not documents (images, attachments), by extension. */
  ignored: Record<string, number>;
}

/** The files named, and the documents in the folders named (recursively; hidden files skipped). */
export function listInputs(args: readonly string[], cwd: string): Inputs {
  const inputs: Inputs = { files: [], missing: [], ignored: {} };
  const walk = (dir: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (d.name.startsWith('.')) continue;
      const abs = path.join(dir, d.name);
      if (d.isDirectory()) walk(abs);
      else if (d.isFile()) {
        const ext = path.extname(d.name).slice(1).toLowerCase();
        if (DOCUMENT_EXTENSIONS.includes(ext)) inputs.files.push(abs);
        else inputs.ignored[ext || '(none)'] = (inputs.ignored[ext || '(none)'] ?? 0) + 1;
      }
    }
  };
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    if (!fs.existsSync(abs)) inputs.missing.push(arg);
    else if (fs.statSync(abs).isDirectory()) walk(abs);
    else inputs.files.push(abs);
  }
  return inputs;
}

/** Where imported postmortems go, and the slugs already taken there. */
export interface Destination {
  /** The folder new files go into. */
  dir: string;
  /** One file name for a single import (`--out x.mdx`), else undefined. */
  file?: string;
  /** The sub-folder of `dir` a slug goes in: its year when the archive uses year folders, as `npm run new` files it. */
  folderOf?: (slug: string) => string;
  /** Slug -> existing file, anywhere under the content folder's postmortems/. */
  taken: Map<string, string>;
  /** Slug -> the file this run wrote (or, in a dry run, would write) and what it was written from. */
  written: Map<string, { file: string; source: string }>;
  /** A dry run: everything is decided as for real, and nothing is written. */
  dryRun: boolean;
}

/** The destination: `--out` (a folder, or a file for one import), else the content folder's postmortems/. */
export function destination(contentDir: string, out: string | undefined, cwd: string, dryRun = false): Destination {
  const postmortems = path.join(contentDir, 'postmortems');
  const taken = new Map<string, string>();
  if (fs.existsSync(postmortems)) for (const f of listPostmortems(contentDir, cwd).files) taken.set(slugFromPath(f.relPath), f.abs);
  const common = { written: new Map<string, { file: string; source: string }>(), dryRun };
  if (!out) return { dir: postmortems, taken, folderOf: (slug) => conventionalFolder(contentDir, slug), ...common };
  const abs = path.resolve(cwd, out);
  const inside = !path.relative(postmortems, abs).startsWith('..');
  const keep = inside ? taken : new Map<string, string>();
  return /\.mdx?$/i.test(abs) ? { dir: path.dirname(abs), file: abs, taken: keep, ...common } : { dir: abs, taken: keep, ...common };
}

/** What became of one postmortem: written (under another slug when this run had used its own), or not. */
export type Written =
  | { written: string; renamedFrom?: string }
  /** A file that was there before this run holds the slug. */
  | { exists: string }
  /** This run already wrote this slug from the same source (the same document twice). */
  | { same: string };

/**
 * Writes one postmortem, never over a file. A slug taken before this run is left alone (so a
 * second import of a folder writes nothing twice); one this run took for another document gets
 * the first free "-2", "-3"… suffix, unless it came from the same `source` (a digest of the
 * document's bytes): the same document twice is written once.
 */
export function writePostmortem(dest: Destination, slug: string, text: string, source = text): Written {
  const fileFor = (s: string) => dest.file ?? path.join(dest.dir, dest.folderOf?.(s) ?? '', `${s}.mdx`);
  const key = (s: string) => slugFromPath(fileFor(s));
  const before = dest.taken.get(key(slug));
  if (before && !dest.written.has(key(slug))) return { exists: before };
  let chosen = slug;
  for (let n = 2; dest.taken.has(key(chosen)); n++) {
    const earlier = dest.written.get(key(chosen));
    if (earlier?.source === source) return { same: earlier.file };
    if (dest.file) return { exists: dest.file };
    chosen = `${slug}-${n}`;
  }
  const file = fileFor(chosen);
  if (!dest.dryRun && !writeNewFile(file, text)) return { exists: file };
  dest.taken.set(key(chosen), file);
  dest.written.set(key(chosen), { file, source });
  return chosen === slug ? { written: file } : { written: file, renamedFrom: slug };
}
