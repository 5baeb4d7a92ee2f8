import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  contentsProblem,
  isMarkerText,
  isWithin,
  locationProblem,
  markerText,
  type OutputPlaces,
  type OutTarget,
} from '../../src/build/output-dir.ts';
import { inspectOutput, outputPlaces, realPathOf, resolveOutTarget, writeMarker } from '../../src/build/output-dir-fs.ts';

/** The output-folder rule of `npm run build` (the CLI's own refusals: tests/build-cli.test.ts). */

const places: OutputPlaces = {
  projects: ['/srv/proj'],
  home: '/home/ann',
  protectedDirs: [
    { path: '/srv/proj/content', label: 'the content folder' },
    { path: '/srv/proj/src', label: "the project's src/ folder" },
    { path: '/data/pm', label: 'the content folder set by HINDSIGHT_CONTENT_DIR' },
  ],
  legacyDist: '/srv/proj/dist',
};
const at = (real: string, arg = real): OutTarget => ({ arg, resolved: real, real });
const TAIL = 'Nothing was written or deleted. Use a folder of its own for the site, e.g. --out dist.';

describe('where the output folder may be (pure)', () => {
  it('compares whole path segments', () => {
    expect([isWithin('/a/b', '/a'), isWithin('/a', '/a'), isWithin('/ab', '/a'), isWithin('/a/..b', '/a'), isWithin('/', '/a')]).toEqual([
      true,
      true,
      false,
      true,
      false,
    ]);
  });

  it('refuses the project, anything containing it, the home folder and anything containing it', () => {
    expect(locationProblem(at('/srv/proj', '.'), places)).toBe(
      `build: refusing --out ".": that is the project folder itself ("/srv/proj"); replacing it would delete the project. ${TAIL}`,
    );
    expect(locationProblem(at('/srv', '..'), places)).toBe(
      `build: refusing --out "..": it contains the project folder ("/srv/proj"); replacing it would delete the project. ${TAIL}`,
    );
    expect(locationProblem(at('/'), places)).toBe(
      `build: refusing --out "/": it contains the project folder ("/srv/proj"); replacing it would delete the project. ${TAIL}`,
    );
    expect(locationProblem(at('/home/ann', '~'), places)).toBe(`build: refusing --out "~": that is your home folder. ${TAIL}`);
    expect(locationProblem(at('/home'), places)).toBe(`build: refusing --out "/home": it contains your home folder ("/home/ann"). ${TAIL}`);
  });

  it('refuses a source or content folder, a place inside one, and a folder containing one', () => {
    expect(locationProblem(at('/srv/proj/src', 'src'), places)).toBe(
      `build: refusing --out "src": that is the project's src/ folder; building there would delete its files. ${TAIL}`,
    );
    expect(locationProblem(at('/srv/proj/content/postmortems/site'), places)).toBe(
      `build: refusing --out "/srv/proj/content/postmortems/site": it lies inside the content folder ("/srv/proj/content"); building there would overwrite its files. ${TAIL}`,
    );
    expect(locationProblem(at('/data'), places)).toBe(
      `build: refusing --out "/data": it contains the content folder set by HINDSIGHT_CONTENT_DIR ("/data/pm"); replacing it would delete those files. ${TAIL}`,
    );
  });

  it('shows where a link led', () => {
    expect(locationProblem({ arg: 'link', resolved: '/srv/proj/link', real: '/srv/proj/src' }, places)).toBe(
      `build: refusing --out "link" ("/srv/proj/src"): that is the project's src/ folder; building there would delete its files. ${TAIL}`,
    );
  });

  it('escapes control characters in what it echoes', () => {
    expect(locationProblem(at('/srv/proj/src/\u001b[2J'), places)).toContain('--out "/srv/proj/src/\\u001b[2J"');
    // C1 and bidirectional controls too, and a backslash or quote is shown as written.
    expect(locationProblem(at('/srv/proj/src/a\u009b\u202eb\\"c'), places)).toContain('--out "/srv/proj/src/a\\u009b\\u202eb\\"c"');
  });

  it('accepts folders of their own, in the project or elsewhere', () => {
    for (const ok of ['/srv/proj/dist', '/srv/proj/site/out', '/srv/www/pm', '/home/ann/sites/pm', '/data/site', '/srv/proj/srcdocs']) {
      expect(locationProblem(at(ok), places), ok).toBeUndefined();
    }
  });
});

describe('what the output folder may hold (pure)', () => {
  const folder = (entries: number, marker = false, looksLikeOldSite = false) => ({
    kind: 'folder' as const,
    entries,
    marker,
    looksLikeOldSite,
  });

  it('accepts a missing folder, an empty one and one an earlier build marked', () => {
    expect([
      contentsProblem(at('/x'), { kind: 'missing' }, places),
      contentsProblem(at('/x'), folder(0), places),
      contentsProblem(at('/x'), folder(9, true), places),
    ]).toEqual([undefined, undefined, undefined]);
  });

  it('refuses a foreign non-empty folder, a file, a path through a file and a broken link', () => {
    expect(contentsProblem(at('/srv/www', 'www'), folder(3), places)).toBe(
      'build: refusing --out "www": the folder is not empty and no Hindsight build made it (it has no .hindsight-build file), so replacing it could delete your files. Nothing was written or deleted. Use a new or empty folder; if it only holds an old copy of the site, delete it yourself first.',
    );
    expect(contentsProblem(at('/srv/a.txt', 'a.txt'), { kind: 'file' }, places)).toBe(
      'build: refusing --out "a.txt": it is a file, not a folder. Nothing was written or deleted. Use a new or empty folder, or one an earlier Hindsight build wrote.',
    );
    expect(contentsProblem(at('/srv/a.txt/x'), { kind: 'under-file' }, places)).toBe(
      'build: refusing --out "/srv/a.txt/x": a part of that path is a file, not a folder. Nothing was written or deleted. Use a new or empty folder, or one an earlier Hindsight build wrote.',
    );
    expect(contentsProblem(at('/srv/l'), { kind: 'broken-link' }, places)).toBe(
      'build: refusing --out "/srv/l": it is a link to a folder that does not exist. Nothing was written or deleted. Point the link at a folder, or use another path.',
    );
  });

  it("accepts an older Hindsight site without a marker only as the project's dist/", () => {
    expect(contentsProblem(at('/srv/proj/dist'), folder(12, false, true), places)).toBeUndefined();
    expect(contentsProblem(at('/srv/proj/dist'), folder(12, false, false), places)).toMatch(/no Hindsight build made it/);
    expect(contentsProblem(at('/srv/www'), folder(12, false, true), places)).toMatch(/no Hindsight build made it/);
  });

  it('knows its own marker and nothing else', () => {
    const text = markerText('0.1.0');
    expect(text).toBe('{"tool":"hindsight","version":"0.1.0"}\n');
    expect([
      isMarkerText(text),
      isMarkerText('{"tool":"other"}'),
      isMarkerText('hindsight'),
      isMarkerText('null'),
      isMarkerText(''),
    ]).toEqual([true, false, false, false, false]);
  });
});

describe('the output folder on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-outdir-')));
  });

  it('follows links in the existing part of the path and keeps the missing rest', () => {
    fs.mkdirSync(path.join(dir, 'real'));
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'broken'));
    expect(realPathOf(path.join(dir, 'link', 'a', 'b'))).toBe(path.join(dir, 'real', 'a', 'b'));
    expect(realPathOf(path.join(dir, 'broken'))).toBeUndefined();
    expect(resolveOutTarget('link/site', dir)).toEqual({
      out: { arg: 'link/site', resolved: path.join(dir, 'link/site'), real: path.join(dir, 'real/site') },
      brokenLink: false,
    });
    expect(resolveOutTarget('broken', dir).brokenLink).toBe(true);
  });

  it('tells a missing folder, a file, a path through a file, an empty, a marked and a foreign folder apart', () => {
    const state = (name: string) => inspectOutput(resolveOutTarget(name, dir).out, false);
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    fs.mkdirSync(path.join(dir, 'empty'));
    fs.mkdirSync(path.join(dir, 'marked'));
    writeMarker(path.join(dir, 'marked'), '0.1.0');
    fs.mkdirSync(path.join(dir, 'forged'));
    fs.writeFileSync(path.join(dir, 'forged', '.hindsight-build'), 'not json');
    fs.mkdirSync(path.join(dir, 'old-site', 'schema'), { recursive: true });
    for (const f of ['index.html', 'postmortems.json', 'schema/postmortem.json']) fs.writeFileSync(path.join(dir, 'old-site', f), '');
    expect([state('missing'), state('file'), state('file/x'), state('empty'), state('marked'), state('forged'), state('old-site')]).toEqual(
      [
        { kind: 'missing' },
        { kind: 'file' },
        { kind: 'under-file' },
        { kind: 'folder', entries: 0, marker: false, looksLikeOldSite: false },
        { kind: 'folder', entries: 1, marker: true, looksLikeOldSite: false },
        { kind: 'folder', entries: 1, marker: false, looksLikeOldSite: false },
        { kind: 'folder', entries: 3, marker: false, looksLikeOldSite: true },
      ],
    );
  });

  it('protects the content folder, the project source folders and those of the Hindsight code', () => {
    const project = path.join(dir, 'proj');
    fs.mkdirSync(path.join(project, 'src'), { recursive: true });
    fs.symlinkSync(path.join(dir, 'elsewhere'), path.join(project, 'tests'));
    fs.mkdirSync(path.join(dir, 'elsewhere'));
    const p = outputPlaces(project, { path: path.resolve(project, '../pm'), fromEnv: true }, path.join(dir, 'code'));
    expect(p.projects).toEqual([project, path.join(dir, 'code')]);
    expect(p.legacyDist).toBe(path.join(project, 'dist'));
    expect(p.protectedDirs[0]).toEqual({ path: path.join(dir, 'pm'), label: 'the content folder set by HINDSIGHT_CONTENT_DIR' });
    expect(p.protectedDirs).toContainEqual({ path: path.join(dir, 'elsewhere'), label: "the project's tests/ folder" });
    expect(p.protectedDirs.map((d) => path.relative(dir, d.path))).toEqual([
      'pm',
      ...['proj', 'code'].flatMap((root) =>
        ['src', 'content', 'tests', 'scripts', 'schema', 'public', 'node_modules', '.git', '.astro'].map((d) =>
          root === 'proj' && d === 'tests' ? 'elsewhere' : `${root}/${d}`,
        ),
      ),
    ]);
  });

  it('protects only the postmortems of a content folder that holds the project', () => {
    const p = outputPlaces(dir, { path: path.resolve(dir, '.'), fromEnv: true }, dir);
    expect(p.protectedDirs[0]).toEqual({
      path: path.join(dir, 'postmortems'),
      label: 'the postmortems folder of the content folder set by HINDSIGHT_CONTENT_DIR',
    });
    expect(locationProblem(at(path.join(dir, 'dist')), p)).toBeUndefined();
  });
});
