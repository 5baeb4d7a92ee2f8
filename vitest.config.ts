import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The tests start hundreds of Node processes (builds, Astro, validate, the CLIs): with V8's code
// cache on disk, each compiles the same modules once per run instead of once per process. The
// cache is keyed by each module's source, so it never serves stale code; children inherit it.
process.env.NODE_COMPILE_CACHE ??= path.join(import.meta.dirname, 'node_modules', '.cache', 'node-compile-cache');

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    // Integration tests build whole sites; a 2-core machine needs time for them.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // A temporary folder per test file, removed afterwards (tests/helpers/temp-dir-setup.ts).
    setupFiles: ['tests/helpers/temp-dir-setup.ts'],
    // Two test files at a time on the 2-core machine: most of a build test's time is spent
    // waiting on its child processes (Astro, Pagefind, Chromium), so two overlap well.
    maxWorkers: 2,
  },
});
