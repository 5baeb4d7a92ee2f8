import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { destination, listInputs, writePostmortem } from '../../../src/authoring/import/write-fs.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-write-fs-'));

describe('inputs', () => {
  it('walks folders for documents, skips hidden files, counts what is not a document, names what is missing', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'a', '.git'), { recursive: true });
    for (const f of ['a/one.docx', 'a/two.md', 'a/.hidden.md', 'a/.git/x.txt', 'a/pic.png', 'b.html', 'c.pdf'])
      fs.writeFileSync(path.join(dir, f), 'x');
    const inputs = listInputs([dir, 'nope.txt'], dir);
    expect(inputs.files.map((f) => path.relative(dir, f))).toEqual([
      path.join('a', 'one.docx'),
      path.join('a', 'two.md'),
      'b.html',
      'c.pdf',
    ]);
    expect(inputs.ignored).toEqual({ png: 1 });
    expect(inputs.missing).toEqual(['nope.txt']);
  });
});

describe('writing', () => {
  it('never replaces a file, and never reuses a slug taken anywhere in the content folder before the run', () => {
    const content = tmp();
    fs.mkdirSync(path.join(content, 'postmortems', 'team'), { recursive: true });
    fs.writeFileSync(path.join(content, 'postmortems', 'team', '2024-01-01-taken.mdx'), 'old');
    const dest = destination(content, undefined, content);
    expect(writePostmortem(dest, '2024-01-01-taken', 'new')).toEqual({
      exists: path.join(content, 'postmortems', 'team', '2024-01-01-taken.mdx'),
    });
    expect(writePostmortem(dest, '2024-01-02-fresh', 'new')).toEqual({
      written: path.join(content, 'postmortems', '2024-01-02-fresh.mdx'),
    });
    expect(writePostmortem(dest, '2024-01-02-fresh', 'again')).toEqual({
      written: path.join(content, 'postmortems', '2024-01-02-fresh-2.mdx'),
      renamedFrom: '2024-01-02-fresh',
    });
    expect(fs.readFileSync(path.join(content, 'postmortems', '2024-01-02-fresh.mdx'), 'utf8')).toBe('new');
  });

  it('two documents of one run with the same slug: the second gets "-2"; the same postmortem twice is written once', () => {
    const content = tmp();
    const dest = destination(content, undefined, content);
    // An empty archive starts year folders, as `npm run new` does.
    const file = (slug: string) => path.join(content, 'postmortems', slug.slice(0, 4), `${slug}.mdx`);
    expect(writePostmortem(dest, '2024-01-05-db-down', 'team A')).toEqual({ written: file('2024-01-05-db-down') });
    expect(writePostmortem(dest, '2024-01-05-db-down', 'team B')).toEqual({
      written: file('2024-01-05-db-down-2'),
      renamedFrom: '2024-01-05-db-down',
    });
    expect(writePostmortem(dest, '2024-01-05-db-down', 'team A')).toEqual({ same: file('2024-01-05-db-down') });
    expect(fs.readFileSync(file('2024-01-05-db-down'), 'utf8')).toBe('team A');
    expect(fs.readFileSync(file('2024-01-05-db-down-2'), 'utf8')).toBe('team B');
    // The next run finds both taken and writes nothing again.
    const again = destination(content, undefined, content);
    expect(writePostmortem(again, '2024-01-05-db-down', 'team B')).toEqual({ exists: file('2024-01-05-db-down') });
  });

  it('a dry run decides the same, and writes nothing', () => {
    const content = tmp();
    const dest = destination(content, undefined, content, true);
    writePostmortem(dest, '2024-01-05-db-down', 'team A');
    expect(writePostmortem(dest, '2024-01-05-db-down', 'team B')).toMatchObject({ renamedFrom: '2024-01-05-db-down' });
    expect(fs.existsSync(path.join(content, 'postmortems'))).toBe(false);
  });

  it('--out names a folder, or one file', () => {
    const dir = tmp();
    expect(writePostmortem(destination(dir, 'out', dir), '2024-01-03-x', 't')).toEqual({
      written: path.join(dir, 'out', '2024-01-03-x.mdx'),
    });
    expect(writePostmortem(destination(dir, 'mine.mdx', dir), '2024-01-03-x', 't')).toEqual({ written: path.join(dir, 'mine.mdx') });
  });
});
