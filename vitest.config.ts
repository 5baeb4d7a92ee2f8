import { defineConfig } from 'vitest/config';

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
