import { formatCount } from '../format/words.ts';
import type { Facet } from '../site/search-record.ts';
import { mergeCounts, mergeParts } from '../site/search-shards.ts';
import {
  describeResults,
  formatState,
  idleStatus,
  ignoredNotice,
  isEmpty,
  pagefindOptions,
  parseState,
  queryWords,
  type PagefindSearchOptions,
  type SearchState,
  selectedFacets,
} from '../site/search-state.ts';

/**
 * The search page in the browser: reads the state from the URL, runs it through Pagefind's JS
 * API, renders results and facet counts, and keeps the URL in step (replaceState while typing,
 * pushState for a submitted query, a filter or a sort, so Back undoes them one by one).
 *
 * Opening the page downloads no index: Pagefind loads when a search starts or the search box
 * gains focus, and nothing is listed before a query or a filter. The facet counts (the build's
 * totals at first) follow the current search once its results are shown (`data-counts` on the
 * panel says when); Pagefind fetches its filter index with the first search.
 */

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
}
interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<PagefindResultData>;
}
interface PagefindSearch {
  results: PagefindResult[];
  filters: Record<string, Record<string, number>>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  search(term: string | null, options: PagefindSearchOptions): Promise<PagefindSearch | null>;
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
    form: $<HTMLFormElement>('#search-form'),
    input: $<HTMLInputElement>('#search-q'),
    sort: $<HTMLSelectElement>('#search-sort'),
    status: $('#search-status'),
    notice: $('#search-ignored'),
    list: $<HTMLOListElement>('#search-results'),
    more: $<HTMLButtonElement>('#search-more'),
    clear: $<HTMLButtonElement>('#search-clear'),
    panel: $<HTMLDetailsElement>('#search-filters'),
    selected: $('#search-selected'),
  };
}
type Elements = ReturnType<typeof elements>;

/**
 * Which parts hold every word of a query that some part holds as a whole word. Pagefind answers
 * a word that no indexed word starts with from the longest indexed word it starts with (`a` for
 * `axolotl`): right for one index, but a part that lacks a word another part holds would answer
 * with pages of `a`. So such a part sits the search out, as it would find nothing in one index.
 */
async function partsToAsk(parts: readonly Pagefind[], term: string | null): Promise<boolean[]> {
  // A quotation mark inside a word would end Pagefind's exact phrase early.
  const words = (term ? queryWords(term) : []).map((word) => word.replaceAll('"', '')).filter(Boolean);
  if (!words.length) return parts.map(() => true);
  const holds = await Promise.all(
    parts.map((part) =>
      Promise.all(words.map(async (word) => ((await part.search(`"${word}"`, { filters: {} }))?.results.length ?? 0) > 0)),
    ),
  );
  return holds.map((own) => words.every((_, i) => own[i] || !holds.some((other) => other[i])));
}

/**
 * The index's parts (site/search-shards.ts) as one Pagefind: each part searched, the answers
 * merged, by score as Pagefind's own `mergeIndex` merges, or one part after the other when sorted
 * by date. Each part is its own copy of Pagefind's module: instances in one copy share its wasm.
 */
function mergedPagefind(parts: Pagefind[]): Pagefind {
  if (parts.length === 1) return parts[0]!;
  return {
    options: async (options) => void (await Promise.all(parts.map((part) => part.options(options)))),
    search: async (term, options) => {
      const ask = await partsToAsk(parts, term);
      const answers = await Promise.all(parts.map((part, i) => (ask[i] ? part.search(term, options) : { results: [], filters: {} })));
      return answers.every((answer) => answer !== null) ? mergeParts(answers, Boolean(options.sort)) : null;
    },
    filters: async () => mergeCounts(await Promise.all(parts.map((part) => part.filters()))),
  };
}

/** Loads Pagefind once, on first need, with every part of the index; the promise resolves to undefined when the index is missing. */
function pagefindLoader(root: HTMLElement, status: HTMLElement): () => Promise<Pagefind | undefined> {
  let loading: Promise<Pagefind | undefined> | undefined;
  return () =>
    (loading ??= (async () => {
      try {
        const urls = JSON.parse(root.dataset.pagefindParts!) as string[];
        const parts = await Promise.all(urls.map((url) => import(/* @vite-ignore */ `${url}pagefind.js`) as Promise<Pagefind>));
        const pagefind = mergedPagefind(parts);
        await pagefind.options({ baseUrl: root.dataset.base, excerptLength: 24 });
        return pagefind;
      } catch {
        status.textContent =
          'dev' in root.dataset
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
  const found = await Promise.all(words.map(async (word) => ((await pagefind.search(word, { filters: {} }))?.results.length ?? 0) > 0));
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
    element.textContent = formatCount(count);
    element.toggleAttribute('data-zero', count === 0);
  }
}

/** The form's fields as a state: the form is the single place the user changes it. */
function readForm(form: HTMLFormElement): SearchState {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') params.append(name, value);
  return parseState(params);
}

/** One facet value's box, as SearchApp renders it. */
function optionItem(facet: Facet, value: string): HTMLLIElement {
  const item = document.createElement('li');
  const label = item.appendChild(document.createElement('label'));
  const box = label.appendChild(document.createElement('input'));
  [box.type, box.name, box.value] = ['checkbox', facet, value];
  label.appendChild(document.createElement('span')).className = 'facet-label';
  label.lastElementChild!.textContent = value;
  const count = label.appendChild(document.createElement('span'));
  count.className = 'facet-count';
  count.dataset.count = value;
  return item;
}

/**
 * A value chosen in the URL that the panel leaves out (a rarely used tag, linked from its index
 * page) gets a box of its own at the top of its facet, so it shows as chosen and can be unticked.
 */
function addMissingOptions(form: HTMLFormElement, state: SearchState): void {
  for (const facet of selectedFacets(state)) {
    const list = form.querySelector(`[data-facet="${facet}"] ul`);
    if (!list) continue;
    const listed = new Set([...list.querySelectorAll<HTMLInputElement>('input')].map((box) => box.value));
    for (const value of state.filters[facet] ?? []) if (!listed.has(value)) list.prepend(optionItem(facet, value));
  }
}

function writeForm(el: Elements, state: SearchState): void {
  addMissingOptions(el.form, state);
  el.input.value = state.q;
  el.sort.value = state.sort === 'date' ? 'date' : '';
  for (const box of el.form.querySelectorAll<HTMLInputElement>('input[type=checkbox]'))
    box.checked = state.filters[box.name as Facet]?.includes(box.value) ?? false;
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

/** The page's state between events: the current results, how many are shown, which search is current. */
class SearchPage {
  readonly el: Elements;
  readonly total: number;
  readonly load: () => Promise<Pagefind | undefined>;
  readonly pageTitle = document.title;
  results: PagefindResult[] = [];
  shown = 0;
  generation = 0;
  withExcerpt = false;
  filtersLoaded: Promise<unknown> | undefined;

  /** The build's counts over the whole archive, shown again when the search is cleared. */
  readonly totals: [HTMLElement, string][];

  constructor(root: HTMLElement) {
    this.el = elements(root);
    this.totals = [...this.el.form.querySelectorAll<HTMLElement>('[data-count]')].map((e) => [e, e.textContent ?? '']);
    this.total = Number(root.dataset.total ?? 0);
    this.load = pagefindLoader(root, this.el.status);
  }

  async showMore(gen: number, focusFirst: boolean): Promise<void> {
    const page = this.results.slice(this.shown, this.shown + PAGE_SIZE);
    const data = await Promise.all(page.map((r) => r.data()));
    if (gen !== this.generation) return;
    const items = data.map((d) => renderResult(d, this.withExcerpt));
    this.el.list.append(...items);
    this.shown += page.length;
    this.el.more.hidden = this.shown >= this.results.length;
    if (focusFirst) items[0]?.querySelector('a')?.focus();
  }

  /** Runs a state's search; a newer run makes an older one stop at its next step. */
  async run(state: SearchState): Promise<void> {
    const { el } = this;
    const gen = ++this.generation;
    showSelected(el, state);
    document.title = state.q ? `“${state.q}” · ${this.pageTitle}` : this.pageTitle;
    if (isEmpty(state)) return this.idle();
    const pagefind = await this.load();
    if (!pagefind || gen !== this.generation) return;
    const search = await pagefind.search(state.q || null, pagefindOptions(state));
    if (!search || gen !== this.generation) return;
    const ignored = search.results.length ? await ignoredWords(pagefind, state.q) : [];
    if (gen !== this.generation) return;
    [this.results, this.shown, this.withExcerpt] = [search.results, 0, Boolean(state.q)];
    el.list.replaceChildren();
    el.panel.dataset.counts = 'pending';
    await this.showMore(gen, false);
    if (gen !== this.generation) return;
    el.status.textContent = describeResults(state, this.results.length, ignored);
    el.notice.textContent = ignoredNotice(state.q, ignored);
    el.notice.hidden = !el.notice.textContent;
    await this.updateCounts(pagefind, state, gen);
  }

  /** The facet counts for a state, once its results are shown (`filters()` once, or searches report none). */
  async updateCounts(pagefind: Pagefind, state: SearchState, gen: number): Promise<void> {
    await (this.filtersLoaded ??= pagefind.filters());
    const search = await pagefind.search(state.q || null, pagefindOptions(state));
    if (!search || gen !== this.generation) return;
    const counts = await facetCounts(pagefind, state, search);
    if (gen !== this.generation) return;
    updateCounts(this.el, counts);
    this.el.panel.dataset.counts = 'ready';
  }

  idle(): void {
    this.results = [];
    this.el.list.replaceChildren();
    this.el.more.hidden = true;
    this.el.notice.hidden = true;
    this.el.status.textContent = idleStatus(this.total);
    for (const [element, text] of this.totals) {
      element.textContent = text;
      element.removeAttribute('data-zero');
    }
    this.el.panel.dataset.counts = 'ready';
  }
}

/** Wires the page's events: typing replaces the history entry, Enter, a filter or the sort push one. */
function listen(page: SearchPage): void {
  const { el } = page;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  const submit = (mode: 'push' | 'replace') => {
    const state = readForm(el.form);
    setUrl(state, mode);
    void page.run(state);
  };
  el.input.addEventListener('focus', () => void page.load(), { once: true });
  el.input.addEventListener('input', () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => submit('replace'), TYPING_DELAY_MS);
  });
  el.form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    submit('push');
  });
  el.form.addEventListener('change', (event) => {
    if (event.target !== el.input) el.form.requestSubmit();
  });
  el.clear.addEventListener('click', () => {
    for (const box of el.form.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) box.checked = false;
    el.form.requestSubmit();
  });
  el.more.addEventListener('click', () => void page.showMore(page.generation, true));
  window.addEventListener('popstate', () => {
    const state = parseState(location.search);
    writeForm(el, state);
    void page.run(state);
  });
}

/** Starts the search page: the state from the URL, then a search when it holds one. */
export function startSearch(root: HTMLElement): void {
  const page = new SearchPage(root);
  // An empty archive has no index to load (the build writes none): say why there are no results.
  if (page.total === 0) {
    page.el.status.textContent = 'No postmortems yet: once the first one is published, search finds it here.';
    root.dataset.ready = '';
    return;
  }
  listen(page);
  const initial = parseState(location.search);
  writeForm(page.el, initial);
  // On a phone the filters start folded, so results come first; the summary says how many are chosen.
  if (matchMedia(PHONE).matches) page.el.panel.open = false;
  if (!isEmpty(initial)) page.el.status.textContent = `Searching ${page.total} postmortems…`;
  void page.run(initial);
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
