import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Headless Debian chromium for the browser tests. The browser is never downloaded: it is the
 * distribution's package at /usr/bin/chromium, installed by scripts/ensure-chromium.sh (run
 * here when missing, and by `npm run test:e2e`).
 */

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Installs Debian's chromium through the project script when it is missing; throws a clear error if that fails. */
export function ensureChromium(): void {
  if (fs.existsSync(CHROMIUM)) return;
  const script = path.resolve(import.meta.dirname, '..', '..', 'scripts', 'ensure-chromium.sh');
  const result = spawnSync('sh', [script], { stdio: 'inherit' });
  if (result.status !== 0 || !fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing and scripts/ensure-chromium.sh could not install it (run it as root: apt-get install -y chromium)`,
    );
  }
}

export async function launchChromium(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Collects every Content-Security-Policy violation a page reports, across navigations: the
 * document's `securitypolicyviolation` events and the console's "Refused to …" errors (which
 * also cover workers). Call before the first `goto`.
 */
export async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__hindsightCsp', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __hindsightCsp(text: string): void }).__hindsightCsp(
        `${event.violatedDirective} ${event.blockedURI} at ${location.pathname}`,
      );
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}
