import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openBuildCache, validationCacheFile } from '../../src/build/astro-cache-fs.ts';

/** The build's cache folders: one per content folder and edition, locked, cold after an unfinished build. */

let root: string;
let content: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-cache-root-'));
  content = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-cache-content-'));
});
afterEach(() => {
  for (const dir of [root, content]) fs.rmSync(dir, { recursive: true, force: true });
});

const open = (options: { edition?: string; clean?: boolean; contentDir?: string } = {}) =>
  openBuildCache({
    root,
    contentDir: options.contentDir ?? content,
    edition: options.edition ?? 'published',
    clean: options.clean ?? false,
  });

describe('openBuildCache', () => {
  it("keeps a finished build's files for the next build of the same folder and edition, not for another", () => {
    const cache = open();
    expect(cache.shared).toBe(true);
    expect(path.dirname(cache.dir)).toBe(root);
    fs.writeFileSync(path.join(cache.dir, 'incremental-build.json'), '{}');
    fs.writeFileSync(path.join(cache.dir, 'data-store.json'), '{}');
    fs.writeFileSync(path.join(cache.dir, 'hindsight-bodies.json'), '{}');
    cache.commit();
    cache.release();
    const next = open();
    expect(next.dir).toBe(cache.dir);
    expect(fs.existsSync(path.join(next.dir, 'incremental-build.json'))).toBe(true);
    // The content and body stores are rebuilt from the snapshot each time: not kept.
    expect(fs.existsSync(path.join(next.dir, 'data-store.json'))).toBe(false);
    expect(fs.existsSync(path.join(next.dir, 'hindsight-bodies.json'))).toBe(false);
    next.release();
    const preview = open({ edition: 'preview' });
    expect(preview.dir).not.toBe(cache.dir);
    preview.release();
  });

  it('starts cold after a build that never finished, and with clean', () => {
    const cache = open();
    fs.writeFileSync(path.join(cache.dir, 'incremental-build.json'), '{}');
    cache.release();
    const after = open();
    expect(fs.existsSync(path.join(after.dir, 'incremental-build.json'))).toBe(false);
    fs.writeFileSync(path.join(after.dir, 'incremental-build.json'), '{}');
    after.commit();
    after.release();
    const clean = open({ clean: true });
    expect(fs.existsSync(path.join(clean.dir, 'incremental-build.json'))).toBe(false);
    clean.release();
  });

  it("gives a second build at the same time a private folder, removed after it, and takes over a dead build's lock", () => {
    const first = open();
    const second = open();
    expect(second.shared).toBe(false);
    expect(path.dirname(second.dir)).not.toBe(root);
    second.release();
    expect(fs.existsSync(second.dir)).toBe(false);
    first.release();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    fs.writeFileSync(`${first.dir}.lock`, dead);
    const third = open();
    expect(third.shared).toBe(true);
    third.release();
  });

  it('removes the folders of content folders that are gone', () => {
    const gone = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-cache-gone-'));
    const old = open({ contentDir: gone });
    old.commit();
    old.release();
    fs.rmSync(gone, { recursive: true });
    open().release();
    expect(fs.existsSync(old.dir)).toBe(false);
    expect(fs.readdirSync(root)).toHaveLength(1);
  });

  it("keeps validation's file in a folder of the content folder's own, emptied by clean, removed when the content folder is gone", () => {
    const gone = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-cache-gone-'));
    const file = validationCacheFile({ root, contentDir: gone, clean: false });
    fs.writeFileSync(file, '{}');
    expect(validationCacheFile({ root, contentDir: gone, clean: false })).toBe(file);
    expect(fs.existsSync(file)).toBe(true);
    expect(path.dirname(validationCacheFile({ root, contentDir: content, clean: false }))).not.toBe(path.dirname(file));
    validationCacheFile({ root, contentDir: gone, clean: true });
    expect(fs.existsSync(file)).toBe(false);
    fs.writeFileSync(file, '{}');
    fs.rmSync(gone, { recursive: true });
    open().release();
    expect(fs.existsSync(path.dirname(file))).toBe(false);
  });
});
