import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBuild } from '../../src/build/build-check-fs.ts';
import { buildEnv, FIXTURES, ROOT } from '../helpers/build.ts';
import { mountTmpfs } from '../helpers/tmpfs.ts';
import { treeSnapshot } from '../helpers/tree.ts';

/**
 * `npm run build` and its output folder, as a hostile colleague would use it: --out at the
 * project, its sources, a foreign folder; builds killed at several moments; a full disk. Each
 * case asserts the exact message, that nothing was deleted, and that no debris stays behind.
 */

const BUILD = path.join(ROOT, 'src/cli/build.ts');
const basic = path.join(FIXTURES, 'basic');
const TAIL = 'Nothing was written or deleted. Use a folder of its own for the site, e.g. --out dist.';
const NOT_A_FOLDER = 'Nothing was written or deleted. Use a new or empty folder, or one an earlier Hindsight build wrote.';

/** The folders a build with this pid left: Astro's output, the content store, staged or old sites beside `outParent`. */
function debrisOf(pid: number, outParent: string): string[] {
  const found = (dir: string, test: (name: string) => boolean) =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter(test)
          .map((n) => path.join(dir, n))
      : [];
  return [
    ...found(ROOT, (n) => n.startsWith(`.dist-tmp-${pid}-`) || n === `.dist-tmp-${pid}`),
    ...found(os.tmpdir(), (n) => n.startsWith(`hindsight-cache-${pid}-`)),
    ...found(outParent, (n) => new RegExp(`\\.hindsight-(staging|old)-${pid}-`).test(n)),
  ];
}

describe('--out refusals: exit 2, the exact message, nothing changed', () => {
  let holder: string;
  let project: string;
  let home: string;

  beforeAll(() => {
    holder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-cli-')));
    project = path.join(holder, 'proj');
    home = path.join(holder, 'users', 'me');
    const files: Record<string, string> = {
      'src/index.ts': 'export {};\n',
      'src/pages/index.astro': '<h1>hi</h1>\n',
      'content/postmortems/2024-01-01-a.md': '---\ntitle: A\n---\n',
      'content/services.yaml': '- id: api\n',
      'data/pm/postmortems/2024-01-01-b.md': '---\ntitle: B\n---\n',
      'tests/a.test.ts': '\n',
      'scripts/s.sh': 'echo\n',
      'foreign/notes.txt': 'my notes\n',
      'file.txt': 'a file\n',
      'users/me/.profile': '\n',
    };
    for (const [file, text] of Object.entries(files)) {
      const abs = path.join(file.startsWith('users/') ? holder : project, file);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, text);
    }
    fs.symlinkSync('src', path.join(project, 'link-to-src'));
  });

  const cases: { name: string; args: (string | (() => string))[]; env?: Record<string, string>; stderr: () => string }[] = [
    {
      name: '.',
      args: ['--out', '.'],
      stderr: () =>
        `build: refusing --out ".": that is the project folder itself ("${project}"); replacing it would delete the project. ${TAIL}`,
    },
    {
      name: 'the project by its absolute path',
      args: ['--out', () => project],
      stderr: () =>
        `build: refusing --out "${project}": that is the project folder itself ("${project}"); replacing it would delete the project. ${TAIL}`,
    },
    {
      name: '..',
      args: ['--out', '..'],
      stderr: () =>
        `build: refusing --out "..": it contains the project folder ("${project}"); replacing it would delete the project. ${TAIL}`,
    },
    {
      name: '/',
      args: ['--out', '/'],
      stderr: () =>
        `build: refusing --out "/": it contains the project folder ("${project}"); replacing it would delete the project. ${TAIL}`,
    },
    {
      name: 'src',
      args: ['--out', 'src'],
      stderr: () => `build: refusing --out "src": that is the project's src/ folder; building there would delete its files. ${TAIL}`,
    },
    {
      name: 'src/pages',
      args: ['--out', 'src/pages'],
      stderr: () =>
        `build: refusing --out "src/pages": it lies inside the project's src/ folder ("${project}/src"); building there would overwrite its files. ${TAIL}`,
    },
    {
      name: 'content',
      args: ['--out', 'content'],
      stderr: () => `build: refusing --out "content": that is the content folder; building there would delete its files. ${TAIL}`,
    },
    {
      name: 'a new folder inside content',
      args: ['--out', 'content/site'],
      stderr: () =>
        `build: refusing --out "content/site": it lies inside the content folder ("${project}/content"); building there would overwrite its files. ${TAIL}`,
    },
    {
      name: 'the HINDSIGHT_CONTENT_DIR folder',
      args: ['--out', 'data/pm'],
      env: { HINDSIGHT_CONTENT_DIR: 'data/pm' },
      stderr: () =>
        `build: refusing --out "data/pm": that is the content folder set by HINDSIGHT_CONTENT_DIR; building there would delete its files. ${TAIL}`,
    },
    {
      name: 'a folder containing the HINDSIGHT_CONTENT_DIR folder',
      args: ['--out', 'data'],
      env: { HINDSIGHT_CONTENT_DIR: 'data/pm' },
      stderr: () =>
        `build: refusing --out "data": it contains the content folder set by HINDSIGHT_CONTENT_DIR ("${project}/data/pm"); replacing it would delete those files. ${TAIL}`,
    },
    {
      name: 'tests',
      args: ['--out', 'tests'],
      stderr: () => `build: refusing --out "tests": that is the project's tests/ folder; building there would delete its files. ${TAIL}`,
    },
    {
      name: 'a new folder inside node_modules',
      args: ['--out', 'node_modules/site'],
      stderr: () =>
        `build: refusing --out "node_modules/site": it lies inside the project's node_modules/ folder ("${project}/node_modules"); building there would overwrite its files. ${TAIL}`,
    },
    {
      name: 'a symlink to src',
      args: ['--out', 'link-to-src'],
      stderr: () =>
        `build: refusing --out "link-to-src" ("${project}/src"): that is the project's src/ folder; building there would delete its files. ${TAIL}`,
    },
    {
      name: 'a foreign non-empty folder',
      args: ['--out', 'foreign'],
      stderr: () =>
        'build: refusing --out "foreign": the folder is not empty and no Hindsight build made it (it has no .hindsight-build file), so replacing it could delete your files. Nothing was written or deleted. Use a new or empty folder; if it only holds an old copy of the site, delete it yourself first.',
    },
    {
      name: 'a file',
      args: ['--out', 'file.txt'],
      stderr: () => `build: refusing --out "file.txt": it is a file, not a folder. ${NOT_A_FOLDER}`,
    },
    {
      name: 'a path through a file',
      args: ['--out', 'file.txt/site'],
      stderr: () => `build: refusing --out "file.txt/site": a part of that path is a file, not a folder. ${NOT_A_FOLDER}`,
    },
    {
      name: 'the home folder',
      args: ['--out', () => home],
      stderr: () => `build: refusing --out "${home}": that is your home folder. ${TAIL}`,
    },
    {
      name: 'a folder containing the home folder',
      args: ['--out', () => path.dirname(home)],
      stderr: () => `build: refusing --out "${path.dirname(home)}": it contains your home folder ("${home}"). ${TAIL}`,
    },
    {
      name: "the Hindsight code's own src/",
      args: ['--out', () => path.join(ROOT, 'src')],
      stderr: () =>
        `build: refusing --out "${path.join(ROOT, 'src')}": that is the project's src/ folder; building there would delete its files. ${TAIL}`,
    },
    {
      name: 'an escape sequence in the path, shown escaped',
      args: ['--out', 'src/\u001b[2J'],
      stderr: () =>
        `build: refusing --out "src/\\u001b[2J": it lies inside the project's src/ folder ("${project}/src"); building there would overwrite its files. ${TAIL}`,
    },
  ];

  for (const c of cases) {
    it(`refuses --out ${c.name}`, () => {
      const before = treeSnapshot(holder);
      const args = c.args.map((a) => (typeof a === 'function' ? a() : a));
      const result = spawnSync(process.execPath, [BUILD, ...args], {
        cwd: project,
        env: buildEnv({ HOME: home, ...c.env }),
        encoding: 'utf8',
      });
      expect(result.stderr).toBe(`${c.stderr()}\n`);
      expect(result.stdout).toBe('');
      expect(result.status).toBe(2);
      expect(treeSnapshot(holder)).toEqual(before);
      expect(debrisOf(result.pid!, holder)).toEqual([]);
    });
  }

  const usage: [string[], string][] = [
    [['--bogus'], "build: Unknown option '--bogus'"],
    [['--out'], "build: Option '--out <value>' argument missing"],
    [['--out', ''], 'build: --out needs a folder name'],
    [['stray'], "build: Unexpected argument 'stray'. This command does not take positional arguments"],
  ];
  for (const [args, first] of usage) {
    it(`gives the usage for ${JSON.stringify(args)}`, () => {
      const before = treeSnapshot(holder);
      const result = spawnSync(process.execPath, [BUILD, ...args], { cwd: project, env: buildEnv({ HOME: home }), encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr.split('\n').slice(0, 3)).toEqual([
        first,
        '',
        'Usage: npm run build -- [--drafts] [--edition internal|public] [--out <dir>] [--clean]',
      ]);
      expect(treeSnapshot(holder)).toEqual(before);
    });
  }
});

/** A running build, its output so far, and its end. */
function startBuild(out: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BUILD, '--out', out], {
    cwd: ROOT,
    env: buildEnv({ HINDSIGHT_CONTENT_DIR: basic, ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const seen = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (seen.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (seen.stderr += d.toString()));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { pid: child.pid!, seen, closed, kill: (signal: NodeJS.Signals) => child.kill(signal) };
}

async function until(ready: () => boolean, what: string, limitMs = 120_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!ready()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Processes whose command line mentions `text` (a killed build's leftover children). */
function processesMentioning(text: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        return fs.readFileSync(`/proc/${n}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('builds that are killed, fail or succeed', () => {
  let holder: string;
  let parent: string;
  let out: string;
  let oldSite: string[];
  const pids: number[] = [];
  const mounts: { unmount(): void }[] = [];
  // Stands in for Pagefind, the last step before the swap: says it started, then waits to be killed.
  let slowPagefind: string;

  beforeAll(() => {
    holder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-kill-')));
    parent = path.join(holder, 'a', 'b');
    out = path.join(parent, 'site');
    slowPagefind = path.join(holder, 'slow-pagefind.sh');
    fs.writeFileSync(slowPagefind, '#!/bin/sh\necho $$ > "$CUE_FILE.tmp" && mv "$CUE_FILE.tmp" "$CUE_FILE"\nexec sleep 120\n', {
      mode: 0o755,
    });
  });
  afterAll(() => mounts.forEach((m) => m.unmount()));

  it('builds into an empty folder and marks it as Hindsight output', async () => {
    fs.mkdirSync(out, { recursive: true });
    const build = startBuild(out);
    expect(await build.closed).toEqual({ code: 0, signal: null });
    expect(build.seen.stdout).toMatch(/✔ Built 2 postmortems into .*\/a\/b\/site\/ in [\d.]+ s\.\n$/);
    expect(JSON.parse(fs.readFileSync(path.join(out, '.hindsight-build'), 'utf8'))).toEqual({ tool: 'hindsight', version: '0.1.0' });
    expect(fs.readdirSync(parent)).toEqual(['site']);
    oldSite = treeSnapshot(out);
  });

  const kills: { signal: NodeJS.Signals; at: 'astro' | 'pagefind'; code?: number }[] = [
    { signal: 'SIGTERM', at: 'astro', code: 143 },
    { signal: 'SIGINT', at: 'astro', code: 130 },
    { signal: 'SIGHUP', at: 'astro', code: 129 },
    { signal: 'SIGKILL', at: 'astro' },
    { signal: 'SIGTERM', at: 'pagefind', code: 143 },
    { signal: 'SIGKILL', at: 'pagefind' },
  ];
  for (const [i, k] of kills.entries()) {
    const moment = k.at === 'astro' ? 'while Astro builds' : 'right before the swap (while Pagefind indexes)';
    it(`${k.signal} ${moment}: the old site stays exactly as it was${k.code ? ', nothing is left behind' : ', and the next build clears what is left'}`, async () => {
      const cue = path.join(holder, `cue-${i}`);
      const build = startBuild(out, k.at === 'pagefind' ? { PAGEFIND_BINARY_PATH: slowPagefind, CUE_FILE: cue } : {});
      pids.push(build.pid);
      if (k.at === 'astro') await until(() => build.seen.stdout.includes('Building 2 postmortems, internal edition…'), 'Astro to start');
      else await until(() => fs.existsSync(cue), 'Pagefind to start');
      build.kill(k.signal);
      const end = await build.closed;
      const previous = pids.at(-2);
      if (previous !== undefined) expect(debrisOf(previous, parent), 'the previous killed build left nothing').toEqual([]);
      expect(treeSnapshot(out)).toEqual(oldSite);
      if (k.code) {
        expect(end).toEqual({ code: k.code, signal: null });
        expect(build.seen.stderr.endsWith(`\nbuild: interrupted by ${k.signal}; "${out}" was left as it was.\n`)).toBe(true);
        expect(build.seen.stdout).not.toContain('✔ Built');
        expect(debrisOf(build.pid, parent)).toEqual([]);
      } else {
        expect(end).toEqual({ code: null, signal: 'SIGKILL' });
        // What SIGKILL leaves: Astro's output in the project and the content store.
        expect(debrisOf(build.pid, parent).map((d) => path.basename(d).replace(/-\d+$/, ''))).toEqual([
          `.dist-tmp-${build.pid}`,
          `hindsight-cache-${build.pid}`,
        ]);
        if (k.at === 'pagefind') process.kill(Number(fs.readFileSync(cue, 'utf8')), 'SIGKILL');
        // Its children notice and end: nothing writes into those folders any more.
        await until(() => processesMentioning(`-${build.pid}-`).length === 0, 'the children of the killed build to end');
      }
      expect(fs.readdirSync(parent)).toEqual(['site']);
    });
  }

  it('keeps the old site when Pagefind fails, and clears what the killed build left', async () => {
    const build = startBuild(out, { PAGEFIND_BINARY_PATH: '/bin/false' });
    expect(await build.closed).toEqual({ code: 1, signal: null });
    expect(build.seen.stdout).toMatch(/ {2}removed \d+ folder\(s\) left by killed builds\n/);
    expect(build.seen.stderr).toBe(`build: pagefind failed (exit 1); "${out}" was left as it was.\n`);
    expect(treeSnapshot(out)).toEqual(oldSite);
    for (const pid of [...pids, build.pid]) expect(debrisOf(pid, parent), String(pid)).toEqual([]);
    expect(fs.readdirSync(parent)).toEqual(['site']);
  });

  it('keeps the old site whole when the disk holding it fills up (a real tmpfs a third larger than the site)', async (ctx) => {
    const disk = path.join(holder, 'disk');
    const used = fs.readdirSync(out, { recursive: true }).reduce<number>((sum, f) => {
      const stat = fs.statSync(path.join(out, String(f)));
      return sum + (stat.isFile() ? Math.ceil(stat.size / 4096) * 4096 : 0);
    }, 0);
    // Room for the old site and a third of a new one.
    const mount = mountTmpfs(disk, `${Math.ceil((used * 1.35) / 1024)}k`);
    if ('reason' in mount) return ctx.skip(mount.reason);
    mounts.push(mount);
    const onDisk = path.join(disk, 'site');
    fs.cpSync(out, onDisk, { recursive: true });
    const before = treeSnapshot(onDisk);
    const build = startBuild(onDisk);
    expect(await build.closed).toEqual({ code: 1, signal: null });
    expect(build.seen.stderr).toMatch(
      new RegExp(`^build: could not put the site in place: ENOSPC: no space left on device, .*; "${onDisk}" was left as it was\\.\\n$`),
    );
    expect(build.seen.stdout).not.toContain('✔ Built');
    expect(treeSnapshot(onDisk)).toEqual(before);
    expect(fs.readdirSync(disk)).toEqual(['site']);
    expect(debrisOf(build.pid, disk)).toEqual([]);
  });

  it('puts back a site a build killed between its two renames had moved away, then replaces it', async () => {
    // A marked folder is replaced as a whole: what was added to it goes.
    fs.writeFileSync(path.join(out, 'added.txt'), 'added by hand');
    // The state SIGKILL leaves between rename(site → old) and rename(staging → site).
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    pids.push(dead);
    const started = Date.now();
    const old = path.join(parent, `.site.hindsight-old-${dead}-${started}`);
    fs.renameSync(out, old);
    fs.cpSync(old, path.join(parent, `.site.hindsight-staging-${dead}-${started}`), { recursive: true });
    const build = startBuild(out);
    expect(await build.closed).toEqual({ code: 0, signal: null });
    const [restored, removed] = build.seen.stdout.split('\n');
    expect(restored).toBe(`  restored "${out}" from a build that was killed while replacing it`);
    // At least the staged copy; a shared temp folder may hold more of dead builds.
    expect(removed).toMatch(/^ {2}removed [1-9]\d* folder\(s\) left by killed builds$/);
    expect(build.seen.stdout).toContain('✔ Built 2 postmortems');
    for (const pid of [...pids, build.pid]) expect(debrisOf(pid, parent), String(pid)).toEqual([]);
    expect(fs.readdirSync(parent)).toEqual(['site']);
    expect(checkBuild(out, [{ dir: '', slugs: ['2023-03-14-checkout-deploy', '2024-06-06-api-leak'] }])).toEqual([]);
    expect(treeSnapshot(out)).toEqual(oldSite);
  });
});
