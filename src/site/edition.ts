import type { Postmortem, Registries } from '../format/schema.ts';
import { visibilityOf } from '../format/visibility.ts';

/**
 * Editions: the same files build an internal archive (every published postmortem, for the
 * company) or a public one (only `visibility: public` postmortems, with internal passages and
 * internal-only fields removed). Which postmortems and which fields leave the building is
 * decided here, once, before anything is rendered.
 */

export const EDITIONS = ['internal', 'public'] as const;
export type Edition = (typeof EDITIONS)[number];

export const VISIBILITIES = ['internal', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** A field a public page can leave out, and why it is internal by default. */
export interface InternalField {
  /** `authors`, or `actionItems.owner` for a field of every list item. */
  path: string;
  why: string;
}

/**
 * The fields the public edition leaves out unless the configuration says otherwise: the
 * README's table of internal-only fields is this list.
 */
export const INTERNAL_ONLY_FIELDS: readonly InternalField[] = [
  { path: 'authors', why: 'names of the people who wrote it: a blameless review is not a list of names for customers' },
  { path: 'links', why: 'dashboards, chat threads, tickets and runbooks live on internal hosts' },
  { path: 'actionItems.owner', why: 'team and person names, and who is on the hook, are internal' },
  { path: 'actionItems.link', why: 'tickets in internal trackers' },
  { path: 'imported.url', why: 'the original document in an internal wiki' },
];

/** The field paths a configuration may name as internal-only. */
export const INTERNAL_FIELD_PATHS = INTERNAL_ONLY_FIELDS.map((f) => f.path);

interface Visible {
  status: string;
  visibility?: Visibility;
}

/**
 * Whether a postmortem is in an edition. Drafts and postmortems in review appear only in a
 * preview (`--drafts`, the dev server); the public edition holds only public ones, even then.
 */
export function inEdition(data: Visible, edition: Edition, drafts: boolean, defaultVisibility: Visibility): boolean {
  if (!drafts && data.status !== 'published') return false;
  return edition === 'internal' || visibilityOf(data.visibility, defaultVisibility) === 'public';
}

/**
 * Whether pages link to their source file for editing: not in the public edition. Its readers
 * cannot edit, and the link leads to the file that holds every `<Internal>` passage and
 * internal-only field, in the company's repository.
 */
export function editLinks(edition: Edition): boolean {
  return edition === 'internal';
}

/**
 * The registries as the public edition shows them. Only the services and root causes its
 * postmortems name: every registry entry gets an index page, so one that only internal
 * postmortems use would announce them (and publish the company's whole service catalogue).
 * Services lose `team` and `tier`, which are internal for the reason owners are. Severities are a
 * scale, shown whole.
 */
export function publicRegistries(registries: Registries, shown: readonly Pick<Postmortem, 'services' | 'rootCauses'>[]): Registries {
  const services = new Set(shown.flatMap((data) => data.services));
  const rootCauses = new Set(shown.flatMap((data) => data.rootCauses));
  return {
    services: registries.services.filter((s) => services.has(s.id)).map(({ team: _team, tier: _tier, ...service }) => service),
    rootCauses: registries.rootCauses.filter((r) => rootCauses.has(r.id)),
    severities: registries.severities,
  };
}

/** The data with the given internal-only fields removed (for the public edition); the input is not changed. */
export function redact<T extends Partial<Postmortem>>(data: T, paths: readonly string[]): T {
  const out: Record<string, unknown> = { ...data };
  for (const path of paths) {
    const [head, field] = path.split('.') as [string, string | undefined];
    const value = out[head];
    if (field === undefined) delete out[head];
    else if (Array.isArray(value)) out[head] = value.map((item: Record<string, unknown>) => omit(item, field));
    else if (value && typeof value === 'object') out[head] = omit(value as Record<string, unknown>, field);
  }
  return out as T;
}

function omit(item: Record<string, unknown>, field: string): Record<string, unknown> {
  const { [field]: _gone, ...rest } = item;
  return rest;
}
