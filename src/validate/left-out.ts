import { plural } from '../format/words.ts';
import type { Status } from '../format/schema.ts';
import { isVisible } from '../format/visibility.ts';

/**
 * What a build leaves out and why, in one line: "left out 1 draft, 1 in review (use --drafts to
 * preview them)", so an author whose postmortem is missing from the site learns why at once.
 * Templates (`_` names) are never built, not even as a preview. Undefined when nothing was left out.
 */
export function leftOutNote(statuses: readonly Status[], preview: boolean, templates = 0): string | undefined {
  const hidden = statuses.filter((s) => !isVisible(s, preview));
  const drafts = hidden.filter((s) => s === 'draft').length;
  const inReview = hidden.filter((s) => s === 'in-review').length;
  const parts = [drafts ? plural(drafts, 'draft') : '', inReview ? `${inReview} in review` : ''].filter(Boolean);
  const note = parts.length
    ? `${parts.join(', ')} (only published postmortems are built: use --drafts to preview ${hidden.length === 1 ? 'it' : 'them'})`
    : '';
  const template = templates ? `${plural(templates, 'template')} (names starting with _)` : '';
  const all = [note, template].filter(Boolean);
  return all.length ? `left out ${all.join(', ')}` : undefined;
}
