import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editLink } from '../../src/site/edit-link-fs.ts';

/** The edit link names the file's path in the repository that holds it, wherever the content folder lives. */

const EDIT = 'https://git.example.org/acme/postmortems/edit/main/';
const top = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-edit-'));
afterAll(() => fs.rmSync(top, { recursive: true, force: true }));

/** A folder, made with its parents; `.git` marks a repository's top (a folder, or a worktree's file). */
function folder(...parts: string[]): string {
  const dir = path.join(top, ...parts);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

describe('editLink', () => {
  it('takes the path from the top of the repository holding the project, also from a sub-folder of it', () => {
    folder('mono', '.git');
    const root = folder('mono', 'docs', 'hindsight');
    expect(editLink(EDIT, 'content/postmortems/2024/a.mdx', root)).toEqual({
      href: `${EDIT}docs/hindsight/content/postmortems/2024/a.mdx`,
      path: 'docs/hindsight/content/postmortems/2024/a.mdx',
    });
  });

  it("takes it from the content's own repository when the content lives outside the project", () => {
    const root = folder('side', 'hindsight');
    fs.mkdirSync(path.join(root, '.git'));
    fs.writeFileSync(path.join(folder('side', 'postmortems-repo'), '.git'), 'gitdir: /elsewhere\n');
    expect(editLink(EDIT, '../postmortems-repo/content/postmortems/b.mdx', root)).toEqual({
      href: `${EDIT}content/postmortems/b.mdx`,
      path: 'content/postmortems/b.mdx',
    });
  });

  it('falls back to the project root without a repository, and gives no link outside it', () => {
    const root = folder('plain', 'hindsight');
    expect(editLink(EDIT, 'content/postmortems/c.mdx', root)?.path).toBe('content/postmortems/c.mdx');
    expect(editLink(EDIT, '../content-elsewhere/postmortems/c.mdx', root)).toBeUndefined();
  });

  it('encodes what a URL path cannot hold', () => {
    const root = folder('spaces', 'hindsight');
    expect(editLink(EDIT, 'content/postmortems/team a/d#1.mdx', root)?.href).toBe(`${EDIT}content/postmortems/team%20a/d%231.mdx`);
  });
});
