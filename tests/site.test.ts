import fs from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { contentSecurityPolicy, sha256Source } from '../src/site/csp.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, listFiles, readOut, runBuild, type BuildResult } from './helpers/build.ts';
import { brokenLinks } from './helpers/links.ts';

/**
 * The archive site on the `site` fixture, whose memberships are known: 6 published postmortems
 * across 4 services, 5 root causes, 4 tags, 4 years and 4 severities, one draft (service `mail`,
 * root cause `hardware`, tag `secret-tag`, named in `related` by a published one and naming one
 * itself), and registry entries with no published incident (mail, hardware, SEV4).
 */

const site = path.join(FIXTURES, 'site');
const BF = '2022-11-25-black-friday-saturation';
const DNS = '2023-03-14-dns-outage';
const APID = '2023-09-03-api-deploy';
const LEAK = '2024-06-06-api-leak';
const PAY = '2024-12-31-payments-timeout';
const WEB = '2025-07-19-web-deploy';
const DRAFT = '2025-08-01-mail-draft';
const PUBLISHED = [WEB, PAY, LEAK, APID, DNS, BF]; // newest first
// The fixture's newest incident (a draft) started on 2025-08-01: a build date before it would refuse it.
const NOW = { HINDSIGHT_NOW: '2025-08-02' };

/** Every index page and the incidents it must list, newest first. */
const MEMBERS: Record<string, string[]> = {
  'services/api': [LEAK, APID, DNS],
  'services/web': [WEB, APID, BF],
  'services/payments': [PAY, BF],
  'services/mail': [],
  'root-causes/capacity': [PAY, BF],
  'root-causes/dns': [PAY, DNS],
  'root-causes/deploy': [WEB, LEAK, APID],
  'root-causes/memory-leak': [LEAK],
  'root-causes/hardware': [],
  'tags/peak': [LEAK, BF],
  'tags/checkout': [APID, BF],
  'tags/network': [DNS],
  'tags/frontend': [WEB],
  'years/2022': [BF],
  'years/2023': [APID, DNS],
  'years/2024': [PAY, LEAK],
  'years/2025': [WEB],
  'severities/SEV1': [LEAK, BF],
  'severities/SEV2': [PAY, DNS],
  'severities/SEV3': [WEB, APID],
  'severities/SEV4': [],
};

const SEARCH_PARAM: Record<string, string> = {
  services: 'service',
  'root-causes': 'rootCause',
  tags: 'tag',
  years: 'year',
  severities: 'severity',
};

const page = (out: string, route: string) => readOut(out, `${route.replace(/^\/|\/$/g, '')}/index.html`.replace(/^\//, ''));

/** The incidents an incident list on a page links to, in order. */
function listed(html: string, base: string): string[] {
  const lists = html.match(/<ol class="[^"]*\bincident-list\b[^"]*">[\s\S]*?<\/ol>/g) ?? [];
  return lists.flatMap((list) => [...list.matchAll(new RegExp(`<a href="${base}postmortems/([^/"]+)/">`, 'g'))].map((m) => m[1]!));
}

/** The incidents a titled section of an incident page links to ("Related incidents"). */
function section(html: string, heading: string, base = '/'): string[] {
  const match = new RegExp(`<h2>${heading}</h2>([\\s\\S]*?)</section>`).exec(html);
  return match ? [...match[1]!.matchAll(new RegExp(`href="${base}postmortems/([^/"]+)/"`, 'g'))].map((m) => m[1]!) : [];
}

/** The duration cards of a page: label -> value. */
function cards(html: string): Record<string, string> {
  const block = /<dl class="durations[^"]*"[^>]*>([\s\S]*?)<\/dl>/.exec(html)?.[1] ?? '';
  return Object.fromEntries([...block.matchAll(/<dt>([^<]+)<\/dt><dd>(.*?)<\/dd>/g)].map((m) => [m[1]!, m[2]!.replace(/<[^>]+>/g, '')]));
}

function rssItems(xml: string): { title: string; link: string }[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({ isArray: (name) => name === 'item' }).parse(xml);
  return doc.rss.channel.item ?? [];
}

describe('the archive site at the root', () => {
  let build: BuildResult;
  let out: string;
  beforeAll(() => {
    build = runBuild(site, { env: NOW });
    out = build.outDir;
  });

  it('builds one incident page per published postmortem, and one search entry each', () => {
    expect(build.status, build.stderr).toBe(0);
    expect(build.stdout).toContain('Building 6 postmortems, internal edition…');
    const incidentPages = listFiles(out).filter((f) => /^postmortems\/[^/]+\/index\.html$/.test(f) && !/^postmortems\/\d+\//.test(f));
    expect(incidentPages.map((f) => f.split('/')[1]).sort()).toEqual([...PUBLISHED].sort());
    const indexed = listFiles(out).filter((f) => f.endsWith('.html') && readOut(out, f).includes('data-pagefind-body'));
    expect(indexed.sort()).toEqual(incidentPages.sort());
    for (const file of indexed) expect(readOut(out, file).match(/data-pagefind-body/g), file).toHaveLength(1);
  });

  it('lists exactly the right incidents, newest first, on every index page, with counts and a search link', () => {
    for (const [route, members] of Object.entries(MEMBERS)) {
      const html = page(out, route);
      expect(listed(html, '/'), route).toEqual(members);
      if (members.length === 0) {
        expect(html, route).toMatch(/No incidents for (this service|this root cause|SEV4) yet\./);
        continue;
      }
      expect(html, route).toContain(`<dt>Incidents</dt><dd>${members.length}</dd>`);
      expect(html, route).toContain(`<dt>Last incident</dt><dd><a href="/postmortems/${members[0]}/">${members[0]!.slice(0, 10)}</a></dd>`);
      const [kind, id] = route.split('/') as [string, string];
      expect(html, route).toContain(`href="/search/?${SEARCH_PARAM[kind]}=${id}"`);
    }
  });

  it('leaves the draft out of every index and gives its tag no page', () => {
    expect(fs.existsSync(path.join(out, 'tags/secret-tag'))).toBe(false);
    expect(fs.readdirSync(path.join(out, 'tags')).sort()).toEqual(['checkout', 'frontend', 'index.html', 'network', 'peak']);
    expect(fs.readdirSync(path.join(out, 'years')).sort()).toEqual(['2022', '2023', '2024', '2025', 'index.html']);
    for (const file of listFiles(out)) {
      const text = fs.readFileSync(path.join(out, file));
      expect(text.includes('Zanzibarquux') || text.includes(DRAFT), file).toBe(false);
    }
  });

  it('shows a service and a root cause with incidents per year, median time to resolve and counts on the lists', () => {
    const api = page(out, 'services/api');
    expect(api).toContain('<dt>Median time to resolve</dt><dd>1 h 30 min</dd>'); // 90, 45 and 150 min
    expect(api).toMatch(
      /Per year:<\/span> <a href="\/years\/2024\/">2024<\/a>: <span class="per-year-count">1<\/span> · <a href="\/years\/2023\/">2023<\/a>: <span class="per-year-count">2<\/span>/,
    );
    expect(page(out, 'services/web')).toContain('<dt>Median time to resolve</dt><dd>45 min</dd>'); // 150, 45, 20
    expect(page(out, 'services/payments')).toContain('<dt>Median time to resolve</dt><dd>3 h 15 min</dd>'); // (150 + 240) / 2
    expect(page(out, 'services/api')).toContain('class="slice-insights"');
    expect(page(out, 'root-causes/deploy')).toContain('class="slice-insights"');
    expect(page(out, 'services')).toMatch(/Public API<\/a> <span class="count">3 incidents<\/span>/);
    expect(page(out, 'services')).toMatch(/Mail<\/a> <span class="count">0 incidents<\/span>/);
    expect(page(out, 'root-causes')).toMatch(/Memory leak<\/a> <span class="count">1 incident<\/span>/);
    expect(page(out, 'severities')).toMatch(/SEV4 · Low<\/a> <span class="count">0 incidents<\/span>/);
    expect(page(out, 'tags')).toMatch(/href="\/tags\/peak\/">peak<\/a> <span class="count">2<\/span>/);
    expect(page(out, 'years')).toMatch(/href="\/years\/2023\/">2023<\/a> <span class="count">2 incidents<\/span>/);
  });

  it('has a home page with the latest incidents, totals and an entry point to every index and to search', () => {
    const home = page(out, '/');
    expect(listed(home, '/')).toEqual(PUBLISHED);
    expect(cards(home)).toEqual({ Incidents: '6', 'Last 12 months': '2', 'Open action items': '3', Overdue: '1' });
    for (const href of [
      '/postmortems/',
      '/services/',
      '/root-causes/',
      '/tags/',
      '/severities/',
      '/years/',
      '/years/2024/',
      '/severities/SEV1/',
      '/search/',
      '/action-items/',
      '/insights/',
      '/rss.xml',
    ]) {
      expect(home, href).toContain(`href="${href}"`);
    }
    expect(home).toMatch(/<form[^>]*role="search"[^>]*action="\/search\/"[^>]*method="get"/);
    expect(home).toContain('type="search" name="q"');
    expect(listed(page(out, 'postmortems'), '/')).toEqual(PUBLISHED);
  });

  it('links related incidents both ways, never to an incident outside the build', () => {
    expect(section(page(out, `postmortems/${BF}`), 'Related incidents')).toEqual([DNS]);
    expect(section(page(out, `postmortems/${DNS}`), 'Related incidents').sort()).toEqual([BF, LEAK].sort());
    expect(section(page(out, `postmortems/${LEAK}`), 'Related incidents')).toEqual([DNS]);
    expect(section(page(out, `postmortems/${WEB}`), 'Related incidents')).toEqual([]);
    // Similar incidents never repeat a related one, nor the incident itself.
    for (const slug of PUBLISHED) {
      const html = page(out, `postmortems/${slug}`);
      const similar = section(html, 'Similar incidents');
      expect(similar, slug).not.toContain(slug);
      for (const id of section(html, 'Related incidents')) expect(similar, slug).not.toContain(id);
    }
    expect(section(page(out, `postmortems/${PAY}`), 'Similar incidents')).toContain(BF); // shares payments and capacity
  });

  it('computes durations from the times and shows them in the incident zone with its abbreviation', () => {
    const bf = page(out, `postmortems/${BF}`);
    expect(cards(bf)).toEqual({ 'Time to detect': '10 min', 'Time to mitigate': '1 h 5 min', 'Time to resolve': '2 h 30 min' });
    expect(bf).toContain('2022-11-25 09:00 EST</time>');
    expect(bf).toMatch(
      /<li class="kind-detected key-moment"><time datetime="2022-11-25T09:10:00-05:00"[^>]*>09:10 EST<\/time><span class="offset"[^>]*>\+0:10<\/span>/,
    );
    expect(bf).toMatch(/<li class="kind-trigger"><time[^>]*>09:00 EST<\/time><span class="offset"[^>]*>\+0:00<\/span>/);
    // Across midnight: the date is shown, the offset keeps counting.
    const dns = page(out, `postmortems/${DNS}`);
    expect(dns).toContain('2023-03-14 23:50 CET</time>');
    expect(dns).toMatch(/Mar 15, 01:20 CET<\/time> \(1 h 30 min\)/);
    expect(dns).toMatch(/Mar 15, 01:20 CET<\/time><span class="offset"[^>]*>\+1:30<\/span>/);
    expect(cards(dns)).toEqual({ 'Time to resolve': '1 h 30 min' });
    expect(page(out, `postmortems/${APID}`)).toContain('2023-09-03 19:30 IST</time>');
    expect(page(out, `postmortems/${LEAK}`)).toContain('2024-06-06 09:00 EAT</time>');
    // Kampala: en-US says GMT+3; the site asks Ugandan English, which says EAT.
    const pay = page(out, `postmortems/${PAY}`);
    expect(pay).toContain('2024-12-31 22:00 EAT</time>');
    expect(pay).toMatch(/Jan 1, 02:00 EAT<\/time> \(4 h\)/);
    expect(page(out, `postmortems/${WEB}`)).toContain('2025-07-19 15:00 UTC</time>');
  });

  it('shows the fact sheet, action items with overdue ones marked, table of contents, previous / next and the edit link', () => {
    const leak = page(out, `postmortems/${LEAK}`);
    expect(leak).toContain('SEV1 · Critical</a>');
    expect(leak).toContain('<a href="/services/api/">Public API</a>');
    expect(leak).toContain('<a href="/root-causes/memory-leak/">Memory leak</a>, <a href="/root-causes/deploy/">Bad deploy</a>');
    expect(leak).toContain('<dd>Ada, Grace</dd>');
    expect(leak).toContain('<a href="/tags/peak/">peak</a>');
    const rows = [...leak.matchAll(/<tr( class="overdue")?><td>([^<]+)<\/td>/g)].map((m) => [m[2], Boolean(m[1])]);
    expect(rows).toEqual([
      ['Upgrade the auth library', false],
      ['Alert on memory growth', true],
    ]);
    expect(leak).toMatch(
      /2024-07-01<strong class="overdue-mark"> overdue<\/strong><\/td><td data-label="Link"><a href="https:\/\/tracker\.example\.com\/SRE-7">tracker\.example\.com<\/a>/,
    );
    // A column shows only when some item fills it: Black Friday's one item has no due date and no link.
    const headers = (html: string) =>
      [.../<section class="action-items"[\s\S]*?<thead>([\s\S]*?)<\/thead>/.exec(html)![1]!.matchAll(/<th scope="col">([^<]+)<\/th>/g)].map(
        (m) => m[1],
      );
    expect(headers(leak)).toEqual(['Action', 'Owner', 'Type', 'Status', 'Due', 'Link']);
    expect(headers(page(out, `postmortems/${BF}`))).toEqual(['Action', 'Owner', 'Type', 'Status']);
    expect(page(out, `postmortems/${DNS}`)).not.toContain('overdue-mark'); // due 2099
    expect(leak).toMatch(
      /<nav class="toc[^"]*"[\s\S]*href="#incident-timeline"[\s\S]*href="#incident-action-items"[\s\S]*href="#root-cause"/,
    );
    expect(leak).toMatch(new RegExp(`rel="prev" href="/postmortems/${PAY}/"`));
    expect(leak).toMatch(new RegExp(`rel="next" href="/postmortems/${APID}/"`));
    expect(leak).toContain(`href="https://github.com/example/hindsight/edit/main/tests/fixtures/site/postmortems/${LEAK}.mdx"`);
    expect(page(out, `postmortems/${WEB}`)).not.toContain('rel="prev"');
    expect(page(out, `postmortems/${BF}`)).not.toContain('rel="next"');
  });

  it('publishes well-formed feeds, the archive as JSON and the JSON Schema', () => {
    const items = rssItems(readOut(out, 'rss.xml'));
    expect(items.map((i) => i.link)).toEqual(PUBLISHED.map((s) => `https://example.github.io/postmortems/${s}/`));
    expect(items[0]!.title).toBe('[SEV3] Storefront deploy blanked the home page');
    expect(rssItems(readOut(out, 'services/api/rss.xml')).map((i) => i.link)).toEqual(
      MEMBERS['services/api']!.map((s) => `https://example.github.io/postmortems/${s}/`),
    );
    expect(rssItems(readOut(out, 'services/mail/rss.xml'))).toEqual([]);
    expect(page(out, 'services/api')).toContain(
      '<link rel="alternate" type="application/rss+xml" title="Public API incidents" href="/services/api/rss.xml">',
    );
    const json = JSON.parse(readOut(out, 'postmortems.json'));
    expect(json.count).toBe(6);
    expect(json.postmortems.map((p: { slug: string }) => p.slug)).toEqual(PUBLISHED);
    // `related` names only postmortems in the archive: the draft's slug is not published.
    expect(json.postmortems.find((p: { slug: string }) => p.slug === LEAK).related).toEqual([DNS]);
    expect(json.postmortems.at(-1)).toMatchObject({
      slug: BF,
      url: `https://example.github.io/postmortems/${BF}/`,
      services: ['web', 'payments'],
      durations: { toDetect: 600_000, toMitigate: 3_900_000, toResolve: 9_000_000, impact: 3_900_000 },
    });
    const schema = JSON.parse(readOut(out, 'schema/postmortem.json'));
    expect(schema.properties.services.items.enum.sort()).toEqual(['api', 'mail', 'payments', 'web']);
    expect(schema.properties.rootCauses.items.enum.sort()).toEqual(['capacity', 'deploy', 'dns', 'hardware', 'memory-leak']);
    // The internal edition has no sitemap; the public edition's is checked in tests/editions.test.ts and wide-archive.test.ts.
    expect(fs.existsSync(path.join(out, 'sitemap-0.xml'))).toBe(false);
  });

  it('has a 404 page and no broken internal link or asset', () => {
    expect(readOut(out, '404.html')).toContain('Page not found');
    expect(brokenLinks(out)).toEqual([]);
  });

  it('runs no script but the theme toggle (search pages aside)', () => {
    for (const file of ['index.html', `postmortems/${LEAK}/index.html`, 'services/api/index.html', 'postmortems/index.html']) {
      const html = readOut(out, file);
      expect(html.match(/<script/g), file).toHaveLength(2); // the theme, before paint and the toggle
      expect(html, file).not.toMatch(/<script[^>]+src=/);
      // The policy allows exactly the scripts the page holds, hashed from their text as built.
      const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]?.replaceAll('&#39;', "'");
      expect(policy, file).toBe(contentSecurityPolicy());
      const hashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => sha256Source(m[1]!));
      expect(policy!.match(/'sha256-[^']+'/g), file).toEqual(hashes);
    }
    // No page, search included, holds an inline style or a script the policy does not hash.
    for (const file of listFiles(out).filter((f) => f.endsWith('.html'))) {
      const html = readOut(out, file);
      expect(html, file).not.toMatch(/<style|<[^>]+\sstyle=/);
      const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => sha256Source(m[1]!));
      expect(
        inline.every((hash) => contentSecurityPolicy().includes(hash)),
        file,
      ).toBe(true);
    }
  });
});

describe('the archive site under a base path', () => {
  let out: string;
  beforeAll(() => {
    const build = runBuild(site, { base: '/hindsight/', env: NOW });
    expect(build.status, build.stderr).toBe(0);
    out = build.outDir;
  });

  it('prefixes every link, feed item and search link with the base path, and every one resolves', () => {
    expect(brokenLinks(out, '/hindsight/')).toEqual([]);
    expect(listed(page(out, '/'), '/hindsight/')).toEqual(PUBLISHED);
    for (const [route, members] of Object.entries(MEMBERS)) expect(listed(page(out, route), '/hindsight/'), route).toEqual(members);
    expect(page(out, '/')).toMatch(/<form[^>]*role="search"[^>]*action="\/hindsight\/search\/"/);
    expect(page(out, 'services/api')).toContain('href="/hindsight/search/?service=api"');
    expect(section(page(out, `postmortems/${DNS}`), 'Related incidents', '/hindsight/').sort()).toEqual([BF, LEAK].sort());
    expect(rssItems(readOut(out, 'rss.xml')).map((i) => i.link)).toEqual(
      PUBLISHED.map((s) => `https://example.github.io/hindsight/postmortems/${s}/`),
    );
    expect(JSON.parse(readOut(out, 'postmortems.json')).postmortems[0].url).toBe(`https://example.github.io/hindsight/postmortems/${WEB}/`);
  });
});

describe('a preview build with drafts', () => {
  let out: string;
  beforeAll(() => {
    const build = runBuild(site, { drafts: true, env: NOW });
    expect(build.status, build.stderr).toBe(0);
    out = build.outDir;
  });

  it('links the draft both ways and lists it where it belongs', () => {
    expect(section(page(out, `postmortems/${LEAK}`), 'Related incidents').sort()).toEqual([DNS, DRAFT].sort());
    expect(section(page(out, `postmortems/${WEB}`), 'Related incidents')).toEqual([DRAFT]);
    expect(section(page(out, `postmortems/${DRAFT}`), 'Related incidents').sort()).toEqual([LEAK, WEB].sort());
    expect(listed(page(out, 'services/mail'), '/')).toEqual([DRAFT]);
    expect(listed(page(out, 'tags/secret-tag'), '/')).toEqual([DRAFT]);
    expect(brokenLinks(out)).toEqual([]);
  });
});
