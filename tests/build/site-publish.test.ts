import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { copySite, publishSite, type CopyFile } from '../../src/build/site-publish-fs.ts';
import { mountTmpfs } from '../helpers/tmpfs.ts';
import { treeSnapshot } from '../helpers/tree.ts';

/** Putting a built site in place: whole or not at all (end to end with a full disk: tests/build-cli.test.ts). */

let root: string;
let built: string;
let parent: string;
let target: string;
const names = { staging: '.site.hindsight-staging-1-2', old: '.site.hindsight-old-1-2' };

/** A site of `files` pages of `bytes` each. */
function site(dir: string, label: string, files = 30, bytes = 1000) {
  for (let i = 0; i < files; i++) {
    const file = path.join(dir, 'postmortems', `p${i}`, 'index.html');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${label} ${i} `.padEnd(bytes, '.'));
  }
  fs.writeFileSync(path.join(dir, 'index.html'), label);
}

/** A copy that fails with "no space left on device" after `n` files, as a full disk does. */
function diskFullAfter(n: number): CopyFile {
  let copied = 0;
  return (from, to) => {
    if (copied++ >= n) throw Object.assign(new Error(`ENOSPC: no space left on device, copyfile '${from}' -> '${to}'`), { code: 'ENOSPC' });
    fs.copyFileSync(from, to);
  };
}

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-publish-')));
  built = path.join(root, '.dist-tmp-1-2');
  parent = path.join(root, 'www');
  target = path.join(parent, 'site');
  site(built, 'new');
  site(target, 'old');
});

describe('publishing a site', () => {
  it('swaps the new site in and leaves nothing beside it', async () => {
    const expected = treeSnapshot(built);
    await publishSite({ built, target, ...names });
    expect(treeSnapshot(target)).toEqual(expected);
    expect(fs.readdirSync(parent)).toEqual(['site']);
    expect(fs.existsSync(built)).toBe(false);
  });

  it('hands the replaced site to keepOld, and deletes it when keepOld cannot take it', async () => {
    const oldSite = treeSnapshot(target);
    const kept = path.join(root, 'kept');
    await publishSite({ built, target, ...names, keepOld: (old) => (fs.renameSync(old, kept), true) });
    expect(treeSnapshot(kept)).toEqual(oldSite);
    expect(fs.readdirSync(parent)).toEqual(['site']);
    site(built, 'newer');
    await publishSite({ built, target, ...names, keepOld: () => false });
    expect(fs.readdirSync(parent)).toEqual(['site']);
    expect(fs.readFileSync(path.join(target, 'index.html'), 'utf8')).toBe('newer');
  });

  it('creates a missing output folder and its parents', async () => {
    const deep = path.join(root, 'a', 'b', 'site');
    await publishSite({ built, target: deep, ...names });
    expect(fs.readFileSync(path.join(deep, 'index.html'), 'utf8')).toBe('new');
  });

  it('keeps the old site whole when the disk fills up while copying, and removes the partial copy', async () => {
    const before = treeSnapshot(target);
    const copy = diskFullAfter(10);
    await expect(publishSite({ built, target, ...names, stage: (b, s) => copySite(b, s, copy) })).rejects.toThrow(
      /^ENOSPC: no space left on device/,
    );
    expect(treeSnapshot(target)).toEqual(before);
    expect(fs.readdirSync(parent)).toEqual(['site']);
  });

  it('keeps the old site when the last look before the swap refuses', async () => {
    const before = treeSnapshot(target);
    await expect(
      publishSite({
        built,
        target,
        ...names,
        beforeSwap: () => {
          throw new Error('someone wrote into it');
        },
      }),
    ).rejects.toThrow('someone wrote into it');
    expect(treeSnapshot(target)).toEqual(before);
    expect(fs.readdirSync(parent)).toEqual(['site']);
  });
});

describe('publishing onto a real full disk (tmpfs)', () => {
  const mounts: { unmount(): void }[] = [];
  afterAll(() => mounts.forEach((m) => m.unmount()));

  it('copies across file systems, and on ENOSPC keeps the old site whole with nothing left beside it', async (ctx) => {
    const disk = path.join(root, 'disk');
    // 30 old pages of 20 KB fill 600 KB of 1 MB: the new ones cannot all fit beside them.
    const mount = mountTmpfs(disk, '1m');
    if ('reason' in mount) return ctx.skip(mount.reason);
    mounts.push(mount);
    const onDisk = path.join(disk, 'site');
    site(onDisk, 'old', 30, 20_000);
    fs.rmSync(built, { recursive: true });
    site(built, 'new', 30, 20_000);
    const before = treeSnapshot(onDisk);
    await expect(publishSite({ built, target: onDisk, ...names })).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(treeSnapshot(onDisk)).toEqual(before);
    expect(fs.readdirSync(disk)).toEqual(['site']);
    // With room, the same copy succeeds.
    fs.rmSync(onDisk, { recursive: true });
    const expected = treeSnapshot(built);
    await publishSite({ built, target: onDisk, ...names });
    expect(treeSnapshot(onDisk)).toEqual(expected);
    expect(fs.readdirSync(disk)).toEqual(['site']);
  });
});
