import { toString } from 'hast-util-to-string';
import { prepareBody } from '../site/body/render-body.ts';
import type { Registries } from '../format/schema.ts';
import type { Secret } from './leak-check.ts';

/**
 * What the public edition must not contain, and what it publishes on purpose, for the leak
 * check that runs after the build (leak-check.ts): the slug and text of every postmortem left out
 * of the edition, every `<Internal>` passage of the ones in it, and every internal-only field's value.
 */

interface Entry {
  slug: string;
  relPath: string;
  data: object;
  body: string;
}

/** Every string in a value (objects and arrays walked), as the site could show it. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/**
 * The prose of a postmortem's data, which says what happened: not ids, enums, tags or times,
 * which the site's own words and other postmortems share.
 */
export function prose(data: object): string[] {
  const d = data as {
    title?: string;
    summary?: string;
    trigger?: string;
    impact?: { description?: string };
    timeline?: { event?: string }[];
    actionItems?: { title?: string }[];
    links?: { title?: string }[];
    authors?: string[];
  };
  return strings([
    d.title,
    d.summary,
    d.trigger,
    d.impact?.description,
    d.timeline?.map((e) => e.event),
    d.actionItems?.map((a) => a.title),
    d.links?.map((l) => l.title),
    d.authors,
  ]);
}

/** The body's text: with `<Internal>` passages removed, or only them. */
function bodyText(entry: Entry): { published: string; internal: string[] } {
  const body = prepareBody(entry.body, entry.relPath.endsWith('.mdx'), { internal: 'remove' });
  return { published: body.tree ? toString(body.tree) : '', internal: body.internal };
}

export interface EditionSecrets {
  secrets: Secret[];
  published: string[];
}

/**
 * The secrets and the published text of a public edition. `inEdition` are the entries it holds,
 * as written (before internal-only fields were removed: `shown` removes them); `left` every
 * other entry of the archive.
 */
export function editionSecrets(
  inEdition: readonly Entry[],
  left: readonly Entry[],
  shown: (data: object) => object,
  registries: Registries,
  siteText: readonly string[] = [],
): EditionSecrets {
  const secrets: Secret[] = [];
  const published: string[] = [...strings(registries), ...siteText];
  for (const entry of left) {
    const source = `postmortem ${entry.slug} (not in the public edition)`;
    // Its slug too: a public body's link to its page would name it (and lead nowhere).
    for (const text of [entry.slug, ...prose(entry.data), entry.body]) secrets.push({ text, source });
  }
  for (const entry of inEdition) {
    const { related, ...data } = shown(entry.data) as { related?: string[] };
    // `related` may name postmortems left out, which the page does not show: not published text.
    const kept = new Set([...strings(data), ...(related ?? [])]);
    const { published: text, internal } = bodyText(entry);
    // Its own slug is published on purpose (every link to its page): a left-out postmortem of the
    // same day, service and kind shares the first words of its slug, and that alone is no leak.
    published.push(entry.slug, ...strings(data), text);
    for (const passage of internal) secrets.push({ text: passage, source: `an <Internal> passage of ${entry.slug}` });
    for (const value of strings(entry.data))
      if (!kept.has(value)) secrets.push({ text: value, source: `an internal-only field of ${entry.slug}` });
  }
  return { secrets, published };
}
