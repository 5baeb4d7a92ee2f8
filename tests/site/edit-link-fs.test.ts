import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editLink } from '../../src/site/edit-link.ts';
import { editTop } from '../../src/site/edit-link-fs.ts';

/** The edit link names the file's path in the repository that holds it, wherever the content folder lives. */

const EDIT = 'https://git.example.org/acme/postmortems/edit/main/';
const top = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-edit-'));
afterAll(() => fs.rmSync(top, { recursive: true, force: true }));

/** A folder, made with its parents. */
function folder(...parts: string[]): string {
  const dir = path.join(top, ...parts);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The link of a file given, as the content collection stores it, relative to the project root. */
const link = (root: string, contentDir: string, filePath: string) => editLink(EDIT, editTop(contentDir, root), filePath, root);

describe('edit links', () => {
  it('start at the top of the repository holding the project, also when it sits in a sub-folder of it', () => {
    folder('mono', '.git');
    const root = folder('mono', 'docs', 'hindsight');
    expect(link(root, path.join(root, 'content'), 'content/postmortems/2024/a.mdx')).toEqual({
      href: `${EDIT}docs/hindsight/content/postmortems/2024/a.mdx`,
      path: 'docs/hindsight/content/postmortems/2024/a.mdx',
    });
  });

  it("start at the content's own repository when the content lives outside the project (a worktree's .git file too)", () => {
    const root = folder('side', 'hindsight');
    fs.mkdirSync(path.join(root, '.git'));
    fs.writeFileSync(path.join(folder('side', 'postmortems-repo'), '.git'), 'gitdir: /elsewhere\n');
    const content = folder('side', 'postmortems-repo', 'content');
    expect(editTop(content, root)).toBe('../postmortems-repo');
    expect(link(root, content, '../postmortems-repo/content/postmortems/b.mdx')).toEqual({
      href: `${EDIT}content/postmortems/b.mdx`,
      path: 'content/postmortems/b.mdx',
    });
  });

  it('start at the project root without a repository, and are left out for content outside it', () => {
    const root = folder('plain', 'hindsight');
    expect(editTop(path.join(root, 'content'), root)).toBe('');
    expect(link(root, path.join(root, 'content'), 'content/postmortems/c.mdx')?.path).toBe('content/postmortems/c.mdx');
    expect(editTop(folder('plain', 'content-elsewhere'), root)).toBeUndefined();
    expect(link(root, folder('plain', 'content-elsewhere'), '../content-elsewhere/postmortems/c.mdx')).toBeUndefined();
  });

  it('encode what a URL path cannot hold', () => {
    expect(editLink(EDIT, '', 'content/postmortems/team a/d#1.mdx')?.href).toBe(`${EDIT}content/postmortems/team%20a/d%231.mdx`);
  });
});
