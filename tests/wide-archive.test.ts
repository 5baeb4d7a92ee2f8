import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles, readOut, runBuild, type BuildResult } from './helpers/build.ts';
import { fileText, VALID_BODY } from './helpers/content.ts';
import { figureColumns, figureTable } from './helpers/insights-fixture.ts';

/**
 * One build of an archive that spans 1990 to 2026 and whose text fields carry every class of
 * character that is allowed (markup characters, quotes, emoji, non-BMP, right-to-left text, tabs
 * and line breaks where a field has several lines): the feeds and the sitemap stay well-formed
 * XML (feed-items.ts) and the insights are drawn per year, so the page stays small (insights.ts).
 */

const YEARS = Array.from({ length: 2026 - 1990 + 1 }, (_, i) => 1990 + i);
/** Text that a feed must escape or carry as it is, in one title each (a title is one line). */
const TITLES = [
  'p95 < 200 ms & "quotes" \'too\' </title><script>x</script>',
  'Rocket 🚀, maths 𝔘𝔫𝔦𝔠𝔬𝔡𝔢, a family 👩‍👩‍👧 and ]]> outside CDATA',
  'שלום: the RTL checkout مرحبا failed',
];
const SUMMARY = 'Line one with a\ttab & a < b > c "quotes".\nLine two: 🚀 𝔘 שלום.';

let build: BuildResult;
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-wide-'));
  fs.writeFileSync(path.join(dir, 'services.yaml'), '- id: pay\n  name: "Pay & Go <EU> 🚀"\n- id: web\n  name: "Storefront «ünï» שלום"\n');
  fs.writeFileSync(path.join(dir, 'root-causes.yaml'), '- id: deploy\n  name: "Deploy & config"\n');
  fs.writeFileSync(path.join(dir, 'severities.yaml'), '- id: SEV1\n  name: Critical\n- id: SEV2\n  name: Major\n- id: SEV3\n  name: Minor\n');
  fs.mkdirSync(path.join(dir, 'postmortems'));
  YEARS.forEach((year, i) => {
    const fm = {
      title: `${TITLES[i % TITLES.length]} (${year})`,
      summary: SUMMARY,
      status: 'published',
      severity: 'SEV3',
      started: `${year}-01-15T10:00:00Z`,
      detected: `${year}-01-15T10:05:00Z`,
      resolved: `${year}-01-15T11:00:00Z`,
      services: [i % 2 ? 'web' : 'pay'],
      rootCauses: ['deploy'],
      impact: { description: `Users saw errors & retries.\n\tSecond line ${TITLES[1]}` },
      trigger: TITLES[2],
      authors: ['Zoë Ångström', 'عمر'],
      timeline: [{ at: '10:00', event: SUMMARY, kind: 'trigger' }],
      actionItems: [{ title: TITLES[0], owner: 'SRE & Ops', status: 'open', due: '2099-01-01' }],
      links: [{ title: TITLES[1], url: 'https://example.com/a?b=1&c=2' }],
    };
    fs.writeFileSync(path.join(dir, 'postmortems', `${year}-01-15-incident.mdx`.replace('incident', `incident-${i}`)), fileText(fm, `## Timeline\n\nSee above.\n\n${VALID_BODY}`));
  });
  build = runBuild(dir, { env: { HINDSIGHT_NOW: '2026-11-24', HINDSIGHT_EARLIEST_YEAR: '1990' } });
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (build) fs.rmSync(build.outDir, { recursive: true, force: true });
});

const parse = (xml: string) => {
  expect(XMLValidator.validate(xml)).toBe(true);
  return new XMLParser({ isArray: (name) => name === 'item' || name === 'url', htmlEntities: true }).parse(xml);
};

describe('feeds with every allowed character class (feed-items.ts)', () => {
  it('builds', () => {
    expect(build.status, build.stderr + build.stdout).toBe(0);
  });

  it('keep rss.xml well-formed, every title and summary exactly as written', () => {
    const items = parse(readOut(build.outDir, 'rss.xml')).rss.channel.item as { title: string; description: string }[];
    expect(items).toHaveLength(37);
    expect(items.map((i) => i.title)).toEqual(YEARS.map((year, i) => `[SEV3] ${TITLES[i % TITLES.length]} (${year})`).reverse());
    expect(new Set(items.map((i) => i.description))).toEqual(new Set([SUMMARY]));
  });

  it('keep every service feed and the sitemap well-formed', () => {
    const feeds = listFiles(build.outDir).filter((f) => /^services\/[^/]+\/rss\.xml$/.test(f)).sort();
    expect(feeds).toEqual(['services/pay/rss.xml', 'services/web/rss.xml']);
    const counts = feeds.map((f) => (parse(readOut(build.outDir, f)).rss.channel.item ?? []).length);
    expect(counts).toEqual([19, 18]);
    const sitemap = parse(readOut(build.outDir, 'sitemap-0.xml'));
    expect(sitemap.urlset.url.length).toBeGreaterThan(37);
  });
});

describe('a 1990–2026 archive on the insights page (insights.ts)', () => {
  it('is drawn per year: 37 columns, not 443 months', () => {
    const html = readOut(build.outDir, 'insights/index.html');
    expect(figureColumns(html, 'per-month')[0]).toBe('Year');
    const rows = figureTable(html, 'per-month');
    expect(rows).toHaveLength(37);
    expect([rows[0]![0], rows.at(-1)![0]]).toEqual(['1990', '2026']);
    expect(figureTable(html, 'time-to-resolve').map((r) => r[0])).toEqual(YEARS.map(String));
    expect(readOut(build.outDir, 'insights/incidents-per-month.csv').split('\n')[0]).toBe('year,SEV1,SEV2,SEV3,total');
  });

  it('keeps the insights page and a service page small', () => {
    expect(fs.statSync(path.join(build.outDir, 'insights/index.html')).size).toBeLessThan(300 * 1024);
    const service = readOut(build.outDir, 'services/pay/index.html');
    expect(service).toContain('Incidents per year with this service, by severity');
    expect(service.length).toBeLessThan(300 * 1024);
  });
});
