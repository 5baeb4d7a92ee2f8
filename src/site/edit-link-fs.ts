import fs from 'node:fs';
import path from 'node:path';

/**
 * The "edit this postmortem" link. `editUrl` is the edit prefix of the git repository that holds
 * the content folder (the deploy workflow passes its own repository's), so a file's path is
 * taken from that repository's top, found by its `.git` (a folder, or a file in a worktree or
 * submodule): right for content inside the project, for a project in a sub-folder of a larger
 * repository, and for content kept in a repository of its own beside the project. Without any
 * repository the path is the project's; a file outside both gets no link rather than a wrong one.
 */

const repositoryTops = new Map<string, string | undefined>();

/** The nearest folder at or above `dir` holding `.git`; undefined when there is none. */
function repositoryTop(dir: string): string | undefined {
  if (repositoryTops.has(dir)) return repositoryTops.get(dir);
  const parent = path.dirname(dir);
  const top = fs.existsSync(path.join(dir, '.git')) ? dir : parent === dir ? undefined : repositoryTop(parent);
  repositoryTops.set(dir, top);
  return top;
}

/** Whether `child` is `parent` or lies below it. */
const isInside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
};

/** A postmortem's edit link and the path it shows, from its path relative to the project root; undefined for none. */
export function editLink(editUrl: string, filePath: string, root = process.cwd()): { href: string; path: string } | undefined {
  const abs = path.resolve(root, filePath);
  const top = repositoryTop(path.dirname(abs)) ?? (isInside(abs, root) ? root : undefined);
  if (!top) return undefined;
  const shown = path.relative(top, abs).split(path.sep).join('/');
  return { href: `${editUrl}${shown.split('/').map(encodeURIComponent).join('/')}`, path: shown };
}
