import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configValue } from '../../src/authoring/init.ts';
import type { Io } from '../../src/cli/io.ts';
import { run as runInit } from '../../src/cli/init.ts';
import { run as runValidate } from '../../src/cli/validate.ts';
import { launchChromium } from '../helpers/browser.ts';
import { listFiles, ROOT } from '../helpers/build.ts';
import { brokenLinks } from '../helpers/links.ts';
import { cleanEnv, copyProject, npmRun, postmortemFiles } from '../helpers/project.ts';
import { serveStatic } from '../helpers/static-server.ts';

/**
 * `npm run init` on a copy of the project as a clone gives it (never on the repository): with
 * flags, unattended with --yes, run again over a company's own postmortem; and the archive it
 * leaves behind builds, empty and then with a first postmortem from `npm run new`.
 */

const SAMPLE = path.join(ROOT, 'examples', 'sample-archive');
const SAMPLE_FILES = postmortemFiles(SAMPLE);

function captureIo(): Io & { text: () => string } {
  const lines: string[] = [];
  return { out: (t) => lines.push(t), err: (t) => lines.push(t), text: () => lines.join('\n') };
}

const FLAGS = [
  '--organisation',
  'Acme Corp',
  '--title',
  'Acme postmortems',
  '--site',
  'https://postmortems.acme.test',
  '--timezone',
  'CET',
  '--service',
  'checkout-api:Checkout API',
  '--service',
  'payments',
  '--root-cause',
  'config-change,capacity:Load and capacity',
];

describe('the sample archive', () => {
  it('ships in content/ (the quick start builds it) and as the same files in examples/sample-archive/', () => {
    expect(SAMPLE_FILES.length).toBe(15);
    // Init recognises a sample postmortem by these bytes: the two copies must not drift.
    for (const file of postmortemFiles(path.join(ROOT, 'content')).filter((f) => SAMPLE_FILES.includes(f))) {
      expect(fs.readFileSync(path.join(ROOT, 'content/postmortems', file), 'utf8'), file).toBe(
        fs.readFileSync(path.join(SAMPLE, 'postmortems', file), 'utf8'),
      );
    }
  });
});

describe('npm run init with flags, then build, new, build, init again', () => {
  let project: string;
  let browser: Browser;
  let slug: string;
  const content = () => path.join(project, 'content');

  beforeAll(async () => {
    project = copyProject();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it('sets the configuration, starts the registries and moves the sample out', async () => {
    const io = captureIo();
    expect(await runInit(FLAGS, {}, io, { interactive: false, cwd: project })).toBe(0);
    const config = fs.readFileSync(path.join(project, 'hindsight.config.ts'), 'utf8');
    expect([
      configValue(config, 'organisation'),
      configValue(config, 'title'),
      configValue(config, 'site'),
      configValue(config, 'defaultTimezone'),
      configValue(config, 'base'),
    ]).toEqual(['Acme Corp', 'Acme postmortems', 'https://postmortems.acme.test', 'Europe/Berlin', '/']);
    expect(fs.readFileSync(path.join(content(), 'services.yaml'), 'utf8')).toBe(
      '- id: checkout-api\n  name: Checkout API\n- id: payments\n  name: Payments\n  team: Payments\n  description: Card and mobile-money payment processing through our payment providers.\n  tier: 1\n',
    );
    // An id of the default taxonomy keeps its name and description; a name given wins.
    expect(fs.readFileSync(path.join(content(), 'root-causes.yaml'), 'utf8')).toBe(
      '- id: config-change\n  name: Configuration change\n  description: A change to configuration, feature flags or infrastructure settings.\n- id: capacity\n  name: Load and capacity\n  description: Load exceeded what the system was provisioned or designed for.\n',
    );
    expect(fs.readFileSync(path.join(content(), 'severities.yaml'), 'utf8')).toBe(
      fs.readFileSync(path.join(SAMPLE, 'severities.yaml'), 'utf8'),
    );
    expect(postmortemFiles(content())).toEqual([]);
    expect(fs.readdirSync(path.join(content(), 'postmortems'))).toEqual(['.gitkeep']);
    expect(postmortemFiles(path.join(project, 'examples/sample-archive'))).toEqual(SAMPLE_FILES);
    expect(io.text()).toContain('Moved 15 sample postmortems out of content/postmortems/ (they stay in examples/sample-archive/).');
  });

  it('builds an empty archive whose every page works in Chromium, search included', async () => {
    // The company words its home page in its override, which the build uses.
    fs.writeFileSync(
      path.join(project, 'src/overrides/HomeIntro.astro'),
      '---\nconst { organisation } = Astro.props;\n---\n<p class="lede">How {organisation} learns from incidents.</p>\n',
    );
    const build = npmRun(project, 'build');
    expect(build.status, build.stderr).toBe(0);
    expect(build.stdout).toContain('Building 0 postmortems');
    const dist = path.join(project, 'dist');
    expect(brokenLinks(dist)).toEqual([]);
    const pages = listFiles(dist).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(20);
    const server = await serveStatic(dist);
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`${page.url()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
      // Every request of every page, the favicon (public/favicon.svg) included.
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`${r.url()}: ${r.status()}`);
      });
      for (const file of pages.filter((f) => f !== '404.html')) {
        const response = await page.goto(`${server.url}${file.replace(/index\.html$/, '')}`);
        expect(response?.status(), file).toBe(200);
      }
      expect(problems).toEqual([]);
      await page.goto(`${server.url}search/?q=checkout`);
      await expect
        .poll(() => page.locator('#search-status').textContent())
        .toBe('No postmortems yet: once the first one is published, search finds it here.');
      await page.goto(server.url);
      expect(await page.locator('.brand').textContent()).toBe('Acme postmortems');
      expect(await page.locator('.lede').textContent()).toBe('How Acme Corp learns from incidents.');
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await server.close();
    }
  }, 120_000);

  it('takes a first postmortem from npm run new: left out as a draft, built with --drafts', async () => {
    const created = npmRun(project, 'new', [
      '--title',
      'Checkout API returned 500s',
      '--severity',
      'SEV2',
      '--service',
      'checkout-api',
      '--root-cause',
      'config-change',
      '--started',
      '2026-11-02 10:00',
      '--timezone',
      'CET',
      '--yes',
    ]);
    expect(created.status, created.stderr).toBe(0);
    slug = '2026-11-02-checkout-api-returned-500s';
    // The emptied archive starts the sample's convention: the year's folder.
    expect(postmortemFiles(content())).toEqual([`2026/${slug}.mdx`]);
    expect(fs.readFileSync(path.join(content(), 'postmortems/2026', `${slug}.mdx`), 'utf8')).toContain(
      'started: "2026-11-02T10:00:00+01:00"\ntimezone: Europe/Berlin\n',
    );

    // What a production build says before it starts Astro (its validate step), without a third build.
    const snapshot = path.join(project, '.snapshot.json');
    const io = captureIo();
    expect(await runValidate(['--snapshot', snapshot], {}, io, { cwd: project })).toBe(0);
    expect(io.text()).toContain('  left out 1 draft (only published postmortems are built: use --drafts to preview it)');

    const preview = npmRun(project, 'build', ['--drafts']);
    expect(preview.status, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('Building 1 postmortems');
    expect(preview.stdout).not.toContain('left out');
    expect(preview.stdout).toMatch(/pagefind: 1 pages indexed/);
    expect(listFiles(path.join(project, 'dist', 'postmortems')).filter((f) => f.endsWith('/index.html') && f.startsWith('2026'))).toEqual([
      `${slug}/index.html`,
    ]);
  }, 120_000);

  it("runs again without touching a postmortem of the company's, adding to the registries", async () => {
    const file = path.join(content(), 'postmortems/2026', `${slug}.mdx`);
    const before = fs.readFileSync(file, 'utf8');
    const servicesBefore = fs.readFileSync(path.join(content(), 'services.yaml'), 'utf8');
    const io = captureIo();
    expect(
      await runInit(['--yes', '--title', 'Acme incidents', '--service', 'search,checkout-api'], {}, io, {
        interactive: false,
        cwd: project,
      }),
    ).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.readFileSync(path.join(content(), 'services.yaml'), 'utf8')).toBe(
      `${servicesBefore}- id: search\n  name: Search\n  team: Discovery\n  description: Product search and autocomplete.\n  tier: 2\n`,
    );
    expect(configValue(fs.readFileSync(path.join(project, 'hindsight.config.ts'), 'utf8'), 'title')).toBe('Acme incidents');
    expect(io.text()).toContain('Added search to content/services.yaml.');
    expect(io.text()).toContain(`Kept 1 postmortem of yours: 2026/${slug}.mdx.`);
    const validate = npmRun(project, 'validate');
    expect(validate.status, validate.stdout).toBe(0);
  });
});

describe('npm run init -- --yes, unattended', () => {
  let project: string;
  beforeAll(() => {
    project = copyProject();
  });
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  it('refuses bad values before changing anything', async () => {
    const config = fs.readFileSync(path.join(project, 'hindsight.config.ts'), 'utf8');
    for (const [args, message] of [
      [['--yes', '--site', 'postmortems.acme.test'], '--site "postmortems.acme.test" is not an absolute http(s) URL'],
      [['--yes', '--timezone', 'Mars/Olympus'], '--timezone "Mars/Olympus" is not a time zone'],
      [['--yes', '--service', 'Checkout API'], '--service "Checkout API": the id must be lowercase kebab-case'],
      [['--yes', '--keep-taxonomy', '--service', 'api'], '--keep-taxonomy keeps the registries as they are'],
      [['--yes', '--colour', 'red'], "Unknown option '--colour'"],
      // An empty list would leave a registry no postmortem can use.
      [['--yes', '--service', ',,'], '--service names no id'],
      [['--yes', '--root-cause', ' '], '--root-cause names no id'],
    ] as const) {
      const io = captureIo();
      expect(await runInit([...args], {}, io, { interactive: false, cwd: project }), args.join(' ')).toBe(2);
      expect(io.text()).toContain(message);
    }
    expect(fs.readFileSync(path.join(project, 'hindsight.config.ts'), 'utf8')).toBe(config);
    expect(postmortemFiles(path.join(project, 'content'))).toEqual(SAMPLE_FILES);
  });

  it('refuses to make the sample archive itself the content folder (it would empty it)', async () => {
    const sample = path.join(project, 'examples/sample-archive');
    fs.symlinkSync(sample, path.join(project, 'linked-sample'), 'dir');
    for (const folder of ['examples/sample-archive', sample, 'linked-sample', 'examples']) {
      const io = captureIo();
      expect(await runInit(['--yes'], { HINDSIGHT_CONTENT_DIR: folder }, io, { interactive: false, cwd: project }), folder).toBe(1);
      expect(io.text()).toContain('is (or holds, or lies in) the sample archive');
    }
    fs.rmSync(path.join(project, 'linked-sample'));
    expect(postmortemFiles(sample)).toEqual(SAMPLE_FILES);
    expect(postmortemFiles(path.join(project, 'content'))).toEqual(SAMPLE_FILES);
  });

  it('works with no terminal, keeps the default taxonomy, and leaves an edited sample file where it is', () => {
    const edited = path.join(project, 'content/postmortems', SAMPLE_FILES[0]!);
    fs.appendFileSync(edited, '\nOur own notes.\n');
    const config = fs.readFileSync(path.join(project, 'hindsight.config.ts'), 'utf8');
    const result = npmRun(project, 'init', ['--yes']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Moved 14 sample postmortems');
    expect(result.stdout).toContain(`Kept 1 postmortem of yours: ${SAMPLE_FILES[0]}.`);
    expect(postmortemFiles(path.join(project, 'content'))).toEqual([SAMPLE_FILES[0]]);
    expect(fs.readFileSync(path.join(project, 'hindsight.config.ts'), 'utf8')).toBe(config);
    for (const registry of ['services.yaml', 'root-causes.yaml', 'severities.yaml']) {
      expect(fs.readFileSync(path.join(project, 'content', registry), 'utf8')).toBe(fs.readFileSync(path.join(SAMPLE, registry), 'utf8'));
    }
    // The emptied year folders are gone; the one still holding a file stays.
    expect(fs.readdirSync(path.join(project, 'content/postmortems')).sort()).toEqual([SAMPLE_FILES[0]!.split('/')[0]]);
  });
});

/**
 * `npm run init` in a terminal: util-linux's `script` gives it one (a pseudo-terminal), and each
 * answer is typed once its question is on the screen (@clack/prompts marks the active one ◆).
 */
async function initInTerminal(project: string, answers: string[]): Promise<{ code: number | null; screen: string }> {
  const child = spawn('script', ['-qec', 'node_modules/.bin/node src/cli/init.ts', '/dev/null'], { cwd: project, env: cleanEnv() });
  let screen = '';
  child.stdout.on('data', (d) => (screen += d));
  child.stderr.on('data', (d) => (screen += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  for (const [i, answer] of answers.entries()) {
    for (let t = 0; t < 200 && (screen.match(/◆/g) ?? []).length <= i; t++) await new Promise((r) => setTimeout(r, 50));
    child.stdin.write(answer);
  }
  const code = await exited;
  return { code, screen };
}

describe('npm run init in a terminal', () => {
  let project: string;
  beforeAll(() => {
    project = copyProject();
  });
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  it('changes nothing when the author declines to move the samples', async () => {
    const config = fs.readFileSync(path.join(project, 'hindsight.config.ts'), 'utf8');
    const { code, screen } = await initInTerminal(project, ['Acme Corp\r', '\r', '\r', '\r', '\r', '\r', '\r', 'n']);
    expect(code, screen).toBe(1);
    expect(screen).toContain('cancelled; nothing was changed');
    expect(fs.readFileSync(path.join(project, 'hindsight.config.ts'), 'utf8')).toBe(config);
    expect(postmortemFiles(path.join(project, 'content'))).toEqual(SAMPLE_FILES);
  }, 30_000);

  it('asks each question, with the current value as the default, and writes the answers', async () => {
    const rootCauses = fs.readFileSync(path.join(project, 'content/root-causes.yaml'), 'utf8');
    const answers = [
      'Acme Corp\r',
      'Acme PM\r',
      'https://pm.acme.test\r',
      '\r',
      'PST\r',
      'checkout-api:Checkout API, payments\r',
      '\r',
      'y',
    ];
    const { code, screen } = await initInTerminal(project, answers);
    expect(code, screen).toBe(0);
    const config = fs.readFileSync(path.join(project, 'hindsight.config.ts'), 'utf8');
    expect(['organisation', 'title', 'site', 'base', 'defaultTimezone'].map((k) => configValue(config, k as never))).toEqual([
      'Acme Corp',
      'Acme PM',
      'https://pm.acme.test',
      '/',
      'America/Los_Angeles',
    ]);
    expect(fs.readFileSync(path.join(project, 'content/services.yaml'), 'utf8')).toMatch(
      /^- id: checkout-api\n  name: Checkout API\n- id: payments\n/,
    );
    // An empty answer keeps the list as it is.
    expect(fs.readFileSync(path.join(project, 'content/root-causes.yaml'), 'utf8')).toBe(rootCauses);
    expect(postmortemFiles(path.join(project, 'content'))).toEqual([]);
  }, 30_000);
});
