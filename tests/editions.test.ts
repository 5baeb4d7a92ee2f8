import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../hindsight.config.ts';
import { readEditionSecrets } from '../src/build/edition-snapshot-fs.ts';
import { readSettings } from '../src/config/settings.ts';
import { leakIndex } from '../src/build/leak-check.ts';
import { findLeaks } from '../src/build/leak-check-fs.ts';
import { buildEnv, FIXTURES, listFiles, readOut, ROOT, runBuild, startBuild, type BuildResult } from './helpers/build.ts';
import { treeSnapshot } from './helpers/tree.ts';

/**
 * The two editions of one archive (tests/fixtures/editions): two public postmortems (one .mdx,
 * one .md, each with an <Internal> passage and internal-only fields), two internal ones (one by
 * default, one by `visibility: internal`) and a public draft. Each secret holds a marker word
 * found nowhere else in the fixture.
 */

const CONTENT = path.join(FIXTURES, 'editions');
const NOW = { HINDSIGHT_NOW: '2026-11-24' };
const PUBLIC = ['2023-11-02-public-dns', '2024-06-06-public-leak'];
const INTERNAL = ['2024-03-01-internal-db', '2024-04-10-internal-explicit'];
/** Words of internal postmortems, <Internal> passages, internal-only fields and the draft. */
const MARKERS = {
  internalPostmortems: [
    'axolotlregion',
    'salamanderdb',
    'iguanastore',
    'chinchillajob',
    'tarsiermigration',
    'ocelotvacuum',
    'secretivetag',
    'meerkatindexer',
    'lemurcrawler',
  ],
  internalPassages: ['narwhalhost', 'capybaraqueue', 'flamingoticket'],
  internalFields: ['quillfeather', 'wombatteam', 'wombatticket', 'pangolinboard', 'flamingoteam'],
  draft: ['gerbilgateway'],
};

/** Every file of a site as lowercase text, gzip-compressed ones (the search index) unpacked. */
function siteText(dir: string): Map<string, string> {
  return new Map(
    listFiles(dir).map((file) => {
      let bytes = fs.readFileSync(path.join(dir, file));
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = zlib.gunzipSync(bytes);
      return [file, bytes.toString('utf8').toLowerCase()];
    }),
  );
}

const containing = (site: Map<string, string>, word: string) => [...site].filter(([, text]) => text.includes(word)).map(([file]) => file);
const incidentPages = (dir: string) =>
  fs
    .readdirSync(path.join(dir, 'postmortems'))
    .filter((d) => /^\d{4}-/.test(d))
    .sort();

describe('editions', () => {
  let publicBuild: BuildResult;
  let internalBuild: BuildResult;
  let publicSite: Map<string, string>;
  let internalSite: Map<string, string>;

  beforeAll(async () => {
    [publicBuild, internalBuild] = await Promise.all([
      startBuild(CONTENT, { env: NOW, args: ['--edition', 'public'] }),
      startBuild(CONTENT, { env: NOW }),
    ]);
    expect(publicBuild.status, publicBuild.stderr).toBe(0);
    expect(internalBuild.status, internalBuild.stderr).toBe(0);
    publicSite = siteText(publicBuild.outDir);
    internalSite = siteText(internalBuild.outDir);
  });
  afterAll(() => {
    for (const build of [publicBuild, internalBuild]) if (build) fs.rmSync(build.outDir, { recursive: true, force: true });
  });

  it('public: no marker of internal text in any byte of the site, search index unpacked', () => {
    expect(publicSite.size).toBeGreaterThan(30);
    expect([...publicSite.keys()].some((f) => f.startsWith('pagefind/fragment/'))).toBe(true);
    for (const word of Object.values(MARKERS).flat()) expect(containing(publicSite, word), word).toEqual([]);
    expect(publicBuild.stdout).toContain('public edition: left out 2 internal postmortems');
    expect(publicBuild.stdout).toContain('leak check: no internal text in the public edition');
  });

  it('public: pages, counts, feeds, JSON, sitemap, related lists and the search index hold the public postmortems alone', () => {
    const out = publicBuild.outDir;
    expect(incidentPages(out)).toEqual(PUBLIC);
    const json = JSON.parse(readOut(out, 'postmortems.json')) as {
      count: number;
      postmortems: { slug: string; authors?: unknown; links?: unknown; actionItems?: { owner?: string }[] }[];
    };
    expect(json.count).toBe(2);
    expect(json.postmortems.map((p) => p.slug).sort()).toEqual(PUBLIC);
    for (const p of json.postmortems) {
      expect(p.authors).toBeUndefined();
      expect(p.links).toBeUndefined();
      for (const item of p.actionItems ?? []) expect(item.owner).toBeUndefined();
    }
    expect(readOut(out, 'rss.xml').match(/<item>/g)).toHaveLength(2);
    expect(readOut(out, 'sitemap-0.xml')).not.toMatch(/internal-/);
    const entry = JSON.parse(readOut(out, 'pagefind/pagefind-entry.json')) as { languages: Record<string, { page_count: number }> };
    expect(Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0)).toBe(2);
    const leak = readOut(out, 'postmortems/2024-06-06-public-leak/index.html');
    expect(leak).toContain('href="/postmortems/2023-11-02-public-dns/"');
    expect(leak).not.toContain('internal-db');
    expect(leak).not.toMatch(/<th scope="col">Owner<\/th>/);
    expect(leak).not.toContain('class="internal"');
    // The source file holds every <Internal> passage: the public edition does not link to it.
    for (const slug of PUBLIC) expect(readOut(out, `postmortems/${slug}/index.html`)).not.toMatch(/Edit this postmortem|\.mdx?</);
    expect(fs.existsSync(path.join(out, 'action-items', 'owners'))).toBe(false);
    expect(readOut(out, 'index.html')).toContain('<span>Every follow-up, by status</span>');
    // Registry entries only internal postmortems name get no page, and services no team.
    expect(fs.readdirSync(path.join(out, 'services')).sort()).toEqual(['api-server', 'checkout', 'index.html']);
    expect(fs.readdirSync(path.join(out, 'root-causes')).sort()).toEqual(['dns', 'index.html', 'memory-leak']);
    expect(containing(publicSite, 'team: platform')).toEqual([]);
    const schema = JSON.parse(readOut(out, 'schema/postmortem.json')) as { properties: { rootCauses: { items: { enum: string[] } } } };
    expect(schema.properties.rootCauses.items.enum.sort()).toEqual(['dns', 'memory-leak']);
    expect(readOut(out, 'robots.txt')).toBe('User-agent: *\nAllow: /\n\nSitemap: https://example.github.io/sitemap-index.xml\n');
    expect(leak).not.toContain('name="robots"');
  });

  it('internal: every published postmortem, the <Internal> passages marked, noindex on every page, robots.txt that disallows all, no sitemap', () => {
    const out = internalBuild.outDir;
    expect(incidentPages(out)).toEqual([...PUBLIC, ...INTERNAL].sort());
    for (const word of [
      ...MARKERS.internalPostmortems.filter((w) => w !== 'secretivetag'),
      ...MARKERS.internalPassages,
      ...MARKERS.internalFields,
    ])
      expect(containing(internalSite, word).length, word).toBeGreaterThan(0);
    for (const word of MARKERS.draft) expect(containing(internalSite, word), word).toEqual([]);
    const leak = readOut(out, 'postmortems/2024-06-06-public-leak/index.html');
    expect(leak).toMatch(
      /<aside class="internal" aria-label="Internal only"><p class="internal-label">Internal<\/p><p>The leak was found on host narwhalhost-7/,
    );
    expect(readOut(out, 'postmortems/2023-11-02-public-dns/index.html')).toMatch(
      /<aside class="internal"[^>]*><p class="internal-label">Internal<\/p>\s*(<p>)?The change ticket was flamingoticket-88/,
    );
    expect(leak).toContain('>Edit this postmortem</a>');
    expect(readOut(out, 'index.html')).toContain('<span>Every follow-up, by status and owner</span>');
    expect(fs.readdirSync(path.join(out, 'services')).sort()).toEqual(['api-server', 'checkout', 'index.html', 'search']);
    expect(fs.existsSync(path.join(out, 'root-causes', 'deploy', 'index.html'))).toBe(true);
    expect(containing(internalSite, 'team: platform').sort()).toEqual(['services/api-server/index.html', 'services/index.html']);
    const pages = listFiles(out).filter((f) => f.endsWith('.html'));
    for (const page of pages) expect(readOut(out, page), page).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(readOut(out, 'robots.txt')).toBe('User-agent: *\nDisallow: /\n');
    expect(listFiles(out).filter((f) => f.startsWith('sitemap'))).toEqual([]);
  });

  it('the leak check finds every kind of secret in a site that holds them (the internal edition, checked as if public)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-editions-'));
    try {
      const snapshot = path.join(dir, 'archive.json');
      const run = spawnSync(process.execPath, [path.join(ROOT, 'src/cli/validate.ts'), '--snapshot', snapshot], {
        cwd: ROOT,
        env: buildEnv({ ...NOW, HINDSIGHT_CONTENT_DIR: CONTENT, HINDSIGHT_EDITION: 'public' }),
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(0);
      const secrets = readEditionSecrets(snapshot)!;
      const sources = new Set(findLeaks(internalBuild.outDir, leakIndex(secrets.secrets, secrets.published)).map((l) => l.source));
      expect([...sources].sort()).toEqual([
        'an <Internal> passage of 2023-11-02-public-dns',
        'an <Internal> passage of 2024-06-06-public-leak',
        'an internal-only field of 2023-11-02-public-dns',
        'an internal-only field of 2024-06-06-public-leak',
        'postmortem 2024-03-01-internal-db (not in the public edition)',
        'postmortem 2024-04-10-internal-explicit (not in the public edition)',
      ]);
      expect(findLeaks(publicBuild.outDir, leakIndex(secrets.secrets, secrets.published))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a leak fails the build and leaves the output folder as it was (a search fragment planted after Pagefind, gzip-compressed)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-leak-'));
    try {
      const resolver = path.join(ROOT, 'node_modules', 'pagefind', 'lib', 'resolveBinary.js');
      const { resolveBinaryPath } = (await import(resolver)) as { resolveBinaryPath: (names: string[]) => string };
      // The real Pagefind, then one more fragment holding a sentence of an internal postmortem.
      const secret = 'pagefind_dcd{"content":"The ocelotvacuum process then failed the health check, and the cluster failed over."}';
      const wrapper = path.join(dir, 'pagefind');
      fs.writeFileSync(
        wrapper,
        `#!/bin/sh\n${JSON.stringify(resolveBinaryPath(['pagefind_extended', 'pagefind']))} "$@" || exit $?\n` +
          `while [ "$1" != --output-path ]; do shift; done\nprintf '%s' '${secret}' | gzip > "$2/fragment/en_0planted.pf_fragment"\n`,
        { mode: 0o755 },
      );
      const out = publicBuild.outDir;
      const before = treeSnapshot(out);
      const build = runBuild(CONTENT, { env: { ...NOW, PAGEFIND_BINARY_PATH: wrapper }, args: ['--edition', 'public', '--out', out] });
      expect(build.status, build.stdout).toBe(1);
      expect(build.stderr).toBe(
        `build: the public edition would publish internal text; "${out}" was left as it was:\n` +
          '  - pagefind/fragment/en_0planted.pf_fragment: postmortem 2024-03-01-internal-db (not in the public edition) ("the ocelotvacuum process then failed the health check")\n',
      );
      expect(build.stdout).not.toContain('✔ Built');
      expect(treeSnapshot(out)).toEqual(before);
      // Nothing staged beside it is left behind.
      expect(fs.readdirSync(path.dirname(out)).filter((name) => name.startsWith(`.${path.basename(out)}.`))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown edition before building anything', () => {
    const build = runBuild(CONTENT, { env: { ...NOW, HINDSIGHT_EDITION: 'partner' } });
    expect(build.status).toBe(2);
    expect(build.stderr).toBe('build: HINDSIGHT_EDITION="partner" is not an edition: use internal or public\n');
  });
});

describe('the sitemap setting', () => {
  const sitemap = (env: Record<string, string>, internalSitemap: boolean) =>
    readSettings(env, { cwd: ROOT, today: '2026-11-24', file: { ...config, internalSitemap } }).settings?.sitemap;

  it('gives the internal edition a sitemap only when internalSitemap says so; the public edition always has one', () => {
    expect(sitemap({}, false)).toBe(false);
    expect(sitemap({}, true)).toBe(true);
    expect(sitemap({ HINDSIGHT_EDITION: 'public' }, false)).toBe(true);
  });
});
