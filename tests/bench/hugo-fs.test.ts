import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findHugo, writeHugoSite } from '../../src/bench/hugo-fs.ts';
import { generateCorpus } from '../../src/bench/corpus.ts';

/** The benchmark's Hugo site renders the same incident pages from the same Markdown (when Debian's hugo is installed). */

const hugo = findHugo(false, process.env);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-hugo-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.skipIf(!hugo)('writeHugoSite', () => {
  it('gives every published postmortem a page at the same address, with its facts, body and neighbours', () => {
    const files = generateCorpus(40);
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(work, 'content', file.path)), { recursive: true });
      fs.writeFileSync(path.join(work, 'content', file.path), file.text);
    }
    const site = writeHugoSite(work, path.join(work, 'content'));
    const out = path.join(work, 'public');
    const run = spawnSync(hugo!, ['--quiet', '--source', site, '--destination', out], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const published = files.filter((f) => f.text.includes('\nstatus: published\n')).map((f) => path.basename(f.path, '.mdx'));
    const pages = fs.readdirSync(path.join(out, 'postmortems')).filter((name) => /^\d{4}-/.test(name));
    expect(pages.sort()).toEqual(published.sort());
    const [older, page] = published.sort().slice(0, 2);
    const html = fs.readFileSync(path.join(out, 'postmortems', page!, 'index.html'), 'utf8');
    expect(html).toContain('data-pagefind-body');
    expect(html).toMatch(/<h2>Timeline<\/h2>/);
    expect(html).toContain(`href="/postmortems/${older}/"`);
  });
});
