import fs from 'node:fs';
import path from 'node:path';

/**
 * Puts a built and checked site in place of the output folder. The new site is first staged as
 * a whole beside the output folder (renamed when on the same file system, copied otherwise), so
 * the swap is two renames in one folder: a failure while staging (a full disk included) leaves
 * the old site live and whole, and a build killed between the two renames is repaired by the
 * next build (`build-debris-fs.ts`).
 */

/** Copies one file; tests pass one that fails, to prove a failed copy changes nothing. */
export type CopyFile = (from: string, to: string) => void;

/** Where the site is, and where it goes. */
export interface Publication {
  /** The built site, anywhere (usually the project's temporary Astro output). */
  built: string;
  /** The output folder (real path); its parent must exist. */
  target: string;
  /** Folder names beside the target for the staged new site and the moved-away old one. */
  staging: string;
  old: string;
  /** Stages the site; tests pass one that copies with a failing `copyFile`. */
  stage?: (built: string, staging: string) => void;
  /** Last look before the swap: throws to abort (the staged site is then removed). */
  beforeSwap?: () => void | Promise<void>;
  /** Takes the replaced site away to keep it (true), instead of its deletion. */
  keepOld?: (old: string) => boolean;
}

function copyTree(from: string, to: string, copyFile: CopyFile): void {
  fs.mkdirSync(to);
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(src, dst, copyFile);
    else if (entry.isFile()) copyFile(src, dst);
    else throw new Error(`the built site holds ${src}, which is neither a file nor a folder`);
  }
}

/** Copies the built site to `staging` file by file; on any failure removes what it copied. */
export function copySite(built: string, staging: string, copyFile: CopyFile = fs.copyFileSync): void {
  try {
    copyTree(built, staging, copyFile);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Stages the built site beside the target: a rename, or a copy when they are on different file systems. */
export function stageSite(built: string, staging: string): void {
  try {
    fs.renameSync(built, staging);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    copySite(built, staging);
  }
}

/**
 * Stages and swaps in the new site. On any failure before the swap the old site stays as it
 * was and nothing is left beside it. Returns once the new site is in place and the old one gone
 * (deleted, or taken by `keepOld`).
 */
export async function publishSite(p: Publication): Promise<void> {
  const parent = path.dirname(p.target);
  const staging = path.join(parent, p.staging);
  const old = path.join(parent, p.old);
  fs.mkdirSync(parent, { recursive: true });
  (p.stage ?? stageSite)(p.built, staging);
  try {
    await p.beforeSwap?.();
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const hadOld = fs.existsSync(p.target);
  try {
    if (hadOld) fs.renameSync(p.target, old);
    fs.renameSync(staging, p.target);
  } catch (error) {
    if (hadOld && !fs.existsSync(p.target) && fs.existsSync(old)) fs.renameSync(old, p.target);
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  if (hadOld && !p.keepOld?.(old)) fs.rmSync(old, { recursive: true, force: true });
}
