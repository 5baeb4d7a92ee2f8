import type { Facet } from '../lib/search-record.ts';
import { formatState, isEmpty, pagefindOptions, parseState, type SearchState, selectedFacets } from '../lib/search-state.ts';

/**
 * The search page in the browser: reads the state from the URL, runs it through Pagefind's JS
 * API, renders results and facet counts, and keeps the URL in step (replaceState while typing,
 * pushState for a submitted query, a filter or a sort, so Back undoes them one by one).
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

const PAGE_SIZE = 20;
const TYPING_DELAY_MS = 200;

export function startSearch(root: HTMLElement): void {
  const form = root.querySelector<HTMLFormElement>('#search-form')!;
  const input = form.querySelector<HTMLInputElement>('#search-q')!;
  const sort = form.querySelector<HTMLSelectElement>('#search-sort')!;
  const status = root.querySelector<HTMLElement>('#search-status')!;
  const list = root.querySelector<HTMLOListElement>('#search-results')!;
  const more = root.querySelector<HTMLButtonElement>('#search-more')!;
  const clear = root.querySelector<HTMLButtonElement>('#search-clear')!;
  const total = Number(root.dataset.total ?? 0);
  // An empty archive has no index to load (the build writes none): say why there are no results.
  if (total === 0) {
    status.textContent = 'No postmortems yet: once the first one is published, search finds it here.';
    return;
  }

  let pagefind: Pagefind | undefined;
  let results: PagefindResult[] = [];
  let shown = 0;
  let generation = 0;
  let withExcerpt = false;
  const pageTitle = document.title;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;

  const loaded = (async () => {
    try {
      const module = (await import(/* @vite-ignore */ root.dataset.pagefindUrl!)) as Pagefind;
      await module.options({ baseUrl: root.dataset.base, excerptLength: 24 });
      // Loads the filter index, without which searches report no facet counts.
      await module.filters();
      pagefind = module;
    } catch {
      status.textContent = 'dev' in root.dataset
        ? 'No search index yet. The dev server searches the index that “npm run build” writes to dist/pagefind/ (published postmortems only): run “npm run build”, then reload this page.'
        : 'The search index could not be loaded. Try reloading the page.';
    }
  })();

  /** The form's fields as a state: the form is the single place the user changes it. */
  const readForm = (): SearchState => {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (typeof value === 'string') params.append(name, value);
    return parseState(params);
  };

  const writeForm = (state: SearchState) => {
    input.value = state.q;
    sort.value = state.sort === 'date' ? 'date' : '';
    for (const box of form.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) {
      box.checked = state.filters[box.name as Facet]?.includes(box.value) ?? false;
    }
  };

  const setUrl = (state: SearchState, mode: 'push' | 'replace') => {
    const url = `${location.pathname}${formatState(state)}`;
    if (url === `${location.pathname}${location.search}`) return;
    history[mode === 'push' ? 'pushState' : 'replaceState'](null, '', url);
  };

  const updateCounts = (counts: Partial<Record<Facet, Record<string, number>>>) => {
    for (const element of form.querySelectorAll<HTMLElement>('[data-count]')) {
      const facet = element.closest<HTMLElement>('[data-facet]')!.dataset.facet as Facet;
      const count = counts[facet]?.[element.dataset.count!] ?? 0;
      element.textContent = String(count);
      element.toggleAttribute('data-zero', count === 0);
    }
  };

  const describe = (state: SearchState, count: number) => {
    const noun = count === 1 ? 'postmortem' : 'postmortems';
    const filtered = selectedFacets(state).length > 0 ? ' with the selected filters' : '';
    if (isEmpty(state)) return `All ${count} ${noun}, newest first.`;
    return state.q ? `${count} ${noun} match “${state.q}”${filtered}.` : `${count} ${noun}${filtered}.`;
  };

  const showMore = async (gen: number, focusFirst: boolean) => {
    const page = results.slice(shown, shown + PAGE_SIZE);
    const data = await Promise.all(page.map((r) => r.data()));
    if (gen !== generation) return;
    const items = data.map((d) => renderResult(d, withExcerpt));
    list.append(...items);
    shown += page.length;
    more.hidden = shown >= results.length;
    if (focusFirst) items[0]?.querySelector('a')?.focus();
  };

  const run = async (state: SearchState) => {
    const gen = ++generation;
    await loaded;
    if (!pagefind || gen !== generation) return;
    const term = state.q || null;
    const search = await pagefind.search(term, pagefindOptions(state));
    if (!search || gen !== generation) return;
    const counts: Partial<Record<Facet, Record<string, number>>> = { ...search.filters };
    // A facet's own selection must not narrow its counts (values within a facet are alternatives).
    for (const facet of selectedFacets(state)) {
      const other = await pagefind.search(term, pagefindOptions(state, facet));
      if (other) counts[facet] = other.filters[facet];
    }
    if (gen !== generation) return;
    results = search.results;
    withExcerpt = Boolean(state.q);
    shown = 0;
    list.replaceChildren();
    updateCounts(counts);
    clear.hidden = selectedFacets(state).length === 0;
    await showMore(gen, false);
    if (gen !== generation) return;
    status.textContent = results.length || isEmpty(state) ? describe(state, results.length) : `${describe(state, 0)} Try fewer words or filters.`;
    document.title = state.q ? `“${state.q}” · ${pageTitle}` : pageTitle;
  };

  // Typing: search as you type, keeping one history entry for the whole edit.
  input.addEventListener('input', () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      const state = readForm();
      setUrl(state, 'replace');
      void run(state);
    }, TYPING_DELAY_MS);
  });
  // Enter, a filter or the sort order: a new history entry.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    const state = readForm();
    setUrl(state, 'push');
    void run(state);
  });
  form.addEventListener('change', (event) => {
    if (event.target === input) return;
    form.requestSubmit();
  });
  clear.addEventListener('click', () => {
    for (const box of form.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) box.checked = false;
    form.requestSubmit();
  });
  more.addEventListener('click', () => void showMore(generation, true));
  window.addEventListener('popstate', () => {
    const state = parseState(location.search);
    writeForm(state);
    void run(state);
  });

  const initial = parseState(location.search);
  writeForm(initial);
  status.textContent = `Loading the search index for ${total} postmortems…`;
  void run(initial);
}

/** One result: title link, date, severity, services, then the matching excerpt or, when browsing, the summary. */
function renderResult(data: PagefindResultData, withExcerpt: boolean): HTMLLIElement {
  const item = document.createElement('li');
  const heading = item.appendChild(document.createElement('h2'));
  const link = heading.appendChild(document.createElement('a'));
  link.href = data.url;
  link.textContent = data.meta.title ?? data.url;
  const meta = item.appendChild(document.createElement('p'));
  meta.className = 'result-meta';
  if (data.meta.date) {
    const time = meta.appendChild(document.createElement('time'));
    time.dateTime = data.meta.date;
    time.textContent = data.meta.date;
  }
  const parts = [data.meta.severity, data.meta.services].filter(Boolean);
  if (parts.length) meta.append(` · ${parts.join(' · ')}`);
  if (data.meta.status) {
    const badge = document.createElement('span');
    badge.className = 'result-status';
    badge.textContent = data.meta.status;
    meta.append(' · ', badge);
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
