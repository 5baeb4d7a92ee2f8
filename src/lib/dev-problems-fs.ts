import { config } from '../../hindsight.config.ts';
import { loadArchive, resolveContentDir } from './content-fs.ts';
import { devProblems, type DevProblems } from './dev-problems.ts';

/** The dev server's current problems for a 404 at `pathname`: the content folder read afresh, so a fix shows on reload. */
export function readDevProblems(pathname: string, base: string): DevProblems {
  return devProblems(loadArchive(resolveContentDir(), config.defaultTimezone, config.policy).diagnostics, pathname, base);
}
