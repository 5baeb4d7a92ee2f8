import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * Each test file gets a temporary folder of its own as TMPDIR, removed after the file's last
 * hook: the builds, archives and browsers a file starts (and the children they spawn, which
 * inherit TMPDIR) leave nothing behind in the machine's /tmp, and nothing behind in the build
 * cache either, since a cache whose content folder is gone is pruned by the next build.
 */
const machineTmp = os.tmpdir();
const own = fs.mkdtempSync(path.join(machineTmp, 'hindsight-test-'));
process.env.TMPDIR = own;

// Registered before the file's own hooks, so it runs after them (Vitest runs after-hooks as a stack).
afterAll(() => {
  process.env.TMPDIR = machineTmp;
  fs.rmSync(own, { recursive: true, force: true, maxRetries: 3 });
});
