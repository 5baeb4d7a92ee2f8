import { describe, expect, it } from 'vitest';
import { facetOptions, type FacetOption, searchRecord, shownFacets } from '../../src/site/search-record.ts';
import {
  describeResults,
  formatState,
  idleStatus,
  ignoredNotice,
  isEmpty,
  pagefindOptions,
  parseState,
  queryWords,
} from '../../src/site/search-state.ts';

const registries = {
  services: [
    { id: 'api-server', name: 'API server' },
    { id: 'checkout', name: 'Checkout' },
  ],
  rootCauses: [
    { id: 'deploy', name: 'Bad deploy' },
    { id: 'dns', name: 'DNS' },
  ],
  severities: [
    { id: 'SEV1', name: 'Critical' },
    { id: 'SEV2', name: 'Major' },
  ],
};

const incident = (slug: string, over: Partial<Parameters<typeof searchRecord>[1]> = {}) =>
  searchRecord(
    slug,
    {
      title: 'T',
      summary: 'S',
      status: 'published',
      severity: 'SEV2',
      started: `${slug.slice(0, 10)}T23:30:00-05:00`,
      services: ['checkout'],
      rootCauses: ['deploy'],
      ...over,
    },
    registries,
  );

describe('searchRecord', () => {
  it('filters by ids, shows names, sorts by the UTC instant and dates by the local day', () => {
    const record = incident('2024-12-31-late', { services: ['api-server', 'checkout'], tags: ['new-year'], severity: 'SEV1' });
    expect(record.filters).toEqual({
      service: ['api-server', 'checkout'],
      rootCause: ['deploy'],
      severity: ['SEV1'],
      year: ['2024'],
      tag: ['new-year'],
    });
    expect(record.meta).toEqual({
      title: 'T',
      date: '2024-12-31',
      severity: 'SEV1 · Critical',
      services: 'API server, Checkout',
      summary: 'S',
    });
    // 23:30 at -05:00 on New Year's Eve is already 2025 in UTC: the sort key follows the instant.
    expect(record.sort.date).toBe('2025-01-01T04:30:00.000Z');
  });

  it('marks unpublished postmortems', () => {
    expect(incident('2024-01-01-x', { status: 'draft' }).meta.status).toBe('draft');
  });
});

describe('facetOptions', () => {
  it('offers only values in use, counted, in each facet’s order', () => {
    const options = facetOptions(
      [incident('2023-01-01-a'), incident('2024-01-01-b', { severity: 'SEV1', services: ['api-server'] }), incident('2024-02-01-c')],
      registries,
    );
    expect(options.service).toEqual([
      { value: 'api-server', label: 'API server', count: 1 },
      { value: 'checkout', label: 'Checkout', count: 2 },
    ]);
    expect(options.severity.map((o) => o.value)).toEqual(['SEV1', 'SEV2']);
    expect(options.year.map((o) => [o.value, o.count])).toEqual([
      ['2024', 2],
      ['2023', 1],
    ]);
    expect(options.rootCause.map((o) => o.value)).toEqual(['deploy']);
    expect(options.tag).toEqual([]);
  });
});

describe('shownFacets', () => {
  it('lists at most the most used values of a facet, in its own order, and counts the rest', () => {
    // 60 tags: t00 used once … t59 used 60 times; the ten least used are left out.
    const tag: FacetOption[] = Array.from({ length: 60 }, (_, i) => ({ value: `t${String(i).padStart(2, '0')}`, label: '', count: i + 1 }));
    const shown = shownFacets({ service: [], rootCause: [], severity: [], year: [], tag });
    expect(shown.tag.more).toBe(10);
    expect(shown.tag.options.map((o) => o.value)).toEqual(tag.slice(10).map((o) => o.value));
    expect(shownFacets({ service: [], rootCause: [], severity: [], year: [], tag }, 3).tag.options.map((o) => o.value)).toEqual([
      't57',
      't58',
      't59',
    ]);
    expect(shown.service).toEqual({ options: [], more: 0 });
  });
});

describe('search state', () => {
  it('round-trips through the URL, with repeated parameters for several values', () => {
    const state = parseState('?q=memory+leak&service=api-server&service=checkout&year=2024&sort=date&utm=x');
    expect(state).toEqual({ q: 'memory leak', filters: { service: ['api-server', 'checkout'], year: ['2024'] }, sort: 'date' });
    expect(formatState(state)).toBe('?q=memory+leak&service=api-server&service=checkout&year=2024&sort=date');
    expect(parseState(formatState(state))).toEqual(state);
  });

  it('accepts comma-separated values and drops empty and repeated ones', () => {
    expect(parseState('service=a,b&service=b&tag=').filters).toEqual({ service: ['a', 'b'] });
  });

  it('drops the sort order when there are no words, as results are then always newest first', () => {
    expect(formatState(parseState('sort=date&severity=SEV1'))).toBe('?severity=SEV1');
    expect(formatState(parseState(''))).toBe('');
    expect(isEmpty(parseState('sort=date'))).toBe(true);
    expect(isEmpty(parseState('tag=x'))).toBe(false);
  });

  it('matches any value within a facet and all facets, and can leave one facet out for its counts', () => {
    const state = parseState('q=dns&service=a&service=b&severity=SEV1');
    expect(pagefindOptions(state)).toEqual({ filters: { service: { any: ['a', 'b'] }, severity: { any: ['SEV1'] } } });
    expect(pagefindOptions(state, 'service')).toEqual({ filters: { severity: { any: ['SEV1'] } } });
    expect(pagefindOptions(parseState('q=dns&sort=date')).sort).toEqual({ date: 'desc' });
    expect(pagefindOptions(parseState('service=a')).sort).toEqual({ date: 'desc' });
  });
});

describe('what the search page says', () => {
  const state = (search: string) => parseState(search);
  it('counts with the right grammar', () => {
    expect(describeResults(state('?q=cache'), 1)).toBe('1 postmortem matches “cache”.');
    expect(describeResults(state('?q=cache'), 4)).toBe('4 postmortems match “cache”.');
    expect(describeResults(state('?q=cache&service=api'), 2)).toBe('2 postmortems match “cache” with the selected filters.');
    expect(describeResults(state('?service=api'), 1)).toBe('1 postmortem with the selected filters.');
    expect(describeResults(state('?q=zymurgy'), 0)).toBe('0 postmortems match “zymurgy”. Try fewer words or filters.');
    expect(idleStatus(1)).toBe('Type words or choose a filter to search 1 postmortem.');
    expect(idleStatus(10000)).toBe('Type words or choose a filter to search 10,000 postmortems.');
    expect(describeResults(state('?q=cache'), 4860)).toBe('4,860 postmortems match “cache”.');
  });
  it('quotes only the words searched for when Pagefind ignored some', () => {
    expect(describeResults(state('?q=xylophone+cache'), 4, ['xylophone'])).toBe('4 postmortems match “cache”.');
    expect(ignoredNotice('xylophone cache', ['xylophone'])).toBe('No postmortem contains ‘xylophone’; showing results for ‘cache’.');
    expect(ignoredNotice('xylophone cache leak zymurgy', ['xylophone', 'zymurgy'])).toBe(
      'No postmortem contains ‘xylophone’ or ‘zymurgy’; showing results for ‘cache leak’.',
    );
    expect(ignoredNotice('cache leak', [])).toBe('');
    expect(ignoredNotice('xylophone', ['xylophone'])).toBe('');
  });
  it('splits a query into words as Pagefind does, without surrounding punctuation', () => {
    expect(queryWords('  "cache", leak!  API-server ')).toEqual(['cache', 'leak', 'API-server']);
    expect(queryWords('')).toEqual([]);
  });
});
