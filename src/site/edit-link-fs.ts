import fs from 'node:fs';
import path from 'node:path';

/**
 * Where "edit this postmortem" paths start. `editUrl` is the edit prefix of the git repository
 * that holds the content folder (the deploy workflow passes its own repository's), so paths start
 * at that repository's top, found by its `.git` (a folder, or a file in a worktree or
 * submodule): right for content inside the project, for a project in a sub-folder of a larger
 * repository, and for content kept in a repository of its own beside the project. Without any
 * repository they start at the project root; content outside both gets no link rather than a
 * wrong one.
 */

/** The nearest folder at or above `dir` holding `.git`; undefined when there is none. */
function repositoryTop(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

/** The top edit paths start from, relative to the project root (`''` for the root itself, `../postmortems` for a sibling); undefined for no edit links. */
export function editTop(contentDir: string, root = process.cwd()): string | undefined {
  const top = repositoryTop(contentDir) ?? root;
  const fromTop = path.relative(top, path.resolve(contentDir));
  if (fromTop.startsWith('..') || path.isAbsolute(fromTop)) return undefined;
  return path.relative(root, top).split(path.sep).join('/');
}
