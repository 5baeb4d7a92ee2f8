import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/**
 * Headless Debian chromium for the browser tests. The browser is never downloaded: it is the
 * distribution's package at /usr/bin/chromium, installed by scripts/ensure-chromium.sh (run
 * here when missing, and by `npm run test:e2e`).
 */

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Installs Debian's chromium through the project script when it is missing; throws a clear error if that fails. */
export function ensureChromium(): void {
  if (fs.existsSync(CHROMIUM)) return;
  const script = path.resolve(import.meta.dirname, '..', '..', 'scripts', 'ensure-chromium.sh');
  const result = spawnSync('sh', [script], { stdio: 'inherit' });
  if (result.status !== 0 || !fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing and scripts/ensure-chromium.sh could not install it (run it as root: apt-get install -y chromium)`);
  }
}

export async function launchChromium(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
