import type { Postmortem, Registries } from '../format/schema.ts';

/**
 * What the search index knows about one postmortem, beyond its text: the facets it can be
 * filtered by, the metadata shown in a result, and its sort key. SearchMeta.astro renders this
 * as Pagefind attributes; the search page reads the same names back.
 */

/** Facet names, in the order the search page shows them. They are also the URL parameters. */
export const FACETS = ['service', 'rootCause', 'severity', 'year', 'tag'] as const;
export type Facet = (typeof FACETS)[number];

export interface SearchRecord {
  /** Filter values are ids (registry ids, tags, years), so URLs stay stable when names change. */
  filters: Record<Facet, string[]>;
  /** Shown in a result. Display names, not ids. */
  meta: {
    title: string;
    /** The start date in the incident's own zone, YYYY-MM-DD (the slug's date). */
    date: string;
    severity: string;
    services: string;
    summary: string;
    /** Only for unpublished postmortems (preview builds): `draft` or `in-review`. */
    status?: string;
  };
  /** Sort keys. `date` is the UTC start instant, so it orders across time zones. */
  sort: { date: string };
}

type RecordInput = Pick<Postmortem, 'title' | 'summary' | 'status' | 'severity' | 'started' | 'services' | 'rootCauses' | 'tags'>;

const nameOf = (list: readonly { id: string; name: string }[], id: string) => list.find((item) => item.id === id)?.name ?? id;

/**
 * The search record of a postmortem. `slug` supplies the local start date (the format requires
 * the slug to begin with it), which is what readers see everywhere else on the site.
 */
export function searchRecord(slug: string, data: RecordInput, registries: Registries): SearchRecord {
  const date = /^\d{4}-\d{2}-\d{2}/.exec(slug)?.[0] ?? data.started.slice(0, 10);
  const severityName = nameOf(registries.severities, data.severity);
  return {
    filters: {
      service: [...data.services],
      rootCause: [...data.rootCauses],
      severity: [data.severity],
      year: [date.slice(0, 4)],
      tag: [...(data.tags ?? [])],
    },
    meta: {
      title: data.title,
      date,
      severity: severityName === data.severity ? data.severity : `${data.severity} · ${severityName}`,
      services: data.services.map((id) => nameOf(registries.services, id)).join(', '),
      summary: data.summary,
      ...(data.status === 'published' ? {} : { status: data.status }),
    },
    sort: { date: new Date(data.started).toISOString() },
  };
}

/** Display names for every filter value the page may show, by facet then id. */
export function facetLabels(registries: Registries): Record<Facet, Record<string, string>> {
  const byId = (list: readonly { id: string; name: string }[]) => Object.fromEntries(list.map((item) => [item.id, item.name]));
  return {
    service: byId(registries.services),
    rootCause: byId(registries.rootCauses),
    severity: Object.fromEntries(registries.severities.map((s) => [s.id, `${s.id} · ${s.name}`])),
    year: {},
    tag: {},
  };
}

/** Severity ids, most severe first, so the severity facet lists them in that order. */
export function severityOrder(registries: Registries): string[] {
  return registries.severities.map((s) => s.id);
}

export interface FacetOption {
  value: string;
  label: string;
  /** How many of the given records carry it. */
  count: number;
}

/**
 * The values each facet offers on the search page: only values that some record carries, with
 * display names. Services and root causes by name, severities most severe first, years newest
 * first, tags alphabetically.
 */
export function facetOptions(records: readonly SearchRecord[], registries: Registries): Record<Facet, FacetOption[]> {
  const labels = facetLabels(registries);
  const severityRank = new Map(severityOrder(registries).map((id, index) => [id, index]));
  const order: Record<Facet, (a: FacetOption, b: FacetOption) => number> = {
    service: (a, b) => a.label.localeCompare(b.label, 'en'),
    rootCause: (a, b) => a.label.localeCompare(b.label, 'en'),
    severity: (a, b) => (severityRank.get(a.value) ?? Infinity) - (severityRank.get(b.value) ?? Infinity),
    year: (a, b) => b.value.localeCompare(a.value),
    tag: (a, b) => a.value.localeCompare(b.value, 'en'),
  };
  const result = {} as Record<Facet, FacetOption[]>;
  for (const facet of FACETS) {
    const counts = new Map<string, number>();
    for (const record of records) for (const value of record.filters[facet]) counts.set(value, (counts.get(value) ?? 0) + 1);
    result[facet] = [...counts].map(([value, count]) => ({ value, label: labels[facet][value] ?? value, count })).sort(order[facet]);
  }
  return result;
}

/** The most values a facet lists on the search page, whatever the size of the archive. */
export const FACET_SHOWN = 50;

/** One facet's values on the search page and how many it leaves out. */
export interface FacetList {
  options: FacetOption[];
  /** Values in use but not listed: the least used, reachable from the index pages' search links. */
  more: number;
}

/**
 * Each facet's most used values, at most `limit`, in the facet's own order. Tags are free-form
 * and grow with the archive: listing every one would make opening the search page grow too
 * (about 150 bytes a value).
 */
export function shownFacets(all: Record<Facet, FacetOption[]>, limit = FACET_SHOWN): Record<Facet, FacetList> {
  const result = {} as Record<Facet, FacetList>;
  for (const facet of FACETS) {
    const options = all[facet];
    const kept = new Set([...options].sort((a, b) => b.count - a.count).slice(0, limit));
    result[facet] = { options: options.filter((o) => kept.has(o)), more: options.length - kept.size };
  }
  return result;
}

/** Headings of the facets on the search page. */
export const FACET_NAMES: Record<Facet, string> = {
  service: 'Service',
  rootCause: 'Root cause',
  severity: 'Severity',
  year: 'Year',
  tag: 'Tag',
};
