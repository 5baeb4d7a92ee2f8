import path from 'node:path';

/**
 * A postmortem's "edit this postmortem" link and the path it shows: `editUrl`, then the file's
 * path from `top` (relative to the project root, see edit-link-fs.ts), each segment URL-encoded.
 * `filePath` is relative to the project root `root`, as the content collection stores it.
 * Undefined when there is no top.
 */
export function editLink(
  editUrl: string,
  top: string | undefined,
  filePath: string,
  root = process.cwd(),
): { href: string; path: string } | undefined {
  if (top === undefined) return undefined;
  const shown = path.relative(path.resolve(root, top), path.resolve(root, filePath)).split(path.sep).join('/');
  return { href: `${editUrl}${shown.split('/').map(encodeURIComponent).join('/')}`, path: shown };
}
