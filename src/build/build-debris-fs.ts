import fs from 'node:fs';
import path from 'node:path';
import { parseBuildFolder, planCleanup, type BuildFolder, type BuildId, type DebrisPlace } from './build-debris.ts';

/**
 * Removes what dead builds left behind (see `build-debris.ts`) and puts back an output folder a
 * build moved away and could not replace.
 */

let bootTimeMs: number | undefined;

function procStat(pid: number): { zombie: boolean; startedAt?: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    bootTimeMs ??= Number(/^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1]) * 1000;
    // Field 22 (starttime) in clock ticks since boot; Linux reports them at 100 per second.
    const ticks = Number(fields[19]);
    return {
      zombie: fields[0] === 'Z',
      startedAt: Number.isFinite(bootTimeMs) && Number.isFinite(ticks) ? bootTimeMs + ticks * 10 : undefined,
    };
  } catch {
    return undefined;
  }
}

/** Whether a process runs, and when it started where the system says (Linux `/proc`). */
export function processInfo(pid: number): { alive: boolean; startedAt?: number } {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return { alive: false };
  }
  const stat = procStat(pid);
  return { alive: !stat?.zombie, startedAt: stat?.startedAt };
}

function buildFolders(dir: string, place: DebrisPlace, outName: string): BuildFolder[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => parseBuildFolder(place, name, outName))
    .filter(
      (f): f is BuildFolder => f !== undefined && fs.lstatSync(path.join(dir, f.name), { throwIfNoEntry: false })?.isDirectory() === true,
    );
}

/** Where one build's folders live. */
export interface DebrisPlaces {
  project: string;
  tmp: string;
  /** The output folder's real path; its staged and moved-away copies sit beside it. */
  output: string;
}

/** What the cleanup did. */
export interface CleanupReport {
  removed: string[];
  restored?: string;
}

/** Cleans up after dead builds, before this build (`self`) makes any folder of its own. */
export function cleanDebris(places: DebrisPlaces, self: BuildId, now = Date.now(), info = processInfo): CleanupReport {
  const outName = path.basename(places.output);
  const dirOf: Record<DebrisPlace, string> = { project: places.project, tmp: places.tmp, beside: path.dirname(places.output) };
  const folders = (Object.keys(dirOf) as DebrisPlace[]).flatMap((place) => buildFolders(dirOf[place], place, outName));
  const outputExists = fs.existsSync(places.output);
  const plan = planCleanup(folders, outputExists, { self, now, process: info });
  const report: CleanupReport = { removed: [] };
  if (plan.restore) {
    const from = path.join(dirOf.beside, plan.restore.name);
    fs.renameSync(from, places.output);
    report.restored = from;
  }
  for (const f of plan.remove) {
    const dir = path.join(dirOf[f.place], f.name);
    try {
      fs.rmSync(dir, { recursive: true, force: true });
      report.removed.push(dir);
    } catch {
      // Not ours to remove after all (another user's temp folder): leave it.
    }
  }
  return report;
}
