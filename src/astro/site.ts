import { getCollection, type CollectionEntry } from 'astro:content';
import { settings as readSettings } from '../config/settings.ts';
import { editTop } from '../site/edit-link-fs.ts';
import { editLinks } from '../site/edition.ts';
import { buildSiteModel, type SiteModel } from '../site/model.ts';

/**
 * The one place the site reads its collections: the site model, computed once per build and
 * shared by every route. The dev server recomputes it on each request, since its content
 * changes under it.
 */

export type Entry = CollectionEntry<'postmortems'>;
export type Site = SiteModel<Entry>;

let cached: Promise<Site> | undefined;

async function load(): Promise<Site> {
  const [postmortems, services, rootCauses, severities] = await Promise.all([
    getCollection('postmortems'),
    getCollection('services'),
    getCollection('rootCauses'),
    getCollection('severities'),
  ]);
  const registries = {
    services: services.map((s) => s.data),
    rootCauses: rootCauses.map((r) => r.data),
    severities: severities.map((s) => s.data),
  };
  const { title, organisation, site, base, editUrl, now, logo, contentDir, edition, searchPartPages } = readSettings();
  // A setting like the others, so an incremental build renders the links again when it changes. No
  // edit links in the public edition: its readers cannot edit, and the source holds every <Internal>.
  const top = editLinks(edition) ? editTop(contentDir) : undefined;
  const settings = { title, organisation, site, base, editUrl, editTop: top, today: now, logo, searchPartPages };
  return buildSiteModel(postmortems, registries, settings);
}

/** The site model of this build. */
export function getSite(): Promise<Site> {
  if (import.meta.env.DEV) return load();
  return (cached ??= load());
}
