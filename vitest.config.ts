import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    // Integration tests build whole sites; a 2-core machine needs time for them.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
