import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from './browser.ts';
import { runBuild, type BuildOptions, type BuildResult } from './build.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

/** A fixture built by the real build, served on loopback under its base path, with Chromium to open it. */
export interface ServedSite {
  build: BuildResult;
  server: StaticServer;
  browser: Browser;
  /** Closes the browser and the server, and removes the built site. */
  close(): Promise<void>;
}

/** Builds `contentDir` (the build must succeed), serves it at `options.base` (default `/`) and launches Chromium. */
export async function serveBuiltSite(contentDir: string, options: BuildOptions = {}): Promise<ServedSite> {
  const build = runBuild(contentDir, options);
  expect(build.status, build.stderr).toBe(0);
  const server = await serveStatic(build.outDir, options.base ?? '/');
  const browser = await launchChromium();
  return {
    build,
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      fs.rmSync(build.outDir, { recursive: true, force: true });
    },
  };
}
