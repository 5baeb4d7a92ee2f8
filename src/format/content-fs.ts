import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from './diagnostics.ts';
import { REGISTRY_FILES, type DateWindow, type RegistryName } from './schema.ts';
import { validateContent, type ContentInput, type Policy, type RegistrySource, type SourceFile } from '../validate/validate.ts';

/**
 * Reads a content folder from disk into the plain inputs `validate.ts` checks. It never follows
 * a link out of the folder, never reads a file larger than MAX_FILE_BYTES, and never executes
 * anything it reads.
 */

/** The largest postmortem file the site reads (an imported one must fit too). */
export const MAX_FILE_BYTES = 1024 * 1024;
const POSTMORTEM_EXT = /\.mdx?$/;
/** Extensions (any case) of files that were meant as postmortems but will not be read as written. */
const MEANT_AS_POSTMORTEM = /(?:\.(?:mdx?|markdown|mdown|mkdn?|mdwn|txt|text))$/i;

/**
 * Which names in `postmortems/` are not postmortems, and what is said about each. Names starting
 * with `_` (templates, partials) or `.` (hidden files: .gitkeep, editor swap files) and a README
 * (GitHub shows it when browsing the folder) are left alone on purpose. Any other file that is not
 * `.md` or `.mdx` (in lower case) is an error, never skipped without a word: a `.markdown` or
 * `.txt` file there is almost always a postmortem that would silently not be published.
 */
function misnamedFileProblem(name: string): Omit<Diagnostic, 'file'> | undefined {
  if (name.startsWith('_') || name.startsWith('.') || /^readme\.mdx?$/i.test(name) || POSTMORTEM_EXT.test(name)) return undefined;
  const trimmed = name.trim().replace(/\.+$/, '');
  const stem = trimmed.replace(MEANT_AS_POSTMORTEM, '');
  const meant = MEANT_AS_POSTMORTEM.test(trimmed) || !trimmed.includes('.');
  return {
    line: 1,
    column: 1,
    severity: 'error',
    rule: 'file-name',
    message: `"${name}" is not read: a postmortem's file name ends in .md or .mdx`,
    hint: meant
      ? `rename it to ${stem}.mdx (or .md), or start its name with _ to keep it here unread`
      : 'move it out of postmortems/, or start its name with _ to keep it here unread',
    suggestion: meant ? `${stem}.mdx` : undefined,
  };
}

function display(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

interface Listing {
  files: { abs: string; relPath: string }[];
  problems: Diagnostic[];
}

/** A pipe, socket or device in `postmortems/`: never read (reading a pipe would wait forever), never skipped without a word. */
const NOT_A_FILE: Omit<Diagnostic, 'file'> = {
  line: 1,
  column: 1,
  severity: 'error',
  rule: 'file-type',
  message: 'this is not a file or a folder (a pipe, socket or device) and was not read',
  hint: 'remove it from postmortems/',
};

function linkProblem(abs: string, cwd: string, message: string): Diagnostic {
  return {
    file: display(abs, cwd),
    line: 1,
    column: 1,
    severity: 'error',
    rule: 'symlink',
    message,
    hint: 'copy the file into the content folder instead of linking to it',
  };
}

/** Where a link in `postmortems/` leads: its real path when it may be followed, or the problem with it. */
function followLink(abs: string, realContent: string, ancestors: ReadonlySet<string>, cwd: string) {
  let real: string | undefined;
  try {
    real = fs.realpathSync(abs);
  } catch {
    real = undefined;
  }
  if (!real || !isInside(real, realContent))
    return {
      problem: linkProblem(abs, cwd, real ? 'this link leads outside the content folder and was not read' : 'this link leads nowhere'),
    };
  // A link to a folder it is in would be read again and again (ELOOP after 40 levels).
  if (ancestors.has(real))
    return { problem: linkProblem(abs, cwd, 'this link leads back to a folder it is in (a loop) and was not followed') };
  return { real };
}

/** Every postmortem file below `postmortems/`, skipping `_` and `.` names; links out of the folder or in a loop, and misnamed files, reported. */
export function listPostmortems(contentDir: string, cwd = process.cwd()): Listing {
  const root = path.join(contentDir, 'postmortems');
  const realContent = fs.existsSync(contentDir) ? fs.realpathSync(contentDir) : contentDir;
  const listing: Listing = { files: [], problems: [] };
  if (!fs.existsSync(root)) return listing;
  const visit = (dir: string, ancestors: ReadonlySet<string>) => {
    const names = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const dirent of names) {
      if (dirent.name.startsWith('_') || dirent.name.startsWith('.')) continue;
      const abs = path.join(dir, dirent.name);
      let isDir = dirent.isDirectory();
      let isFile = dirent.isFile();
      let real = abs;
      if (dirent.isSymbolicLink()) {
        const link = followLink(abs, realContent, ancestors, cwd);
        if (!link.real) {
          listing.problems.push(link.problem!);
          continue;
        }
        real = link.real;
        const stat = fs.statSync(real);
        isDir = stat.isDirectory();
        isFile = stat.isFile();
      }
      const misnamed = isFile ? misnamedFileProblem(dirent.name) : undefined;
      if (isDir) visit(abs, new Set([...ancestors, fs.realpathSync(real)]));
      else if (!isFile) listing.problems.push({ file: display(abs, cwd), ...NOT_A_FILE });
      else if (misnamed) listing.problems.push({ file: display(abs, cwd), ...misnamed });
      else if (isFile && POSTMORTEM_EXT.test(dirent.name) && !/^readme\.mdx?$/i.test(dirent.name)) {
        listing.files.push({ abs, relPath: path.relative(root, abs).split(path.sep).join('/') });
      }
    }
  };
  visit(root, new Set([fs.realpathSync(root)]));
  return listing;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Index of the first byte that is not part of a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    }
    i += length;
  }
  return i;
}

/** Reads a file as UTF-8 text, or says why it cannot be read. */
function readText(abs: string): { text?: string; problem?: Omit<Diagnostic, 'file'> } {
  const top = { line: 1, column: 1, severity: 'error' as const };
  let bytes: Buffer;
  try {
    const size = fs.statSync(abs).size;
    if (size > MAX_FILE_BYTES) {
      return {
        problem: {
          ...top,
          rule: 'file-size',
          message: `the file is ${(size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`,
          hint: 'move logs and data dumps out of the postmortem and link to them',
        },
      };
    }
    bytes = fs.readFileSync(abs);
  } catch (error) {
    return {
      problem: {
        ...top,
        rule: 'read',
        message: `the file cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        hint: 'check that it exists and is readable',
      },
    };
  }
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, offset);
    const line = before.toString('latin1').split('\n').length;
    return {
      problem: {
        ...top,
        line,
        rule: 'encoding',
        message: 'the file is not valid UTF-8',
        hint: 'save it as UTF-8 in your editor (it may be Windows-1252 or Latin-1)',
      },
    };
  }
}

function readRegistry(contentDir: string, name: RegistryName, cwd: string): RegistrySource {
  const abs = path.join(contentDir, REGISTRY_FILES[name]);
  const shown = display(abs, cwd);
  if (!fs.existsSync(abs)) {
    return {
      path: shown,
      problem: {
        line: 1,
        column: 1,
        severity: 'error',
        rule: 'registry',
        message: `${REGISTRY_FILES[name]} is missing`,
        hint: `create ${shown} with a YAML list of entries (id, name)`,
      },
    };
  }
  return { path: shown, ...readText(abs) };
}

export interface ReadOptions {
  /**
   * Only these files, or the postmortems inside these folders (paths relative to cwd or
   * absolute); the rest of the folder is still listed for slugs.
   */
  only?: readonly string[];
  cwd?: string;
  /** The plausible window for datetimes (settings: HINDSIGHT_NOW, earliestYear). */
  dates?: DateWindow;
}

/** Reads everything validation needs from a content folder. */
export function readContent(contentDir: string, defaultTimezone: string, options: ReadOptions = {}): ContentInput {
  const cwd = options.cwd ?? process.cwd();
  const listing = listPostmortems(contentDir, cwd);
  const only = options.only?.map((f) => path.resolve(cwd, f));
  const wanted = only ? (file: string) => only.some((f) => isInside(path.resolve(cwd, file), f)) : undefined;
  const chosen = wanted ? listing.files.filter((f) => wanted(f.abs)) : listing.files;
  const postmortems: SourceFile[] = chosen.map((f) => ({ path: display(f.abs, cwd), relPath: f.relPath, ...readText(f.abs) }));
  const registries = Object.fromEntries(
    (Object.keys(REGISTRY_FILES) as RegistryName[]).map((name) => [name, readRegistry(contentDir, name, cwd)]),
  ) as Record<RegistryName, RegistrySource>;
  return {
    registries,
    postmortems,
    allPaths: listing.files.map((f) => f.relPath),
    defaultTimezone,
    dates: options.dates,
    problems: wanted ? listing.problems.filter((p) => wanted(p.file)) : listing.problems,
  };
}

/** Reads and validates a whole content folder. */
export function loadArchive(contentDir: string, defaultTimezone: string, policy?: Policy, cwd = process.cwd(), dates?: DateWindow) {
  return validateContent({ ...readContent(contentDir, defaultTimezone, { cwd, dates }), policy });
}
