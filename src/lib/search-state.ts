import { FACETS, type Facet } from './search-record.ts';

/**
 * The search page's state and its two encodings: the URL query string (shareable, and what the
 * back button restores) and Pagefind's search options. Plain functions, used by the browser
 * script and by tests alike.
 */

export type SortOrder = 'relevance' | 'date';

export interface SearchState {
  q: string;
  /** Selected values per facet. Within a facet any value matches; across facets all must. */
  filters: Partial<Record<Facet, string[]>>;
  /** Relevance needs words; without any, results are always newest first. */
  sort: SortOrder;
}

export interface PagefindSearchOptions {
  filters: Record<string, { any: string[] }>;
  sort?: Record<string, 'asc' | 'desc'>;
}

/** Reads `?q=…&service=a&service=b&sort=date`. Unknown parameters are ignored; values are kept as given. */
export function parseState(search: string | URLSearchParams): SearchState {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const filters: SearchState['filters'] = {};
  for (const facet of FACETS) {
    const values = [...new Set(params.getAll(facet).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))];
    if (values.length) filters[facet] = values;
  }
  return { q: (params.get('q') ?? '').trim(), filters, sort: params.get('sort') === 'date' ? 'date' : 'relevance' };
}

/** The query string for a state, `?`-prefixed, or `''` when there is nothing to say. Stable order, so equal states give equal URLs. */
export function formatState(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const facet of FACETS) for (const value of state.filters[facet] ?? []) params.append(facet, value);
  if (state.sort === 'date' && state.q) params.set('sort', 'date');
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** True when there is neither a query nor a filter: the page then lists everything, newest first. */
export function isEmpty(state: SearchState): boolean {
  return !state.q && FACETS.every((facet) => !state.filters[facet]?.length);
}

/**
 * Pagefind options for a state. `without` leaves one facet's selection out: the counts shown
 * beside that facet's values come from such a search, so ticking a second service adds to the
 * results instead of showing every other service with a count of zero.
 */
export function pagefindOptions(state: SearchState, without?: Facet): PagefindSearchOptions {
  const filters: PagefindSearchOptions['filters'] = {};
  for (const facet of FACETS) {
    const values = state.filters[facet];
    if (facet !== without && values?.length) filters[facet] = { any: values };
  }
  return state.sort === 'date' || !state.q ? { filters, sort: { date: 'desc' } } : { filters };
}

/** Facets with a selection, whose counts need a search of their own (see `pagefindOptions`). */
export function selectedFacets(state: SearchState): Facet[] {
  return FACETS.filter((facet) => state.filters[facet]?.length);
}
