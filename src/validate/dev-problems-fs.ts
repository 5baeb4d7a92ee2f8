import { settings } from '../config/settings.ts';
import { loadArchive } from '../format/content-fs.ts';
import { devProblems, type DevProblems } from './dev-problems.ts';

/** The dev server's current problems for a 404 at `pathname`: the content folder read afresh, so a fix shows on reload. */
export function readDevProblems(pathname: string, base: string): DevProblems {
  const { contentDir, defaultTimezone, policy, dates } = settings();
  return devProblems(loadArchive(contentDir, defaultTimezone, policy, process.cwd(), dates).diagnostics, pathname, base);
}
