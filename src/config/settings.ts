import path from 'node:path';
import { z } from 'zod';
import { config as fileConfig } from '../../hindsight.config.ts';
import { SHARD_PAGES } from '../site/search-shards.ts';
import { escapeControls, textCharacterProblem } from '../format/characters.ts';
import { isValidDate, isValidZone } from '../format/datetime.ts';
import { VISIBILITIES, type DateWindow, type Visibility } from '../format/schema.ts';
import { readSensitiveSettings, type SensitiveSettings } from '../validate/sensitive/settings.ts';
import { EDITIONS, INTERNAL_FIELD_PATHS, type Edition } from '../site/edition.ts';
import { closest } from '../format/suggest.ts';
import { HindsightError } from '../format/errors.ts';

/**
 * The one place settings are read: `hindsight.config.ts`, then every `HINDSIGHT_*` variable over
 * it, each validated with a message that names the variable, shows the value (escaped) and says
 * what is expected. Every command and the Astro site get the same frozen `Settings`; nothing else
 * reads the environment. An empty variable counts as unset, except HINDSIGHT_STRICT_SEVERITIES,
 * where it means "none".
 */

export interface Settings {
  /** Site title. HINDSIGHT_TITLE */
  readonly title: string;
  /** A logo's path under public/, shown in the header instead of the title. HINDSIGHT_LOGO */
  readonly logo?: string;
  /** Whose incidents these are. HINDSIGHT_ORGANISATION */
  readonly organisation: string;
  /** Absolute http(s) URL of the deployed site. HINDSIGHT_SITE */
  readonly site: string;
  /** Path prefix, starting and ending with `/`. HINDSIGHT_BASE */
  readonly base: string;
  /** Prefix of "edit this postmortem" links. HINDSIGHT_EDIT_URL */
  readonly editUrl: string;
  /** IANA zone for postmortems that name none. HINDSIGHT_TIMEZONE */
  readonly defaultTimezone: string;
  /** No datetime before this year. HINDSIGHT_EARLIEST_YEAR */
  readonly earliestYear: number;
  readonly policy: { readonly strictSeverities: readonly string[] };
  /** Visibility of a postmortem that names none. HINDSIGHT_DEFAULT_VISIBILITY */
  readonly defaultVisibility: Visibility;
  /** The edition this build makes. HINDSIGHT_EDITION */
  readonly edition: Edition;
  /** Field paths the public edition leaves out. */
  readonly internalOnlyFields: readonly string[];
  /** Whether the site has a sitemap: always in the public edition, in the internal one when configured. */
  readonly sitemap: boolean;
  /** The secret, personal-data and blame checks: accepted findings and phone regions (config file only). */
  readonly sensitive: SensitiveSettings;
  /** Absolute path of the content folder. HINDSIGHT_CONTENT_DIR (default ./content) */
  readonly contentDir: string;
  /** Whether drafts and postmortems in review are shown. HINDSIGHT_DRAFTS=1 */
  readonly drafts: boolean;
  /** The build date, YYYY-MM-DD: for "overdue", "the last 12 months" and the date window. HINDSIGHT_NOW (default today, UTC) */
  readonly now: string;
  /** The plausible window for datetimes: `now` and `earliestYear`. */
  readonly dates: DateWindow;
  /** Astro's cache folder; the build gives each build its own. HINDSIGHT_CACHE_DIR (internal) */
  readonly cacheDir?: string;
  /** The validated archive the build hands to Astro. HINDSIGHT_ARCHIVE (internal) */
  readonly archive?: string;
  /** Postmortems per part of the search index (src/site/search-shards.ts). HINDSIGHT_SEARCH_PART_PAGES (default 5000) */
  readonly searchPartPages: number;
}

const SEVERITY_ID_RE = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;
const BASE_RE = /^\/(?:[A-Za-z0-9._~%!$&'()*+,;=:@-]+\/)*$/;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && /^https?:\/\/[^\s]+$/i.test(value);
  } catch {
    return false;
  }
}

const line = z.string().superRefine((value, ctx) => {
  const problem =
    value.trim() === '' ? 'is empty' : value.length > 160 ? 'is longer than 160 characters' : textCharacterProblem(value, false);
  if (problem) ctx.addIssue({ code: 'custom', message: `${problem}: use one line of plain text` });
});
const url = (example: string) => z.string().refine(isHttpUrl, { error: `is not an absolute http(s) URL: use e.g. ${example}` });
const base = z.string().regex(BASE_RE, { error: 'must start and end with "/": use / at the root of a host, or e.g. /hindsight/' });
const zone = z.string().refine(isValidZone, { error: 'is not an IANA time zone: use e.g. UTC, Europe/Berlin or Africa/Nairobi' });
const year = z
  .number()
  .int({ error: 'is not a year: use four digits, e.g. 1990' })
  .min(1000, { error: 'is not a year: use four digits, e.g. 1990' })
  .max(9999, { error: 'is not a year: use four digits, e.g. 1990' });
const severities = z.array(z.string().regex(SEVERITY_ID_RE, { error: 'is not a list of severity ids: use e.g. SEV1,SEV2' }));
const folder = z.string().superRefine((value, ctx) => {
  const problem = textCharacterProblem(value, false);
  if (problem) ctx.addIssue({ code: 'custom', message: `${problem}: give a folder path` });
});

/** What `hindsight.config.ts` may hold. */
/** A file under public/: a relative path without `..`, a scheme or control characters. */
const publicFile = z
  .string()
  .transform((v) => v.replace(/^\/+/, ''))
  .refine((v) => /^[\w.-]+(?:\/[\w.-]+)*$/.test(v) && !v.split('/').includes('..'), {
    error: 'is not a file under public/: use a relative path such as logo.svg',
  });

const fileSchema = z.strictObject({
  title: line,
  logo: publicFile.optional(),
  organisation: line,
  site: url('https://example.github.io'),
  base,
  editUrl: url('https://github.com/example/hindsight/edit/main/'),
  defaultTimezone: zone,
  earliestYear: year,
  policy: z.strictObject({ strictSeverities: severities }),
  defaultVisibility: z.enum(VISIBILITIES, { error: 'is not a visibility: use internal or public' }),
  edition: z.enum(EDITIONS, { error: 'is not an edition: use internal or public' }),
  internalOnlyFields: z.array(
    z.enum(INTERNAL_FIELD_PATHS as [string, ...string[]], {
      error: `is not a field the public edition can leave out: use ${INTERNAL_FIELD_PATHS.join(', ')}`,
    }),
  ),
  internalSitemap: z.boolean(),
  // Checked by readSensitiveSettings (patterns compiled, too-broad ones refused) below.
  sensitive: z.unknown(),
});

/** Every variable, the setting it sets, and how its text is read. */
const VARIABLES = {
  HINDSIGHT_CONTENT_DIR: folder,
  HINDSIGHT_DRAFTS: z
    .enum(['1', 'true', '0', 'false'], { error: 'is not a switch: use 1 (drafts shown) or 0' })
    .transform((v) => v === '1' || v === 'true'),
  HINDSIGHT_NOW: z.string().refine(isValidDate, { error: 'is not a date: use YYYY-MM-DD' }),
  HINDSIGHT_TITLE: line,
  HINDSIGHT_LOGO: publicFile,
  HINDSIGHT_ORGANISATION: line,
  HINDSIGHT_SITE: url('https://example.github.io'),
  HINDSIGHT_BASE: base,
  HINDSIGHT_EDIT_URL: url('https://github.com/example/hindsight/edit/main/'),
  HINDSIGHT_TIMEZONE: zone,
  HINDSIGHT_EARLIEST_YEAR: z
    .string()
    .regex(/^\d{4}$/, { error: 'is not a year: use four digits, e.g. 1990' })
    .transform(Number),
  HINDSIGHT_STRICT_SEVERITIES: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(severities),
  HINDSIGHT_DEFAULT_VISIBILITY: z.enum(VISIBILITIES, { error: 'is not a visibility: use internal or public' }),
  HINDSIGHT_EDITION: z.enum(EDITIONS, { error: 'is not an edition: use internal or public' }),
  HINDSIGHT_CACHE_DIR: folder,
  HINDSIGHT_ARCHIVE: folder,
  HINDSIGHT_SEARCH_PART_PAGES: z
    .string()
    .regex(/^[1-9]\d{0,6}$/, { error: 'is not a number of postmortems: use a whole number from 1, e.g. 5000' })
    .transform(Number),
} as const;

export type VariableName = keyof typeof VARIABLES;
export const VARIABLE_NAMES = Object.keys(VARIABLES) as VariableName[];

export type SettingsResult = { settings: Settings; problems?: undefined } | { settings?: undefined; problems: string[] };

export interface ReadOptions {
  /** Folder that a relative HINDSIGHT_CONTENT_DIR is read from. */
  cwd?: string;
  /** The config file's values (tests pass their own). */
  file?: unknown;
  /** Today, YYYY-MM-DD, when HINDSIGHT_NOW is unset. */
  today?: string;
}

const shown = (value: unknown) =>
  typeof value === 'string' ? `"${escapeControls(value)}"` : escapeControls(JSON.stringify(value) ?? String(value));

type FileSettings = z.infer<typeof fileSchema>;
type Values = Partial<Record<VariableName, unknown>>;

/** The config file's values, checked: the problems with each key, named as the file spells them. */
function readFile(input: unknown, problems: string[]): FileSettings | undefined {
  const file = fileSchema.safeParse(input);
  if (file.success) return file.data;
  for (const issue of file.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const known = Object.keys(issue.path.length ? fileSchema.shape.policy.shape : fileSchema.shape);
        const suggestion = closest(key, known);
        problems.push(
          `hindsight.config.ts: unknown setting \`${[...issue.path, key].join('.')}\`${suggestion ? `: did you mean \`${suggestion}\`?` : ''} (known: ${known.join(', ')})`,
        );
      }
      continue;
    }
    const key = issue.path.join('.');
    const value = issue.path.reduce<unknown>((node, segment) => (node as Record<PropertyKey, unknown> | undefined)?.[segment], input);
    problems.push(`hindsight.config.ts: \`${key}\` ${value === undefined ? 'is missing' : `${shown(value)} ${issue.message}`}`);
  }
  return undefined;
}

/** The HINDSIGHT_* variables, each parsed by its schema; an unknown name or a bad value is a problem. */
function readVariables(env: Readonly<Record<string, string | undefined>>, problems: string[]): Values {
  const values: Values = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('HINDSIGHT_') || raw === undefined) continue;
    if (!(name in VARIABLES)) {
      const suggestion = closest(name, VARIABLE_NAMES);
      problems.push(
        `${name} is not a Hindsight setting${suggestion ? `: did you mean ${suggestion}?` : ''} (known: ${VARIABLE_NAMES.join(', ')})`,
      );
      continue;
    }
    const key = name as VariableName;
    if (raw === '' && key !== 'HINDSIGHT_STRICT_SEVERITIES') continue;
    const parsed = VARIABLES[key].safeParse(raw);
    if (parsed.success) values[key] = parsed.data;
    else problems.push(`${name}=${shown(raw)} ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
  }
  return values;
}

/** The build date and the earliest year charted; a problem when that year is after the date. */
function readDates(values: Values, defaults: FileSettings, today: string | undefined): DateWindow | string {
  const clock = today ?? new Date().toISOString().slice(0, 10);
  const now = (values.HINDSIGHT_NOW as string | undefined) ?? clock;
  // The build date bounds every date in the archive: a date far ahead would let year 9999 in.
  const tomorrow = new Date(Date.parse(`${clock}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  if (now > tomorrow)
    return `HINDSIGHT_NOW="${now}" is after tomorrow (${tomorrow}): it pins the build date, for reproducible builds; use today or a date before it`;
  const earliestYear = (values.HINDSIGHT_EARLIEST_YEAR as number | undefined) ?? defaults.earliestYear;
  if (earliestYear <= Number(now.slice(0, 4))) return { now, earliestYear };
  const source =
    values.HINDSIGHT_EARLIEST_YEAR === undefined
      ? `hindsight.config.ts: \`earliestYear\` ${earliestYear}`
      : `HINDSIGHT_EARLIEST_YEAR="${earliestYear}"`;
  return `${source} is after the build date ${now}: use a year no later than ${now.slice(0, 4)}`;
}

/** A variable's value when set, else the config file's. */
const either = <T>(value: unknown, fallback: T): T => (value as T | undefined) ?? fallback;

/** Reads and validates the config file and the environment; every problem, or the settings. */
export function readSettings(env: Readonly<Record<string, string | undefined>>, options: ReadOptions = {}): SettingsResult {
  const problems: string[] = [];
  const defaults = readFile(options.file ?? fileConfig, problems);
  const values = readVariables(env, problems);
  if (problems.length || !defaults) return { problems };
  const defaultVisibility = either<Visibility>(values.HINDSIGHT_DEFAULT_VISIBILITY, defaults.defaultVisibility);
  const edition = either<Edition>(values.HINDSIGHT_EDITION, defaults.edition);
  const sensitive = readSensitiveSettings(defaults.sensitive, defaultVisibility);
  if (sensitive.problems.length)
    return { problems: sensitive.problems.map((p) => `hindsight.config.ts: \`${p.field}\` ${p.message}: ${p.hint}`) };
  const dates = readDates(values, defaults, options.today);
  if (typeof dates === 'string') return { problems: [dates] };
  const settings: Settings = {
    title: either(values.HINDSIGHT_TITLE, defaults.title),
    logo: either(values.HINDSIGHT_LOGO, defaults.logo),
    organisation: either(values.HINDSIGHT_ORGANISATION, defaults.organisation),
    site: either(values.HINDSIGHT_SITE, defaults.site),
    base: either(values.HINDSIGHT_BASE, defaults.base),
    editUrl: either(values.HINDSIGHT_EDIT_URL, defaults.editUrl),
    defaultTimezone: either(values.HINDSIGHT_TIMEZONE, defaults.defaultTimezone),
    earliestYear: dates.earliestYear,
    policy: Object.freeze({
      strictSeverities: Object.freeze([...either<string[]>(values.HINDSIGHT_STRICT_SEVERITIES, defaults.policy.strictSeverities)]),
    }),
    defaultVisibility,
    edition,
    internalOnlyFields: Object.freeze([...defaults.internalOnlyFields]),
    sitemap: edition === 'public' || defaults.internalSitemap,
    sensitive: sensitive.settings,
    contentDir: path.resolve(options.cwd ?? process.cwd(), either(values.HINDSIGHT_CONTENT_DIR, 'content')),
    drafts: either(values.HINDSIGHT_DRAFTS, false),
    now: dates.now,
    dates: Object.freeze(dates),
    cacheDir: values.HINDSIGHT_CACHE_DIR as string | undefined,
    archive: values.HINDSIGHT_ARCHIVE as string | undefined,
    searchPartPages: either(values.HINDSIGHT_SEARCH_PART_PAGES, SHARD_PAGES),
  };
  return { settings: Object.freeze(settings) };
}

let memo: Settings | undefined;

/**
 * This process's environment variables: the one place outside tests that reads `process.env`.
 * Commands are handed it (`run(argv, env, io)`) and read their settings from what they are handed.
 */
export function processEnv(): NodeJS.ProcessEnv {
  return process.env;
}

/** The settings of this process (its environment), read once. For the Astro side; commands use `readSettings`. */
export function settings(): Settings {
  if (!memo) {
    const result = readSettings(processEnv());
    if (result.problems) {
      throw new HindsightError(`invalid settings:\n${result.problems.map((p) => `  ${p}`).join('\n')}`, {
        problems: result.problems,
        exitCode: 2,
      });
    }
    memo = result.settings;
  }
  return memo;
}
