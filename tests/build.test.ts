import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, listFiles, readOut, ROOT, runBuild, type BuildResult } from './helpers/build.ts';
import { brokenLinks } from './helpers/links.ts';
import { LATEST_SHOWN } from '../src/site/home.ts';

/** The real build pipeline on the `basic` fixture: 2 published postmortems, 1 draft, 1 template. */

const basic = path.join(FIXTURES, 'basic');
const DRAFT_WORDS = ['Sekretwort', 'Captain Caffeine', '2024-06-06-vampire-draft', 'The memory vampire'];

function grepDist(outDir: string, needle: string): string[] {
  return listFiles(outDir).filter((file) => fs.readFileSync(path.join(outDir, file)).includes(needle));
}

describe('production build', () => {
  let build: BuildResult;
  beforeAll(() => {
    build = runBuild(basic);
  });

  it('succeeds and reports a short summary', () => {
    expect(build.status, build.stderr).toBe(0);
    expect(build.stdout).toContain('Building 2 postmortems, internal edition…');
    expect(build.stdout).toMatch(/✔ Built 2 postmortems into .* in [\d.]+ s\./);
  });

  it('gives every published postmortem its page, and nothing else', () => {
    const pages = fs.readdirSync(path.join(build.outDir, 'postmortems')).sort();
    // index.html is the archive's first page.
    expect(pages).toEqual(['2023-03-14-checkout-deploy', '2024-06-06-api-leak', 'index.html']);
    const archive = readOut(build.outDir, 'postmortems/index.html');
    expect(archive).toContain('2 incidents, newest first.');
  });

  it('leaves no trace of drafts or templates anywhere in dist/', () => {
    for (const word of [...DRAFT_WORDS, '_template', 'Ungeheuer', 'Quibbleflux']) {
      expect(grepDist(build.outDir, word), word).toEqual([]);
    }
  });

  it('pages the archive fifty to a page, the rest on the first (src/site/paging.ts), so no page lists every incident', () => {
    const many = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-many-'));
    for (const file of ['services.yaml', 'root-causes.yaml', 'severities.yaml'])
      fs.copyFileSync(path.join(basic, file), path.join(many, file));
    const template = fs.readFileSync(path.join(basic, 'postmortems/2023/2023-03-14-checkout-deploy.md'), 'utf8');
    fs.mkdirSync(path.join(many, 'postmortems'));
    for (let i = 0; i < 120; i++) {
      fs.writeFileSync(
        path.join(many, 'postmortems', `2023-03-14-incident-${String(i).padStart(3, '0')}.md`),
        template.replace('title: "Checkout deploy broke payments"', `title: "Incident number ${i}"`),
      );
    }
    const built = runBuild(many);
    expect(built.status, built.stderr).toBe(0);
    const links = (file: string) => (readOut(built.outDir, file).match(/href="\/postmortems\/2023-03-14-incident-\d+\/"/g) ?? []).length;
    expect([links('postmortems/index.html'), links('postmortems/2/index.html')]).toEqual([70, 50]);
    expect(fs.existsSync(path.join(built.outDir, 'postmortems/3'))).toBe(false);
    // The total is on the first page only: the later ones stay the same when an incident is added.
    expect(readOut(built.outDir, 'postmortems/index.html')).toContain('120 incidents, newest first; page 1 of 2.');
    expect(readOut(built.outDir, 'postmortems/2/index.html')).toContain('Incidents, newest first; page 2 of 2.');
    expect(links('index.html')).toBe(LATEST_SHOWN); // the home page shows the latest few only
    expect(readOut(built.outDir, 'postmortems/2/index.html')).toMatch(/rel="prev" href="\/postmortems\/"/);
  });

  it('lists published postmortems newest first on the home page', () => {
    const html = readOut(build.outDir, 'index.html');
    const a = html.indexOf('API server memory leak');
    const b = html.indexOf('Checkout deploy broke payments');
    expect(a).toBeGreaterThan(-1);
    expect(b).toBeGreaterThan(a);
  });

  it('shows every frontmatter field on the incident page', () => {
    const html = readOut(build.outDir, 'postmortems/2024-06-06-api-leak/index.html');
    for (const text of [
      'API server memory leak',
      'A leak in the auth library took the API down for 2.5 hours.',
      'published',
      'SEV1',
      'Africa/Nairobi',
      'api-server',
      'memory-leak',
      'About 40% of users saw errors.',
      'auth',
      'Alerts fired.',
      'Restored.',
      'Upgrade the library',
      'api-team',
      'prevent',
      'done',
      '2 h 30 min',
      '2 h 15 min',
    ]) {
      expect(html, text).toContain(text);
    }
    expect(html).toContain('2024-06-06T09:00:00+03:00');
    expect(html).toMatch(/href="\/postmortems\/2023-03-14-checkout-deploy\/"/);
  });

  it('has an index page per service, root cause, tag, year and severity, with counts', () => {
    const api = readOut(build.outDir, 'services/api-server/index.html');
    expect(api).toMatch(/<dt>Incidents<\/dt><dd>1<\/dd>/);
    expect(api).toContain('href="/postmortems/2024-06-06-api-leak/"');
    expect(api).toContain('href="/search/?service=api-server"');
    expect(readOut(build.outDir, 'services/search/index.html')).toContain('No incidents for this service yet.');
    expect(readOut(build.outDir, 'services/index.html')).toMatch(/API server<\/a> <span class="count">1 incident</);
    expect(readOut(build.outDir, 'root-causes/deploy/index.html')).toContain('href="/postmortems/2023-03-14-checkout-deploy/"');
    expect(readOut(build.outDir, 'tags/auth/index.html')).toContain('href="/postmortems/2024-06-06-api-leak/"');
    expect(readOut(build.outDir, 'years/2023/index.html')).toContain('href="/postmortems/2023-03-14-checkout-deploy/"');
    expect(readOut(build.outDir, 'severities/SEV1/index.html')).toMatch(/<dt>Median time to resolve<\/dt><dd>2 h 30 min<\/dd>/);
    // The draft's service and tag leave no page of their own behind.
    expect(fs.existsSync(path.join(build.outDir, 'years/2024/index.html'))).toBe(true);
    expect(readOut(build.outDir, 'years/2024/index.html')).toMatch(/<dt>Incidents<\/dt><dd>1<\/dd>/);
  });

  it('publishes feeds, the archive as JSON and the JSON Schema, and (the internal edition) no sitemap', () => {
    const rss = readOut(build.outDir, 'rss.xml');
    expect(rss.match(/<item>/g)).toHaveLength(2);
    expect(rss).toMatch(
      /<item><title>\[SEV1\] API server memory leak<\/title><link>https:\/\/example\.github\.io\/postmortems\/2024-06-06-api-leak\/<\/link>/,
    );
    expect(readOut(build.outDir, 'services/checkout/rss.xml').match(/<item>/g)).toHaveLength(1);
    expect(readOut(build.outDir, 'services/search/rss.xml')).not.toContain('<item>');
    const json = JSON.parse(readOut(build.outDir, 'postmortems.json'));
    expect(json.count).toBe(2);
    expect(json.postmortems[0]).toMatchObject({
      slug: '2024-06-06-api-leak',
      url: 'https://example.github.io/postmortems/2024-06-06-api-leak/',
      severity: 'SEV1',
      durations: { toDetect: 0, toMitigate: 8_100_000, toResolve: 9_000_000 },
    });
    const schema = JSON.parse(readOut(build.outDir, 'schema/postmortem.json'));
    expect(schema.properties.severity.enum).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
    expect(schema.properties.services.items.enum).toEqual(['api-server', 'checkout', 'search']);
    expect(schema.required).toEqual(
      expect.arrayContaining(['title', 'summary', 'status', 'severity', 'started', 'services', 'rootCauses', 'impact']),
    );
    expect(schema.additionalProperties).toBe(false);
    // The internal edition points no crawler anywhere (tests/editions.test.ts has the public one's sitemap).
    expect(listFiles(build.outDir).filter((f) => f.startsWith('sitemap'))).toEqual([]);
    expect(readOut(build.outDir, 'robots.txt')).toBe('User-agent: *\nDisallow: /\n');
    expect(readOut(build.outDir, '404.html')).toContain('Page not found');
  });

  it('has no broken internal link or asset', () => {
    expect(brokenLinks(build.outDir)).toEqual([]);
  });

  it('links related incidents both ways', () => {
    expect(readOut(build.outDir, 'postmortems/2024-06-06-api-leak/index.html')).toMatch(
      /Related incidents[\s\S]*href="\/postmortems\/2023-03-14-checkout-deploy\/">Checkout deploy broke payments/,
    );
    expect(readOut(build.outDir, 'postmortems/2023-03-14-checkout-deploy/index.html')).toMatch(
      /Related incidents[\s\S]*href="\/postmortems\/2024-06-06-api-leak\/">API server memory leak/,
    );
  });

  it('shows times in the incident zone, offsets from the start, and an edit link', () => {
    const html = readOut(build.outDir, 'postmortems/2024-06-06-api-leak/index.html');
    expect(html).toContain('2024-06-06 09:00 EAT</time>');
    expect(html).toMatch(/11:30 EAT<\/time> \(2 h 30 min\)/);
    expect(html).toMatch(
      /<li class="kind-resolved key-moment"><time datetime="2024-06-06T11:30:00\+03:00"[^>]*>11:30 EAT<\/time><span class="offset"[^>]*>\+2:30<\/span>/,
    );
    expect(html).toContain(
      'href="https://github.com/example/hindsight/edit/main/tests/fixtures/basic/postmortems/2024-06-06-api-leak.mdx"',
    );
    expect(html).toMatch(/rel="next" href="\/postmortems\/2023-03-14-checkout-deploy\/"/);
    expect(readOut(build.outDir, 'postmortems/2023-03-14-checkout-deploy/index.html')).toContain('2023-03-14 14:02 EDT</time>');
  });

  it('renders the MDX body with GitHub-flavoured Markdown and the allowed components', () => {
    const mdx = readOut(build.outDir, 'postmortems/2024-06-06-api-leak/index.html');
    expect(mdx).toMatch(/<table>[\s\S]*<td>peak memory<\/td>/);
    expect(mdx).toMatch(/<input type="checkbox" checked disabled\/?> restart/);
    expect(mdx).toContain('data-footnotes');
    expect(mdx).toContain('class="callout callout-warning"');
    const md = readOut(build.outDir, 'postmortems/2023-03-14-checkout-deploy/index.html');
    expect(md).toMatch(/<del>Not DNS\.<\/del>/);
    expect(md).toMatch(/<pre[^>]*><code[^>]*>[\s\S]*const[\s\S]*<\/code><\/pre>/);
  });
});

describe('served from a sub-path', () => {
  it('prefixes every internal link and asset with the base path', () => {
    const build = runBuild(basic, { base: '/hindsight/' });
    expect(build.status, build.stderr).toBe(0);
    expect(readOut(build.outDir, 'index.html')).toContain('href="/hindsight/postmortems/2024-06-06-api-leak/"');
    expect(brokenLinks(build.outDir, '/hindsight/')).toEqual([]);
  });
});

describe('preview build (--drafts)', () => {
  it('includes drafts, each with a visible banner', () => {
    const build = runBuild(basic, { drafts: true });
    expect(build.status, build.stderr).toBe(0);
    const html = readOut(build.outDir, 'postmortems/2024-06-06-vampire-draft/index.html');
    expect(html).toContain('Captain Caffeine');
    expect(html).toMatch(/role="note"[^>]*>[^<]*Preview/);
    expect(readOut(build.outDir, 'postmortems/2024-06-06-api-leak/index.html')).not.toMatch(/Preview: this postmortem is/);
  });
});

describe('a failed build', () => {
  it('keeps the previous dist/ as it was', () => {
    const good = runBuild(basic);
    expect(good.status).toBe(0);
    const before = listFiles(good.outDir).sort();
    const result = spawnSync(process.execPath, [path.join(ROOT, 'src/cli/build.ts'), '--out', good.outDir], {
      cwd: ROOT,
      env: { ...process.env, HINDSIGHT_CONTENT_DIR: path.join(FIXTURES, 'broken') },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(listFiles(good.outDir).sort()).toEqual(before);
  });
});

describe('an empty archive', () => {
  it('builds a site with no incident pages and no search index', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-empty-'));
    for (const file of ['services.yaml', 'root-causes.yaml', 'severities.yaml'])
      fs.copyFileSync(path.join(basic, file), path.join(dir, file));
    fs.mkdirSync(path.join(dir, 'postmortems'));
    const build = runBuild(dir);
    expect(build.status, build.stderr).toBe(0);
    expect(build.stdout).toContain('Building 0 postmortems, internal edition…');
    expect(fs.existsSync(path.join(build.outDir, 'index.html'))).toBe(true);
    expect(fs.existsSync(path.join(build.outDir, 'pagefind'))).toBe(false);
  });
});

describe('HTML in frontmatter text', () => {
  it('is shown as text and never runs', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-html-'));
    fs.cpSync(basic, dir, { recursive: true });
    const file = path.join(dir, 'postmortems/2023/2023-03-14-checkout-deploy.md');
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    let text = fs.readFileSync(file, 'utf8');
    text = text
      .replace('title: "Checkout deploy broke payments"', `title: '${hostile}'`)
      .replace('description: "Checkout returned errors."', `description: '${hostile}'`);
    fs.writeFileSync(file, text);
    const build = runBuild(dir);
    expect(build.status, build.stderr).toBe(0);
    for (const page of ['postmortems/2023-03-14-checkout-deploy/index.html', 'index.html', 'postmortems/index.html']) {
      const html = readOut(build.outDir, page);
      expect(html, page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html, page).not.toContain('<script>alert(1)');
      expect(html, page).not.toMatch(/<img src="?x"? onerror/);
    }
  });
});
