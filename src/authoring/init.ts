import { stringify } from 'yaml';
import { isValidZone } from '../format/datetime.ts';
import { rootCauseSchema, serviceSchema } from '../format/schema.ts';
import { zoneFromName } from '../format/zone-abbreviations.ts';

/**
 * What `npm run init` writes, as plain functions of what it found: the values it sets in
 * `hindsight.config.ts` (edited in place, so every other line the company wrote stays), the
 * registry entries it starts with, and which postmortems it moves out of the way. Nothing here
 * touches the disk (init-fs.ts does).
 */

/** The settings `init` sets: each one a string literal in `hindsight.config.ts`. */
export const CONFIG_KEYS = ['organisation', 'title', 'site', 'base', 'defaultTimezone'] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];
export type ConfigValues = Partial<Record<ConfigKey, string>>;

/** A registry entry given as `id` or `id:Display name`; without a name it takes the default taxonomy's entry, if it has one. */
export interface RegistryEntry {
  id: string;
  name?: string;
}

/** A registry entry as written: the one given, completed from the default taxonomy's entry of the same id. */
type Written = { id: string; name: string } & Record<string, unknown>;

/** `checkout-api` -> `Checkout api`: a readable name when only an id was given. */
function nameFromId(id: string): string {
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Reads `id[:name]` flags (each may also be a comma list); the first problem, or the entries. */
export function parseEntries(values: readonly string[], kind: 'service' | 'root-cause'): { entries: RegistryEntry[] } | { error: string } {
  const schema = kind === 'service' ? serviceSchema : rootCauseSchema;
  const entries: RegistryEntry[] = [];
  for (const raw of values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)) {
    const colon = raw.indexOf(':');
    const id = (colon < 0 ? raw : raw.slice(0, colon)).trim();
    const name = (colon < 0 ? '' : raw.slice(colon + 1)).trim() || undefined;
    const parsed = schema.safeParse({ id, name: name ?? nameFromId(id) });
    if (!parsed.success) return { error: `--${kind} "${raw}": the id ${parsed.error.issues[0]!.message}, e.g. checkout-api:Checkout API` };
    if (entries.some((e) => e.id === id)) return { error: `--${kind} "${id}" is given twice` };
    entries.push({ id, name });
  }
  // An empty list would start a registry with nothing in it, and no postmortem could name a service.
  if (!entries.length) return { error: `--${kind} names no id: give e.g. checkout-api:Checkout API, or leave --${kind} out` };
  return { entries };
}

/** Checks one config value; a message saying what is expected, or undefined when it is fine. */
export function configValueProblem(key: ConfigKey, value: string): string | undefined {
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) return 'must be one line of plain text';
  if (key === 'title' || key === 'organisation')
    return value.trim() === '' ? 'is empty' : value.length > 160 ? 'is longer than 160 characters' : undefined;
  if (key === 'site') {
    try {
      const url = new URL(value);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && !/\s/.test(value)) return undefined;
    } catch {
      // Reported below.
    }
    return 'is not an absolute http(s) URL: use e.g. https://postmortems.example.com';
  }
  if (key === 'base')
    return /^\/(?:[A-Za-z0-9._~-]+\/)*$/.test(value)
      ? undefined
      : 'must start and end with "/": use / at the root of a host, or e.g. /hindsight/';
  return isValidZone(value) ? undefined : 'is not a time zone: use an IANA name such as Europe/Berlin, or an abbreviation such as CET';
}

/** An IANA zone for a name or an abbreviation people write (PST, CET…), or the input unchanged. */
export function resolveZone(value: string): string {
  return zoneFromName(value) ?? value;
}

/** `'text'` as a TypeScript string literal. */
function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The one line `key: 'literal'` (or `key: something ?? 'literal'`) of a config file, as a global multiline pattern. */
function configLine(key: ConfigKey): RegExp {
  return new RegExp(
    `^(\\s*${key}\\s*:\\s*(?:[^'"\\n]*\\?\\?\\s*)?)('(?:\\\\.|[^'\\\\\\n])*'|"(?:\\\\.|[^"\\\\\\n])*")(\\s*,?\\s*(?://.*)?)$`,
    'gm',
  );
}

/** The value a config file sets for a key, when it is written as one string literal. */
export function configValue(text: string, key: ConfigKey): string | undefined {
  const matches = [...text.matchAll(configLine(key))];
  if (matches.length !== 1) return undefined;
  const quoted = matches[0]![2]!;
  return quoted.slice(1, -1).replace(/\\(.)/g, '$1');
}

/**
 * Sets each value in the text of `hindsight.config.ts`: the one line `key: 'literal'` (or
 * `key: something ?? 'literal'`) has its literal replaced and nothing else changes. A key that is
 * not written that way exactly once is reported rather than guessed at.
 */
export function editConfigText(text: string, values: ConfigValues): { text: string } | { error: string } {
  let out = text;
  for (const key of CONFIG_KEYS) {
    const value = values[key];
    if (value === undefined) continue;
    const matches = [...out.matchAll(configLine(key))];
    if (matches.length !== 1) {
      return {
        error: `hindsight.config.ts: found ${matches.length === 0 ? 'no' : 'more than one'} line \`${key}: '…',\` to set; set ${key} to ${literal(value)} yourself, or run init without that option`,
      };
    }
    out = out.replace(configLine(key), (_all, before: string, _old: string, after: string) => `${before}${literal(value)}${after}`);
  }
  return { text: out };
}

/** YAML for new registry entries, in the shape of the shipped registries (`- id: …\n  name: …`). */
function registryEntriesYaml(entries: readonly RegistryEntry[], defaults: readonly Written[]): string {
  const written = entries.map((e): Written => {
    const known = defaults.find((d) => d.id === e.id);
    return e.name === undefined ? (known ?? { id: e.id, name: nameFromId(e.id) }) : { ...known, id: e.id, name: e.name };
  });
  return written.length ? stringify(written) : '';
}

/**
 * A registry's new text. With `replace`, only the given entries (a new archive starts with its
 * own list); otherwise the given entries whose id is not listed yet are added at the end and
 * every existing line stays (an id a postmortem uses must never disappear). An entry given by id
 * alone takes its name and description from `defaults` (the default taxonomy) when listed there.
 */
export function mergeRegistryText(
  current: string,
  currentIds: readonly string[],
  entries: readonly RegistryEntry[],
  replace: boolean,
  defaults: readonly Written[] = [],
): { text: string; added: string[] } {
  if (replace) return { text: registryEntriesYaml(entries, defaults), added: entries.map((e) => e.id) };
  const fresh = entries.filter((e) => !currentIds.includes(e.id));
  if (!fresh.length) return { text: current, added: [] };
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  return { text: `${current}${separator}${registryEntriesYaml(fresh, defaults)}`, added: fresh.map((e) => e.id) };
}
