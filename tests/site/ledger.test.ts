import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byOwner, ledgerItems, ownerSummaries, statusCounts } from '../../src/site/ledger.ts';
import { listFiles, readOut, runBuild, type BuildResult } from '../helpers/build.ts';
import { INSIGHTS_FIXTURE, NOW, publishedEntries } from '../helpers/insights-fixture.ts';

/**
 * The action-item ledger on tests/fixtures/insights (build date 2026-11-24), worked out by hand.
 * Its ten published action items, newest incident first:
 *   2026-11-20-dns            Review the DNS TTLs              sre            in-progress prevent  due 2026-11-23  overdue
 *                             List the DNS provider's contacts sre            open        mitigate due 2026-11-24  (due today: not overdue)
 *   2026-09-30-payments-deploy Load test before deploys        Platform Team  open        prevent  due 2026-12-31
 *   2026-04-30-late-night-…   Block deploys during the batch   Web team       done        prevent
 *   2026-04-14-queue-backlog  Autoscale the queue workers      Platform Team  open        prevent  due 2026-06-01  overdue
 *                             Alert on queue depth             sre            done        detect
 *   2025-11-25-web-deploy     Canary deploys for the storefront Web team      in-progress process  due 2027-01-15
 *   2025-05-20-cert-expiry    Automate certificate renewal     sre            open        prevent  due 2025-07-01  overdue
 *   2025-03-10-db-failover    Add a read replica               Platform Team  done        prevent  due 2025-04-01  (done: not overdue)
 *                             Alert on replication lag         sre            wont-do     detect
 * The draft's item ("Ghost crew", "Sekretwort") must appear nowhere.
 */

const items = ledgerItems(publishedEntries(), NOW);

describe('ledgerItems', () => {
  it('lists every action item with its incident, newest incident first', () => {
    expect(items.map((i) => [i.incident, i.title])).toEqual([
      ['2026-11-20-dns', 'Review the DNS TTLs'],
      ['2026-11-20-dns', "List the DNS provider's contacts"],
      ['2026-09-30-payments-deploy', 'Load test before deploys'],
      ['2026-04-30-late-night-payments', 'Block deploys during the payment batch'],
      ['2026-04-14-queue-backlog', 'Autoscale the queue workers'],
      ['2026-04-14-queue-backlog', 'Alert on queue depth'],
      ['2025-11-25-web-deploy', 'Canary deploys for the storefront'],
      ['2025-05-20-cert-expiry', 'Automate certificate renewal'],
      ['2025-03-10-db-failover', 'Add a read replica'],
      ['2025-03-10-db-failover', 'Alert on replication lag'],
    ]);
    expect(items[0]).toMatchObject({
      owner: 'sre',
      ownerSlug: 'sre',
      type: 'prevent',
      status: 'in-progress',
      due: '2026-11-23',
      incidentTitle: 'Incident 2026-11-20-dns',
    });
  });
  it('marks overdue what is due before the build date and neither done nor dropped', () => {
    expect(items.filter((i) => i.overdue).map((i) => i.title)).toEqual([
      'Review the DNS TTLs',
      'Autoscale the queue workers',
      'Automate certificate renewal',
    ]);
    // The same items a day earlier: the TTL review (due 2026-11-23) is not late yet.
    expect(ledgerItems(publishedEntries(), '2026-11-23').filter((i) => i.overdue)).toHaveLength(2);
  });
  it('counts by status', () => {
    expect(statusCounts(items)).toEqual({ open: 4, 'in-progress': 2, done: 3, 'wont-do': 1, overdue: 3 });
  });
  it('groups by owner, under a URL-safe slug', () => {
    const owners = byOwner(items);
    expect([...owners].map(([slug, g]) => [slug, g.owner, g.items.length])).toEqual([
      ['sre', 'sre', 5],
      ['platform-team', 'Platform Team', 3],
      ['web-team', 'Web team', 2],
    ]);
  });
  it('sums up each owner, most unfinished first', () => {
    // sre: TTL review, contacts and cert renewal unfinished, the review and the renewal overdue;
    // Platform Team: load test and autoscale (overdue); Web team: canary.
    expect(ownerSummaries(items)).toEqual([
      { slug: 'sre', owner: 'sre', total: 5, unfinished: 3, overdue: 2 },
      { slug: 'platform-team', owner: 'Platform Team', total: 3, unfinished: 2, overdue: 1 },
      { slug: 'web-team', owner: 'Web team', total: 2, unfinished: 1, overdue: 0 },
    ]);
  });
  it('handles an archive without action items', () => {
    expect(ledgerItems([], NOW)).toEqual([]);
    expect(statusCounts([])).toEqual({ open: 0, 'in-progress': 0, done: 0, 'wont-do': 0, overdue: 0 });
  });
});

describe('the built ledger (HINDSIGHT_NOW=2026-11-24, base /hindsight/)', () => {
  let build: BuildResult;
  beforeAll(() => {
    build = runBuild(INSIGHTS_FIXTURE, { base: '/hindsight/', env: { HINDSIGHT_NOW: NOW } });
  });
  const page = (p: string) => readOut(build.outDir, `action-items/${p}index.html`);
  const rows = (html: string) =>
    [...html.matchAll(/<tr( class="overdue")?>\s*<td>(?:<a [^>]*>)?([^<]*)/g)].map((m) => ({ title: m[2]!, overdue: Boolean(m[1]) }));

  it('builds', () => {
    expect(build.status, build.stderr + build.stdout).toBe(0);
  });
  it('lists every item with its incident link, counts by status and marks the overdue ones', () => {
    const html = page('');
    const stats = Object.fromEntries([...html.matchAll(/<dt[^>]*>([^<]+)<\/dt><dd[^>]*>(\d+)<\/dd>/g)].map((m) => [m[1], Number(m[2])]));
    expect(stats).toEqual({ 'Action items': 10, Open: 4, 'In progress': 2, Done: 3, "Won't do": 1, Overdue: 3 });
    expect(rows(html)).toHaveLength(10);
    expect(
      rows(html)
        .filter((r) => r.overdue)
        .map((r) => r.title),
    ).toEqual(['Review the DNS TTLs', 'Autoscale the queue workers', 'Automate certificate renewal']);
    expect(html).toContain('href="/hindsight/postmortems/2026-11-20-dns/"');
    expect(html).toContain('href="/hindsight/action-items/owners/platform-team/"');
    expect(html.match(/<strong class="overdue-mark"> overdue<\/strong>/g)).toHaveLength(3);
    expect(html).toMatch(/<a class="chip" href="\/hindsight\/action-items\/" aria-current="page">All<\/a>/);
    expect(html).toMatch(
      /<th scope="row"><a href="\/hindsight\/action-items\/owners\/sre\/">sre<\/a><\/th><td[^>]*>3<\/td><td[^>]*><strong class="overdue-mark">2<\/strong><\/td><td[^>]*>5<\/td>/,
    );
  });
  it('has a plain page per status and per type', () => {
    const counts = {
      'status/open/': 4,
      'status/in-progress/': 2,
      'status/done/': 3,
      'status/wont-do/': 1,
      'type/prevent/': 6,
      'type/detect/': 2,
      'type/process/': 1,
      'type/mitigate/': 1,
    };
    for (const [p, n] of Object.entries(counts)) expect(rows(page(p)), p).toHaveLength(n);
    expect(page('').match(/href="\/hindsight\/action-items\/(status|type)\/[a-z-]+\/"/g)).toHaveLength(8);
    expect(page('type/detect/')).toMatch(
      /<a class="chip" href="\/hindsight\/action-items\/type\/detect\/" aria-current="page">detect<\/a>/,
    );
    expect(page('type/detect/')).not.toContain('By owner');
    expect(rows(page('status/done/')).map((r) => r.title)).toEqual([
      'Block deploys during the payment batch',
      'Alert on queue depth',
      'Add a read replica',
    ]);
  });
  it('has a page per owner', () => {
    expect(page('owners/platform-team/')).toContain('Action items of Platform Team');
    expect(rows(page('owners/platform-team/')).map((r) => r.title)).toEqual([
      'Load test before deploys',
      'Autoscale the queue workers',
      'Add a read replica',
    ]);
    expect(rows(page('owners/sre/'))).toHaveLength(5);
    expect(rows(page('owners/web-team/'))).toHaveLength(2);
  });
  it("never shows a draft's action items", () => {
    for (const file of listFiles(build.outDir).filter((f) => f.startsWith('action-items/') || f.startsWith('insights/'))) {
      const text = readOut(build.outDir, file);
      expect(text, file).not.toContain('Sekretwort');
      expect(text, file).not.toContain('Ghost crew');
    }
    expect(listFiles(build.outDir).some((f) => f.includes('ghost'))).toBe(false);
  });
});

describe('a long ledger', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-ledger-'));
  let build: BuildResult;
  beforeAll(() => {
    for (const f of ['services.yaml', 'root-causes.yaml', 'severities.yaml'])
      fs.copyFileSync(path.join(INSIGHTS_FIXTURE, f), path.join(dir, f));
    fs.mkdirSync(path.join(dir, 'postmortems'));
    const items = Array.from(
      { length: 330 },
      (_, i) => `  - title: "Follow-up ${i + 1}"\n    owner: "${i % 2 ? 'sre' : 'Web team'}"\n    status: open\n    type: prevent`,
    ).join('\n');
    fs.writeFileSync(
      path.join(dir, 'postmortems', '2026-01-05-many.mdx'),
      `---\ntitle: "Many follow-ups"\nsummary: "Lots."\nstatus: published\nseverity: SEV3\nstarted: 2026-01-05T10:00:00Z\nresolved: 2026-01-05T11:00:00Z\nservices: [api]\nrootCauses: [dns]\nimpact:\n  description: "Some."\nactionItems:\n${items}\n---\n\n## Timeline\n\nx\n\n## Root cause and resolution\n\ny\n\n## Lessons learned\n\nz\n`,
    );
    build = runBuild(dir, { env: { HINDSIGHT_NOW: NOW } });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('pages a hundred items at a time, everywhere, the rest on the first page with the counts', () => {
    expect(build.status, build.stderr + build.stdout).toBe(0);
    const out = (p: string) => readOut(build.outDir, `action-items/${p}index.html`);
    const count = (html: string) => (html.match(/<tr>\s*<td>/g) ?? []).length;
    expect([count(out('')), count(out('2/')), count(out('3/'))]).toEqual([130, 100, 100]);
    expect(out('')).toContain('Page 1 of 3');
    expect(out('')).toContain('<dt>Action items</dt><dd>330</dd>');
    // Later pages show nothing that changes when items are added (src/site/paging.ts).
    expect(out('2/')).not.toContain('<dt>Action items</dt>');
    expect(out('2/')).toMatch(/Page 2 of 3, newest first; the counts are on the <a href="\/action-items\/">first page<\/a>/);
    expect(out('2/')).toMatch(/rel="prev"[^>]*href="\/action-items\/"|href="\/action-items\/"[^>]*rel="prev"/);
    expect([count(out('owners/sre/')), count(out('owners/sre/2/'))]).toEqual([65, 100]);
    expect(out('owners/sre/')).toContain('<dt>Action items</dt><dd>165</dd>');
    expect([count(out('status/open/')), count(out('status/open/3/'))]).toEqual([130, 100]);
  });
});
