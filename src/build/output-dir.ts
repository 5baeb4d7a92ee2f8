import path from 'node:path';
import { escapeControls } from '../format/characters.ts';

/**
 * The output-folder rule of `npm run build`, on plain paths (no disk): the build replaces its
 * output folder wholesale, so it may only be a folder of its own. It refuses the project and
 * anything containing it, the home folder, any place inside (or containing) a source or content
 * folder, a file, and a non-empty folder that no Hindsight build made.
 */

/** The file every build writes into its output: a folder holding it may be replaced. */
export const MARKER_FILE = '.hindsight-build';

/** Project folders whose files a site must never replace, relative to each project. */
export const PROTECTED_PROJECT_DIRS = ['src', 'content', 'tests', 'scripts', 'schema', 'public', 'node_modules', '.git', '.astro'] as const;

/** A folder the output may neither lie inside nor contain, with how a message names it. */
export interface ProtectedDir {
  path: string;
  label: string;
}

/** Real paths the rule compares an output folder with. */
export interface OutputPlaces {
  /** The project the build runs in, and the Hindsight code's own folder when that differs. */
  projects: string[];
  home: string;
  protectedDirs: ProtectedDir[];
  /**
   * `<project>/dist`, the default output: the one place where an older Hindsight build (which
   * wrote no marker) may be replaced when it looks like a Hindsight site.
   */
  legacyDist: string;
}

/** What is on disk at the output path. */
export type OutputState =
  | { kind: 'missing' }
  | { kind: 'file' }
  | { kind: 'under-file' }
  | { kind: 'broken-link' }
  | { kind: 'folder'; entries: number; marker: boolean; looksLikeOldSite: boolean };

/** `child` is `parent` or lies inside it. */
export function isWithin(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * The marker's text: which tool wrote the folder, and its version. No time: builds stay
 * byte-for-byte reproducible.
 */
export function markerText(version: string): string {
  return `${JSON.stringify({ tool: 'hindsight', version })}\n`;
}

/** Whether a marker file's text is one a Hindsight build wrote. */
export function isMarkerText(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && (value as { tool?: unknown }).tool === 'hindsight';
  } catch {
    return false;
  }
}

/**
 * How a message shows a path or argument: quoted exactly (a backslash or a quote stays as it is),
 * control, bidirectional and invisible characters escaped (characters.ts).
 */
export function quote(value: string): string {
  return `"${escapeControls(value)}"`;
}

const PICK_ANOTHER = 'Nothing was written or deleted. Use a folder of its own for the site, e.g. --out dist.';

/** An output folder as given and as found. */
export interface OutTarget {
  /** The --out value as typed. */
  arg: string;
  /** Resolved against the working folder. */
  resolved: string;
  /** Resolved with every symbolic link followed: what the build would replace. */
  real: string;
}

function refusal(out: OutTarget, why: string, todo = PICK_ANOTHER): string {
  const shown = out.resolved === out.real ? quote(out.arg) : `${quote(out.arg)} (${quote(out.real)})`;
  return `build: refusing --out ${shown}: ${why}. ${todo}`;
}

/** Why the output folder may not be used because of where it is, or undefined when its place is fine. */
export function locationProblem(out: OutTarget, places: OutputPlaces): string | undefined {
  const { real } = out;
  for (const project of places.projects) {
    if (real === project)
      return refusal(out, `that is the project folder itself (${quote(project)}); replacing it would delete the project`);
    if (isWithin(project, real))
      return refusal(out, `it contains the project folder (${quote(project)}); replacing it would delete the project`);
  }
  if (real === places.home) return refusal(out, `that is your home folder`);
  if (isWithin(places.home, real)) return refusal(out, `it contains your home folder (${quote(places.home)})`);
  for (const dir of places.protectedDirs) {
    if (real === dir.path) return refusal(out, `that is ${dir.label}; building there would delete its files`);
    if (isWithin(real, dir.path))
      return refusal(out, `it lies inside ${dir.label} (${quote(dir.path)}); building there would overwrite its files`);
    if (isWithin(dir.path, real))
      return refusal(out, `it contains ${dir.label} (${quote(dir.path)}); replacing it would delete those files`);
  }
  return undefined;
}

/**
 * Why the output folder may not be replaced because of what it holds, or undefined when it may:
 * missing, empty, marked by an earlier Hindsight build, or the project's own `dist/` from an
 * older Hindsight build.
 */
export function contentsProblem(out: OutTarget, state: OutputState, places: OutputPlaces): string | undefined {
  switch (state.kind) {
    case 'missing':
      return undefined;
    case 'file':
      return refusal(
        out,
        'it is a file, not a folder',
        'Nothing was written or deleted. Use a new or empty folder, or one an earlier Hindsight build wrote.',
      );
    case 'under-file':
      return refusal(
        out,
        'a part of that path is a file, not a folder',
        'Nothing was written or deleted. Use a new or empty folder, or one an earlier Hindsight build wrote.',
      );
    case 'broken-link':
      return refusal(
        out,
        'it is a link to a folder that does not exist',
        'Nothing was written or deleted. Point the link at a folder, or use another path.',
      );
    case 'folder':
      if (state.entries === 0 || state.marker) return undefined;
      if (out.real === places.legacyDist && state.looksLikeOldSite) return undefined;
      return refusal(
        out,
        `the folder is not empty and no Hindsight build made it (it has no ${MARKER_FILE} file), so replacing it could delete your files`,
        'Nothing was written or deleted. Use a new or empty folder; if it only holds an old copy of the site, delete it yourself first.',
      );
  }
}
