/**
 * Slugs: a postmortem's slug is its file name without extension, lowercase kebab-case,
 * starting with the incident's start date (YYYY-MM-DD-).
 */

const SLUG_RE = /^(\d{4})-(\d{2})-(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function slugFromPath(relPath: string): string {
  const name = relPath.split(/[\\/]/).pop() ?? relPath;
  return name.replace(/\.mdx?$/i, '');
}

export function isPostmortemSlug(slug: string): boolean {
  const match = SLUG_RE.exec(slug);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
}

/** Lowercase kebab-case words from any text: "API 5xx spike!" -> "api-5xx-spike". */
export function kebab(text: string, maxLength = 60): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (words.length <= maxLength) return words;
  return words.slice(0, maxLength).replace(/-[^-]*$/, '') || words.slice(0, maxLength);
}

/** A valid slug close to a malformed one, for "did you mean". */
export function suggestSlug(slug: string): string | undefined {
  const fixed = kebab(slug, 200);
  return fixed && fixed !== slug ? fixed : undefined;
}

/** The slug for a new postmortem. */
export function makeSlug(date: string, title: string): string {
  return `${date}-${kebab(title) || 'incident'}`;
}

/** The incident's start date that a slug begins with (YYYY-MM-DD), as readers see it everywhere. */
export function incidentDate(slug: string): string {
  return slug.slice(0, 10);
}
