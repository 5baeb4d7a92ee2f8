import fs from 'node:fs';
import path from 'node:path';
import { toString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { findParts, metadataLine, sectionKind } from '../../../src/authoring/import/parts.ts';
import { readDocument } from '../../../src/authoring/import/read.ts';
import { IMPORTS } from './helpers.ts';

const parts = async (name: string, text?: string) =>
  findParts(await readDocument(name, text === undefined ? fs.readFileSync(path.join(IMPORTS, name)) : new TextEncoder().encode(text)));

describe('sections', () => {
  it.each([
    ['Timeline (all times CET)', 'timeline'],
    ['Chronology', 'timeline'],
    ['Root Cause and Resolution', 'cause+resolution'],
    ['Why it happened', 'cause'],
    ['How we fixed it', 'resolution'],
    ['What went well', 'lessons'],
    ['What went wrong', 'lessons'],
    ['Follow-ups', 'actions'],
    ['Corrective and Preventative Measures', 'actions'],
    ['Customer impact', 'impact'],
    ['Impact summary', 'impact'],
    ['What happened', 'summary'],
    ['Postmortem: EVENT', 'title'],
    ['Detection', 'other'],
    ['Fault', 'cause'],
    ['Five whys', 'cause'],
    ['Improving Recovery Procedures', 'actions'],
    ['Preventing recurrence', 'actions'],
  ])('%s is %s', (heading, kind) => {
    expect(sectionKind(heading)).toBe(kind);
  });

  it('finds plain-text headings ("ROOT CAUSE:", a bold line) and keeps sub-headings inside a section', async () => {
    const [doc] = await parts(
      'x.md',
      '# Disk full\n\nMay 2, 2024\n\nROOT CAUSE:\nLogs filled the disk.\n\n### On host db-1\n\nThe rotation was off.\n\n**What went wrong**\n\n- No alert on disk space\n\n## Detection\n\nA customer told us.\n',
    );
    expect(doc!.title).toBe('Disk full');
    expect(doc!.sections.map((s) => [s.heading, s.kind, s.nodes.length])).toEqual([
      ['Disk full', 'title', 1],
      ['ROOT CAUSE', 'cause', 3],
      ['What went wrong', 'lessons', 1],
      ['Detection', 'other', 1],
    ]);
  });

  it('a first heading that names the incident is its title, even with a section word in it', async () => {
    const [doc] = await parts('x.md', '# DNS resolution failures\n\n## Summary\n\nText.\n\n## Resolution\n\nReverted.\n');
    expect(doc!.title).toBe('DNS resolution failures');
    expect(doc!.sections.map((s) => s.kind)).toEqual(['title', 'summary', 'resolution']);
    const [sections] = await parts('x.md', '# Root Cause Analysis\n\nA leak.\n');
    expect(sections!.sections.map((s) => s.kind)).toEqual(['cause']);
  });

  it.each([
    ['# Postmortem of database outage of January 31\n', 'Database outage of January 31'],
    ['Subject: Re: Postmortem: Login outage on Nov 5\n', 'Login outage on Nov 5'],
    ['# Post-incident review: search unavailable\n', 'Search unavailable'],
    ['# 2024-05-21 Postmortem - DNS failures\n', 'DNS failures'],
    ['# Incident report\n', undefined],
  ])('the title of %j is %j', async (text, title) => {
    const [doc] = await parts('x.md', text);
    expect(doc!.title).toBe(title);
  });

  it('a "Root cause: …" line starts a section; Atlassian headings on lines of their own are sections', async () => {
    const [doc] = await parts(
      'x.txt',
      'Login outage\n\nWhat happened: the auth service ran out of memory.\nRoot cause: a **leak** in the session cache.\n\nDetection\nA customer told us.\n\nFault\nThe cache grew.\n\nTimeline\n10:00 deploy\n10:05 alert\n\nResolution: rolled back.\n',
    );
    expect(doc!.sections.map((s) => [s.heading, s.kind, s.nodes.map((n) => toString(n)).join(' / ')])).toEqual([
      ['Login outage', 'title', ''],
      ['What happened', 'summary', 'the auth service ran out of memory.'],
      ['Root cause', 'cause', 'a leak in the session cache.'],
      ['Detection', 'other', 'A customer told us.'],
      ['Fault', 'cause', 'The cache grew.'],
      ['Timeline', 'timeline', '10:00 deploy\n10:05 alert'],
      ['Resolution', 'resolution', 'rolled back.'],
    ]);
  });

  it('splits a file holding two postmortems (the seed and its retelling)', async () => {
    const all = await parts('seed-memory-leak.txt');
    expect(all.map((p) => [p.title, p.sections.map((s) => s.kind).join(' ')])).toEqual([
      [undefined, 'title title preamble timeline cause+resolution actions'.replace(' preamble', '')],
      ['Sense of Humor on Postmoterm', 'title summary timeline'],
    ]);
  });
});

describe('metadata', () => {
  it.each([
    ['Severity: SEV2', [['severity', 'SEV2']]],
    [
      'Status: final · Severity: SEV2 · Authors: Amina, Jonas',
      [
        ['status', 'final'],
        ['severity', 'SEV2'],
        ['authors', 'Amina, Jonas'],
      ],
    ],
    ['Services affected: api-server', [['services', 'api-server']]],
    ['Start time: 2024-07-03 14:05 CEST', [['started', '2024-07-03 14:05 CEST']]],
    ['Note: this is prose', undefined],
    ['The root cause: a leak', undefined],
  ])('%s', (line, pairs) => {
    expect(metadataLine(line)).toEqual(pairs);
  });

  it('reads a Title: line, frontmatter keys (categories and tags merged), and takes the lines out of the text', async () => {
    const [doc] = await parts(
      'x.md',
      '---\ntitle: From frontmatter\ncategories: [a]\ntags: [b, c]\nlayout: post\n---\nTitle: From the text\nSeverity: P2\n\nSome prose that stays.\n',
    );
    expect(doc!.title).toBe('From frontmatter');
    expect(doc!.metadata).toEqual({ title: 'From frontmatter', tags: ['a', 'b', 'c'], severity: 'P2' });
    expect(doc!.text).not.toContain('Severity');
    expect(doc!.text).toContain('Some prose that stays.');
  });
});
