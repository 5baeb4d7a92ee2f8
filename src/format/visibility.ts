import { VISIBILITIES, type Status, type Visibility } from './schema.ts';

/**
 * Which postmortems a build shows. A production build shows only `published` ones; a preview
 * (`npm run dev`, or HINDSIGHT_DRAFTS=1) shows every status, each marked with a banner.
 */
export function isVisible(status: Status, preview: boolean): boolean {
  return preview || status === 'published';
}

/**
 * A postmortem's visibility: the one it names, or the configured default when it names none (or,
 * before validation, a value that is not one).
 */
export function visibilityOf(declared: unknown, fallback: Visibility): Visibility {
  return (VISIBILITIES as readonly unknown[]).includes(declared) ? (declared as Visibility) : fallback;
}
