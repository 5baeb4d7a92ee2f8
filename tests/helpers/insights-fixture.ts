import path from 'node:path';
import { loadArchive } from '../../src/format/content-fs.ts';
import { isVisible } from '../../src/format/visibility.ts';
import { FIXTURES } from './build.ts';

/**
 * tests/fixtures/insights read the way a production build reads it: the published postmortems
 * as { id, data }, which is what the site hands the ledger and insights functions.
 */
export const INSIGHTS_FIXTURE = path.join(FIXTURES, 'insights');

/** The build date every figure in the tests was worked out for. */
export const NOW = '2026-11-24';

export function publishedEntries() {
  const archive = loadArchive(INSIGHTS_FIXTURE, 'UTC');
  if (archive.diagnostics.some((d) => d.severity === 'error'))
    throw new Error(`fixture does not validate: ${JSON.stringify(archive.diagnostics)}`);
  return archive.entries.filter((e) => isVisible(e.data.status, false)).map((e) => ({ id: e.slug, data: e.data }));
}

/** The rows of the table in one <figure id="…"> of a page: [row heading, ...cells]. */
export function figureTable(html: string, id: string): string[][] {
  const figure = figureHtml(html, id);
  const body = figure.match(/<tbody[^>]*>([\s\S]*?)<\/tbody>/)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cell[1]!),
  );
}

/** The column headings of that table. */
export function figureColumns(html: string, id: string): string[] {
  const head = figureHtml(html, id).match(/<thead[^>]*>([\s\S]*?)<\/thead>/)?.[1] ?? '';
  return [...head.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((cell) => cell[1]!);
}

/** The data attributes of every <rect> drawn in that figure's SVG. */
export function figureRects(html: string, id: string): { category: string; series?: string; value: string }[] {
  const svg = figureHtml(html, id).match(/<svg[\s\S]*?<\/svg>/)?.[0] ?? '';
  return [...svg.matchAll(/<rect\b([^>]*)>/g)].map((m) => {
    const attr = (name: string) => m[1]!.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];
    return { category: attr('data-category')!, series: attr('data-series'), value: attr('data-value')! };
  });
}

export function figureHtml(html: string, id: string): string {
  const start = html.indexOf(`<figure class="chart" id="${id}"`);
  if (start < 0) {
    // Astro may add scoping attributes between class and id.
    const m = html.match(new RegExp(`<figure[^>]*\\bid="${id}"`));
    if (!m) throw new Error(`no figure #${id}`);
    return html.slice(m.index!, html.indexOf('</figure>', m.index!));
  }
  return html.slice(start, html.indexOf('</figure>', start));
}
