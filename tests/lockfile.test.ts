import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './helpers/build.ts';

// `npm ci` on a clean clone refuses a lock that lacks other platforms' optional packages
// (scripts/lockfile-platforms.mjs says why); an `npm install` here can drop them again.
it('package-lock.json lists every platform-specific optional package, so npm ci works', () => {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/lockfile-platforms.mjs'), '--check'], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
});
