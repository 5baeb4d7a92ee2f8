import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBody } from '../src/site/body/render-body.ts';
import { launchChromium, watchCsp } from './helpers/browser.ts';
import { FIXTURES, listFiles, runBuild, type BuildResult } from './helpers/build.ts';
import { fileText, input, source, validFrontmatter, VALID_BODY } from './helpers/content.ts';
import { serveStatic, type StaticServer } from './helpers/static-server.ts';
import fc from 'fast-check';
import { contentSecurityPolicy, REFERRER_POLICY } from '../src/site/csp.ts';
import { validateContent } from '../src/validate/validate.ts';
import { EXPECTED, HOSTILE_BODIES, hostileMixture } from './fixtures/hostile/bodies.ts';

/**
 * The hostile corpus in a real site, in Chromium. Every case `validate` accepts is written as a
 * published postmortem and built, all in one build (whatever validate accepts, the build builds).
 * Every refused case is rendered by the same renderer and put in place of an accepted page's
 * body, so the page around it is the real one, Content-Security-Policy included. Each page is
 * opened, everything in its body is clicked, and no payload may run (`window.__pwned`, dialogs),
 * no policy violation may happen, and the header, navigation and footer stay visible on top.
 */

const CASES = HOSTILE_BODIES.flatMap(([name, extensions, body]) => extensions.map((ext) => ({ key: `${name} [${ext}]`, ext, body })));
const accepted = CASES.filter((c) => EXPECTED[c.key]!.length === 0);
/** Random mixtures of the corpus (a fixed seed) that `validate` accepts: each must build as well. */
function acceptedMixtures(ext: 'md' | 'mdx', count: number) {
  const bodies = [...new Set(fc.sample(hostileMixture(), { seed: 11, numRuns: 150 }))];
  const text = (body: string) => fileText(validFrontmatter(), `${VALID_BODY}\n${body}\n`);
  return bodies
    .filter((body) => validateContent(input([source(`2024-06-06-mixture.${ext}`, text(body))])).entries.length === 1)
    .slice(0, count)
    .map((body, index) => ({ key: `mixture ${index + 1} [${ext}]`, ext, body }));
}
const mixtures = [...acceptedMixtures('md', 20), ...acceptedMixtures('mdx', 20)];
/** Every page written: the accepted cases, then the mixtures (not opened in the browser: the fuzz of body-sanitize.test.ts checks such HTML). */
const written = [...accepted, ...mixtures];
const refused = CASES.filter((c) => EXPECTED[c.key]!.length > 0);
const slug = (index: number) => `2024-06-06-hostile-${index + 1}`;

let build: BuildResult;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  const content = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-hostile-'));
  fs.cpSync(path.join(FIXTURES, 'basic'), content, { recursive: true });
  written.forEach((c, index) => {
    const text = fileText({ ...validFrontmatter(), title: `Hostile case ${index + 1}` }, `${VALID_BODY}\n${c.body}\n`);
    fs.writeFileSync(path.join(content, 'postmortems', `${slug(index)}.${c.ext}`), text);
  });
  build = runBuild(content);
  expect(build.status, build.stderr).toBe(0);
  // Refused cases: the accepted first page with its rendered body replaced by the case's.
  const template = fs.readFileSync(path.join(build.outDir, 'postmortems', slug(0), 'index.html'), 'utf8');
  const own = renderBody(`${VALID_BODY}\n${accepted[0]!.body}\n`, accepted[0]!.ext === 'mdx').html;
  expect(template).toContain(own);
  refused.forEach((c, index) => {
    const dir = path.join(build.outDir, 'hostile', String(index + 1));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'index.html'),
      template.replace(own, () => renderBody(`${VALID_BODY}\n${c.body}\n`, c.ext === 'mdx').html),
    );
  });
  server = await serveStatic(build.outDir);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (build) fs.rmSync(build.outDir, { recursive: true, force: true });
});

interface Visit {
  pwned: unknown;
  dialogs: string[];
  clicked: number;
}

/** Opens a page, clicks everything its body offers (links stay on the page), and reports. */
async function visit(page: Page, dialogs: string[], url: string): Promise<Visit> {
  dialogs.length = 0;
  await page.goto(url);
  const targets = page.locator(
    '.body a, .body button, .body summary, .body input, .body img, .body label, .body details, .body [tabindex]',
  );
  const count = await targets.count();
  for (let i = 0; i < count; i++) {
    await targets
      .nth(i)
      .click({ force: true, timeout: 500, noWaitAfter: true })
      .catch(() => undefined);
  }
  await page.mouse.move(5, 5);
  await page.mouse.click(400, 400);
  await page.waitForTimeout(50);
  return { pwned: await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), dialogs: [...dialogs], clicked: count };
}

/** Every alert, confirm or prompt the page opens, dismissed. */
function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

/**
 * The page chrome: visible, and on top where it is drawn (no body element covers it). One round trip
 * to the page, as `visit` is run on nearly two hundred pages.
 */
async function chrome(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    for (const selector of ['header.site-header', 'nav.site-nav', 'footer.site-footer', 'main#main h1']) {
      const element = document.querySelector(selector);
      const box = element?.getBoundingClientRect();
      const shown = element?.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && box!.width > 0 && box!.height > 0;
      if (!shown) broken.push(`${selector} hidden`);
    }
    window.scrollTo(0, 0);
    const brand = document.querySelector('header.site-header .brand')!;
    const box = brand.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    if (hit === null || !brand.contains(hit)) broken.push('the header is covered');
    return broken;
  });
}

describe('the policy on every page', () => {
  it('every page of the hostile build, 404 and search included, carries the Content-Security-Policy and referrer policy', () => {
    const pages = listFiles(build.outDir).filter((f) => f.endsWith('.html') && !f.startsWith('hostile/'));
    expect(pages).toEqual(expect.arrayContaining(['404.html', 'search/index.html', 'index.html', `postmortems/${slug(0)}/index.html`]));
    const without = pages.filter((file) => {
      const head = fs.readFileSync(path.join(build.outDir, file), 'utf8').split('</head>')[0]!;
      const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(head)?.[1]?.replaceAll('&#39;', "'");
      return policy !== contentSecurityPolicy() || !head.includes(`<meta name="referrer" content="${REFERRER_POLICY}">`);
    });
    expect(without).toEqual([]);
    // Whatever validate accepts, the build builds: every mixture has its page.
    expect(mixtures.length).toBeGreaterThanOrEqual(30);
    expect(written.filter((_, index) => !pages.includes(`postmortems/${slug(index)}/index.html`))).toEqual([]);
  });
});

describe('hostile bodies in the browser', () => {
  it('the watchers see a policy violation, a dialog and a payload when there is one', async () => {
    const page = await browser.newPage();
    const violations = await watchCsp(page);
    const dialogs = watchDialogs(page);
    await page.goto(`${server.url}postmortems/${slug(0)}/`);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = 1';
      document.body.append(s);
      // A style attribute is refused by the policy; a script (which bodies cannot have) could cover the page.
      document.body.insertAdjacentHTML('beforeend', '<p id="overlay" style="position:fixed">x</p>');
      const cover = document.createElement('div');
      Object.assign(cover.style, { position: 'fixed', inset: '0', background: 'red' });
      document.body.append(cover);
    });
    await page.evaluate(() => alert('seen'));
    expect(await page.locator('#overlay').evaluate((p) => getComputedStyle(p).position)).toBe('static');
    expect(await chrome(page)).toEqual(['the header is covered']);
    expect(violations.length).toBeGreaterThan(0);
    expect(dialogs).toEqual(['seen']);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await page.close();
  });

  it(`every accepted case (${accepted.length}) builds and every case (${CASES.length}) stays inert when clicked, with the chrome intact`, async () => {
    expect(accepted.length).toBeGreaterThan(10);
    /** A tab with its own watchers; links lead nowhere during the test, except a `javascript:` one, which must not exist. */
    async function tab() {
      const page = await browser.newPage();
      const violations = await watchCsp(page);
      const dialogs = watchDialogs(page);
      await page.addInitScript(() => {
        document.addEventListener(
          'click',
          (event) => {
            const link = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
            if (link && /^(https?|mailto):/.test(link.href)) event.preventDefault();
          },
          true,
        );
      });
      return { page, violations, dialogs };
    }
    const urls = [
      ...accepted.map((c, i) => [c.key, `${server.url}postmortems/${slug(i)}/`]),
      ...refused.map((c, i) => [c.key, `${server.url}hostile/${i + 1}/`]),
    ];
    // Three tabs take turns through the pages: most of a visit is waiting on the browser.
    const tabs = await Promise.all([tab(), tab(), tab()]);
    let clicked = 0;
    let next = 0;
    const results: unknown[] = [];
    await Promise.all(
      tabs.map(async ({ page, dialogs }) => {
        while (next < urls.length) {
          const [key, url] = urls[next++]!;
          const result = await visit(page, dialogs, url!);
          clicked += result.clicked;
          results.push({ key, pwned: result.pwned, dialogs: result.dialogs, chrome: await chrome(page) });
        }
      }),
    );
    expect(results).toHaveLength(urls.length);
    expect(results).toEqual(urls.map(() => expect.objectContaining({ pwned: undefined, dialogs: [], chrome: [] })));
    expect(clicked).toBeGreaterThan(50);
    expect(tabs.flatMap((t) => t.violations)).toEqual([]);
    await Promise.all(tabs.map((t) => t.page.close()));
  }, 240_000);
});
