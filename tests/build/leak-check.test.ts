import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { leakIndex, leaksIn, readableText, runs, words } from '../../src/build/leak-check.ts';
import { findLeaks } from '../../src/build/leak-check-fs.ts';

const SECRET = 'The primary database in the Frankfurt zone ran out of disk because the quokka-backup job wrote logs to the root volume.';

describe('leak check', () => {
  const index = leakIndex(
    [
      { text: SECRET, source: 'internal postmortem 2024-01-01-db' },
      { text: 'Host zebra-7', source: '<Internal> in x.mdx:4' },
    ],
    ['A public postmortem that says the primary database in the Frankfurt zone was slow.'],
  );

  it('splits text into lowercase words of any script and runs of eight', () => {
    expect(words('Ärger: DB-7 ran 5× (v2.1)')).toEqual(['ärger', 'db', '7', 'ran', '5', 'v2', '1']);
    expect(runs(words('a b c d e f g h i'))).toEqual(['a b c d e f g h', 'b c d e f g h i']);
  });

  it('finds a secret run through markup, entities, JSON escapes and line breaks', () => {
    const html = '<p>ran out of <em>disk</em> because the quokka&#x2d;backup job wrote\n logs</p>';
    expect(leaksIn(html, index)).toEqual([
      { source: 'internal postmortem 2024-01-01-db', text: 'ran out of disk because the quokka backup' },
    ]);
    const json = '{"content":"job wrote logs to the root volume.\\nThe primary database in the Frankfurt zone ran out"}';
    expect(leaksIn(json, index).map((l) => l.source)).toEqual(['internal postmortem 2024-01-01-db']);
  });

  it('reads attribute values: an address that appears only in a link is found', () => {
    const url = leakIndex([{ text: 'https://tracker.example.com/OPS-4711', source: 'an internal-only field of x' }], []);
    expect(leaksIn('<td><a href="https://tracker.example.com/OPS-4711">tracker.example.com</a></td>', url)).toEqual([
      { source: 'an internal-only field of x', text: 'https tracker example com ops 4711' },
    ]);
    expect(leaksIn(`<meta name="description" content='ran out of disk because the quokka-backup job wrote logs'>`, index)).toHaveLength(1);
  });

  it('finds a short passage as a whole phrase, and only as whole words', () => {
    expect(leaksIn('<li>Host <b>zebra-7</b></li>', index)).toEqual([{ source: '<Internal> in x.mdx:4', text: 'host zebra 7' }]);
    expect(leaksIn('Ghost zebra-70', index)).toEqual([]);
  });

  it('does not count what the published text says itself', () => {
    expect(leaksIn('the primary database in the Frankfurt zone was slow', index)).toEqual([]);
    expect(readableText('a &amp; b &lt;c&gt; &nbsp;')).toBe('a & b <c>  ');
  });

  it('reads every file of a site, gzip-compressed ones unpacked', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-leak-'));
    try {
      fs.mkdirSync(path.join(dir, 'pagefind', 'fragment'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'index.html'), '<h1>Nothing here</h1>');
      fs.writeFileSync(path.join(dir, 'pagefind', 'fragment', 'en_1.pf_fragment'), zlib.gzipSync(`pagefind_dcd{"content":"${SECRET}"}`));
      // A bundle that took in postmortem text is caught by its runs; a short phrase in code is chance.
      fs.mkdirSync(path.join(dir, '_astro'));
      fs.writeFileSync(path.join(dir, '_astro', 'page.js'), `const d=${JSON.stringify({ body: SECRET })};`);
      fs.writeFileSync(path.join(dir, '_astro', 'lib.js'), 'throw new Error("host zebra-7 unreachable")');
      // A fragment joins its page's elements with no break: a short phrase there may span two of
      // them by chance, and the page it comes from is checked with phrases.
      fs.writeFileSync(
        path.join(dir, 'pagefind', 'fragment', 'en_2.pf_fragment'),
        zlib.gzipSync('{"content":"Ping the host Zebra 7 replica"}'),
      );
      fs.writeFileSync(path.join(dir, 'page.html'), '<td>Ping the host</td><td>Zebra 7 replica</td>');
      fs.writeFileSync(path.join(dir, 'logo.png'), SECRET);
      expect(findLeaks(dir, index)).toEqual([
        { file: '_astro/page.js', source: 'internal postmortem 2024-01-01-db', text: 'the primary database in the frankfurt zone ran' },
        { file: 'page.html', source: '<Internal> in x.mdx:4', text: 'host zebra 7' },
        {
          file: 'pagefind/fragment/en_1.pf_fragment',
          source: 'internal postmortem 2024-01-01-db',
          text: 'the primary database in the frankfurt zone ran',
        },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
