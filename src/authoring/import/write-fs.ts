import fs from 'node:fs';
import path from 'node:path';
import { writeNewFile } from '../authoring-fs.ts';
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
  /** Slug -> existing file, anywhere under the content folder's postmortems/. */
  taken: Map<string, string>;
}

/** The destination: `--out` (a folder, or a file for one import), else the content folder's postmortems/. */
export function destination(contentDir: string, out: string | undefined, cwd: string): Destination {
  const postmortems = path.join(contentDir, 'postmortems');
  const taken = new Map<string, string>();
  if (fs.existsSync(postmortems)) for (const f of listPostmortems(contentDir, cwd).files) taken.set(slugFromPath(f.relPath), f.abs);
  if (!out) return { dir: postmortems, taken };
  const abs = path.resolve(cwd, out);
  const inside = !path.relative(postmortems, abs).startsWith('..');
  const keep = inside ? taken : new Map<string, string>();
  return /\.mdx?$/i.test(abs) ? { dir: path.dirname(abs), file: abs, taken: keep } : { dir: abs, taken: keep };
}

/** Writes one postmortem; returns its file, or the file in the way when the slug is taken. */
export function writePostmortem(dest: Destination, slug: string, text: string): { written: string } | { exists: string } {
  const file = dest.file ?? path.join(dest.dir, `${slug}.mdx`);
  const name = slugFromPath(file);
  const other = dest.taken.get(name);
  if (other) return { exists: other };
  if (!writeNewFile(file, text)) return { exists: file };
  dest.taken.set(name, file);
  return { written: file };
}
