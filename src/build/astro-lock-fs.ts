import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HindsightError } from '../format/errors.ts';

/**
 * One Astro build at a time in a project. Astro writes files of its own into the project's
 * `.astro/` folder during every build (`content-assets.mjs` through a temporary file and a
 * rename), which two builds at once break for each other ("ENOENT … rename"). The lock is a file
 * holding the builder's pid: a build waits for a live holder, and takes over from a dead one
 * (a build killed outright).
 */

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The pid in the lock file; undefined when there is no lock file (any more). */
function readHolder(file: string): number | undefined {
  try {
    return Number(fs.readFileSync(file, 'utf8') || 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function mtimeMs(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}

/**
 * Waits for the project's Astro lock and takes it; the returned function gives it back. An
 * aborted `signal` (the build was interrupted) ends the wait with its reason.
 */
export async function lockAstro(project: string, onWait: () => void, limitMs = 30 * 60_000, signal?: AbortSignal): Promise<() => void> {
  const dir = path.join(project, '.astro');
  const file = path.join(dir, 'hindsight-build.lock');
  const end = Date.now() + limitMs;
  let told = false;
  for (;;) {
    signal?.throwIfAborted();
    try {
      // Made each time: a build's Astro may have removed .astro/ since (a fresh clone has none).
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.rmSync(file);
        } catch {
          // Already gone.
        }
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOENT: .astro/ was removed between making it and writing; make it again.
      if (code === 'ENOENT') continue;
      if (code !== 'EEXIST') throw error;
    }
    const holder = readHolder(file);
    // Given back between our attempt and this read: try again at once.
    if (holder === undefined) continue;
    // An empty file is a lock being written (created, pid not yet in it) unless it stays empty.
    const emptyAndOld = holder === 0 && Date.now() - mtimeMs(file) > 5_000;
    if (emptyAndOld || (holder > 0 && !alive(holder))) {
      fs.rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > end)
      throw new HindsightError(
        `another build (pid ${holder || 'unknown'}) has held ${file} for ${Math.round(limitMs / 60_000)} minutes: stop it, or delete the file if no build runs`,
      );
    if (!told) onWait();
    told = true;
    // Aborted: throw the signal's reason (the interruption), not the timer's AbortError.
    await sleep(100, undefined, { signal }).catch(() => signal?.throwIfAborted());
  }
}
