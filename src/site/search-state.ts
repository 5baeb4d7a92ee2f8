import { FACETS, type Facet } from './search-record.ts';
import { plural } from '../format/words.ts';

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
    const values = [
      ...new Set(
        params
          .getAll(facet)
          .flatMap((v) => v.split(','))
          .map((v) => v.trim())
          .filter(Boolean),
      ),
    ];
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

/** The words of a query as Pagefind matches them: split on spaces, without surrounding punctuation. */
export function queryWords(q: string): string[] {
  return q
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
}

const postmortems = (count: number) => plural(count, 'postmortem');
const quoteList = (words: readonly string[], joiner: string) => words.map((w) => `‘${w}’`).join(joiner);

/** What the page says before any search: nothing is listed until there are words or a filter. */
export function idleStatus(total: number): string {
  return `Type words or choose a filter to search ${postmortems(total)}.`;
}

/**
 * The live region's sentence for a finished search: "1 postmortem matches “cache”", "4 postmortems
 * match “cache” with the selected filters", "2 postmortems with the selected filters". Words that
 * no postmortem contains (`ignored`, which Pagefind drops) are left out of the quoted phrase.
 */
export function describeResults(state: SearchState, count: number, ignored: readonly string[] = []): string {
  const filtered = selectedFacets(state).length > 0 ? ' with the selected filters' : '';
  const words = queryWords(state.q).filter((w) => !ignored.includes(w));
  const phrase = ignored.length > 0 ? words.join(' ') : state.q;
  const sentence =
    state.q && phrase
      ? `${postmortems(count)} ${count === 1 ? 'matches' : 'match'} “${phrase}”${filtered}.`
      : `${postmortems(count)}${filtered}.`;
  return count === 0 ? `${sentence} Try fewer words or filters.` : sentence;
}

/**
 * The notice when Pagefind ignored words that appear nowhere: "No postmortem contains ‘xylophone’;
 * showing results for ‘cache’." Empty when no word was ignored or every word was (then nothing
 * matches, and the status says so).
 */
export function ignoredNotice(q: string, ignored: readonly string[]): string {
  const kept = queryWords(q).filter((w) => !ignored.includes(w));
  if (ignored.length === 0 || kept.length === 0) return '';
  return `No postmortem contains ${quoteList(ignored, ' or ')}; showing results for ‘${kept.join(' ')}’.`;
}
