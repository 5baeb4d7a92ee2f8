import { durations, formatDuration } from '../format/durations.ts';
import type { Postmortem } from '../format/schema.ts';
import { incidentDate } from '../format/slug.ts';

/**
 * What a list shows of one incident, in every list of the site alike (home, archive, indexes):
 * a card with its severity, date, how long it took to resolve, title, summary and services.
 */

export interface Named {
  id: string;
  name: string;
}

export interface IncidentCard {
  id: string;
  href: string;
  title: string;
  summary: string;
  /** The start date in the incident's own zone, YYYY-MM-DD. */
  date: string;
  /** The start instant, for `<time datetime>`. */
  started: string;
  severity: string;
  severityName: string;
  services: Named[];
  /** Start to resolution, formatted ("2 h 30 min"); absent while unresolved. */
  duration?: string;
  /** Only for unpublished postmortems (preview builds). */
  status?: string;
}

/** Display names by id, for services and severities. */
export interface CardNames {
  services: ReadonlyMap<string, string>;
  severities: ReadonlyMap<string, string>;
}

/** The card of one entry; `href` is its page's address. */
export function incidentCard(entry: { id: string; data: Postmortem }, names: CardNames, href: string): IncidentCard {
  const d = entry.data;
  const toResolve = durations(d).toResolve;
  return {
    id: entry.id,
    href,
    title: d.title,
    summary: d.summary,
    date: incidentDate(entry.id),
    started: d.started,
    severity: d.severity,
    severityName: names.severities.get(d.severity) ?? d.severity,
    services: d.services.map((id) => ({ id, name: names.services.get(id) ?? id })),
    ...(toResolve !== undefined ? { duration: formatDuration(toResolve) } : {}),
    ...(d.status !== 'published' ? { status: d.status } : {}),
  };
}
