import type { Facet } from '../lib/search-record.ts';
import { describeResults, formatState, idleStatus, ignoredNotice, isEmpty, pagefindOptions, parseState, queryWords, type SearchState, selectedFacets } from '../lib/search-state.ts';

/**
 * The search page in the browser: reads the state from the URL, runs it through Pagefind's JS
 * API, renders results and facet counts, and keeps the URL in step (replaceState while typing,
 * pushState for a submitted query, a filter or a sort, so Back undoes them one by one).
 *
 * Opening the page downloads no index: Pagefind loads when a search starts or the search box
 * gains focus, nothing is listed before a query or a filter, and the facet counts (the build's
 * totals at first) follow the current search from the first search on, which loads Pagefind's
 * filter index.
 */

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
}
interface PagefindResult {
  id: string;
  data(): Promise<PagefindResultData>;
}
interface PagefindSearch {
  results: PagefindResult[];
  filters: Record<string, Record<string, number>>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  search(term: string | null, options: object): Promise<PagefindSearch | null>;
  filters(): Promise<Record<string, Record<string, number>>>;
}
type Counts = Partial<Record<Facet, Record<string, number>>>;

const PAGE_SIZE = 20;
const TYPING_DELAY_MS = 200;
const PHONE = '(max-width: 60rem)';

/** The page's elements, found once. */
function elements(root: HTMLElement) {
  const $ = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
  return {
    form: $<HTMLFormElement>('#search-form'), input: $<HTMLInputElement>('#search-q'), sort: $<HTMLSelectElement>('#search-sort'),
    status: $('#search-status'), notice: $('#search-ignored'), list: $<HTMLOListElement>('#search-results'), more: $<HTMLButtonElement>('#search-more'),
    clear: $<HTMLButtonElement>('#search-clear'), panel: $<HTMLDetailsElement>('#search-filters'), selected: $('#search-selected'),
  };
}
type Elements = ReturnType<typeof elements>;

/** Loads Pagefind once, on first need; the promise resolves to undefined when the index is missing. */
function pagefindLoader(root: HTMLElement, status: HTMLElement): () => Promise<Pagefind | undefined> {
  let loading: Promise<Pagefind | undefined> | undefined;
  return () => (loading ??= (async () => {
    try {
      const module = (await import(/* @vite-ignore */ root.dataset.pagefindUrl!)) as Pagefind;
      await module.options({ baseUrl: root.dataset.base, excerptLength: 24 });
      return module;
    } catch {
      status.textContent = 'dev' in root.dataset
        ? 'No search index yet. The dev server searches the index that “npm run build” writes to dist/pagefind/ (published postmortems only): run “npm run build”, then reload this page.'
        : 'The search index could not be loaded. Try reloading the page.';
      return undefined;
    }
  })());
}

/** The words of a multi-word query that no postmortem contains: Pagefind silently drops them. */
async function ignoredWords(pagefind: Pagefind, q: string): Promise<string[]> {
  const words = queryWords(q);
  if (words.length < 2) return [];
  const found = await Promise.all(words.map(async (word) => ((await pagefind.search(word, {}))?.results.length ?? 0) > 0));
  return words.filter((_, i) => !found[i]);
}

/** Facet counts for a state: a facet's own selection must not narrow its counts (its values are alternatives). */
async function facetCounts(pagefind: Pagefind, state: SearchState, first: PagefindSearch): Promise<Counts> {
  const counts: Counts = { ...first.filters };
  for (const facet of selectedFacets(state)) {
    const other = await pagefind.search(state.q || null, pagefindOptions(state, facet));
    if (other) counts[facet] = other.filters[facet];
  }
  return counts;
}

function updateCounts(el: Elements, counts: Counts): void {
  for (const element of el.form.querySelectorAll<HTMLElement>('[data-count]')) {
    const facet = element.closest<HTMLElement>('[data-facet]')!.dataset.facet as Facet;
    const count = counts[facet]?.[element.dataset.count!] ?? 0;
    element.textContent = String(count);
    element.toggleAttribute('data-zero', count === 0);
  }
}

/** The form's fields as a state: the form is the single place the user changes it. */
function readForm(form: HTMLFormElement): SearchState {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') params.append(name, value);
  return parseState(params);
}

function writeForm(el: Elements, state: SearchState): void {
  el.input.value = state.q;
  el.sort.value = state.sort === 'date' ? 'date' : '';
  for (const box of el.form.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) box.checked = state.filters[box.name as Facet]?.includes(box.value) ?? false;
  showSelected(el, state);
}

function showSelected(el: Elements, state: SearchState): void {
  const selected = selectedFacets(state).reduce((n, facet) => n + (state.filters[facet]?.length ?? 0), 0);
  el.selected.textContent = selected ? `(${selected} selected)` : '';
  el.clear.hidden = selected === 0;
}

function setUrl(state: SearchState, mode: 'push' | 'replace'): void {
  const url = `${location.pathname}${formatState(state)}`;
  if (url === `${location.pathname}${location.search}`) return;
  history[mode === 'push' ? 'pushState' : 'replaceState'](null, '', url);
}

export function startSearch(root: HTMLElement): void {
  const el = elements(root);
  const total = Number(root.dataset.total ?? 0);
  const load = pagefindLoader(root, el.status);
  const pageTitle = document.title;
  let results: PagefindResult[] = [];
  let shown = 0;
  let generation = 0;
  let withExcerpt = false;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let filtersLoaded: Promise<unknown> | undefined;

  const showMore = async (gen: number, focusFirst: boolean) => {
    const page = results.slice(shown, shown + PAGE_SIZE);
    const data = await Promise.all(page.map((r) => r.data()));
    if (gen !== generation) return;
    const items = data.map((d) => renderResult(d, withExcerpt));
    el.list.append(...items);
    shown += page.length;
    el.more.hidden = shown >= results.length;
    if (focusFirst) items[0]?.querySelector('a')?.focus();
  };

  const run = async (state: SearchState) => {
    const gen = ++generation;
    showSelected(el, state);
    document.title = state.q ? `“${state.q}” · ${pageTitle}` : pageTitle;
    if (isEmpty(state)) return idle();
    const pagefind = await load();
    if (!pagefind || gen !== generation) return;
    // Counts need Pagefind's filter index, loaded once, before the first search (which otherwise reports none).
    await (filtersLoaded ??= pagefind.filters());
    const search = await pagefind.search(state.q || null, pagefindOptions(state));
    if (!search || gen !== generation) return;
    const [ignored, counts] = await Promise.all([search.results.length ? ignoredWords(pagefind, state.q) : [], facetCounts(pagefind, state, search)]);
    if (gen !== generation) return;
    [results, shown, withExcerpt] = [search.results, 0, Boolean(state.q)];
    el.list.replaceChildren();
    updateCounts(el, counts);
    await showMore(gen, false);
    if (gen !== generation) return;
    el.status.textContent = describeResults(state, results.length, ignored);
    el.notice.textContent = ignoredNotice(state.q, ignored);
    el.notice.hidden = !el.notice.textContent;
  };

  const idle = () => {
    results = [];
    el.list.replaceChildren();
    el.more.hidden = true;
    el.notice.hidden = true;
    el.status.textContent = idleStatus(total);
  };

  el.input.addEventListener('focus', () => void load(), { once: true });
  // Typing: search as you type, keeping one history entry for the whole edit.
  el.input.addEventListener('input', () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      const state = readForm(el.form);
      setUrl(state, 'replace');
      void run(state);
    }, TYPING_DELAY_MS);
  });
  // Enter, a filter or the sort order: a new history entry.
  el.form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    const state = readForm(el.form);
    setUrl(state, 'push');
    void run(state);
  });
  el.form.addEventListener('change', (event) => {
    if (event.target !== el.input) el.form.requestSubmit();
  });
  el.clear.addEventListener('click', () => {
    for (const box of el.form.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) box.checked = false;
    el.form.requestSubmit();
  });
  el.more.addEventListener('click', () => void showMore(generation, true));
  window.addEventListener('popstate', () => {
    const state = parseState(location.search);
    writeForm(el, state);
    void run(state);
  });

  const initial = parseState(location.search);
  writeForm(el, initial);
  // On a phone the filters start folded, so results come first; the summary says how many are chosen.
  if (matchMedia(PHONE).matches) el.panel.open = false;
  if (!isEmpty(initial)) el.status.textContent = `Searching ${total} postmortems…`;
  void run(initial);
  root.dataset.ready = '';
}

/** One result: title link, date, severity badge, services, then the matching excerpt or, when browsing, the summary. */
function renderResult(data: PagefindResultData, withExcerpt: boolean): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'card';
  const heading = item.appendChild(document.createElement('h2'));
  const link = heading.appendChild(document.createElement('a'));
  link.href = data.url;
  link.textContent = data.meta.title ?? data.url;
  const meta = item.appendChild(document.createElement('p'));
  meta.className = 'result-meta';
  if (data.meta.severity) {
    const badge = meta.appendChild(document.createElement('span'));
    badge.className = `badge severity-${data.meta.severity.split(' ')[0]!.toLowerCase()}`;
    badge.textContent = data.meta.severity;
  }
  if (data.meta.date) {
    const time = meta.appendChild(document.createElement('time'));
    time.dateTime = data.meta.date;
    time.textContent = data.meta.date;
  }
  if (data.meta.services) meta.appendChild(document.createElement('span')).textContent = data.meta.services;
  if (data.meta.status) {
    const badge = meta.appendChild(document.createElement('span'));
    badge.className = 'badge status';
    badge.textContent = data.meta.status;
  }
  const text = item.appendChild(document.createElement('p'));
  text.className = 'result-excerpt';
  if (withExcerpt && data.excerpt) appendExcerpt(text, data.excerpt);
  else text.textContent = data.meta.summary ?? '';
  return item;
}

/** Pagefind excerpts are HTML with <mark> around matches; keep the marks and nothing else. */
function appendExcerpt(target: HTMLElement, html: string): void {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  for (const node of body.childNodes) {
    if (node.nodeName === 'MARK') target.appendChild(document.createElement('mark')).textContent = node.textContent;
    else target.append(node.textContent ?? '');
  }
}
