import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildResult, FIXTURES, listFiles } from './helpers/build.ts';
import { measureSearch } from '../scripts/measure-search.ts';
import { watchCsp } from './helpers/browser.ts';
import { contentSecurityPolicy } from '../src/site/csp.ts';
import type { StaticServer } from './helpers/static-server.ts';
import { serveBuiltSite, type ServedSite } from './helpers/served-site.ts';

/**
 * Search end to end: the fixture site (tests/fixtures/search: five published postmortems over
 * three services, one draft) is built with the real build, served on loopback, and searched in
 * Debian's headless chromium, at the root and under a base path.
 */

const CONTENT = path.join(FIXTURES, 'search');

/** Every index file as text, gunzipped where Pagefind compressed it. */
function indexText(outDir: string): string {
  const dir = path.join(outDir, 'pagefind');
  return listFiles(dir)
    .map((file) => {
      const bytes = fs.readFileSync(path.join(dir, file));
      return (bytes[0] === 0x1f && bytes[1] === 0x8b ? zlib.gunzipSync(bytes) : bytes).toString('latin1');
    })
    .join('\n')
    .toLowerCase();
}

async function results(page: Page): Promise<string[]> {
  return page
    .locator('#search-results > li h2 a')
    .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

/** Waits until the live region announces a finished search whose text matches. */
async function settled(page: Page, text: RegExp): Promise<void> {
  await page.locator('#search-status').filter({ hasText: text }).waitFor();
}

// Under the base path the index is built in parts of two postmortems (site/search-shards.ts): three
// parts, searched and merged in the browser, must give what one index gives.
describe.each([
  ['/', undefined],
  ['/hindsight/', '2'],
])('search, site served at %s, postmortems per index part: %s', (base, partPages) => {
  let site: ServedSite;
  let build: BuildResult;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const incident = (slug: string) => `${base}postmortems/${slug}/`;

  beforeAll(async () => {
    site = await serveBuiltSite(CONTENT, { base, env: partPages ? { HINDSIGHT_SEARCH_PART_PAGES: partPages } : {} });
    const parts = fs.readdirSync(path.join(site.build.outDir, 'pagefind')).filter((name) => /^\d{4}/.test(name));
    expect(parts).toEqual(partPages ? ['2022', '2023'] : []);
    ({ build, server, browser } = site);
  });
  afterAll(async () => {
    await site?.close();
  });

  it('finds the one postmortem whose body has a word, first, with its metadata', async () => {
    page = await browser.newPage();
    await page.goto(`${server.url}search/`);
    await settled(page, /search 5 postmortems/);
    await page.getByLabel('Search words').pressSequentially('axolotl');
    await settled(page, /1 postmortem matches “axolotl”/);
    expect(await results(page)).toEqual([incident('2024-06-06-api-leak')]);
    const first = await page.locator('#search-results > li').first().innerText();
    expect(first).toContain('API server memory leak');
    expect(first).toContain('2024-06-06');
    expect(first).toContain('SEV1 · Critical');
    expect(first).toContain('API server');
    expect(await page.locator('#search-results mark').first().textContent()).toMatch(/axolotl/i);
    expect(new URL(page.url()).search).toBe('?q=axolotl');
  });

  it('lists nothing before a query or a filter, and says which words no postmortem contains', async () => {
    await page.goto(`${server.url}search/`);
    await settled(page, /^Type words or choose a filter to search 5 postmortems\.$/);
    expect(await results(page)).toEqual([]);
    await page.getByLabel('Search words').fill('xylophone axolotl');
    await page.keyboard.press('Enter');
    await settled(page, /^1 postmortem matches “axolotl”\.$/);
    expect(await page.locator('#search-ignored').innerText()).toBe('No postmortem contains ‘xylophone’; showing results for ‘axolotl’.');
    await page.getByLabel('Search words').fill('axolotl');
    await page.keyboard.press('Enter');
    // The count reads the same as before, so wait for the notice itself: it fails here if it never goes.
    await page.locator('#search-ignored').waitFor({ state: 'hidden', timeout: 5000 });
    await settled(page, /^1 postmortem matches “axolotl”\.$/);
  });

  it('narrows to a service with a filter, from the keyboard, and Back undoes it', async () => {
    await page.goto(`${server.url}search/?q=outage`);
    await settled(page, /5 postmortems match “outage”/);
    await page.getByRole('checkbox', { name: /Checkout/ }).focus();
    await page.keyboard.press('Space');
    await settled(page, /2 postmortems match “outage” with the selected filters/);
    expect((await results(page)).sort()).toEqual([incident('2023-05-02-checkout-deploy'), incident('2023-11-24-checkout-black-friday')]);
    expect(new URL(page.url()).searchParams.getAll('service')).toEqual(['checkout']);
    // The other services still say how many results ticking them would add, once the counts are in.
    await page.locator('#search-filters[data-counts=ready]').waitFor({ state: 'attached' });
    expect(await page.locator('[data-facet=service] [data-count=api-server]').textContent()).toBe('2');

    await page.goBack();
    await settled(page, /5 postmortems match “outage”\./);
    expect(await page.getByRole('checkbox', { name: /Checkout/ }).isChecked()).toBe(false);

    await page.getByRole('checkbox', { name: /Payment gateway/ }).check();
    await settled(page, /2 postmortems match “outage” with the selected filters/);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await settled(page, /5 postmortems match “outage”\./);
    expect(new URL(page.url()).search).toBe('?q=outage');
  });

  it('opens with the filters of a link from an index page, and sorts newest first', async () => {
    await page.goto(`${server.url}search/?service=api-server`);
    await settled(page, /2 postmortems with the selected filters/);
    expect(await results(page)).toEqual([incident('2024-06-06-api-leak'), incident('2024-02-10-api-dns')]);
    expect(await page.getByRole('checkbox', { name: /API server/ }).isChecked()).toBe(true);

    await page.goto(`${server.url}search/?q=outage&sort=date`);
    await settled(page, /5 postmortems match/);
    const dates = await page.locator('#search-results time').allTextContents();
    expect(dates).toEqual([...dates].sort().reverse());
    expect(await page.getByLabel('Sort by').inputValue()).toBe('date');
  });

  it('offers a box for a chosen value the facet panel does not list, which unticks like any other', async () => {
    await page.goto(`${server.url}search/?tag=unlisted-tag`);
    await settled(page, /^0 postmortems with the selected filters/);
    const box = page.getByRole('checkbox', { name: /unlisted-tag/ });
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await settled(page, /^Type words or choose a filter to search 5 postmortems\.$/);
    expect(new URL(page.url()).search).toBe('');
  });

  it('never finds a draft: no result, and none of its words anywhere in the index', async () => {
    await page.goto(`${server.url}search/`);
    await settled(page, /search 5 postmortems/);
    await page.getByLabel('Search words').fill('zymurgy');
    await settled(page, /0 postmortems match “zymurgy”/);
    expect(await results(page)).toEqual([]);
    const index = indexText(build.outDir);
    expect(index).toContain('axolotl'); // the check can see words at all
    expect(index).not.toContain('zymurg');
    expect(index).not.toContain('flibbertigibbet');
    expect(listFiles(build.outDir).some((f) => f.includes('draft-secret'))).toBe(false);
  });

  it('keeps the query in the URL through a result, Back and a reload', async () => {
    await page.goto(`${server.url}search/`);
    await settled(page, /search 5 postmortems/);
    await page.getByLabel('Search words').fill('certificate');
    await page.keyboard.press('Enter');
    await settled(page, /1 postmortem matches “certificate”/);
    await page.locator('#search-results a').first().click();
    await page.waitForURL(`**${incident('2022-09-15-payments-cert')}`);
    expect(await page.locator('h1').textContent()).toBe('Payment gateway certificate expired');

    await page.goBack();
    await settled(page, /1 postmortem matches “certificate”/);
    expect(await page.getByLabel('Search words').inputValue()).toBe('certificate');
    await page.reload();
    await settled(page, /1 postmortem matches “certificate”/);
    expect(await results(page)).toEqual([incident('2022-09-15-payments-cert')]);
    await page.close();
  });

  it('works under the Content-Security-Policy: header search, filters and theme, with no violation on home, incident and search pages', async () => {
    const csp = await browser.newPage();
    const violations = await watchCsp(csp);
    await csp.goto(server.url);
    expect(await csp.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(contentSecurityPolicy());
    // The header box submits no form (form-action 'none'): its script navigates to the search page.
    await csp.getByRole('searchbox', { name: 'Search postmortems' }).fill('axolotl outage');
    await csp.keyboard.press('Enter');
    await csp.waitForURL(`**${base}search/?q=axolotl+outage`);
    await settled(csp, /match(es)? “axolotl outage”/);
    await csp.goto(`${server.url}search/?q=outage`);
    await settled(csp, /5 postmortems match “outage”/);
    await csp.getByRole('checkbox', { name: /Checkout/ }).check();
    await settled(csp, /2 postmortems match “outage” with the selected filters/);
    await csp.goto(`${server.url}postmortems/2024-06-06-api-leak/`);
    await csp.getByRole('button', { name: 'Dark theme' }).click();
    expect(await csp.evaluate(() => document.documentElement.dataset.theme)).toMatch(/^(dark|light)$/);
    expect(violations).toEqual([]);
    await csp.close();
  });

  it('without JavaScript, says so and points to the indexes', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const noJs = await context.newPage();
    await noJs.goto(`${server.url}search/?q=axolotl`);
    expect(await noJs.locator('.search-notice').innerText()).toMatch(/needs JavaScript/);
    expect(await noJs.getByLabel('Search words').isVisible()).toBe(false);
    // The header box cannot submit without script (form-action 'none'), so it is not offered.
    expect(await noJs.getByRole('searchbox', { name: 'Search postmortems' }).isVisible()).toBe(false);
    const links = await noJs
      .locator('.search-notice a')
      .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(links).toEqual([`${base}postmortems/`, `${base}services/`, `${base}root-causes/`]);
    await context.close();
  });

  it('measures what a first query downloads (the benchmark reuses this)', async () => {
    const cost = await measureSearch(build.outDir, { base, query: 'axolotl' });
    expect(cost.results).toBe(1);
    // Opening the page fetches nothing of Pagefind; the first query fetches its runtime and the index chunks it needs.
    expect(cost.pageLoad.indexRequests).toBe(0);
    expect(cost.firstQuery.bytes).toBeGreaterThan(fs.statSync(path.join(build.outDir, 'pagefind', 'pagefind.js')).size);
    expect(cost.firstQuery.requests).toBeGreaterThan(0);
    expect(cost.coldQuery.bytes).toBeGreaterThanOrEqual(cost.firstQuery.bytes);
    const files = listFiles(path.join(build.outDir, 'pagefind'));
    expect(cost.index.files).toBe(files.length);
    expect(cost.index.totalBytes).toBe(files.reduce((sum, f) => sum + fs.statSync(path.join(build.outDir, 'pagefind', f)).size, 0));
  });
});
