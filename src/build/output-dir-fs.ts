import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  isMarkerText,
  isWithin,
  MARKER_FILE,
  markerText,
  PROTECTED_PROJECT_DIRS,
  type OutputPlaces,
  type OutputState,
  type OutTarget,
  type ProtectedDir,
} from './output-dir.ts';

/**
 * The disk side of the output-folder rule (`output-dir.ts`): follows symbolic links, finds the
 * project's protected folders, looks at what the output folder holds, writes the marker.
 */

const MAX_MARKER_BYTES = 4096;
/** Files every Hindsight site has: a marker-less `dist/` with all three is an older build. */
const OLD_SITE_FILES = ['index.html', 'postmortems.json', 'schema/postmortem.json'];

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * `abs` with every symbolic link in its existing part followed (the missing rest appended as
 * given), or undefined when a link in it points nowhere.
 */
export function realPathOf(abs: string): string | undefined {
  let head = path.resolve(abs);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(head), ...rest);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    // The path exists but cannot be followed: a link to nothing.
    try {
      fs.lstatSync(head);
      return undefined;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    const parent = path.dirname(head);
    if (parent === head) return path.resolve(abs);
    rest.unshift(path.basename(head));
    head = parent;
  }
}

/** The --out value resolved against `cwd`, links followed; `brokenLink` when a link points nowhere. */
export function resolveOutTarget(arg: string, cwd: string): { out: OutTarget; brokenLink: boolean } {
  const resolved = path.resolve(cwd, arg);
  const real = realPathOf(resolved);
  return { out: { arg, resolved, real: real ?? resolved }, brokenLink: real === undefined };
}

/**
 * The places an output folder is compared with: the project (`cwd`) and the Hindsight code's
 * folder, the home folder, the content folder (from the settings: whether HINDSIGHT_CONTENT_DIR
 * set it only changes the message) and the project's source folders.
 */
export function outputPlaces(cwd: string, contentDir: { path: string; fromEnv: boolean }, codeRoot: string): OutputPlaces {
  const real = (p: string) => realPathOf(p) ?? path.resolve(p);
  const projects = [...new Set([real(cwd), real(codeRoot)])];
  const dirs: ProtectedDir[] = [];
  const content = real(contentDir.path);
  const label = contentDir.fromEnv ? 'the content folder set by HINDSIGHT_CONTENT_DIR' : 'the content folder';
  // A content folder that holds the project itself: protect its postmortems, not every folder in it.
  if (projects.some((p) => isWithin(p, content)))
    dirs.push({ path: path.join(content, 'postmortems'), label: `the postmortems folder of ${label}` });
  else dirs.push({ path: content, label });
  for (const project of projects) {
    for (const name of PROTECTED_PROJECT_DIRS) dirs.push({ path: real(path.join(project, name)), label: `the project's ${name}/ folder` });
  }
  const seen = new Set<string>();
  const protectedDirs = dirs.filter((d) => !seen.has(d.path) && seen.add(d.path));
  return { projects, home: real(os.homedir()), protectedDirs, legacyDist: path.join(projects[0]!, 'dist') };
}

function hasMarker(dir: string): boolean {
  const file = path.join(dir, MARKER_FILE);
  try {
    const stat = fs.lstatSync(file);
    return stat.isFile() && stat.size <= MAX_MARKER_BYTES && isMarkerText(fs.readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

/** What is at the output folder's real path now. */
export function inspectOutput(out: OutTarget, brokenLink: boolean): OutputState {
  if (brokenLink) return { kind: 'broken-link' };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(out.real);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return { kind: 'under-file' };
    if (isMissing(error)) return { kind: 'missing' };
    throw error;
  }
  if (!stat.isDirectory()) return { kind: 'file' };
  return {
    kind: 'folder',
    entries: fs.readdirSync(out.real).length,
    marker: hasMarker(out.real),
    looksLikeOldSite: OLD_SITE_FILES.every((f) => fs.existsSync(path.join(out.real, f))),
  };
}

/** Marks a built site as Hindsight's, so a later build may replace it. */
export function writeMarker(dir: string, version: string): void {
  fs.writeFileSync(path.join(dir, MARKER_FILE), markerText(version));
}
