import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, FIXTURES, runCli } from '../helpers/authoring.ts';
import { readOut, runBuild, type BuildResult } from '../helpers/build.ts';
import { makeDocx } from '../helpers/docx.ts';

/** `npm run import` as a real process: one file, a folder of 200, failures, dry runs, and the archive still building. */

const IMPORTS = path.join(FIXTURES, 'import');
const SEED = path.join(IMPORTS, 'seed-memory-leak.txt');
// The CLI dates `imported` in the site's default zone (UTC in hindsight.config.ts).
const today = () => DateTime.utc().toISODate()!;
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

describe('one file', () => {
  it('writes a draft into the content folder, prints the table and the TODOs left, and never overwrites', () => {
    const dir = copyFixture('authoring');
    const first = runCli('import', [SEED], dir);
    expect(first.status).toBe(0);
    const file = path.join(dir, 'postmortems', '2024-06-06-api-server-memory-leak.mdx');
    expect(fs.existsSync(file)).toBe(true);
    expect(first.stderr).toContain('pass --pick N for another');
    expect(first.stdout).toMatch(
      /seed-memory-leak\.txt\s+written\s+.*2024-06-06-api-server-memory-leak\.mdx\s+title, severity, actionItems, Lessons learned\n\n1 file: 1 written, 0 skipped, 0 failed\./,
    );
    expect(first.stdout).toContain(
      'warning severity: is still a TODO placeholder ("TODO"). Fix: choose one of SEV1, SEV2, SEV3, SEV4 (from severities.yaml). [todo]',
    );
    expect(fs.readFileSync(file, 'utf8')).toContain(`imported:\n  from: seed-memory-leak.txt\n  date: ${today()}\n`);

    // A draft full of TODOs passes validate: they are warnings until it is in review.
    const validate = runCli('validate', [], dir);
    expect(validate.status).toBe(0);
    expect(validate.stdout).toMatch(/:5:11 warning severity: is still a TODO placeholder/);

    const before = fs.readFileSync(file, 'utf8');
    const again = runCli('import', [SEED, '--severity', 'SEV1'], dir);
    expect(again.status).toBe(1);
    expect(again.stdout).toMatch(/skipped\s+.*2024-06-06-api-server-memory-leak\.mdx already exists; nothing was written/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('--dry-run prints the postmortem and the table, and writes nothing', () => {
    const dir = copyFixture('authoring');
    const dry = runCli('import', [path.join(IMPORTS, 'confluence-inc-2291.html'), '--dry-run'], dir);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/^---\ntitle: INC-2291 Card payments declined in the EU\n/);
    expect(dry.stdout).toMatch(
      /confluence-inc-2291\.html\s+would write\s+\S*2024-07-03-inc-2291-card-payments-declined-in-the-eu\.mdx\s+actionItems\n\n1 file: 1 would be written \(dry run\), 0 skipped, 0 failed\./,
    );
    expect(fs.readdirSync(path.join(dir, 'postmortems'))).toEqual(['2024-03-01-search-slow.mdx']);
  });

  it('reads a Windows-1252 file', () => {
    const dir = copyFixture('authoring');
    const file = path.join(dir, 'legacy.txt');
    fs.writeFileSync(
      file,
      Buffer.from('Outage of the caf\xe9 API\n\nMay 2, 2024\n\nTimeline\n\n10:00 UTC - it didn\x92t start\n', 'latin1'),
    );
    const run = runCli('import', [file, '--dry-run'], dir);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('the file is not UTF-8; it was read as Windows-1252');
    expect(run.stdout).toContain('event: it didn’t start');
  });

  it('fails clearly on bad input: a reason in the table, exit 1; usage errors exit 2', () => {
    const dir = copyFixture('authoring');
    expect(runCli('import', [SEED, '--pick', '3'], dir)).toMatchObject({
      status: 1,
      stdout: expect.stringMatching(/failed\s+there is no postmortem number 3 in the file: it holds 2\. Fix: pick one from 1 to 2/),
    });
    expect(runCli('import', [SEED, '--severity', 'SEV'], dir)).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('unknown severity "SEV"'),
    });
    expect(runCli('import', [SEED, '--service', 'api-srver'], dir)).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('Did you mean "api-server"?'),
    });
    expect(runCli('import', ['no-such-file.txt'], dir)).toMatchObject({
      status: 1,
      stdout: expect.stringMatching(/no-such-file\.txt\s+failed\s+no such file or folder/),
    });
    expect(runCli('import', [], dir).status).toBe(2);
    expect(runCli('import', [SEED, '--pick', 'two'], dir).status).toBe(2);
    expect(runCli('import', [IMPORTS, '--title', 'One title for all'], dir)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--title and an --out file name are for one file'),
    });
    expect(fs.readdirSync(path.join(dir, 'postmortems'))).toEqual(['2024-03-01-search-slow.mdx']);
  });
});

/** A postmortem in one of four formats, its date and zone varying with `i`. */
function generated(i: number): { name: string; bytes: Buffer | string } {
  const day = DateTime.fromISO('2022-01-03')
    .plus({ days: i * 3 })
    .toISODate()!;
  const title = `Generated outage ${i} of the search cluster`;
  const lines = [
    `09:0${i % 10} - Deploy of search build ${i} started`,
    '09:15 - Alert fired on search errors; on-call paged',
    '10:40 - Search restored and back to normal',
  ];
  switch (i % 4) {
    case 0:
      return {
        name: `gen-${i}.md`,
        bytes: `---\ntitle: "${title}"\ndate: ${day}\nseverity: P${(i % 4) + 2}\ntags: [generated]\n---\n\n## Timeline (all times CET)\n\n${lines.map((l) => `- ${l}`).join('\n')}\n\n## Action items\n\n- [ ] Add a canary for search builds (owner: search-team) due ${day}\n`,
      };
    case 1:
      return {
        name: `gen-${i}.txt`,
        bytes: `Title: ${title}\nDate: ${day}\n\nAll times are EAT.\n\nTimeline\n${lines.join('\n')}\n\nRoot cause\nA build with a bad index mapping.\n`,
      };
    case 2:
      return {
        name: `gen-${i}.html`,
        bytes: `<html><head><title>${title}</title><link rel="canonical" href="https://wiki.example.com/pages/${i}"></head><body><div class="wiki-content"><table class="confluenceTable"><tr><th>Date</th><td>${day}</td></tr></table><h2>Timeline (times in UTC)</h2><table class="confluenceTable"><tr><th>Time</th><th>Event</th></tr>${lines.map((l) => `<tr><td>${l.slice(0, 5)}</td><td>${l.slice(8)}</td></tr>`).join('')}</table></div></body></html>`,
      };
    default:
      return {
        name: `gen-${i}.docx`,
        bytes: makeDocx([
          { style: 'Title', runs: [title] },
          { runs: [`Date: ${day}`] },
          { style: 'Heading1', runs: ['Timeline (all times JST)'] },
          { table: [['Time', 'Event'], ...lines.map((l) => [l.slice(0, 5), l.slice(8)])] },
        ]),
      };
  }
}

describe('a folder of 200 documents in one command, and the archive still builds', () => {
  let content: string;
  let run: ReturnType<typeof runCli>;
  let preview: BuildResult;

  beforeAll(() => {
    const folder = tmp('hindsight-import-bulk-');
    for (let i = 0; i < 200; i++) {
      const { name, bytes } = generated(i);
      fs.mkdirSync(path.join(folder, `team-${i % 3}`), { recursive: true });
      fs.writeFileSync(path.join(folder, `team-${i % 3}`, name), bytes);
    }
    fs.writeFileSync(path.join(folder, 'team-0', 'diagram.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    content = copyFixture('basic');
    run = runCli('import', [folder], content);
    preview = runBuild(content, { drafts: true });
  });
  afterAll(() => fs.rmSync(preview.outDir, { recursive: true, force: true }));

  it('imports each into its own draft and ends with a table', () => {
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('200 files: 200 written, 0 skipped, 0 failed.');
    expect(run.stdout).toContain('Not documents, left alone: 1 .png.');
    expect(run.stdout).toMatch(
      /team-0\/gen-0\.md\s+written\s+\S*2022-01-03-generated-outage-0-of-the-search-cluster\.mdx\s+summary, rootCauses, impact, Root cause, Resolution, Lessons learned\n/,
    );
    // Into the year folders the archive uses (it has 2023/), as `npm run new` files them.
    const written = (fs.readdirSync(path.join(content, 'postmortems'), { recursive: true }) as string[]).filter((f) =>
      f.includes('generated-outage'),
    );
    expect(written).toHaveLength(200);
    expect(written.every((f) => /^(\d{4})\/\1-\d\d-\d\d-generated-outage-/.test(f))).toBe(true);
  });

  it('reads each format: the docx in JST, the Markdown in CET, the HTML with its canonical URL', () => {
    const file = (i: number, day: string) =>
      fs.readFileSync(path.join(content, 'postmortems', day.slice(0, 4), `${day}-generated-outage-${i}-of-the-search-cluster.mdx`), 'utf8');
    expect(file(3, '2022-01-12')).toContain('started: "2022-01-12T09:03:00+09:00"');
    expect(file(0, '2022-01-03')).toContain('started: "2022-01-03T09:00:00+01:00"');
    expect(file(0, '2022-01-03')).toContain('severity: SEV2');
    expect(file(2, '2022-01-09')).toContain(`imported:\n  from: Confluence\n  url: https://wiki.example.com/pages/2\n  date: ${today()}\n`);
  });

  it('the drafts build in a preview (--drafts), each page saying where it came from', () => {
    expect(preview.status, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/Built 20[0-9] postmortems/);
    const page = readOut(preview.outDir, 'postmortems/2022-01-09-generated-outage-2-of-the-search-cluster/index.html');
    expect(page).toMatch(
      new RegExp(
        `Imported from <a href="https://wiki.example.com/pages/2">Confluence</a> on <time datetime="${today()}">${today()}</time>\\.`,
      ),
    );
    const docx = readOut(preview.outDir, 'postmortems/2022-01-12-generated-outage-3-of-the-search-cluster/index.html');
    expect(docx).toMatch(/Imported from Word on/);
  });

  it('validate, which gates a production build, passes them: every TODO in a draft is a warning', () => {
    // One build is enough (the preview above); the production build's gate is this validation.
    const validate = runCli('validate', [], content);
    expect(validate.status, validate.stdout).toBe(0);
    expect(validate.stdout).toMatch(/warning .*is still a TODO placeholder/);
    expect(validate.stdout).not.toMatch(/^\S+:\d+:\d+ error /m);
  });
});

describe('a folder with documents that cannot be imported', () => {
  it('continues past failures, names each reason, and exits 1; --dry-run writes nothing', () => {
    const folder = tmp('hindsight-import-mixed-');
    fs.copyFileSync(path.join(IMPORTS, 'sso-login-failures.txt'), path.join(folder, 'a-sso.txt'));
    fs.writeFileSync(path.join(folder, 'b-undated.md'), '# Something broke\n\n## Timeline\n\n- 10:00 UTC it broke\n');
    fs.writeFileSync(path.join(folder, 'c-scan.pdf'), '%PDF-1.4');
    fs.copyFileSync(path.join(IMPORTS, 'notion-dns.html'), path.join(folder, 'd-notion.html'));
    // Two teams' documents with one title and date, and the same document twice.
    const dbDown = (team: string) => `# Database down\n\nDate: 2024-05-02\n\n## Timeline\n\n- 10:00 UTC ${team} paged\n`;
    fs.writeFileSync(path.join(folder, 'e-team-a.md'), dbDown('team A'));
    fs.writeFileSync(path.join(folder, 'f-team-b.md'), dbDown('team B'));
    fs.writeFileSync(path.join(folder, 'g-team-a-copy.md'), dbDown('team A'));
    // A Confluence "Export to HTML" folder's index.html lists its pages: no postmortem, left alone.
    fs.writeFileSync(
      path.join(folder, 'index.html'),
      '<html><body><div class="pageSection"><h2 id="index-heading" class="pageSectionTitle">Available Pages:</h2><ul><li><a href="x.html">2024-05-21 Postmortem</a></li></ul></div></body></html>',
    );
    const dir = copyFixture('authoring');
    const dry = runCli('import', [folder, '--dry-run'], dir);
    expect(dry.status).toBe(1);
    expect(dry.stdout).not.toContain('---\ntitle:');
    expect(dry.stdout).toMatch(
      /f-team-b\.md\s+would write\s+\S*2024-05-02-database-down-2\.mdx \(2024-05-02-database-down went to an earlier file\)/,
    );
    expect(fs.readdirSync(path.join(dir, 'postmortems'))).toEqual(['2024-03-01-search-slow.mdx']);

    const real = runCli('import', [folder], dir);
    expect(real.status).toBe(1);
    const rows = real.stdout.split('\n');
    expect(rows.find((r) => r.includes('a-sso.txt'))).toMatch(/written\s+.*2024-07-18-login-failures-for-sso-users\.mdx\s+Resolution$/);
    expect(rows.find((r) => r.includes('b-undated.md'))).toMatch(
      /failed\s+the text names no date for the incident\. Fix: pass --date YYYY-MM-DD/,
    );
    expect(rows.find((r) => r.includes('c-scan.pdf'))).toMatch(
      /failed\s+cannot read a \.pdf file\. Fix: PDF files cannot be read reliably/,
    );
    expect(rows.find((r) => r.includes('d-notion.html'))).toMatch(
      /written\s+.*2024-11-02-dns-outage-after-registrar-change\.mdx\s+impact, Lessons learned$/,
    );
    expect(rows.find((r) => r.includes('g-team-a-copy.md'))).toMatch(
      /skipped\s+the same postmortem as \S*2024-05-02-database-down\.mdx, from an earlier file/,
    );
    expect(fs.readFileSync(path.join(dir, 'postmortems', '2024-05-02-database-down-2.mdx'), 'utf8')).toContain('team B paged');
    expect(rows.find((r) => r.includes('index.html'))).toMatch(/left alone\s+a Confluence space's index page, not a postmortem/);
    expect(real.stdout).toContain('8 files: 4 written, 1 skipped, 2 failed, 1 left alone (not postmortems).');
    expect(runCli('validate', [], dir).status).toBe(0);
  });
});
