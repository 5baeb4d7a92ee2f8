import type { Diagnostic } from '../format/diagnostics.ts';
import { slugFromPath } from '../format/slug.ts';

/**
 * For the dev server's "page not found": the problems that keep postmortems out of the site, the
 * ones of the file the address names first, so an author who opens a postmortem with an error
 * sees why instead of a bare 404.
 */
export interface DevProblems {
  /** The slug the address names, when it is an incident page's address. */
  slug?: string;
  /** Errors of the file with that slug. */
  page: Diagnostic[];
  /** Every other error, in file order. */
  others: Diagnostic[];
}

/** Sorts the errors of a validation for the 404 page at `pathname` (under `base`). */
export function devProblems(diagnostics: readonly Diagnostic[], pathname: string, base: string): DevProblems {
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : pathname;
  const slug = /^postmortems\/([^/]+)\/?$/.exec(rest)?.[1];
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const isPage = (d: Diagnostic) => slug !== undefined && slugFromPath(d.file) === decodeURIComponent(slug);
  return { slug, page: errors.filter(isPage), others: errors.filter((d) => !isPage(d)) };
}
