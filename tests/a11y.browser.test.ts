import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/build.ts';
import type { StaticServer } from './helpers/static-server.ts';
import { serveBuiltSite, type ServedSite } from './helpers/served-site.ts';

/**
 * Accessibility and layout as a test, on one build of the `site` fixture under a base path with
 * a realistic 40-character title: axe-core finds no violation on any kind of page in either
 * theme; search and the theme toggle work from the keyboard; no page scrolls sideways on a
 * 390 px phone; the header stays one row at 1280 px.
 */

const BASE = '/hindsight/';
const TITLE = 'Acme Corporation Engineering Postmortems';
const SEARCH = 'search/?q=memory';
/** Every kind of page: home, archive, incident, each index family (list and one page), the ledger and its filters, insights, search (empty, after a query, with a filter and an ignored word), 404. */
const PAGES = [
  '',
  'postmortems/',
  'postmortems/2024-06-06-api-leak/',
  'postmortems/2022-11-25-black-friday-saturation/',
  'services/',
  'services/api/',
  'services/mail/',
  'root-causes/',
  'root-causes/deploy/',
  'tags/',
  'tags/peak/',
  'years/',
  'years/2024/',
  'severities/',
  'severities/SEV1/',
  'action-items/',
  'action-items/status/open/',
  'action-items/owners/sre/',
  'insights/',
  'search/',
  SEARCH,
  // A filter ticked and a word no postmortem contains: the clear button and the ignored-word notice show.
  'search/?q=xylophone+memory&severity=SEV1',
  '404.html',
];

let site: ServedSite;
let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  site = await serveBuiltSite(path.join(FIXTURES, 'site'), { base: BASE, env: { HINDSIGHT_NOW: '2025-08-02', HINDSIGHT_TITLE: TITLE } });
  ({ browser, server } = site);
});

afterAll(async () => {
  await site?.close();
});

/** Opens a page and waits until it is complete: search until its results are announced. */
async function open(page: Page, route: string): Promise<void> {
  await page.goto(`${server.url}${route}`);
  if (route.startsWith('search/')) await page.locator('#search-filters[data-counts=ready]').waitFor({ state: 'attached' });
}

// The two themes in two tabs at once: axe spends most of its time in the browser's renderers.
describe.concurrent('axe-core', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`finds no violation on any kind of page, ${scheme} theme`, async () => {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const found: string[] = [];
      for (const route of PAGES) {
        await open(page, route);
        // Folded tables and charts' numbers are checked too.
        await page.evaluate(() =>
          document.querySelectorAll('details').forEach((d) => {
            d.open = true;
          }),
        );
        // The dark theme changes colours only: structure is checked once, in the light theme.
        const axe = new AxeBuilder({ page });
        const { violations, passes } = await (
          scheme === 'light'
            ? axe.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
            : axe.withRules(['color-contrast', 'link-in-text-block'])
        ).analyze();
        expect(passes.length, route).toBeGreaterThan(scheme === 'light' ? 20 : 0); // axe ran its rules on a real page
        for (const v of violations)
          found.push(
            `${route || '/'}: ${v.id} (${v.nodes.length}): ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(' '))
              .join(', ')}`,
          );
      }
      expect(found).toEqual([]);
      await context.close();
    }, 180_000);
  }
});

describe('keyboard', () => {
  /** Presses Tab until the element matching `selector` has focus; fails after `max` presses. */
  async function tabTo(page: Page, selector: string, max = 30): Promise<void> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    }
    throw new Error(`${selector} never received focus in ${max} tabs`);
  }

  it('switches the theme with the toggle, by Enter and by Space', async () => {
    const context = await browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(server.url);
    await tabTo(page, '.theme-toggle');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.keyboard.press('Space');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await context.close();
  });

  it('searches from the header box, then narrows by a filter and clears it on the search page', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await tabTo(page, '#site-search');
    await page.keyboard.type('memory');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\/\?q=memory$/);
    const status = page.locator('#search-status');
    await status.filter({ hasText: /matche?s? “memory”/ }).waitFor();
    // One search box on the search page: the header's is left out there.
    expect(await page.locator('input[type=search]').count()).toBe(1);
    await tabTo(page, '#search-filters input[type=checkbox]');
    await page.keyboard.press('Space');
    await status.filter({ hasText: /with the selected filters/ }).waitFor();
    expect(new URL(page.url()).search).toMatch(/^\?q=memory&\w+=/);
    await tabTo(page, '#search-clear');
    await page.keyboard.press('Enter');
    await status.filter({ hasText: /matche?s? “memory”\.$/ }).waitFor();
    await page.close();
  });
});

describe('layout', () => {
  it('never scrolls sideways on a 390 px phone', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const wide: string[] = [];
    for (const route of PAGES) {
      await open(page, route);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) wide.push(`${route}: ${width}px`);
    }
    expect(wide).toEqual([]);
    await context.close();
  });

  it('keeps the header on one row at 1280 px with a 40-character title', async () => {
    expect(TITLE).toHaveLength(40);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    for (const route of ['', SEARCH]) {
      await open(page, route);
      expect(await page.locator('.brand').innerText()).toBe(TITLE);
      const rows = await page
        .locator('.site-header .inner > *')
        .evaluateAll(
          (items) =>
            new Set(items.map((item) => Math.round(item.getBoundingClientRect().top + item.getBoundingClientRect().height / 2))).size,
        );
      const heights = await page
        .locator('.site-nav, .brand')
        .evaluateAll((items) => items.map((item) => item.getBoundingClientRect().height));
      expect(rows, route).toBe(1);
      for (const h of heights) expect(h, route).toBeLessThan(40);
    }
    await page.close();
  });

  it('shows the favicon and, on a phone, the search results before the folded filters', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await open(page, SEARCH);
    expect(await page.locator('link[rel=icon]').getAttribute('href')).toBe(`${BASE}favicon.svg`);
    expect(await page.locator('#search-filters').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    const firstResult = await page.locator('#search-results > li').first().boundingBox();
    expect(firstResult!.y).toBeLessThan(844);
    await page.close();
  });
});
