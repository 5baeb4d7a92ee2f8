import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/build.ts';
import { watchCsp } from './helpers/browser.ts';
import type { StaticServer } from './helpers/static-server.ts';
import { serveBuiltSite, type ServedSite } from './helpers/served-site.ts';

/**
 * The site's design in Debian's headless chromium: the theme toggle, the phone layout, the print
 * stylesheet and the page structure, on the `site` fixture served under a base path.
 */

const BASE = '/hindsight/';
const PAGES = ['', 'postmortems/2024-06-06-api-leak/', 'services/api/', 'postmortems/', 'tags/', '404.html'];
const DARK_BG = 'rgb(21, 23, 26)';
const LIGHT_BG = 'rgb(255, 255, 255)';

let site: ServedSite;
let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  site = await serveBuiltSite(path.join(FIXTURES, 'site'), { base: BASE, env: { HINDSIGHT_NOW: '2025-08-02' } });
  ({ browser, server } = site);
});

afterAll(async () => {
  await site?.close();
});

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

describe('the theme', () => {
  it('follows the system, and the toggle overrides it and is remembered', async () => {
    const context = await browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(server.url);
    expect(await background(page)).toBe(LIGHT_BG);
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(await background(page)).toBe(DARK_BG);
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    // The choice is applied before first paint on the next page: the head script sets it.
    await page.goto(`${server.url}services/api/`);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await background(page)).toBe(DARK_BG);
    await context.close();
  });

  it('is dark when the system is, with the toggle pressed', async () => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(server.url);
    expect(await background(page)).toBe(DARK_BG);
    expect(await page.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Dark theme' }).click();
    expect(await background(page)).toBe(LIGHT_BG);
    await context.close();
  });
});

describe('layout and structure', () => {
  it('fits a phone screen without sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    for (const route of PAGES) {
      await page.goto(`${server.url}${route}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), route).toBeLessThanOrEqual(360);
    }
    await context.close();
  });

  it('has landmarks, one h1, headings in order and a skip link that shows on focus', async () => {
    const page = await browser.newPage();
    for (const route of PAGES) {
      await page.goto(`${server.url}${route}`);
      expect(await page.locator('header.site-header').count(), route).toBe(1);
      expect(await page.locator('main#main').count(), route).toBe(1);
      expect(await page.locator('footer').count(), route).toBe(1);
      const levels = await page.locator('main h1, main h2, main h3, main h4').evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
      expect(
        levels.filter((l) => l === 1),
        route,
      ).toHaveLength(1);
      expect(levels[0], route).toBe(1);
      for (let i = 1; i < levels.length; i++)
        expect(levels[i]! - levels[i - 1]!, `${route}: h${levels[i - 1]} then h${levels[i]}`).toBeLessThanOrEqual(1);
    }
    await page.keyboard.press('Tab');
    const skip = page.locator('.skip-link');
    expect(await skip.evaluate((a) => a === document.activeElement)).toBe(true);
    const box = await skip.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    await page.close();
  });

  it('breaks no rule of the Content-Security-Policy on any page, charts in their series colours', async () => {
    const page = await browser.newPage();
    const violations = await watchCsp(page);
    for (const route of [...PAGES, 'insights/', 'search/']) await page.goto(`${server.url}${route}`);
    // Chart colours come from classes: a style attribute would be refused and leave the rects black.
    await page.goto(`${server.url}insights/`);
    const fills = await page
      .locator('.chart rect[data-series]')
      .evaluateAll((rects) => [...new Set(rects.map((r) => getComputedStyle(r).fill))]);
    expect(fills.length).toBeGreaterThan(1);
    expect(fills).not.toContain('rgb(0, 0, 0)');
    expect(await page.locator('[style]').count()).toBe(0);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('prints an incident in black on white without the site chrome, whatever the theme', async () => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(`${server.url}postmortems/2024-06-06-api-leak/`);
    expect(await background(page)).toBe(DARK_BG);
    await page.emulateMedia({ media: 'print' });
    expect(await background(page)).toBe(LIGHT_BG);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).color)).toBe('rgb(0, 0, 0)');
    for (const selector of ['.site-header', '.site-footer', '.pager', '.toc']) {
      expect(await page.locator(selector).isVisible(), selector).toBe(false);
    }
    for (const selector of ['h1', '.facts', '.timeline', '.action-items', '.body']) {
      expect(await page.locator(selector).first().isVisible(), selector).toBe(true);
    }
    await context.close();
  });
});

describe('what looked unfinished in the screenshots', () => {
  it('styles an incident card the same on the archive (h2 titles) as on the home page (h3)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const title = async (route: string) => {
      await page.goto(`${server.url}${route}`);
      const link = page.locator('.incident-card .card-title a').first();
      return link.evaluate((a) => {
        const style = getComputedStyle(a.parentElement!);
        return { size: style.fontSize, margin: style.marginTop, line: getComputedStyle(a).textDecorationLine };
      });
    };
    expect(await page.goto(`${server.url}postmortems/`).then(() => page.locator('.incident-card h2').count())).toBeGreaterThan(0);
    const archive = await title('postmortems/');
    expect(archive).toEqual(await title(''));
    expect(archive).toEqual({ size: '16px', margin: '0px', line: 'none' });
    await page.close();
  });

  it('gives a year page no "per year" line, while a service page keeps it', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}years/2024/`);
    expect(await page.locator('.per-year').count()).toBe(0);
    await page.goto(`${server.url}services/api/`);
    expect(await page.locator('.per-year').innerText()).toMatch(/^Per year: 2024: 1 · 2023: 2$/);
    await page.close();
  });

  it('tints a whole overdue card on a phone, not only its cells', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}action-items/`);
    const [row, cell, body] = await page
      .locator('tr.overdue')
      .first()
      .evaluate((tr) => [tr, tr.querySelector('td')!, document.body].map((e) => getComputedStyle(e).backgroundColor));
    expect(row).toBe(cell);
    expect(row).not.toBe(body);
    await page.close();
  });

  it('keeps every fact inside its box, with the share of users and customers as facts of their own', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}postmortems/2024-06-06-api-leak/`);
    const facts = await page.locator('.facts').boundingBox();
    const rights = await page.locator('.facts dd').evaluateAll((dds) => dds.map((dd) => dd.getBoundingClientRect().right));
    for (const right of rights) expect(right).toBeLessThanOrEqual(facts!.x + facts!.width + 0.5);
    const text = await page.locator('.facts').innerText();
    expect(text).toMatch(/Impact\s+About 40% of users saw errors\.\s+Affected\s+40% of users\s+Customers\s+Affected/);
    await page.close();
  });

  it('keeps the contents and related incidents in view while a wide screen scrolls, and never taller than the window', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 500 } });
    await page.goto(`${server.url}postmortems/2024-06-06-api-leak/`);
    const aside = page.locator('.aside-sticky');
    const main = await page.locator('.incident-main').boundingBox();
    expect((await aside.boundingBox())!.x).toBeGreaterThan(main!.x + main!.width); // a side column
    // A real postmortem's story is longer than the fixture's: lengthen it, then scroll well into it.
    await page.evaluate(() => {
      document.querySelector('.incident-main .body')!.appendChild(document.createElement('div')).className = 'filler';
      document.querySelector<HTMLElement>('.filler')!.append(...Array.from({ length: 60 }, () => document.createElement('p')));
      for (const p of document.querySelectorAll('.filler p')) p.textContent = 'More of the story. '.repeat(20);
      window.scrollTo(0, 2500);
    });
    const box = await aside.evaluate((e) => e.getBoundingClientRect().toJSON() as DOMRect);
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.top).toBeLessThan(40);
    expect(box.bottom).toBeLessThanOrEqual(500);
    await page.close();
  });

  it('lines up the search box and the sort control, and leaves clock times out of result excerpts', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}search/?q=memory`);
    await page
      .locator('#search-status')
      .filter({ hasText: /matches “memory”/ })
      .waitFor();
    const tops = await page
      .locator('label[for=search-q], label[for=search-sort], #search-q, #search-sort')
      .evaluateAll((es) => es.map((e) => Math.round(e.getBoundingClientRect().top)));
    // In document order: the box's label, the box, the sort's label, the sort.
    expect(tops[0]).toBe(tops[2]);
    expect(tops[1]).toBe(tops[3]);
    const excerpt = await page.locator('.result-excerpt').first().innerText();
    expect(excerpt).toContain('CPU alerts. On-call paged.');
    expect(excerpt).not.toMatch(/EAT|\+\d:\d\d|trigger/);
    await page.close();
  });
});

describe('charts on a phone', () => {
  it('draws chart text at a readable size and keeps the first month of the home chart whole', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const heights = async (selector: string) =>
      page
        .locator(selector)
        .evaluateAll((ts) => ts.filter((t) => t.getBoundingClientRect().height > 0).map((t) => t.getBoundingClientRect().height));
    await page.goto(`${server.url}insights/`);
    const texts = [...(await heights('.chart .bars text')), ...(await heights('.chart text.axis'))];
    expect(texts.length).toBeGreaterThan(10);
    for (const h of texts) expect(h).toBeGreaterThanOrEqual(9);
    await page.goto(server.url);
    const left = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((e) => e.getBoundingClientRect().left);
    expect(await left('.spark text.month')).toBeGreaterThanOrEqual(await left('.spark'));
    await page.close();
  });
});
