import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles, readOut, runBuild, type BuildResult } from './helpers/build.ts';
import { fileText, source, VALID_BODY } from './helpers/content.ts';
import { validateContent } from '../src/validate/validate.ts';
import { figureColumns, figureTable } from './helpers/insights-fixture.ts';

/**
 * One build of an archive that spans 1990 to 2026 and whose text fields carry every class of
 * character that is allowed (markup characters, quotes, emoji, non-BMP, right-to-left text, tabs
 * and line breaks where a field has several lines), plus twenty random postmortems that the
 * validator accepted (whatever validate accepts, the build builds): the feeds and the sitemap stay
 * well-formed XML with every title intact (feed-items.ts), and the insights are drawn per year, so
 * the page stays small (insights.ts).
 */

const YEARS = Array.from({ length: 2026 - 1990 + 1 }, (_, i) => 1990 + i);
/** Text that a feed must escape or carry as it is, in one title each (a title is one line). */
const TITLES = [
  'p95 < 200 ms & "quotes" \'too\' </title><script>x</script>',
  'Rocket 🚀, maths 𝔘𝔫𝔦𝔠𝔬𝔡𝔢, a family 👩‍👩‍👧 and ]]> outside CDATA',
  'שלום: the RTL checkout مرحبا failed',
];
const SUMMARY = 'Line one with a\ttab & a < b > c "quotes".\nLine two: 🚀 𝔘 שלום.';

const REGISTRIES = {
  services: { path: 'services.yaml', text: '- id: pay\n  name: "Pay & Go <EU> 🚀"\n- id: web\n  name: "Storefront «ünï» שלום"\n' },
  rootCauses: { path: 'root-causes.yaml', text: '- id: deploy\n  name: "Deploy & config"\n' },
  severities: { path: 'severities.yaml', text: '- id: SEV1\n  name: Critical\n- id: SEV2\n  name: Major\n- id: SEV3\n  name: Minor\n' },
};
const BODY = `## Timeline\n\nSee above.\n\n${VALID_BODY}`;
const DATES = { now: '2026-11-24', earliestYear: 1990 };

/** Random text with the characters feeds must escape, any code point, and whole graphemes. */
const piece = fc.oneof(
  fc.constantFrom(
    '&',
    '<',
    '>',
    ']]>',
    '"',
    "'",
    '&amp;',
    '&#0;',
    '\t',
    '\n',
    '\u00a0',
    '\u200b',
    '\u0301',
    '🚀',
    '𝔘',
    'ש',
    '\\',
    '{x}',
    '---',
    ': ',
    '- ',
    '<!--',
    '<![CDATA[',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 5 }),
);
const randomText = fc.array(piece, { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));

/** Twenty random postmortems (a fixed seed) that the validator accepts, dated in 2025. */
function acceptedFuzzCases(): { slug: string; title: string; text: string }[] {
  const found: { slug: string; title: string; text: string }[] = [];
  for (const values of fc.sample(fc.array(randomText, { minLength: 9, maxLength: 9 }), { numRuns: 2000, seed: 11 })) {
    if (found.length === 20) break;
    const n = found.length;
    const slug = `2025-${String(1 + Math.floor(n / 2)).padStart(2, '0')}-${n % 2 ? '20' : '10'}-fuzz-${n}`;
    const [title, summary, impact, trigger, author, event, actionTitle, owner, linkTitle] = values as string[];
    const fm = {
      title,
      summary,
      status: 'published',
      severity: 'SEV3',
      started: `${slug.slice(0, 10)}T10:00:00Z`,
      resolved: `${slug.slice(0, 10)}T11:00:00Z`,
      services: ['web'],
      rootCauses: ['deploy'],
      impact: { description: impact },
      trigger,
      authors: [author],
      timeline: [{ at: '10:30', event }],
      actionItems: [{ title: actionTitle, owner, status: 'open' }],
      links: [{ title: linkTitle, url: 'https://example.com/' }],
    };
    let text: string;
    try {
      text = fileText(fm, BODY);
    } catch {
      continue;
    }
    const result = validateContent({
      registries: REGISTRIES,
      postmortems: [source(`${slug}.mdx`, text)],
      defaultTimezone: 'UTC',
      dates: DATES,
    });
    if (result.entries.length === 1) found.push({ slug, title: result.entries[0]!.data.title, text });
  }
  return found;
}

let build: BuildResult;
let dir: string;
let fuzz: { slug: string; title: string; text: string }[];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-wide-'));
  for (const registry of Object.values(REGISTRIES)) fs.writeFileSync(path.join(dir, registry.path), registry.text);
  fs.mkdirSync(path.join(dir, 'postmortems'));
  fuzz = acceptedFuzzCases();
  for (const f of fuzz) fs.writeFileSync(path.join(dir, 'postmortems', `${f.slug}.mdx`), f.text);
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
    fs.writeFileSync(path.join(dir, 'postmortems', `${year}-01-15-incident-${i}.mdx`), fileText(fm, BODY));
  });
  // The public edition, every postmortem public: it has the sitemap this test parses.
  build = runBuild(dir, {
    env: {
      HINDSIGHT_NOW: '2026-11-24',
      HINDSIGHT_EARLIEST_YEAR: '1990',
      HINDSIGHT_EDITION: 'public',
      HINDSIGHT_DEFAULT_VISIBILITY: 'public',
    },
  });
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
  it('builds, with twenty random postmortems that validate accepted', () => {
    expect(fuzz).toHaveLength(20);
    expect(build.status, build.stderr + build.stdout).toBe(0);
  });

  it('keep rss.xml well-formed, every title exactly as written', () => {
    const items = parse(readOut(build.outDir, 'rss.xml')).rss.channel.item as { title: string; link: string; description: string }[];
    const titles = new Map([
      ...YEARS.map((year, i) => [`${year}-01-15-incident-${i}`, `${TITLES[i % TITLES.length]} (${year})`] as const),
      ...fuzz.map((f) => [f.slug, f.title] as const),
    ]);
    // The fifty newest: the random ones (2025) and the newest 30 of the others.
    expect(items).toHaveLength(50);
    for (const item of items) {
      const slug = /\/postmortems\/([^/]+)\/$/.exec(item.link)![1]!;
      expect(item.title, slug).toBe(`[SEV3] ${titles.get(slug)}`);
    }
    expect(items.filter((i) => i.link.includes('-incident-')).map((i) => i.description)).toEqual(Array(30).fill(SUMMARY));
  });

  it('keep every service feed and the sitemap well-formed', () => {
    const feeds = listFiles(build.outDir)
      .filter((f) => /^services\/[^/]+\/rss\.xml$/.test(f))
      .sort();
    expect(feeds).toEqual(['services/pay/rss.xml', 'services/web/rss.xml']);
    const counts = feeds.map((f) => (parse(readOut(build.outDir, f)).rss.channel.item ?? []).length);
    expect(counts).toEqual([19, 38]);
    const sitemap = parse(readOut(build.outDir, 'sitemap-0.xml'));
    expect(sitemap.urlset.url.length).toBeGreaterThan(57);
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
