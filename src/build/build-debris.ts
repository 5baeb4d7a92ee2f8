/**
 * The names of the folders a build makes while it runs, and what the next build does with those
 * of a build that died (killed with SIGKILL, power cut): every name carries the builder's process
 * id and start time, so a folder of a build that is still running is never touched.
 */

/** One running build: its process id and start time (ms since the epoch). */
export interface BuildId {
  pid: number;
  started: number;
}

/** A dead build's folder is removed at once; a live pid holding a folder this old is a reused pid. */
export const MAX_BUILD_AGE_MS = 12 * 60 * 60 * 1000;

const tag = (id: BuildId) => `${id.pid}-${id.started}`;

/** The folders of one build: Astro's output in the project, the content store in the temp folder,
 * and the staged new site and the moved-away old one, both beside the output folder. */
export function buildFolderNames(id: BuildId, outName: string) {
  return {
    astroOut: `.dist-tmp-${tag(id)}`,
    cache: `hindsight-cache-${tag(id)}`,
    staging: `.${outName}.hindsight-staging-${tag(id)}`,
    old: `.${outName}.hindsight-old-${tag(id)}`,
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where a folder of a build lives. */
export type DebrisPlace = 'project' | 'tmp' | 'beside';

/** A folder some build made, read back from its name. */
export interface BuildFolder {
  place: DebrisPlace;
  name: string;
  kind: 'astro-out' | 'cache' | 'staging' | 'old';
  pid: number;
  /** Missing in names written by Hindsight before 0.2 (`.dist-tmp-<pid>`, `.dist-old-<pid>`). */
  started?: number;
}

/** Reads a folder name as a build folder, or undefined when no build made it. */
export function parseBuildFolder(place: DebrisPlace, name: string, outName: string): BuildFolder | undefined {
  const pattern =
    place === 'project'
      ? /^\.dist-tmp-(\d+)(?:-(\d+))?$/
      : place === 'tmp'
        ? /^hindsight-cache-(\d+)-(\d+)$/
        : new RegExp(`^(?:\\.${escape(outName)}\\.hindsight-(staging|old)-(\\d+)-(\\d+)|\\.dist-(old)-(\\d+))$`);
  const m = pattern.exec(name);
  if (!m) return undefined;
  if (place === 'beside') {
    const legacy = m[4] !== undefined;
    const kind = (legacy ? m[4] : m[1]) as 'staging' | 'old';
    return { place, name, kind, pid: Number(legacy ? m[5] : m[2]), started: legacy ? undefined : Number(m[3]) };
  }
  return {
    place,
    name,
    kind: place === 'project' ? 'astro-out' : 'cache',
    pid: Number(m[1]),
    started: m[2] === undefined ? undefined : Number(m[2]),
  };
}

/** How to tell whether the build that made a folder still runs. */
export interface Liveness {
  /** This build, which has made none of its folders yet. */
  self: BuildId;
  now: number;
  /** Whether a process with this id runs; `startedAt` its start time (ms) when the system tells. */
  process(pid: number): { alive: boolean; startedAt?: number };
}

/** Whether the build that made `folder` is gone, so its folder is debris. */
export function isDead(folder: BuildFolder, live: Liveness): boolean {
  // Same pid as this build, which has not made anything yet: an earlier process's pid, reused.
  if (folder.pid === live.self.pid) return true;
  const proc = live.process(folder.pid);
  if (!proc.alive) return true;
  if (folder.started === undefined) return false;
  if (live.now - folder.started > MAX_BUILD_AGE_MS) return true;
  // A process that started after the folder was named is another one that got the pid.
  return proc.startedAt !== undefined && proc.startedAt > folder.started + 2000;
}

/** What the next build does with the debris it found. */
export interface CleanupPlan {
  remove: BuildFolder[];
  /** A dead build's moved-away old site to put back as the output folder. */
  restore?: BuildFolder;
  /** Left alone: folders of builds that still run, and old sites of unknown origin. */
  keep: BuildFolder[];
}

/**
 * Plans the cleanup: dead builds' folders go; when the output folder is missing and a dead
 * build moved the old site away (it died between its two renames), the newest such old site is
 * put back. An old site from before 0.2 (`.dist-old-<pid>`, whose name does not say which output
 * folder it was) is only ever put back, never deleted.
 */
export function planCleanup(folders: BuildFolder[], outputExists: boolean, live: Liveness): CleanupPlan {
  const plan: CleanupPlan = { remove: [], keep: [] };
  const dead = folders.filter((f) => {
    if (isDead(f, live)) return true;
    plan.keep.push(f);
    return false;
  });
  const olds = dead.filter((f) => f.kind === 'old').sort((a, b) => (b.started ?? 0) - (a.started ?? 0));
  if (!outputExists && olds.length > 0) plan.restore = olds[0];
  for (const f of dead) {
    if (f === plan.restore) continue;
    if (f.kind === 'old' && f.started === undefined) plan.keep.push(f);
    else plan.remove.push(f);
  }
  return plan;
}
