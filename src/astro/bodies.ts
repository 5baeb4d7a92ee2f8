import { settings } from '../config/settings.ts';
import { renderBody, type RenderedBody } from '../site/body/render-body.ts';
import { bodyStoreFile, readStoredBody } from './body-store-fs.ts';

/**
 * Incident bodies, rendered by the page that shows them (body-store-fs.ts says why they are not
 * in the content store).
 */

/** The body store of this process: beside Astro's cache, which `npm run build` gives each content folder and edition. */
export const bodyStore = (): string => bodyStoreFile(settings().cacheDir);

/** The body of an incident page as HTML with its headings, through the one body pipeline, for this edition. */
export function incidentBody(entry: { id: string; digest?: string | number }): RenderedBody {
  const { body, mdx } = readStoredBody(bodyStore(), entry.id, entry.digest);
  return renderBody(body, mdx, { internal: settings().edition === 'public' ? 'remove' : 'show' });
}
