import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  buildFolderNames,
  isDead,
  MAX_BUILD_AGE_MS,
  parseBuildFolder,
  planCleanup,
  type BuildFolder,
  type Liveness,
} from '../../src/build/build-debris.ts';
import { cleanDebris, processInfo } from '../../src/build/build-debris-fs.ts';
import { treeSnapshot } from '../helpers/tree.ts';

/**
 * What a build leaves when it is killed, and how the next one cleans it up: every state the
 * swap can be caught in by a SIGKILL, rebuilt on disk (real killed builds: tests/build-cli.test.ts).
 */

const NOW = 1_800_000_000_000;
const SELF = { pid: 999_001, started: NOW };
const live = (alive: Record<number, number | undefined>): Liveness => ({
  self: SELF,
  now: NOW,
  process: (pid) => (pid in alive ? { alive: true, startedAt: alive[pid] } : { alive: false }),
});

describe('build folder names (pure)', () => {
  it('carry the pid and start time, beside the output named after it', () => {
    expect(buildFolderNames({ pid: 42, started: 1700 }, 'dist')).toEqual({
      astroOut: '.dist-tmp-42-1700',
      cache: 'hindsight-cache-42-1700',
      staging: '.dist.hindsight-staging-42-1700',
      old: '.dist.hindsight-old-42-1700',
    });
  });

  it('are read back, including the names of builds before 0.2, and nothing else', () => {
    expect(parseBuildFolder('project', '.dist-tmp-42-1700', 'x')).toEqual({
      place: 'project',
      name: '.dist-tmp-42-1700',
      kind: 'astro-out',
      pid: 42,
      started: 1700,
    });
    expect(parseBuildFolder('project', '.dist-tmp-42', 'x')).toEqual({
      place: 'project',
      name: '.dist-tmp-42',
      kind: 'astro-out',
      pid: 42,
      started: undefined,
    });
    expect(parseBuildFolder('tmp', 'hindsight-cache-7-8', 'x')).toEqual({
      place: 'tmp',
      name: 'hindsight-cache-7-8',
      kind: 'cache',
      pid: 7,
      started: 8,
    });
    expect(parseBuildFolder('beside', '.a.b.hindsight-old-7-8', 'a.b')).toEqual({
      place: 'beside',
      name: '.a.b.hindsight-old-7-8',
      kind: 'old',
      pid: 7,
      started: 8,
    });
    expect(parseBuildFolder('beside', '.site.hindsight-staging-7-8', 'site')).toMatchObject({ kind: 'staging', pid: 7, started: 8 });
    expect(parseBuildFolder('beside', '.dist-old-7', 'site')).toEqual({
      place: 'beside',
      name: '.dist-old-7',
      kind: 'old',
      pid: 7,
      started: undefined,
    });
    for (const [place, name] of [
      ['project', '.dist-tmp-x'],
      ['project', 'dist'],
      ['tmp', 'hindsight-cache-7'],
      ['tmp', 'hindsight-dist-abc'],
      ['beside', '.aXb.hindsight-old-7-8'],
      ['beside', '.other.hindsight-staging-7-8'],
      ['beside', 'a.b'],
    ] as const) {
      expect(parseBuildFolder(place, name, 'a.b'), name).toBeUndefined();
    }
  });
});

describe('telling a dead build from a running one (pure)', () => {
  const folder = (pid: number, started?: number): BuildFolder => ({ place: 'tmp', name: 'n', kind: 'cache', pid, started });
  it('keeps the folders of a running build', () => {
    expect(isDead(folder(5, NOW - 60_000), live({ 5: NOW - 61_000 }))).toBe(false);
    expect(isDead(folder(5, NOW - 60_000), live({ 5: undefined }))).toBe(false);
    expect(isDead(folder(5), live({ 5: undefined }))).toBe(false);
  });
  it('removes those of a gone pid, of its own pid reused, of a pid reused since, or older than the limit', () => {
    expect(isDead(folder(5, NOW - 60_000), live({}))).toBe(true);
    expect(isDead(folder(SELF.pid, NOW - 60_000), live({ [SELF.pid]: NOW - 1000 }))).toBe(true);
    expect(isDead(folder(5, NOW - 60_000), live({ 5: NOW - 30_000 }))).toBe(true);
    expect(isDead(folder(5, NOW - MAX_BUILD_AGE_MS - 1), live({ 5: undefined }))).toBe(true);
  });
});

describe('planning the cleanup (pure)', () => {
  const f = (kind: BuildFolder['kind'], pid: number, started?: number): BuildFolder => ({
    place: kind === 'astro-out' ? 'project' : kind === 'cache' ? 'tmp' : 'beside',
    name: `${kind}-${pid}`,
    kind,
    pid,
    started,
  });
  it('puts the newest dead old site back when the output folder is missing, and removes the rest', () => {
    const folders = [f('old', 1, 100), f('old', 2, 200), f('staging', 2, 200), f('astro-out', 2, 200)];
    const plan = planCleanup(folders, false, live({}));
    expect(plan.restore).toBe(folders[1]);
    expect(plan.remove).toEqual([folders[0], folders[2], folders[3]]);
  });
  it('removes a dead old site when the output folder is there (the swap had happened)', () => {
    expect(planCleanup([f('old', 1, 100)], true, live({})).remove).toHaveLength(1);
  });
  it("never touches a running build's folders, nor deletes an old site from before 0.2", () => {
    const running = [f('old', 3, NOW - 1000), f('staging', 3, NOW - 1000)];
    expect(planCleanup(running, false, live({ 3: NOW - 2000 }))).toEqual({ remove: [], keep: running });
    const legacy = f('old', 4);
    expect(planCleanup([legacy], true, live({}))).toEqual({ remove: [], keep: [legacy] });
    expect(planCleanup([legacy], false, live({})).restore).toBe(legacy);
  });
});

describe('cleaning up after killed builds, on disk', () => {
  let root: string;
  let project: string;
  let tmp: string;
  let parent: string;
  let target: string;
  let deadPid: number;

  const site = (dir: string, text: string) => {
    fs.mkdirSync(path.join(dir, 'postmortems'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.html'), text);
    fs.writeFileSync(path.join(dir, 'postmortems', 'index.html'), `${text} list`);
  };
  const clean = () => cleanDebris({ project, tmp, output: target }, { pid: process.pid + 1_000_000, started: Date.now() });

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-debris-')));
    project = path.join(root, 'project');
    tmp = path.join(root, 'tmp');
    parent = path.join(root, 'www');
    target = path.join(parent, 'site');
    for (const dir of [project, tmp, parent]) fs.mkdirSync(dir);
    site(target, 'old site');
    // A pid that surely ran and is gone: a process that has exited.
    deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
  });

  const deadNames = () => buildFolderNames({ pid: deadPid, started: Date.now() - 5000 }, 'site');

  it('a build killed while building: its Astro output and content store go, the site stays', () => {
    const names = deadNames();
    site(path.join(project, names.astroOut), 'half');
    fs.mkdirSync(path.join(tmp, names.cache));
    fs.writeFileSync(path.join(tmp, names.cache, 'archive.json'), '{}');
    fs.mkdirSync(path.join(project, '.dist-tmp-' + deadPid));
    const before = treeSnapshot(target);
    const report = clean();
    expect(report.restored).toBeUndefined();
    expect(report.removed.sort()).toEqual(
      [path.join(project, names.astroOut), path.join(project, `.dist-tmp-${deadPid}`), path.join(tmp, names.cache)].sort(),
    );
    expect([fs.readdirSync(project), fs.readdirSync(tmp), fs.readdirSync(parent)]).toEqual([[], [], ['site']]);
    expect(treeSnapshot(target)).toEqual(before);
  });

  it('a build killed while staging: the half-copied site goes, the site stays', () => {
    const names = deadNames();
    fs.mkdirSync(path.join(parent, names.staging));
    fs.writeFileSync(path.join(parent, names.staging, 'index.html'), 'half');
    const before = treeSnapshot(target);
    expect(clean().removed).toEqual([path.join(parent, names.staging)]);
    expect(fs.readdirSync(parent)).toEqual(['site']);
    expect(treeSnapshot(target)).toEqual(before);
  });

  it('a build killed between its two renames: the old site is put back whole', () => {
    const names = deadNames();
    const before = treeSnapshot(target);
    fs.renameSync(target, path.join(parent, names.old));
    site(path.join(parent, names.staging), 'new site');
    const report = clean();
    expect(report.restored).toBe(path.join(parent, names.old));
    expect(report.removed).toEqual([path.join(parent, names.staging)]);
    expect(fs.readdirSync(parent)).toEqual(['site']);
    expect(treeSnapshot(target)).toEqual(before);
  });

  it('a build killed after its second rename: the new site stays, the old one goes', () => {
    const names = deadNames();
    fs.renameSync(target, path.join(parent, names.old));
    site(target, 'new site');
    const after = treeSnapshot(target);
    expect(clean().removed).toEqual([path.join(parent, names.old)]);
    expect(fs.readdirSync(parent)).toEqual(['site']);
    expect(treeSnapshot(target)).toEqual(after);
  });

  it("never touches a running build's folders, even in the middle of its swap", () => {
    const names = buildFolderNames({ pid: process.pid, started: Date.now() - 1000 }, 'site');
    fs.renameSync(target, path.join(parent, names.old));
    site(path.join(parent, names.staging), 'new site');
    fs.mkdirSync(path.join(project, names.astroOut));
    fs.mkdirSync(path.join(tmp, names.cache));
    const before = treeSnapshot(root);
    expect(clean()).toEqual({ removed: [] });
    expect(treeSnapshot(root)).toEqual(before);
  });

  it('ignores files and folders that only look alike', () => {
    fs.writeFileSync(path.join(project, `.dist-tmp-${deadPid}-1`), 'a file');
    fs.mkdirSync(path.join(parent, `.other.hindsight-staging-${deadPid}-1`));
    fs.mkdirSync(path.join(tmp, 'hindsight-dist-abc'));
    const before = treeSnapshot(root);
    expect(clean()).toEqual({ removed: [] });
    expect(treeSnapshot(root)).toEqual(before);
  });

  it('reads whether a process runs, and since when', () => {
    const self = processInfo(process.pid);
    expect(self.alive).toBe(true);
    expect(self.startedAt).toBeLessThanOrEqual(Date.now());
    expect(self.startedAt).toBeGreaterThan(Date.now() - 24 * 3600_000);
    expect(processInfo(deadPid)).toEqual({ alive: false });
  });
});
