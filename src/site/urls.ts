/**
 * Every link the site makes, built in one place from the base path, so a page never writes
 * `${base}…/` by hand and a route's address changes in one line.
 */

/** The site's addresses under `base` (which starts and ends with `/`). */
export function urls(base: string) {
  const at = (path: string) => `${base}${path}`;
  return {
    home: base,
    archive: at('postmortems/'),
    incident: (slug: string) => at(`postmortems/${slug}/`),
    services: at('services/'),
    service: (id: string) => at(`services/${id}/`),
    serviceFeed: (id: string) => at(`services/${id}/rss.xml`),
    rootCauses: at('root-causes/'),
    rootCause: (id: string) => at(`root-causes/${id}/`),
    tags: at('tags/'),
    tag: (tag: string) => at(`tags/${tag}/`),
    years: at('years/'),
    year: (year: string) => at(`years/${year}/`),
    severities: at('severities/'),
    severity: (id: string) => at(`severities/${id}/`),
    actionItems: at('action-items/'),
    actionItemsBy: (facet: string, value: string) => at(`action-items/${facet}/${value}/`),
    owner: (slug: string) => at(`action-items/owners/${slug}/`),
    insights: at('insights/'),
    insightsCsv: (name: string) => at(`insights/${name}.csv`),
    /** The search page, optionally with a query string such as `service=api`. */
    search: (query?: string) => at(query ? `search/?${query}` : 'search/'),
    rss: at('rss.xml'),
    json: at('postmortems.json'),
    schema: at('schema/postmortem.json'),
    pagefind: at('pagefind/'),
    favicon: at('favicon.svg'),
    /** A file of the site's own, such as the configured logo. */
    file: (path: string) => at(path),
  };
}

export type Urls = ReturnType<typeof urls>;
