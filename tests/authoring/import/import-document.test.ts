import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HindsightError } from '../../../src/format/errors.ts';
import { findMojibake } from '../../../src/validate/mojibake.ts';
import { makeDocx } from '../../helpers/docx.ts';
import { CERT_ROTATION_DOCX } from '../../fixtures/import/docx-cert-rotation.ts';
import { FAILOVER_DOCX } from '../../fixtures/import/docx-failover.ts';
import { check, importFixture, OPTIONS, TODAY, validData } from './helpers.ts';

/**
 * Realistic postmortems from six systems, each checked field by field: title, severity, zone,
 * every timeline entry's instant and offset, every action item's owner, status and due date,
 * and where it came from. Each one is a draft that validates without errors.
 */

const at = (data: { timeline?: { at: string }[] }) => data.timeline!.map((e) => e.at);
const items = (data: { actionItems?: { title: string; owner: string; status: string; due?: string }[] }) =>
  data.actionItems!.map(({ title, owner, status, due }) => ({ title, owner, status, due }));

describe('a Word file (.docx, made by tests/helpers/docx.ts)', async () => {
  const result = await importFixture('failover.docx', {}, makeDocx(FAILOVER_DOCX));
  const data = validData(result);

  it('reads the title style, the bold labels and the zone in the timeline heading (CET in February: +01:00)', () => {
    expect(result.format).toBe('docx');
    expect(data).toMatchObject({
      title: 'Database failover left orders read-only',
      severity: 'SEV2',
      timezone: 'Europe/Berlin',
      status: 'draft',
    });
    expect(result.slug).toBe('2024-02-12-database-failover-left-orders-read-only');
  });

  it('reads the timeline table, entries after midnight on the next day', () => {
    expect(at(data)).toEqual([
      '2024-02-12T23:30:00+01:00',
      '2024-02-12T23:34:00+01:00',
      '2024-02-12T23:52:00+01:00',
      '2024-02-13T00:05:00+01:00',
      '2024-02-13T00:21:00+01:00',
    ]);
    expect([data.started, data.detected, data.mitigated, data.resolved]).toEqual([
      '2024-02-12T23:30:00+01:00',
      '2024-02-12T23:34:00+01:00',
      '2024-02-13T00:05:00+01:00',
      '2024-02-13T00:21:00+01:00',
    ]);
  });

  it('reads the action-item table: owners, statuses, due dates (a date without a year is the next one after the incident)', () => {
    expect(items(data)).toEqual([
      { title: 'Clear the read-only flag in the failover script', owner: 'dba-team', status: 'done', due: '2024-02-20' },
      { title: 'Rehearse failovers monthly', owner: 'platform', status: 'in-progress', due: '2024-03-15' },
      { title: 'Page the database team directly', owner: 'sre-team', status: 'wont-do', due: undefined },
      { title: 'Add a write-path canary', owner: 'TODO: owner', status: 'open', due: undefined },
    ]);
    expect(data.imported).toEqual({ from: 'Word', date: TODAY });
  });
});

describe('a Confluence export (confluenceTable, inline task list, page properties)', async () => {
  const result = await importFixture('confluence-inc-2291.html');
  const data = validData(result);

  it('reads the title without the space name, the properties and the zone of the timeline heading (CEST)', () => {
    expect(data).toMatchObject({
      title: 'INC-2291 Card payments declined in the EU',
      severity: 'SEV2',
      timezone: 'Europe/Berlin',
      authors: ['Amina Yusuf', 'Jonas Berg'],
      services: ['payments'],
      rootCauses: ['config-change'],
    });
    expect(data.imported).toEqual({ from: 'Confluence', url: 'https://wiki.example.com/display/PAY/INC-2291', date: TODAY });
    expect(result.warnings).toContain('severity SEV2 was read from "Sev 2": check it');
  });

  it('places every entry at +02:00, the last after midnight', () => {
    expect(at(data)).toEqual(
      ['14:05', '14:12', '14:31', '15:02', '23:55'].map((t) => `2024-07-03T${t}:00+02:00`).concat('2024-07-04T00:10:00+02:00'),
    );
    expect(data.timeline!.map((e) => e.kind ?? '-')).toEqual(['trigger', 'detected', 'escalated', 'mitigated', '-', 'resolved']);
    expect(data.resolved).toBe('2024-07-04T00:10:00+02:00');
  });

  it('reads the tasks: the box, a mention and a date, "(owner: …) due …", "— owner: … — In progress"', () => {
    expect(items(data)).toEqual([
      { title: 'Roll back fraud-rules v42', owner: '@jonas', status: 'done', due: '2024-07-05' },
      { title: 'Add a canary stage for fraud rules', owner: 'platform', status: 'open', due: '2024-08-01' },
      { title: 'Alert on the decline rate per region', owner: 'sre-team', status: 'in-progress', due: undefined },
      { title: 'Document the shadow-mode switch in the runbook', owner: 'TODO: owner', status: 'done', due: undefined },
    ]);
  });

  it('keeps "What went wrong" apart from "What went well", both under Lessons learned', () => {
    expect(result.body).toContain(
      '## Lessons learned\n\n### What went well\n\n- The decline-rate alert fired within seven minutes.\n\n### What went wrong\n\n- Rule changes skip the canary stage.\n- Nobody knew shadow mode existed until 15:00.\n',
    );
    // The page's chrome (breadcrumbs, "last modified on Jan 08, 2025", footer) is not the postmortem.
    expect(result.text).not.toMatch(/Jan 08, 2025|Document generated/);
  });
});

describe('a Google Docs export (bold by CSS class and inline style, tables, redirect links, PST on the day DST began)', async () => {
  const result = await importFixture('google-docs-search.html');
  const data = validData(result);

  it('reads title, "Severity: High" as SEV2, and PST on 9 March 2025 as Los Angeles time, then on -07:00', () => {
    expect(data).toMatchObject({
      title: 'Search latency spike during index rebuild',
      severity: 'SEV2',
      timezone: 'America/Los_Angeles',
      services: ['search'],
      rootCauses: ['capacity'],
    });
    expect(at(data)).toEqual(['09:40', '09:52', '10:15', '11:05'].map((t) => `2025-03-09T${t}:00-07:00`));
    expect(result.warnings).toContain('severity SEV2 was read from "High": check it');
    expect(data.imported).toEqual({ from: 'Google Docs', date: TODAY });
  });

  it('reads the action table with owner, due, status and ticket link (Google redirect unwrapped)', () => {
    expect(data.actionItems).toEqual([
      {
        title: 'Throttle index rebuilds',
        owner: 'Priya',
        status: 'done',
        type: 'process',
        due: '2025-03-21',
        link: 'https://jira.example.com/browse/SRCH-12',
      },
      { title: 'Alert on rebuild duration', owner: 'search-team', status: 'in-progress', type: 'detect', due: '2025-03-28' },
      { title: 'Move rebuilds to a separate cluster', owner: 'TODO: owner', status: 'wont-do', type: 'process' },
    ]);
  });

  it('keeps the impact bullets as a list, and links and bold text in the prose', () => {
    expect(result.body).toContain('## Impact\n\n- p99 search latency rose from 120 ms to 4.2 s\n- About 30% of searches timed out\n');
    expect(data.impact.description).toBe('p99 search latency rose from 120 ms to 4.2 s; About 30% of searches timed out');
    expect(result.body).toContain(
      'a scheduler **capacity** change moved it into business hours. See the [search dashboard](https://grafana.example.com/d/search).',
    );
  });
});

describe('a Notion export (properties table, to-do list, "All times are JST")', async () => {
  const result = await importFixture('notion-dns.html');
  const data = validData(result);

  it('reads the properties: date, severity, services and tags', () => {
    expect(data).toMatchObject({
      title: 'DNS outage after registrar change',
      severity: 'SEV1',
      timezone: 'Asia/Tokyo',
      services: ['api-server', 'search'],
      tags: ['dns', 'vendor'],
      rootCauses: ['third-party-dependency'],
    });
    expect(data.imported).toEqual({ from: 'Notion', date: TODAY });
  });

  it('reads "22:50 — …" items at +09:00, the ones after midnight on 3 November', () => {
    expect(at(data)).toEqual([
      '2024-11-02T22:50:00+09:00',
      '2024-11-02T23:05:00+09:00',
      '2024-11-02T23:40:00+09:00',
      '2024-11-03T00:15:00+09:00',
      '2024-11-03T00:40:00+09:00',
    ]);
    expect(data.resolved).toBe('2024-11-03T00:40:00+09:00');
  });

  it('reads the checkboxes, "— owner: …", "@kenji by Dec 15" and "(owner: …) — In progress"', () => {
    expect(items(data)).toEqual([
      { title: 'Lower TTLs before any registrar change', owner: 'sre-team', status: 'done', due: undefined },
      { title: 'Monitor NS records from outside our network', owner: '@kenji', status: 'open', due: '2024-12-15' },
      { title: 'Write a registrar-change checklist', owner: 'platform', status: 'in-progress', due: undefined },
    ]);
  });

  it('leaves the impact, which the page does not state, as a TODO that validate names as a warning', () => {
    expect(data.impact.description).toBe('TODO: who was affected, how, and for how long');
    expect(check(result).diagnostics.find((d) => d.field === 'impact.description')).toMatchObject({ rule: 'todo', severity: 'warning' });
    expect(result.todos).toEqual(['impact', 'Lessons learned']);
  });
});

describe('Markdown with Jekyll frontmatter (P1, product, categories, PST in October)', async () => {
  const result = await importFixture('jekyll-cache-stampede.md');
  const data = validData(result);

  it('maps the foreign keys: title, date, severity, product to a service, categories and tags, author', () => {
    expect(data).toMatchObject({
      title: 'Cache stampede took the catalogue down',
      severity: 'SEV1',
      services: ['search'],
      tags: ['postmortem', 'caching', 'redis', 'black-friday'],
      authors: ['Priya Natarajan'],
    });
    expect(data.imported).toEqual({ from: 'jekyll-cache-stampede.md', date: TODAY });
  });

  it('reads the zone from a plain "Timeline (times in PST)" line: Los Angeles, on -07:00 in October, and says so', () => {
    expect(data.timezone).toBe('America/Los_Angeles');
    expect(at(data)).toEqual(['08:12', '08:15', '08:31', '08:58', '09:20'].map((t) => `2023-10-27T${t}:00-07:00`));
    expect(result.warnings).toContain(
      'PST means UTC-8, but America/Los_Angeles was on UTC-07:00 that day: times were read as local time there',
    );
  });

  it('reads the task list: [x], "(owner: …) — due …", "— owner: …, due by Nov 30", "Won\'t do", "@maria"', () => {
    expect(items(data)).toEqual([
      { title: 'Add jitter to cache TTLs', owner: 'platform', status: 'done', due: '2023-11-10' },
      { title: 'Request coalescing in the catalogue service', owner: 'sre-team', status: 'open', due: '2023-11-30' },
      { title: 'Move the cache to memcached', owner: 'TODO: owner', status: 'wont-do', due: undefined },
      { title: 'Load-test the catalogue at 3x peak', owner: '@maria', status: 'open', due: undefined },
    ]);
    expect(result.body).toContain('## How we fixed it\n');
  });
});

describe('a plain-text report (Title: line, plain headings, "All times are JST", numbered actions)', async () => {
  const result = await importFixture('sso-login-failures.txt');
  const data = validData(result);

  it('reads the metadata lines and the zone note', () => {
    expect(result.format).toBe('text');
    expect(data).toMatchObject({
      title: 'Login failures for SSO users',
      severity: 'SEV3',
      timezone: 'Asia/Tokyo',
      services: ['api-server'],
      rootCauses: ['config-change'],
    });
    expect(data.impact).toEqual({ description: '12% of users could not log in; Support received 230 tickets', usersAffected: 12 });
  });

  it('places every entry at +09:00; the window in the text gives start and end', () => {
    expect(at(data)).toEqual(['09:10', '09:14', '09:30', '09:48', '10:02'].map((t) => `2024-07-18T${t}:00+09:00`));
    expect([data.started, data.detected, data.mitigated, data.resolved]).toEqual(
      ['09:10', '09:14', '09:48', '10:02'].map((t) => `2024-07-18T${t}:00+09:00`),
    );
  });

  it('reads owners, statuses and due dates written in the line', () => {
    expect(items(data)).toEqual([
      { title: 'Automate certificate distribution', owner: 'identity', status: 'in-progress', due: '2024-08-15' },
      { title: 'Announce rotations in the ops channel', owner: 'sre-team', status: 'done', due: undefined },
      { title: 'Add a runbook for SSO failures', owner: '@alice', status: 'open', due: '2024-09-01' },
    ]);
  });

  it('maps "Why it happened" to Root cause, keeps impact bullets, and marks the missing Resolution TODO', () => {
    expect(result.body).toContain('## Impact\n\n- 12% of users could not log in\n- Support received 230 tickets\n');
    expect(result.body).toContain('## Root cause\n\nCertificate rotation is a configuration change');
    expect(result.body).toContain(
      '### What went well\n\n- Alerting fired within four minutes\n\n### What went wrong\n\n- The rotation was not announced\n',
    );
    expect(result.body).toMatch(/## Resolution\n\nTODO: what stopped the impact/);
    expect(result.todos).toEqual(['Resolution']);
  });
});

describe('the seed (two postmortems, Mac Roman mojibake, EAT times)', async () => {
  const seed = await importFixture('seed-memory-leak.txt');

  it('imports every timeline entry of the first postmortem at its time in Africa/Nairobi', () => {
    const data = validData(seed);
    expect(data.timezone).toBe('Africa/Nairobi');
    expect(data.started).toBe('2024-06-06T09:00:00+03:00');
    expect(at(data)).toEqual(
      ['09:00', '09:05', '09:15', '09:30', '10:00', '10:15', '10:45', '11:00', '11:15', '11:30'].map((t) => `2024-06-06T${t}:00+03:00`),
    );
    expect(data.timeline![3]!.event).toBe(
      'Suspecting a bug in the latest code deployment, the team started rolling back the deployment, but this did not resolve the issue.',
    );
    expect(data.timeline!.map((e) => e.kind ?? '-')).toEqual([
      'detected',
      '-',
      '-',
      '-',
      'escalated',
      '-',
      '-',
      '-',
      'mitigated',
      'resolved',
    ]);
    expect([data.detected, data.mitigated, data.resolved]).toEqual([
      '2024-06-06T09:00:00+03:00',
      '2024-06-06T11:15:00+03:00',
      '2024-06-06T11:30:00+03:00',
    ]);
    expect(data.impact.usersAffected).toBe(40);
    expect(seed.slug).toBe('2024-06-06-api-server-memory-leak');
  });

  it('turns the corrective measures into action items with a TODO owner, and keeps the prose around them', () => {
    const list = seed.frontmatter.actionItems as { title: string; owner: string; type: string }[];
    expect(list.map((i) => i.title)).toEqual([
      'Upgrade the third-party library responsible for the memory leak to the latest stable version',
      'Implement more robust monitoring and alerting mechanisms to quickly detect and respond to memory-related issues in the API server',
      "Conduct a comprehensive review of the application's use of third-party libraries and dependencies to identify and address any potential vulnerabilities or performance issues",
      'Implement a more rigorous testing and deployment process, including load testing and canary deployments, to identify and mitigate issues before they reach production',
      'Provide additional training and knowledge sharing sessions for the engineering team on best practices for debugging and resolving memory-related issues in distributed systems',
    ]);
    expect(new Set(list.map((i) => i.owner))).toEqual(new Set(['TODO: owner']));
    expect(list.map((i) => i.type)).toEqual(['prevent', 'detect', 'process', 'prevent', 'process']);
    expect(seed.body).toContain('By taking these corrective and preventative measures');
    expect(seed.body).toContain('## Root Cause and Resolution');
  });

  it('finds both postmortems, imports the first and says how to pick the other', async () => {
    expect(seed.documents).toHaveLength(2);
    expect(seed.documents[1]).toBe('Sense of Humor on Postmoterm');
    expect(seed.warnings[0]).toMatch(/holds 2 postmortems .* imported number 1: pass --pick N/);
    expect(seed.text).not.toContain('Captain Caffeine');
    await expect(importFixture('seed-memory-leak.txt', { pick: 3 })).rejects.toThrow(HindsightError);
  });

  it('--pick 2 imports the retelling, with its emoji repaired', async () => {
    const result = await importFixture('seed-memory-leak.txt', { pick: 2 });
    expect(result.frontmatter.title).toBe('Sense of Humor on Postmoterm');
    expect(result.frontmatter.summary).toContain('dubbed the "Memory Vampire." 🧛‍♂️');
    expect(findMojibake(result.text)).toEqual([]);
    expect((result.frontmatter.timeline as unknown[]).length).toBe(5);
  });

  it('leaves what it cannot infer as TODO: warnings in a draft, so it never blocks a build', () => {
    expect(seed.todos).toEqual(['title', 'severity', 'actionItems', 'Lessons learned']);
    const d = check(seed).diagnostics;
    expect(d.filter((x) => x.severity === 'error')).toEqual([]);
    expect(d.find((x) => x.field === 'severity')).toMatchObject({
      rule: 'todo',
      severity: 'warning',
      message: 'is still a TODO placeholder ("TODO")',
      hint: 'choose one of SEV1, SEV2, SEV3, SEV4 (from severities.yaml)',
    });
    expect(d.filter((x) => x.field === 'severity')).toHaveLength(1);
    expect(d.filter((x) => x.rule === 'todo' && x.field?.endsWith('.owner'))).toHaveLength(5);
    expect(d.find((x) => x.field === 'title')).toMatchObject({
      severity: 'warning',
      hint: 'write one line that says what broke and how badly',
    });
  });
});

describe('a Confluence-style Markdown export (tables, UTC, past midnight, Windows-1252 mojibake)', async () => {
  const result = await importFixture('confluence-export.md');

  it('reads the table timeline and carries entries past midnight as full datetimes', () => {
    expect(result.frontmatter.timeline).toEqual([
      { at: '23:40', event: 'Config change currency-table-v2 pushed to production', kind: 'trigger' },
      { at: '23:43', event: 'Error-rate alert for checkout-api fires; on-call paged', kind: 'detected' },
      { at: '23:51', event: 'Incident escalated to the payments team', kind: 'escalated' },
      { at: '2024-11-30T00:05:00Z', event: 'Workaround: payments routed to the fallback processor, errors drop', kind: 'mitigated' },
      { at: '2024-11-30T00:27:00Z', event: 'Config reverted; checkout restored and error rate back to normal', kind: 'resolved' },
    ]);
    expect(result.frontmatter).toMatchObject({
      title: 'Checkout API returned 500s after a config push',
      severity: 'SEV2',
      timezone: 'UTC',
      started: '2024-11-29T23:40:00Z',
      resolved: '2024-11-30T00:27:00Z',
      authors: ['Amina', 'Jonas'],
    });
  });

  it('reads the action-item table with owners, statuses and due dates', () => {
    expect(result.frontmatter.actionItems).toEqual([
      {
        title: 'Validate the currency table schema in CI before a push',
        owner: '@jonas',
        status: 'in-progress',
        type: 'prevent',
        due: '2024-12-15',
      },
      { title: 'Alert on the share of rejected card payments', owner: 'payments-team', status: 'done', type: 'detect' },
      { title: 'Write a runbook for routing to the fallback processor', owner: 'TODO: owner', status: 'open', type: 'mitigate' },
    ]);
  });

  it('repairs mojibake and escapes what MDX would run, so the body passes the safety rule', () => {
    expect(result.frontmatter.summary).toContain('It didn’t affect browsing.');
    expect(result.body).toContain('an empty `{}` entry');
    expect(result.body).toContain('rate as \\<b>zero\\</b>');
    const validated = check(result);
    expect(validated.diagnostics.filter((d) => d.rule.startsWith('mdx') || d.rule.startsWith('unsafe'))).toEqual([]);
    // The root cause could not be matched to the registry: a TODO, a warning in a draft.
    expect(validated.diagnostics.filter((d) => d.rule === 'todo' && d.field === 'rootCauses[0]')).toMatchObject([{ severity: 'warning' }]);
    expect(validated.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('a terse plain-text report (24h UTC times, capital headings)', async () => {
  const result = await importFixture('terse-report.txt');

  it('reads dashes, brackets and continuation lines', () => {
    expect(result.frontmatter.timeline).toEqual([
      { at: '14:02', event: 'provider rotated its certificate', kind: 'trigger' },
      { at: '14:06', event: 'alerts fired on payment errors', kind: 'detected' },
      { at: '14:20', event: "escalated to the provider's support", kind: 'escalated' },
      { at: '14:55', event: 'pinned certificate updated, payments restored (confirmed by the provider at 15:00)', kind: 'resolved' },
    ]);
    expect(result.frontmatter).toMatchObject({
      title: 'Payments outage',
      severity: 'SEV1',
      started: '2025-03-14T14:02:00Z',
      services: ['payments'],
    });
  });

  it('maps its sections to ours and adds what is missing as TODO', () => {
    expect(result.body).toMatch(/^## Summary\n\n/);
    expect(result.body).toContain('## Root cause\n\nWe pinned');
    expect(result.body).toContain('## Fix\n\nUpdated the pin');
    expect(result.body).toContain('## Lessons learned\n\nTODO: what went well');
    expect((result.frontmatter.actionItems as { title: string }[]).map((a) => a.title)).toEqual([
      'Pin the CA, not the leaf certificate',
      'Add monitoring for certificate expiry and rotation of third parties',
    ]);
  });
});

describe('other shapes', () => {
  const text = (s: string) => new TextEncoder().encode(s);

  it('Hugo-style frontmatter: start and end times, a zone, keywords; a company that matches no service stays TODO', async () => {
    const result = await importFixture(
      'x.md',
      {},
      text(
        '---\ntitle: "Queue backlog delayed orders"\ndate: 2024-05-01T10:00:00+02:00\nstart: 2024-05-01T10:00:00+02:00\nend: "2024-05-01 11:30"\ntimezone: Europe/Berlin\nkeywords: [queues]\ncompany: Acme Shop\nseverity: Sev 3\n---\nOrders waited in the queue for ninety minutes before they were processed.\n',
      ),
    );
    expect(result.frontmatter).toMatchObject({
      title: 'Queue backlog delayed orders',
      severity: 'SEV3',
      started: '2024-05-01T10:00:00+02:00',
      resolved: '2024-05-01T11:30:00+02:00',
      timezone: 'Europe/Berlin',
      tags: ['queues'],
      services: ['TODO'],
    });
    expect(result.warnings).toContain('the document names "Acme Shop", which matches no service in services.yaml');
  });

  it('a plain-text report whose first line is its title', async () => {
    const result = await importFixture(
      'x.txt',
      {},
      text('Payments down for EU customers\n\nMay 2, 2024\n\nTimeline\n10:00 UTC - card payments failing\n'),
    );
    expect(result.frontmatter).toMatchObject({ title: 'Payments down for EU customers', started: '2024-05-02T10:00:00Z' });
    expect(result.body).not.toContain('Payments down for EU customers');
  });
});

describe('what it refuses or says', () => {
  it('refuses what the site would refuse to build (a line over 10,000 characters, a file over 1 MB), saying what to do', async () => {
    const long = `# Log dump\n\nDate: 2024-01-02\n\n${'x'.repeat(12_000)}\n`;
    await expect(importFixture('dump.md', {}, new TextEncoder().encode(long))).rejects.toThrow(
      new HindsightError('the line is 12,000 characters long, over the limit of 10,000', {
        hint: 'import the postmortem without its logs and data dumps (link to them instead), or split the document',
      }),
    );
    const big = `# Log dump\n\nDate: 2024-01-02\n\n${'word '.repeat(30).concat('\n\n').repeat(8_000)}`;
    await expect(importFixture('dump.md', {}, new TextEncoder().encode(big))).rejects.toThrow(
      /^the postmortem would be 1\.\d MB, over the site's 1 MB limit$/,
    );
  });

  it('refuses a text without a date, saying how to give one; --date gives one', async () => {
    const bytes = new TextEncoder().encode('# Database outage\n\n## Timeline\n\n- 10:00 UTC down\n');
    await expect(importFixture('x.md', {}, bytes)).rejects.toThrow(/names no date/);
    expect((await importFixture('x.md', { date: '2024-02-02' }, bytes)).slug).toBe('2024-02-02-database-outage');
  });

  it('names no zone: reads the default zone and says so, or the one given', async () => {
    const bytes = new TextEncoder().encode('# DB outage\n\n2024-01-10\n\n## Timeline\n\n- 10:00 failover\n');
    expect((await importFixture('x.md', {}, bytes)).warnings).toContain(
      'the text names no time zone: times were read as UTC; pass --timezone to choose another',
    );
    expect((await importFixture('x.md', { timezone: 'CET' }, bytes)).frontmatter.started).toBe('2024-01-10T10:00:00+01:00');
    await expect(importFixture('x.md', { timezone: 'Mars/Olympus' }, bytes)).rejects.toThrow(/not a time zone/);
  });

  it('never invents: an unknown severity word stays TODO with a note', async () => {
    const result = await importFixture('x.md', {}, new TextEncoder().encode('# Outage\n\nSeverity: catastrophic\n\nJune 3, 2024\n'));
    expect(result.frontmatter.severity).toBe('TODO');
    expect(result.warnings).toContain('the severity "catastrophic" matches none of severities.yaml: choose one');
    expect(OPTIONS.today).toBe(TODAY);
  });
});

describe('any document', () => {
  it('imports to a draft that validates without errors (so it never blocks a build), or fails with a reason', async () => {
    const piece = fc.oneof(
      fc.constantFrom(
        '# Title',
        '## Timeline (all times PST)',
        'Timeline',
        'ROOT CAUSE:',
        '## What went wrong',
        '## Action items',
        'Severity: High',
        'Title: x',
        'Date: March 9, 2025',
        'All times are IST.',
      ),
      fc.constantFrom(
        '- 9:30 AM EAT - rolled back',
        '14:02 — x',
        '[23:59] late',
        '| Time | Event |\n|---|---|\n| 00:10 | after midnight |',
        '- [x] Fix it (owner: a) due 2025-13-45',
        '- [ ] <script>alert(1)</script> @bob by Feb 30',
        '![x](data:image/png;base64,AA)',
        '[y](javascript:alert(1))',
      ),
      fc.string({ maxLength: 40 }),
      fc.string({
        unit: fc.constantFrom('{', '}', '<', '>', '`', '*', '_', '|', '#', ':', '-', ' ', 'a', '\n', '1', '2', '—'),
        maxLength: 40,
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 12 }), fc.constantFrom('a.md', 'a.txt', 'a.html'), async (pieces, name) => {
        let result;
        try {
          result = await importFixture(name, { date: '2025-03-09' }, new TextEncoder().encode(pieces.join('\n\n')));
        } catch (error) {
          expect(error).toBeInstanceOf(HindsightError);
          return;
        }
        expect(check(result).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      }),
      { numRuns: 150, seed: 16 },
    );
  });
});

// Documents in the shapes of public postmortems and real exports, written for these tests.

describe('a Word report with lists (Heading 1 "Incident Report –", PST in March, 12-hour times past midnight, day-first dates)', async () => {
  const result = await importFixture('cert-rotation.docx', {}, makeDocx(CERT_ROTATION_DOCX));
  const data = validData(result);

  it('reads the title, the bold labels (the zone among them) and the severity word', () => {
    expect(data).toMatchObject({ title: 'API gateway 503s', severity: 'SEV2', timezone: 'America/Los_Angeles' });
    expect(data.imported).toEqual({ from: 'Word', date: TODAY });
  });

  it('places 11:50 PM to 12:30 AM at -08:00, across midnight, with the workaround as the mitigation', () => {
    expect(at(data)).toEqual([
      '2024-03-03T23:50:00-08:00',
      '2024-03-03T23:58:00-08:00',
      '2024-03-04T00:20:00-08:00',
      '2024-03-04T00:30:00-08:00',
    ]);
    expect([data.detected, data.mitigated, data.resolved]).toEqual([
      '2024-03-03T23:58:00-08:00',
      '2024-03-04T00:20:00-08:00',
      '2024-03-04T00:30:00-08:00',
    ]);
  });

  it('reads numbered items (☒, "— Owner:", "(owner: …, due 15/03/2024)") and the table; 03/04/2024 is not guessed', () => {
    expect(items(data)).toEqual([
      { title: 'Restore the old certificate', owner: 'on-call', status: 'done', due: undefined },
      { title: 'Check chains before rotation', owner: 'security', status: 'open', due: '2024-03-15' },
      { title: 'Canary the rotation', owner: 'Platform', status: 'open', due: '2024-04-01' },
      { title: 'Alert on certificate expiry (due: 03/04/2024)', owner: 'SRE', status: 'done', due: undefined },
    ]);
  });

  it('keeps the nested impact bullets, and "Contributing factors" as the root cause', () => {
    expect(data.impact.description).toBe('About 34% of API requests failed; Mobile clients retried and recovered; No data was lost');
    expect(result.body).toContain('## Customer impact\n\n- About 34% of API requests failed\n  - Mobile clients retried and recovered\n');
    expect(result.body).toContain('## Root cause\n\nThe new certificate chain lacked an intermediate certificate.');
  });
});

describe('a Google Docs export with "Timeline (PST)" on the day summer time began', async () => {
  const result = await importFixture('google-docs-uploads.html');
  const data = validData(result);

  it('reads the zone from the heading alone: 01:30 at -08:00, then -07:00 from 02:00 on, and says PST was read as local time', () => {
    expect(data).toMatchObject({ title: 'Image uploads failing', severity: 'SEV2', timezone: 'America/Los_Angeles' });
    expect(at(data)).toEqual(['2025-03-09T01:30:00-08:00', '2025-03-09T03:15:00-07:00', '2025-03-09T04:05:00-07:00']);
    expect(result.warnings).toContain(
      'PST means UTC-8, but America/Los_Angeles was on UTC-07:00 that day: times were read as local time there',
    );
  });

  it('reads owners and statuses written after bold titles, and the authors line', () => {
    expect(items(data)).toEqual([
      { title: 'Policy tests in CI', owner: 'Sam', status: 'done', due: undefined },
      { title: 'Alert earlier on upload error rate', owner: 'Lee', status: 'open', due: '2025-03-31' },
    ]);
    expect(data.authors).toEqual(['Sam Ortiz', 'Lee Chen']);
  });
});

describe('a Confluence "Export to HTML" page whose title has a section word in it', async () => {
  const result = await importFixture('confluence-page-dns.html');
  const data = validData(result);

  it('takes the title from the page heading without the space or the date, and "All times are in CEST."', () => {
    expect(data).toMatchObject({ title: 'DNS resolution failures', severity: 'SEV2', timezone: 'Europe/Berlin' });
    expect(at(data)).toEqual([
      '2024-05-21T23:41:00+02:00',
      '2024-05-21T23:48:00+02:00',
      '2024-05-22T00:12:00+02:00',
      '2024-05-22T00:28:00+02:00',
    ]);
    expect(items(data)).toEqual([
      { title: 'Revert config', owner: '@tlee', status: 'done', due: undefined },
      { title: 'Validate DNSSEC in CI', owner: '@praman', status: 'open', due: '2024-06-15' },
    ]);
  });
});

describe('Confluence storage format (EST on the night summer time ended, mentions by account id)', async () => {
  const result = await importFixture('confluence-storage-kafka.html');
  const data = validData(result);

  it('reads 01:15 EST as the second 01:15 (-05:00), says so, and writes it in full', () => {
    expect(data).toMatchObject({ title: 'INC-4411: Kafka consumer lag in billing', severity: 'SEV1', timezone: 'America/New_York' });
    expect(at(data)).toEqual([
      '2024-11-03T01:15:00-05:00',
      '2024-11-03T01:40:00-05:00',
      '2024-11-03T03:05:00-05:00',
      '2024-11-03T04:20:00-05:00',
    ]);
    expect(result.text).toContain('at: "2024-11-03T01:15:00-05:00"');
    expect(result.warnings).toContain(
      '01:15 happened twice in America/New_York on 2024-11-03 (summer time ended): read as UTC-05:00, as EST says; check it',
    );
  });

  it('makes up no owner for a mention by account id', () => {
    expect(items(data)).toEqual([
      { title: 'Pin consumer client version', owner: '@jdoe', status: 'done', due: undefined },
      { title: 'Add rebalance alert', owner: 'TODO: owner', status: 'open', due: '2024-12-01' },
    ]);
  });
});

describe('a cloud provider incident report (ISSUE SUMMARY, times in US/Pacific and PT, no timeline)', async () => {
  const result = await importFixture('gcp-load-balancing.txt');
  const data = validData(result);

  it('reads the window in US/Pacific (America/Los_Angeles, -08:00 in March) and P1', () => {
    expect(data).toMatchObject({
      title: 'Google Cloud Networking Incident #24017',
      severity: 'SEV1',
      timezone: 'America/Los_Angeles',
      started: '2024-03-05T10:23:00-08:00',
      resolved: '2024-03-05T12:45:00-08:00',
    });
  });

  it('maps "Remediation and prevention" to action items, and leaves the missing timeline a named TODO', () => {
    expect(items(data).map((i) => [i.owner, i.status])).toEqual([
      ['TODO: owner', 'open'],
      ['TODO: owner', 'open'],
    ]);
    expect(result.todos).toEqual(expect.arrayContaining(['actionItems', 'Timeline']));
    expect(result.body).toContain('## Detailed description of impact');
  });
});

describe('a Jekyll availability report (the post date is not the incident date)', async () => {
  const result = await importFixture('github-availability-march.md');
  const data = validData(result);

  it('dates the incident by the text, and says why', () => {
    expect(data).toMatchObject({ started: '2024-03-03T14:02:00Z', resolved: '2024-03-03T15:30:00Z', timezone: 'UTC' });
    expect(result.slug).toBe('2024-03-03-github-availability-report-march-2024');
    expect(result.warnings[0]).toBe(
      "the frontmatter's date 2024-04-10 is later than the first date in the text, 2024-03-03: it was taken as the day it was posted, and the incident dated 2024-03-03; check it",
    );
  });

  it('splits keywords into tags, and leaves severity, which the text does not state, a TODO', () => {
    expect(data.tags).toEqual(['engineering', 'availability', 'availability-report', 'git-operations', 'incident', 'mysql']);
    expect(data.severity).toBe('TODO');
  });
});

describe('a Hugo blog post (authors as objects, a timeline table with dates, a task list)', async () => {
  const result = await importFixture('hugo-api-outage.md');
  const data = validData(result);

  it('reads the authors by name and the timeline across midnight in UTC', () => {
    expect(data.authors).toEqual(['Jane Doe']);
    expect(at(data)).toEqual([
      '2024-03-03T23:44:00Z',
      '2024-03-03T23:49:00Z',
      '2024-03-04T00:02:00Z',
      '2024-03-04T00:15:00Z',
      '2024-03-04T00:21:00Z',
    ]);
  });

  it('reads "(owner: @…)", "— owner: …, due …" and "(Owner: …; ETA: Q2)", keeping what is not a date', () => {
    expect(items(data)).toEqual([
      { title: 'Roll back the config', owner: '@api-team', status: 'done', due: undefined },
      { title: 'Add regex CPU limits', owner: 'edge-team', status: 'open', due: '2024-04-01' },
      { title: 'Add staged rollout for gateway config (ETA: Q2)', owner: 'platform', status: 'open', due: undefined },
    ]);
  });
});

describe('a plain-text email ("Subject: Postmortem:", "All times below are Pacific", "Root cause:" on a line)', async () => {
  const result = await importFixture('email-login-outage.txt');
  const data = validData(result);

  it('reads the title without its label and the zone named in words; says the date may be the day after', () => {
    expect(data).toMatchObject({ title: 'Login outage on Nov 5', timezone: 'America/Los_Angeles' });
    expect(result.warnings).toContain(
      'the text says "yesterday": the incident may be the day before 2024-11-05; check the date, or pass --date',
    );
    expect(at(data)).toEqual([
      '2024-11-05T10:02:00-08:00',
      '2024-11-05T10:15:00-08:00',
      '2024-11-05T10:40:00-08:00',
      '2024-11-05T11:05:00-08:00',
    ]);
  });

  it('reads the root cause written on one line, and owners after a dash', () => {
    expect(result.body).toContain('## Root cause\n\na memory leak in the session cache.');
    expect(result.todos).not.toContain('Root cause');
    expect(items(data)).toEqual([
      { title: 'Add memory alerts', owner: 'Bob', status: 'done', due: undefined },
      { title: 'Load test auth before deploy', owner: 'Carol', status: 'open', due: '2024-11-30' },
    ]);
  });
});

describe('an Atlassian-style post-incident review (Fault, Detection, Response, 2:45 PM PDT, Critical)', async () => {
  const result = await importFixture('atlassian-search-pir.txt');
  const data = validData(result);

  it('reads the title, Critical as SEV1, and the timeline in the Response section', () => {
    expect(data).toMatchObject({ title: 'Confluence Cloud search unavailable', severity: 'SEV1', timezone: 'America/Los_Angeles' });
    expect(at(data)).toEqual([
      '2024-03-12T14:45:00-07:00',
      '2024-03-12T14:52:00-07:00',
      '2024-03-12T15:30:00-07:00',
      '2024-03-12T16:10:00-07:00',
    ]);
  });

  it('maps Fault to the root cause and keeps Detection, Recovery and Five whys as sections; impact is only the impact', () => {
    expect(data.impact.description).toBe(
      'Search returned no results for 35% of customers in us-east. Approximately 4,200 support tickets were opened.',
    );
    expect([...result.body.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual([
      'Summary',
      'Root cause',
      'Impact',
      'Detection',
      'Recovery',
      'Five whys',
      'Lessons learned',
    ]);
    expect(result.body).toContain('## Root cause\n\nA schema migration on the search index cluster removed an alias.');
  });
});

describe('zones written as offsets and ambiguous abbreviations', () => {
  it('"times are UTC+2" on the night summer time ended in Europe: a fixed +02:00', async () => {
    const data = validData(await importFixture('warehouse-utc-offset.txt'));
    expect([data.timezone, ...at(data)]).toEqual([
      'Etc/GMT-2',
      '2024-10-27T01:50:00+02:00',
      '2024-10-27T02:30:00+02:00',
      '2024-10-27T03:15:00+02:00',
    ]);
  });

  it('IST is read as India, past midnight, and the import says to check it', async () => {
    const result = await importFixture('payments-ist.md');
    expect(at(validData(result))).toEqual([
      '2024-03-03T23:10:00+05:30',
      '2024-03-03T23:25:00+05:30',
      '2024-03-04T00:40:00+05:30',
      '2024-03-04T01:05:00+05:30',
    ]);
    expect(result.warnings).toContain('times written in IST were read in Asia/Kolkata: check it is the zone you meant');
  });
});

describe('a status-page timeline with dates in words', () => {
  it('reads "June 21 06:32" in the incident\'s year, and "22 June 2022 at 01:15" on its own day', async () => {
    const text =
      '# Elevated API errors\n\n## Timeline (UTC)\n\n- **June 21, 2022 06:27** — A change was deployed.\n- **June 21 06:32** — Internal alerting fires.\n- June 21 at 07:42 — All data centers restored.\n- 22 June 2022 at 01:15 — Cleanup finished.\n';
    const data = validData(await importFixture('status.md', {}, new TextEncoder().encode(text)));
    expect(at(data)).toEqual(['2022-06-21T06:27:00Z', '2022-06-21T06:32:00Z', '2022-06-21T07:42:00Z', '2022-06-22T01:15:00Z']);
  });
});

describe('a Hugo post with TOML frontmatter', () => {
  it('reads its keys, and dates the incident by the text before the post date', async () => {
    const result = await importFixture('hugo-toml-storage.md');
    const data = validData(result);
    expect(data).toMatchObject({ title: 'Object storage latency', tags: ['storage', 'latency'], authors: ['Kim'] });
    expect(at(data)).toEqual(['2023-09-12T08:10:00Z', '2023-09-12T10:05:00Z']);
  });
});

describe("a Word template's header table (Key | Value rows, no header cells)", () => {
  it('reads the date, severity, zone and authors from it, and keeps the rows it does not map', async () => {
    const docx = makeDocx([
      { style: 'Title', runs: ['Queue backlog in EU'] },
      {
        table: [
          ['Incident date', '3 March 2024'],
          ['Severity', 'SEV1'],
          ['Time zone', 'CET'],
          ['Authors', 'Ana, Ben'],
          ['Incident commander', 'Ana'],
        ],
      },
      { style: 'Heading1', runs: ['Timeline'] },
      {
        table: [
          ['Time', 'Event'],
          ['10:00', 'Backlog grows'],
          ['11:00', 'Consumers scaled; recovered'],
        ],
      },
    ]);
    const result = await importFixture('backlog.docx', {}, docx);
    const data = validData(result);
    expect(data).toMatchObject({ title: 'Queue backlog in EU', severity: 'SEV1', timezone: 'Europe/Berlin', authors: ['Ana', 'Ben'] });
    expect(at(data)).toEqual(['2024-03-03T10:00:00+01:00', '2024-03-03T11:00:00+01:00']);
    expect(result.body).toContain('Incident commander: Ana');
    expect(result.body).not.toContain('Time zone');
  });
});

describe('a Notion page with a date-range property and tables without a header row', async () => {
  const result = await importFixture('notion-checkout-window.html');
  const data = validData(result);

  it('takes start and end from "Incident window" (PDT), not the page\'s Created date', () => {
    expect(data).toMatchObject({
      title: 'Checkout 500s',
      severity: 'SEV2',
      timezone: 'America/Los_Angeles',
      started: '2024-03-28T22:02:00-07:00',
      resolved: '2024-03-29T00:40:00-07:00',
    });
    expect(result.body).not.toContain('April 2, 2024');
  });

  it('reads the first row of a header-less table as an entry and as an item', () => {
    expect(at(data)).toEqual(['2024-03-28T22:02:00-07:00', '2024-03-28T22:09:00-07:00', '2024-03-29T00:40:00-07:00']);
    expect(data.detected).toBe('2024-03-28T22:09:00-07:00');
    expect(items(data)).toEqual([
      { title: 'Canary deploys for checkout', owner: 'Dana', status: 'open', due: undefined },
      { title: 'Alert on 5xx per service', owner: 'SRE', status: 'done', due: undefined },
    ]);
  });
});

describe("Google's SRE-book template (bold labels, Type and Bug columns, OUTAGE MITIGATED / INCIDENT ENDS)", async () => {
  const result = await importFixture('sre-template-cache.md');
  const data = validData(result);

  it('reads the labels, and the key moments from the marked timeline lines', () => {
    expect(data).toMatchObject({
      title: 'Thumbnail Cache Meltdown Postmortem (incident #812)',
      timezone: 'UTC',
      authors: ['priya', 'tomas'],
    });
    expect([data.started, data.detected, data.mitigated, data.resolved]).toEqual([
      '2023-06-14T09:12:00Z',
      '2023-06-14T09:15:00Z',
      '2023-06-14T09:31:00Z',
      '2023-06-14T10:00:00Z',
    ]);
  });

  it('takes each type from the Type column and the status written in bold in the Bug column', () => {
    expect(data.actionItems!.map(({ title, owner, status, type }) => [title, owner, status, type])).toEqual([
      ['Add request coalescing at the origin', 'tomas', 'open', 'prevent'],
      ['Document cache warm-up in the runbook', 'priya', 'done', 'mitigate'],
      ['Alert on origin saturation', 'sre-oncall', 'open', 'detect'],
    ]);
  });
});
