import fs from 'node:fs';
import path from 'node:path';
import { listPostmortems, readContent } from '../format/content-fs.ts';
import type { Diagnostic } from '../format/diagnostics.ts';
import type { Registries } from '../format/schema.ts';
import { slugFromPath } from '../format/slug.ts';
import { parseRegistries } from '../validate/validate.ts';

/** Disk access for `npm run new` and `npm run import`: the registries to choose from, and writing a new file without ever replacing one. */

/** The registries of a content folder, with any problem reading them. */
export function loadRegistries(contentDir: string, defaultTimezone: string): { registries: Registries; diagnostics: Diagnostic[] } {
  return parseRegistries(readContent(contentDir, defaultTimezone).registries);
}

/** The file that already uses a slug anywhere below postmortems/, if one does. */
export function existingSlugFile(contentDir: string, slug: string): string | undefined {
  const found = listPostmortems(contentDir).files.find((f) => slugFromPath(f.relPath) === slug);
  return found?.abs;
}

/** Writes a new file; never replaces one. Returns false when the file already exists. */
export function writeNewFile(file: string, text: string): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * The folder a new postmortem goes in when the author names none: its year (`2024/`) when the
 * archive files postmortems in year folders, as the sample does, or is still empty (an archive
 * `init` just emptied starts the sample's convention, which the README's paths follow); else
 * postmortems/ itself, beside the others.
 */
export function conventionalFolder(contentDir: string, slug: string): string {
  const root = path.join(contentDir, 'postmortems');
  // Dot-files (.gitkeep) and `_` templates are not postmortems of the archive.
  const names = (fs.existsSync(root) ? fs.readdirSync(root, { withFileTypes: true }) : []).filter((d) => !/^[._]/.test(d.name));
  const years = names.some((d) => d.isDirectory() && /^\d{4}$/.test(d.name));
  return years || names.length === 0 ? slug.slice(0, 4) : '';
}
