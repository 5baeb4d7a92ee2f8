import fs from 'node:fs';
import path from 'node:path';
import { HASHED, holdsItsName, referencedFiles } from './search-index.ts';

/**
 * Pagefind with the previous build's index files at hand (search-index.ts says why): the
 * hashed files kept from the last build are linked into the new index folder before Pagefind
 * runs, so it writes only the files whose contents are new. Afterwards the kept files the new
 * index does not name are removed, and each one it does name is checked against its name; if
 * any fails, Pagefind runs again on an empty folder. Either way the folder ends up holding
 * exactly the files a cold run writes.
 */

/** The hashed files below an index folder, relative to it. */
function hashedFiles(dir: string): string[] {
  return Object.entries(HASHED).flatMap(([folder, ext]) => {
    const sub = path.join(dir, folder);
    return fs.existsSync(sub)
      ? fs
          .readdirSync(sub)
          .filter((name) => name.endsWith(`.${ext}`))
          .map((name) => `${folder}/${name}`)
      : [];
  });
}

/** A hard link (the files are never written again), or a copy across file systems. */
function link(from: string, to: string) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to);
  }
}

/** Removes the seeded files the new index does not name; false when one it names holds other contents. */
function settle(dir: string, seeded: readonly string[]): boolean {
  const meta = fs.readdirSync(dir).find((name) => /^pagefind\..+\.pf_meta$/.test(name));
  if (!meta) return seeded.length === 0;
  const named = referencedFiles(fs.readFileSync(path.join(dir, meta)));
  for (const file of seeded) {
    const at = path.join(dir, file);
    if (!named.has(file)) fs.rmSync(at);
    else if (!holdsItsName(path.basename(file), fs.readFileSync(at))) return false;
  }
  return true;
}

/** Makes `kept` hold the hashed files of `dir`, reusing those it has (the same names, the same contents). */
function keep(dir: string, kept: string) {
  const now = new Set(hashedFiles(dir));
  for (const file of hashedFiles(kept)) if (!now.has(file)) fs.rmSync(path.join(kept, file));
  for (const file of now) if (!fs.existsSync(path.join(kept, file))) link(path.join(dir, file), path.join(kept, file));
}

/**
 * Runs `pagefind` (which writes its index into `dir`) with the hashed files kept in `kept` at
 * hand, then keeps this index's files there for the next build. Without `kept`, a plain run.
 * Returns Pagefind's run (the caller reports a failure) and how many files were reused.
 */
export async function indexWithKeptFiles<R extends { status: number | null }>(
  dir: string,
  kept: string | undefined,
  pagefind: () => Promise<R>,
): Promise<{ run: R; reused: number }> {
  const seeded = kept ? hashedFiles(kept) : [];
  for (const file of seeded) link(path.join(kept!, file), path.join(dir, file));
  let run = await pagefind();
  if (run.status !== 0) return { run, reused: 0 };
  let reused = 0;
  if (settle(dir, seeded)) reused = seeded.filter((file) => fs.existsSync(path.join(dir, file))).length;
  else {
    fs.rmSync(dir, { recursive: true, force: true });
    run = await pagefind();
    if (run.status !== 0) return { run, reused };
  }
  if (kept) keep(dir, kept);
  return { run, reused };
}
