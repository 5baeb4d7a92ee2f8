import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { lockAstro } from '../../src/build/astro-lock-fs.ts';

const projects: string[] = [];
const project = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-lock-'));
  projects.push(dir);
  return dir;
};
const lockFile = (dir: string) => path.join(dir, '.astro', 'hindsight-build.lock');
afterEach(() => {
  for (const dir of projects.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('lockAstro', () => {
  it('takes the lock in a project that has no .astro folder yet, and gives it back', async () => {
    const dir = project();
    const unlock = await lockAstro(dir, () => {});
    expect(fs.readFileSync(lockFile(dir), 'utf8')).toBe(String(process.pid));
    unlock();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  });

  it('makes a second build wait until the first gives the lock back', async () => {
    const dir = project();
    const first = await lockAstro(dir, () => {});
    let waited = 0;
    let taken = false;
    const second = lockAstro(dir, () => waited++).then((unlock) => {
      taken = true;
      return unlock;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(taken).toBe(false);
    expect(waited).toBe(1);
    first();
    (await second)();
    expect(taken).toBe(true);
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  });

  it('takes over from a build that died holding the lock', async () => {
    const dir = project();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.mkdirSync(path.dirname(lockFile(dir)), { recursive: true });
    fs.writeFileSync(lockFile(dir), dead.stdout);
    let waited = false;
    const unlock = await lockAstro(dir, () => (waited = true));
    expect(waited).toBe(false);
    expect(fs.readFileSync(lockFile(dir), 'utf8')).toBe(String(process.pid));
    unlock();
  });

  it('waits on a lock file that is still being written, and takes over one left empty', async () => {
    const dir = project();
    fs.mkdirSync(path.dirname(lockFile(dir)), { recursive: true });
    fs.writeFileSync(lockFile(dir), '');
    let waited = false;
    const pending = lockAstro(dir, () => (waited = true), 1_000).catch((error: Error) => error);
    const result = await pending;
    expect(waited).toBe(true);
    expect(result).toBeInstanceOf(Error);
    const old = Date.now() / 1000 - 60;
    fs.utimesSync(lockFile(dir), old, old);
    const unlock = await lockAstro(dir, () => {});
    expect(fs.readFileSync(lockFile(dir), 'utf8')).toBe(String(process.pid));
    unlock();
  });

  it('serialises many builders racing for the lock: never two inside at once', async () => {
    const dir = project();
    let inside = 0;
    let most = 0;
    const builder = async () => {
      const unlock = await lockAstro(dir, () => {});
      inside++;
      most = Math.max(most, inside);
      await new Promise((r) => setTimeout(r, 5));
      inside--;
      unlock();
    };
    await Promise.all(Array.from({ length: 8 }, builder));
    expect(most).toBe(1);
  });

  it('serialises builds in separate processes that take and give back the lock at full speed', async () => {
    const dir = project();
    const log = path.join(dir, 'log');
    const module = pathToFileURL(path.resolve('src/build/astro-lock-fs.ts')).href;
    const script = `import fs from 'node:fs'; import { lockAstro } from ${JSON.stringify(module)};
      for (let i = 0; i < 300; i++) { const unlock = await lockAstro(${JSON.stringify(dir)}, () => {});
        fs.appendFileSync(${JSON.stringify(log)}, 'in\\n'); fs.appendFileSync(${JSON.stringify(log)}, 'out\\n'); unlock(); }`;
    const exits = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<{ code: number | null; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
            let stderr = '';
            child.stderr.on('data', (chunk) => (stderr += chunk));
            child.on('close', (code) => resolve({ code, stderr }));
          }),
      ),
    );
    for (const exit of exits) expect(exit, exit.stderr).toMatchObject({ code: 0 });
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4 * 300 * 2);
    expect(lines.every((line, i) => line === (i % 2 ? 'out' : 'in'))).toBe(true);
  }, 60_000);
});
