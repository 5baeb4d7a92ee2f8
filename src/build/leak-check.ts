/**
 * Proof that text which must not leave the building (internal postmortems and `<Internal>`
 * passages, in the public edition; drafts in any production build) appears nowhere in a built
 * site. Text is compared as runs of words, so markup, escaping, JSON quoting and line breaks in
 * the output cannot hide a leak, and a passage is caught even when only part of it was copied.
 */

/** How many consecutive words make a run: long enough that two authors never write the same run by chance. */
export const RUN = 8;

/** Lowercase words of letters and digits (any script), in order. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Every run of `n` consecutive words, each joined by a space. */
export function runs(list: readonly string[], n = RUN): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= list.length; i++) out.push(list.slice(i, i + n).join(' '));
  return out;
}

/** What to look for in a build: word runs, and whole short passages that are too short for a run. */
export interface LeakIndex {
  runs: Map<string, string>;
  phrases: Map<string, string>;
  /** The word counts of the phrases, so a file is read once per count, never once per phrase. */
  phraseLengths: number[];
}

/** Every window of `n` consecutive words, for each `n` in `lengths`. */
function windows(list: readonly string[], lengths: readonly number[], visit: (window: string) => void): void {
  for (const n of lengths) for (let i = 0; i + n <= list.length; i++) visit(list.slice(i, i + n).join(' '));
}

/** A piece of text that must not be published, and where it comes from (for the message). */
export interface Secret {
  text: string;
  /** e.g. `internal postmortem 2024-06-06-db-failover` or `<Internal> in 2024-07-01-x.mdx:12`. */
  source: string;
}

/**
 * The index of what must not appear: runs of the secret texts that do not also occur in the
 * text that is published on purpose (a public postmortem may quote the same sentence, and the
 * site's own words are not secrets). Passages shorter than a run count as whole phrases when they
 * have at least two words or eight characters; shorter ones (a bare "yes") say nothing.
 */
export function leakIndex(secrets: readonly Secret[], published: readonly string[]): LeakIndex {
  const index: LeakIndex = { runs: new Map(), phrases: new Map(), phraseLengths: [] };
  const lengths = new Set<number>();
  for (const secret of secrets) {
    const list = words(secret.text);
    if (list.length >= RUN) {
      for (const run of runs(list)) if (!index.runs.has(run)) index.runs.set(run, secret.source);
    } else {
      const phrase = list.join(' ');
      if ((list.length >= 2 || phrase.length >= 8) && !index.phrases.has(phrase)) {
        index.phrases.set(phrase, secret.source);
        lengths.add(list.length);
      }
    }
  }
  index.phraseLengths = [...lengths];
  // What the published text says itself is not a secret: one pass over it, whatever the counts.
  for (const text of published) {
    const list = words(text);
    for (const run of runs(list)) index.runs.delete(run);
    windows(list, index.phraseLengths, (window) => index.phrases.delete(window));
  }
  return index;
}

/** The attributes that carry text or addresses (not class names, ids or hashes), and their quoted values. */
const TEXT_ATTRIBUTE = /\s(?:href|src|srcset|content|alt|title|aria-label|cite|label|value|data-pagefind-[\w-]+)\s*=\s*("[^"]*"|'[^']*')/gi;

/**
 * Markup and escapes as text: entities decoded, JSON escapes gone, each tag replaced by the
 * values of its attributes that carry text (a link's address, a meta description, an image's
 * alt text), which publish as much as the text between tags does.
 */
export function readableText(content: string): string {
  return content
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\[nrt"\\/]/g, ' ')
    .replace(/<[^>]*>/g, (tag) => ` ${[...tag.matchAll(TEXT_ATTRIBUTE)].map((m) => m[1]).join(' ')} `)
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, code: string) => {
      if (code[0] === '#')
        return String.fromCodePoint(code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : Number(code.slice(1)));
      return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' } as Record<string, string>)[code.toLowerCase()] ?? entity;
    });
}

/**
 * The secrets found in one output file's content: each source once, with the text that gave it
 * away. `runsOnly` skips the short phrases, for code, where a two-word passage can occur by chance.
 */
export function leaksIn(content: string, index: LeakIndex, runsOnly = false): { source: string; text: string }[] {
  if (index.runs.size === 0 && (runsOnly || index.phrases.size === 0)) return [];
  const list = words(readableText(content));
  const found = new Map<string, string>();
  for (const run of runs(list)) {
    const source = index.runs.get(run);
    if (source && !found.has(source)) found.set(source, run);
  }
  if (index.phrases.size && !runsOnly) {
    windows(list, index.phraseLengths, (window) => {
      const source = index.phrases.get(window);
      if (source && !found.has(source)) found.set(source, window);
    });
  }
  return [...found].map(([source, text]) => ({ source, text }));
}
