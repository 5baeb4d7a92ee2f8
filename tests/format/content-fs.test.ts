import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadArchive } from '../../src/format/content-fs.ts';
import { FIXTURES } from '../helpers/build.ts';
import { fileText, validFrontmatter } from '../helpers/content.ts';

/** Reading a content folder from disk: what is read, what is refused, and how it is reported. */

let dir: string;
const post = (name: string) => path.join(dir, 'postmortems', name);
const errorsOf = (name: string) =>
  loadArchive(dir, 'UTC', undefined, dir)
    .diagnostics.filter((d) => d.file.endsWith(name))
    .map(({ rule, line, message }) => ({ rule, line, message }));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-fs-'));
  fs.writeFileSync(path.join(dir, 'services.yaml'), '- id: api-server\n  name: API\n');
  fs.writeFileSync(path.join(dir, 'root-causes.yaml'), '- id: memory-leak\n  name: Leak\n');
  fs.writeFileSync(path.join(dir, 'severities.yaml'), '- id: SEV3\n  name: Minor\n');
  fs.mkdirSync(path.join(dir, 'postmortems'));
});

describe('reading the content folder', () => {
  it('accepts a byte-order mark and CRLF line endings, with the right line numbers', () => {
    const text = fileText({ ...validFrontmatter(), severity: 'SEV9' }).replace(/\n/g, '\r\n');
    fs.writeFileSync(post('2024-06-06-crlf.mdx'), `\uFEFF${text}`);
    expect(errorsOf('2024-06-06-crlf.mdx')).toEqual([{ rule: 'schema', line: 5, message: 'unknown severity "SEV9"' }]);
    fs.writeFileSync(post('2024-06-06-crlf.mdx'), `\uFEFF${fileText({ ...validFrontmatter() }).replace(/\n/g, '\r\n')}`);
    const archive = loadArchive(dir, 'UTC', undefined, dir);
    expect(archive.diagnostics).toEqual([]);
    expect(archive.entries.map((e) => e.slug)).toEqual(['2024-06-06-crlf']);
  });

  it('refuses bytes that are not UTF-8, naming the line', () => {
    fs.writeFileSync(
      post('2024-06-06-latin1.mdx'),
      Buffer.concat([Buffer.from('---\ntitle: "Caf'), Buffer.from([0xe9]), Buffer.from('"\n---\n')]),
    );
    expect(errorsOf('2024-06-06-latin1.mdx')).toEqual([{ rule: 'encoding', line: 2, message: 'the file is not valid UTF-8' }]);
  });

  it('refuses a file over 1 MB without reading it as text', () => {
    fs.writeFileSync(post('2024-06-06-huge.mdx'), Buffer.alloc(5 * 1024 * 1024, 'a'));
    expect(errorsOf('2024-06-06-huge.mdx')).toEqual([{ rule: 'file-size', line: 1, message: 'the file is 5.0 MB, over the 1 MB limit' }]);
  });

  it('reports a link that leads outside the content folder, and never reads it', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-outside-'));
    fs.writeFileSync(path.join(outside, 'secret.mdx'), fileText({ ...validFrontmatter(), title: 'Outside secret' }));
    fs.symlinkSync(path.join(outside, 'secret.mdx'), post('2024-06-06-link.mdx'));
    fs.symlinkSync(outside, post('linked-folder'));
    const archive = loadArchive(dir, 'UTC', undefined, dir);
    expect(archive.entries).toEqual([]);
    expect(archive.diagnostics.map(({ file, rule, message }) => ({ file, rule, message }))).toEqual([
      { file: 'postmortems/2024-06-06-link.mdx', rule: 'symlink', message: 'this link leads outside the content folder and was not read' },
      { file: 'postmortems/linked-folder', rule: 'symlink', message: 'this link leads outside the content folder and was not read' },
    ]);
  });

  it('follows a link that stays inside the content folder', () => {
    fs.mkdirSync(path.join(dir, 'postmortems', 'team'));
    fs.writeFileSync(path.join(dir, 'postmortems', 'team', '2024-06-06-real.mdx'), fileText(validFrontmatter()));
    fs.symlinkSync(path.join(dir, 'postmortems', 'team'), post('alias'));
    // The same file twice under one slug is a duplicate, which is the honest answer.
    expect(loadArchive(dir, 'UTC', undefined, dir).diagnostics.map((d) => d.rule)).toEqual(['duplicate-slug', 'duplicate-slug']);
  });

  it('reports a link that leads back to a folder it is in, instead of reading it until the system refuses', () => {
    fs.mkdirSync(path.join(dir, 'postmortems', '2024'));
    fs.writeFileSync(path.join(dir, 'postmortems', '2024', '2024-06-06-real.mdx'), fileText(validFrontmatter()));
    fs.symlinkSync('.', path.join(dir, 'postmortems', '2024', 'again'));
    fs.symlinkSync('..', path.join(dir, 'postmortems', '2024', 'up'));
    fs.symlinkSync('/etc/hostname', post('notes.txt'));
    const archive = loadArchive(dir, 'UTC', undefined, dir);
    expect(archive.entries.map((e) => e.slug)).toEqual(['2024-06-06-real']);
    expect(archive.diagnostics.map(({ file, rule, message }) => ({ file, rule, message }))).toEqual([
      {
        file: 'postmortems/2024/again',
        rule: 'symlink',
        message: 'this link leads back to a folder it is in (a loop) and was not followed',
      },
      { file: 'postmortems/2024/up', rule: 'symlink', message: 'this link leads back to a folder it is in (a loop) and was not followed' },
      { file: 'postmortems/notes.txt', rule: 'symlink', message: 'this link leads outside the content folder and was not read' },
    ]);
  });

  it('reports a pipe instead of waiting on it or skipping it', () => {
    execFileSync('mkfifo', [post('2024-06-06-pipe.mdx')]);
    const archive = loadArchive(dir, 'UTC', undefined, dir);
    expect(archive.diagnostics.map(({ file, rule, message }) => ({ file, rule, message }))).toEqual([
      {
        file: 'postmortems/2024-06-06-pipe.mdx',
        rule: 'file-type',
        message: 'this is not a file or a folder (a pipe, socket or device) and was not read',
      },
    ]);
  });

  it('skips files and folders whose names start with _ or .', () => {
    fs.writeFileSync(post('_template.mdx'), 'not a postmortem');
    fs.mkdirSync(post('_drafts'));
    fs.writeFileSync(post('_drafts/2024-06-06-x.mdx'), 'not read');
    fs.writeFileSync(post('.2024-06-06-hidden.mdx'), 'not read');
    const archive = loadArchive(dir, 'UTC', undefined, dir);
    expect(archive.filesChecked).toBe(3);
    expect(archive.diagnostics).toEqual([]);
  });

  const RENAME = {
    hint: 'rename it to 2024-06-06-x.mdx (or .md), or start its name with _ to keep it here unread',
    suggestion: '2024-06-06-x.mdx',
  };
  it.each([
    { name: '2024-06-06-x.markdown', ...RENAME },
    { name: '2024-06-06-x.txt', ...RENAME },
    { name: '2024-06-06-x.MDX', ...RENAME },
    { name: '2024-06-06-x.Md', ...RENAME },
    { name: '2024-06-06-x', ...RENAME },
    { name: '2024-06-06-x.mdx ', ...RENAME },
    { name: '2024-06-06-x.mdx.', ...RENAME },
    { name: 'diagram.png', hint: 'move it out of postmortems/, or start its name with _ to keep it here unread', suggestion: undefined },
  ])('reports "$name" instead of skipping it', ({ name, hint, suggestion }) => {
    fs.writeFileSync(post(name), fileText(validFrontmatter()));
    const archive = loadArchive(dir, 'UTC', undefined, dir);
    expect(archive.entries).toEqual([]);
    expect(archive.diagnostics).toEqual([
      {
        file: `postmortems/${name}`,
        line: 1,
        column: 1,
        severity: 'error',
        rule: 'file-name',
        message: `"${name}" is not read: a postmortem's file name ends in .md or .mdx`,
        hint,
        suggestion,
      },
    ]);
  });

  it.each([
    { name: '2024-06-06-API-Leak.mdx', message: 'the file name "2024-06-06-API-Leak" is not a postmortem slug' },
    { name: '2024-06-06 api leak.mdx', message: 'the file name "2024-06-06 api leak" is not a postmortem slug' },
    { name: '2024-06-06-api-leak .mdx', message: 'the file name "2024-06-06-api-leak " is not a postmortem slug' },
  ])('reads "$name" and reports its name', ({ name, message }) => {
    fs.writeFileSync(post(name), fileText(validFrontmatter()));
    expect(errorsOf(name)).toEqual([{ rule: 'file-name', line: 1, message }]);
  });

  it('leaves a README in postmortems/ alone, as it does _ and . names', () => {
    fs.writeFileSync(post('README.md'), '# How to write a postmortem\n');
    fs.writeFileSync(post('.gitkeep'), '');
    const archive = loadArchive(dir, 'UTC', undefined, dir);
    expect(archive.diagnostics).toEqual([]);
    expect(archive.filesChecked).toBe(3);
  });

  it('reports a missing registry file and what to create', () => {
    fs.rmSync(path.join(dir, 'services.yaml'));
    expect(loadArchive(dir, 'UTC', undefined, dir).diagnostics).toMatchObject([
      { file: 'services.yaml', rule: 'registry', message: 'services.yaml is missing' },
    ]);
  });

  it('reads the basic fixture as the validator does', () => {
    const archive = loadArchive(path.join(FIXTURES, 'basic'), 'UTC');
    expect(archive.entries.map((e) => e.slug).sort()).toEqual([
      '2023-03-14-checkout-deploy',
      '2024-06-06-api-leak',
      '2024-06-06-vampire-draft',
    ]);
  });
});
