import { byNewest } from './archive.ts';
import { durations } from '../format/durations.ts';
import { median } from './stats.ts';

/**
 * The archive's indexes: postmortems grouped by service, root cause, tag, year and severity,
 * each group newest first, in one pass over the entries.
 */

interface Entry {
  id: string;
  data: {
    started: string;
    detected?: string;
    mitigated?: string;
    resolved?: string;
    services: string[];
    rootCauses: string[];
    severity: string;
    tags?: string[];
  };
}

export type IndexKind = 'services' | 'rootCauses' | 'tags' | 'years' | 'severities';

export type Indexes<T> = Record<IndexKind, Map<string, T[]>>;

export function buildIndexes<T extends Entry>(entries: readonly T[]): Indexes<T> {
  const indexes: Indexes<T> = { services: new Map(), rootCauses: new Map(), tags: new Map(), years: new Map(), severities: new Map() };
  const add = (kind: IndexKind, key: string, entry: T) => {
    const list = indexes[kind].get(key);
    if (list) list.push(entry);
    else indexes[kind].set(key, [entry]);
  };
  for (const entry of byNewest(entries)) {
    for (const id of entry.data.services) add('services', id, entry);
    for (const id of entry.data.rootCauses) add('rootCauses', id, entry);
    for (const tag of entry.data.tags ?? []) add('tags', tag, entry);
    add('years', entry.id.slice(0, 4), entry);
    add('severities', entry.data.severity, entry);
  }
  return indexes;
}

export interface GroupFigures {
  count: number;
  /** Incidents per calendar year (of the start date in the incident's zone), newest year first. */
  perYear: { year: string; count: number }[];
  /** Median milliseconds from start to resolution, over those with a resolution time. */
  medianTimeToResolve?: number;
  /** The most recent incident's id. */
  last?: string;
}

/** A few figures for one group (its entries newest first, as buildIndexes returns them). */
export function groupFigures(entries: readonly Entry[]): GroupFigures {
  const years = new Map<string, number>();
  const resolve: number[] = [];
  for (const entry of entries) {
    const year = entry.id.slice(0, 4);
    years.set(year, (years.get(year) ?? 0) + 1);
    const toResolve = durations(entry.data).toResolve;
    if (toResolve !== undefined) resolve.push(toResolve);
  }
  return {
    count: entries.length,
    perYear: [...years].sort(([a], [b]) => (a < b ? 1 : -1)).map(([year, count]) => ({ year, count })),
    medianTimeToResolve: median(resolve),
    last: entries[0]?.id,
  };
}
