import fs from 'node:fs';
import type { ValidationResult, ValidEntry } from './validate.ts';

/**
 * The build validates the content folder once, then hands Astro a snapshot of the result (the
 * visible entries only), so the Astro process neither reads nor validates the folder again and
 * never sees the text of a postmortem it will not publish.
 */

interface Snapshot {
  version: 1;
  result: Omit<ValidationResult, 'entries'> & { entries: Omit<ValidEntry, 'raw'>[] };
}

/**
 * Writes the entries `visible` keeps, their data passed through `shown` (the public edition
 * leaves internal-only fields out here, so Astro never holds them).
 */
export function writeSnapshot(
  file: string,
  result: ValidationResult,
  visible: (entry: ValidEntry) => boolean,
  shown: (data: ValidEntry['data']) => ValidEntry['data'] = (data) => data,
): void {
  // `raw` is left out: the loader takes `data` as the validator left it.
  const entries = result.entries.filter(visible).map(({ raw: _raw, ...entry }) => ({ ...entry, data: shown(entry.data) }));
  const snapshot: Snapshot = { version: 1, result: { ...result, entries } };
  fs.writeFileSync(file, JSON.stringify(snapshot));
  const pages: SnapshotPage[] = entries.map((e) => ({ slug: e.slug, started: e.data.started }));
  fs.writeFileSync(pagesFile(file), JSON.stringify(pages));
}

/** A visible postmortem's slug and start, all the build's checks and its search index need of it. */
export interface SnapshotPage {
  slug: string;
  started: string;
}

/** The visible postmortems' slugs and starts, without reading the whole snapshot. */
export function readSnapshotPages(file: string): SnapshotPage[] {
  return JSON.parse(fs.readFileSync(pagesFile(file), 'utf8')) as SnapshotPage[];
}

const pagesFile = (file: string) => `${file}.pages.json`;

export function readSnapshot(file: string): ValidationResult {
  const snapshot = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
  return {
    ...snapshot.result,
    entries: snapshot.result.entries.map((entry) => ({ ...entry, raw: entry.data as unknown as Record<string, unknown> })),
  };
}
