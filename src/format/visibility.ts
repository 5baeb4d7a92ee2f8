import type { Status } from './schema.ts';

/**
 * Which postmortems a build shows. A production build shows only `published` ones; a preview
 * (`npm run dev`, or HINDSIGHT_DRAFTS=1) shows every status, each marked with a banner.
 */
export function isVisible(status: Status, preview: boolean): boolean {
  return preview || status === 'published';
}
