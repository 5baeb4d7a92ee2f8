import fs from 'node:fs';
import path from 'node:path';

/** Templates below postmortems/: postmortem files whose name starts with `_`, which no build publishes. */
export function countTemplates(contentDir: string): number {
  const root = path.join(contentDir, 'postmortems');
  if (!fs.existsSync(root)) return 0;
  const names = fs.readdirSync(root, { recursive: true }) as string[];
  return names.filter((name) => /^_[^/\\]*\.mdx?$/i.test(path.basename(name)) && !name.split(/[\\/]/).some((part) => part.startsWith('.')))
    .length;
}
