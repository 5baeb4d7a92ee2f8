import { z } from 'zod';
import { datetimeProblem, isClockTime, isValidDate, isValidZone, resolveClockTime, toMillis } from './datetime.ts';
import { textCharacterProblem } from './characters.ts';
import { closest } from './suggest.ts';

/**
 * The postmortem format (shared/postmortem-format.md) as one zod schema. The Astro content
 * collections and the standalone validator both build it with `createPostmortemSchema`, so the
 * site and `npm run validate` can never disagree about a file.
 *
 * Custom issues carry `params.hint` (what to do) and `params.suggestion` (a close known value);
 * `diagnostics.ts` turns them into messages.
 */

export const STATUSES = ['draft', 'in-review', 'published'] as const;
export const DETECTIONS = ['monitoring', 'alert', 'customer', 'employee', 'third-party', 'other'] as const;
export const TIMELINE_KINDS = ['trigger', 'detected', 'escalated', 'mitigated', 'resolved', 'action', 'note'] as const;
export const ACTION_STATUSES = ['open', 'in-progress', 'done', 'wont-do'] as const;
export const ACTION_TYPES = ['prevent', 'mitigate', 'detect', 'process'] as const;
export const VISIBILITIES = ['internal', 'public'] as const;
/** The checks a postmortem's `allow` list can accept a finding of (sensitive/). */
export const ALLOWABLE_RULES = ['secret', 'personal-data', 'blame'] as const;

const KEBAB_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SEVERITY_ID_RE = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;
const HTML_TAG_RE = /<\/?[a-zA-Z][^>]*>/;
/** `<Internal>` or `</Internal>`, any case: the body component, never honoured in a field. */
const INTERNAL_TAG_RE = /<\/?internal(?=[\s/>])/i;

export type Status = (typeof STATUSES)[number];
export type Visibility = (typeof VISIBILITIES)[number];

/**
 * Size limits, far above what a real postmortem needs (the largest in the benchmark corpus has
 * 10 timeline entries and 6 action items), so that a runaway paste or a generated file gets a
 * clear error instead of a page, feed or chart that grows without bound.
 */
export const LIMITS = {
  /** Characters of a one-line name: an action item's owner, an author, a registry entry's name or team. */
  name: 100,
  /** Characters of the postmortem's title. */
  title: 160,
  summary: 500,
  /** Characters of an action item's or a link's title (imported ones are often a whole sentence or two). */
  line: 500,
  /** Characters of a paragraph: a timeline event, the trigger, a registry description. */
  paragraph: 2000,
  /** Characters of `impact.description`. */
  impact: 4000,
  url: 2000,
  timeline: 1000,
  actionItems: 500,
  services: 50,
  rootCauses: 20,
  tags: 50,
  authors: 50,
  related: 100,
  links: 100,
} as const;

/** The earliest year a datetime may have unless `earliestYear` (HINDSIGHT_EARLIEST_YEAR) says otherwise. */
const DEFAULT_EARLIEST_YEAR = 1990;

/**
 * The plausible window for the incident's times: no year before `earliestYear` (archives hold old
 * incidents, so it is a setting), and nothing after the build date plus one day (a day of slack
 * for zones ahead of the build machine's). Action items' `due` dates are deadlines and may lie in
 * the future; only `earliestYear` bounds them.
 */
export interface DateWindow {
  /** The build date, YYYY-MM-DD (HINDSIGHT_NOW, or today). */
  now: string;
  earliestYear: number;
}

/** Today's window, for callers without settings (tests, library use). */
function defaultDateWindow(): DateWindow {
  return { now: new Date().toISOString().slice(0, 10), earliestYear: DEFAULT_EARLIEST_YEAR };
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Registries

const kebabId = z.string().regex(KEBAB_RE, { error: 'must be lowercase kebab-case (a-z, 0-9, -)' });

// What each registry field means: REGISTRY_FIELDS in fields.ts.

export const serviceSchema = z.strictObject({
  id: kebabId,
  name: plainText(LIMITS.name).min(1),
  team: plainText(LIMITS.name).min(1).optional(),
  description: plainText(LIMITS.paragraph, true).optional(),
  // Free-form, so teams can keep their own scheme.
  tier: z.union([z.number(), z.string()]).optional(),
});

export const rootCauseSchema = z.strictObject({
  id: kebabId,
  name: plainText(LIMITS.name).min(1),
  description: plainText(LIMITS.paragraph, true).optional(),
});

const severitySchema = z.strictObject({
  id: z.string().regex(SEVERITY_ID_RE, { error: 'must be letters, digits and dashes, e.g. SEV1' }),
  name: plainText(LIMITS.name).min(1),
  description: plainText(LIMITS.paragraph, true).optional(),
});

export type Service = z.output<typeof serviceSchema>;
export type RootCause = z.output<typeof rootCauseSchema>;
export type Severity = z.output<typeof severitySchema>;

export const REGISTRY_FILES = {
  services: 'services.yaml',
  rootCauses: 'root-causes.yaml',
  severities: 'severities.yaml',
} as const;
export type RegistryName = keyof typeof REGISTRY_FILES;

export const registrySchemas = {
  services: serviceSchema,
  rootCauses: rootCauseSchema,
  severities: severitySchema,
} as const;

export interface Registries {
  services: Service[];
  rootCauses: RootCause[];
  severities: Severity[];
}

// ---------------------------------------------------------------------------------------------
// Field builders

function hintIssue(ctx: z.RefinementCtx, message: string, hint?: string, suggestion?: string, path?: PropertyKey[]) {
  ctx.addIssue({ code: 'custom', message, params: { hint, suggestion }, ...(path ? { path } : {}) });
}

/** A datetime with offset inside the plausible window (see DateWindow). */
function datetime(window: DateWindow) {
  const latest = addDays(window.now, 1);
  return z.string().superRefine((value, ctx) => {
    const problem = datetimeProblem(value);
    if (problem === 'no-offset') {
      hintIssue(
        ctx,
        `"${value}" has no UTC offset, so the moment is ambiguous`,
        'add the offset, e.g. 2024-06-06T09:00:00+03:00, or Z for UTC',
      );
    } else if (problem === 'impossible') {
      hintIssue(ctx, `"${value}" is not a real date and time`, 'check the day, month and hour');
    } else if (problem) {
      hintIssue(ctx, `"${value}" is not a datetime`, 'write it as 2024-06-06T09:00:00+03:00');
    } else {
      windowCheck(value, window, latest, ctx);
    }
  });
}

/** No year before `earliestYear`, no date (as written, in its own offset) after the build date plus one day. */
function windowCheck(value: string, window: DateWindow, latest: string | undefined, ctx: z.RefinementCtx) {
  const year = Number(value.slice(0, 4));
  if (year < window.earliestYear) {
    hintIssue(
      ctx,
      `"${value}" is before ${window.earliestYear}, the earliest year this archive accepts`,
      `check the year; for older incidents lower \`earliestYear\` in hindsight.config.ts (or HINDSIGHT_EARLIEST_YEAR)`,
    );
  } else if (latest !== undefined && value.slice(0, 10) > latest) {
    hintIssue(
      ctx,
      `"${value}" is after the build date ${window.now}`,
      'a postmortem is written after the incident: check the year and month (the build date is today, or HINDSIGHT_NOW)',
    );
  }
}

const httpUrl = z
  .string()
  .max(LIMITS.url, { error: `must be at most ${LIMITS.url} characters` })
  .superRefine((value, ctx) => {
    let ok = false;
    try {
      const url = new URL(value);
      ok = (url.protocol === 'http:' || url.protocol === 'https:') && /^https?:\/\//i.test(value);
    } catch {
      ok = false;
    }
    if (!ok) hintIssue(ctx, `"${value}" is not an http(s) URL`, 'only http:// and https:// links are allowed');
  });

/** The check every text field runs: no control characters, and not only invisible ones (characters.ts). */
function characterCheck(multiline: boolean) {
  return (value: string, ctx: z.RefinementCtx) => {
    const problem = textCharacterProblem(value, multiline);
    if (problem)
      hintIssue(
        ctx,
        problem,
        multiline ? 'remove it (tabs and line breaks are fine here)' : 'remove it; this field is plain text on one line',
      );
    // A field is shown as written in both editions: `<Internal>` here would be published, tags and all.
    if (INTERNAL_TAG_RE.test(value))
      hintIssue(
        ctx,
        'contains <Internal>, which works only in the body',
        'a field is shown as written in every edition: move the passage into the body, or keep the postmortem `visibility: internal`',
      );
  };
}

/** Optional-length text (registry fields): at most `max` characters, characters checked. */
function plainText(max: number, multiline = false) {
  return z
    .string()
    .max(max, { error: `must be at most ${max} characters` })
    .superRefine(characterCheck(multiline));
}

/** A required text field: trimmed, not empty, at most `max` characters, characters checked. */
function text(max: number, multiline = false) {
  return z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    .superRefine(characterCheck(multiline));
}

/**
 * A list of at most `max` items (LIMITS). Zod checks the length before the items, so a list of
 * 100,000 entries is one clear error, not 100,000; the formatter adds what to do.
 */
function list<T extends z.ZodType>(item: T, max: number, what: string) {
  return z.array(item).max(max, { error: (issue) => `has ${(issue.input as unknown[]).length} ${what}, more than the ${max} allowed` });
}

/**
 * A `TODO` left by `npm run new` or `npm run import` where an id belongs. Not a schema error:
 * todo-check.ts reports it, as a warning in a draft (an imported draft never stops a build) and
 * an error once the postmortem is in review or published.
 */
const TODO_PLACEHOLDER = /^TODO\b/;

function registryId(kind: string, file: string, ids: readonly string[]) {
  const known = new Set(ids);
  return z.string().superRefine((value, ctx) => {
    if (known.has(value) || TODO_PLACEHOLDER.test(value)) return;
    const suggestion = closest(value, ids);
    hintIssue(
      ctx,
      `unknown ${kind} "${value}"`,
      ids.length === 0
        ? `${file} lists none yet: add "${value}" there`
        : ids.length <= 12
          ? `use one of ${ids.join(', ')} (from ${file}), or add "${value}" there`
          : `use an id from ${file}, or add "${value}" there`,
      suggestion,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Postmortem

export interface SchemaContext {
  /** Ids from services.yaml, root-causes.yaml and severities.yaml. */
  serviceIds: readonly string[];
  rootCauseIds: readonly string[];
  severityIds: readonly string[];
  /** Every postmortem slug in the content folder; `related` must name one of them. */
  slugs: readonly string[];
  /** Zone for postmortems that name none. */
  defaultTimezone: string;
  /** The plausible window for datetimes; today's with the default earliest year when absent. */
  dates?: DateWindow;
}

/** The schema's context from parsed registries and the folder's slugs. */
export function contextFromRegistries(
  registries: Registries,
  slugs: readonly string[],
  defaultTimezone: string,
  dates: DateWindow = defaultDateWindow(),
): SchemaContext {
  return {
    serviceIds: registries.services.map((s) => s.id),
    rootCauseIds: registries.rootCauses.map((r) => r.id),
    severityIds: registries.severities.map((s) => s.id),
    slugs,
    defaultTimezone,
    dates,
  };
}

// What each field means, its TODO hint and its placeholder: FIELDS in fields.ts. The comments
// here say why a rule is what it is.

/** A slug of a postmortem in the content folder. */
function slugRef(slugs: readonly string[]) {
  const slugSet = new Set(slugs);
  return z.string().superRefine((value, ctx) => {
    if (!slugSet.has(value)) {
      hintIssue(
        ctx,
        `no postmortem has the slug "${value}"`,
        'name the file name of an existing postmortem, without extension',
        closest(value, slugs),
      );
    }
  });
}

/** A timeline entry's time: a datetime with offset, or "HH:MM" on the start date (resolved by the transform). */
function timelineAt(window: DateWindow) {
  return z.string().superRefine((value, ctx) => {
    if (isClockTime(value)) return;
    const problem = datetimeProblem(value);
    if (problem === 'no-offset') {
      hintIssue(ctx, `"${value}" has no UTC offset`, 'write "HH:MM" for a time on the start date, or a full datetime with offset');
    } else if (problem) {
      hintIssue(ctx, `"${value}" is neither a clock time "HH:MM" nor a datetime`, 'write "09:30" (quoted) or 2024-06-06T09:30:00+03:00');
    } else {
      windowCheck(value, window, addDays(window.now, 1), ctx);
    }
  });
}

/** A date, YYYY-MM-DD; with a window, not before its earliest year (a deadline may lie in the future). */
function date(window?: DateWindow) {
  return z.string().superRefine((value, ctx) => {
    if (!isValidDate(value)) hintIssue(ctx, `"${value}" is not a date`, 'write it as YYYY-MM-DD');
    else if (window) windowCheck(value, window, undefined, ctx);
  });
}

function actionItem(window: DateWindow) {
  return z.strictObject({
    title: text(LIMITS.line),
    owner: text(LIMITS.name),
    status: z.enum(ACTION_STATUSES),
    type: z.enum(ACTION_TYPES).optional(),
    due: date(window).optional(),
    link: httpUrl.optional(),
  });
}

const timezone = z.string().superRefine((value, ctx) => {
  if (!isValidZone(value)) {
    const hint = /^[A-Z]{2,5}$/.test(value)
      ? `abbreviations like ${value} are ambiguous and change with daylight saving: use a name such as Africa/Nairobi, Europe/Berlin or UTC`
      : 'use a name such as Africa/Nairobi, Europe/Berlin or UTC';
    hintIssue(ctx, `"${value}" is not an IANA time zone`, hint);
  }
});

const summary = text(LIMITS.summary, true).superRefine((value, ctx) => {
  // Shown as plain text in lists, feeds and search results.
  if (HTML_TAG_RE.test(value) && !INTERNAL_TAG_RE.test(value))
    hintIssue(ctx, 'contains HTML', 'the summary is plain text: remove the tags');
});

const tag = z
  .string()
  .regex(KEBAB_RE, { error: 'must be lowercase kebab-case, e.g. black-friday' })
  .max(LIMITS.name, { error: `must be at most ${LIMITS.name} characters` });

const allowEntry = z.strictObject({ rule: z.enum(ALLOWABLE_RULES), match: text(LIMITS.line), reason: text(LIMITS.line) });

const imported = z.strictObject({ from: text(LIMITS.name), url: httpUrl.optional(), date: date() });

/** What it was, when, where and why: the fields that need the registries and the date window. */
function incidentFields(context: SchemaContext, window: DateWindow) {
  const moment = datetime(window);
  return {
    title: text(LIMITS.title),
    summary,
    status: z.enum(STATUSES),
    severity: registryId('severity', 'severities.yaml', context.severityIds),
    // Every datetime lies in the DateWindow.
    started: moment,
    detected: moment.optional(),
    mitigated: moment.optional(),
    // Optional in a draft; checkCrossFields requires it once published.
    resolved: moment.optional(),
    timezone: timezone.optional(),
    services: list(registryId('service', 'services.yaml', context.serviceIds), LIMITS.services, 'services').min(1, {
      error: 'must name at least one service',
    }),
    rootCauses: list(registryId('root cause', 'root-causes.yaml', context.rootCauseIds), LIMITS.rootCauses, 'root causes').min(1, {
      error: 'must name at least one root cause',
    }),
    impact: z.strictObject({
      description: text(LIMITS.impact, true),
      usersAffected: z
        .number()
        .min(0, { error: 'must be a percentage from 0 to 100' })
        .max(100, { error: 'must be a percentage from 0 to 100' })
        .optional(),
      customerFacing: z.boolean().optional(),
    }),
  };
}

/** What the postmortem records about it, and who may read it. */
function recordFields(context: SchemaContext, window: DateWindow) {
  return {
    trigger: text(LIMITS.paragraph, true).optional(),
    detection: z.enum(DETECTIONS).optional(),
    authors: list(text(LIMITS.name), LIMITS.authors, 'authors').optional(),
    tags: list(tag, LIMITS.tags, 'tags').optional(),
    timeline: list(
      z.strictObject({ at: timelineAt(window), event: text(LIMITS.paragraph, true), kind: z.enum(TIMELINE_KINDS).optional() }),
      LIMITS.timeline,
      'entries',
    ).optional(),
    actionItems: list(actionItem(window), LIMITS.actionItems, 'action items').optional(),
    related: list(slugRef(context.slugs), LIMITS.related, 'related postmortems').optional(),
    links: list(z.strictObject({ title: text(LIMITS.line), url: httpUrl }), LIMITS.links, 'links').optional(),
    // Absent: the configured default (settings), which the loader fills in.
    visibility: z.enum(VISIBILITIES).optional(),
    allow: list(allowEntry, LIMITS.links, 'allow entries').optional(),
    imported: imported.optional(),
  };
}

/**
 * The schema of a postmortem's frontmatter for one content folder (its registries, slugs, default
 * zone and date window). Its output has the zone filled in and every clock time of the timeline
 * resolved to a datetime.
 */
export function createPostmortemSchema(context: SchemaContext) {
  const window = context.dates ?? defaultDateWindow();
  return z
    .strictObject({ ...incidentFields(context, window), ...recordFields(context, window) })
    .superRefine((raw, ctx) => checkCrossFields(raw as LooseFrontmatter, ctx, context), { when: () => true })
    .transform((data) => {
      const timezone = data.timezone ?? context.defaultTimezone;
      return {
        ...data,
        timezone,
        timeline: data.timeline?.map((entry) => ({
          ...entry,
          at: isClockTime(entry.at) ? resolveClockTime(entry.at, data.started, timezone) : entry.at,
        })),
      };
    });
}

export type Postmortem = z.output<ReturnType<typeof createPostmortemSchema>>;
export type ActionItem = NonNullable<Postmortem['actionItems']>[number];

/** The frontmatter as written, possibly invalid: cross-field rules read it defensively. */
interface LooseFrontmatter {
  status?: unknown;
  started?: unknown;
  detected?: unknown;
  mitigated?: unknown;
  resolved?: unknown;
  timezone?: unknown;
  timeline?: unknown;
  services?: unknown;
  rootCauses?: unknown;
  tags?: unknown;
  related?: unknown;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const validTime = (v: unknown): v is string => isString(v) && datetimeProblem(v) === undefined;

/** Rules that span fields. Runs even when single fields failed, on whatever is well-formed. */
function checkCrossFields(raw: LooseFrontmatter, ctx: z.RefinementCtx, context: SchemaContext) {
  if (raw.status === 'published' && raw.resolved === undefined) {
    hintIssue(
      ctx,
      'a published postmortem needs `resolved`',
      'add `resolved:` with the datetime service was fully restored, or set `status: in-review`',
      undefined,
      ['resolved'],
    );
  }
  checkTimeOrder(raw, ctx);
  checkTimelineOrder(raw, ctx, context.defaultTimezone);
  checkRepeats(raw, ctx);
}

/** started <= detected <= mitigated <= resolved, for those present and valid. */
function checkTimeOrder(raw: LooseFrontmatter, ctx: z.RefinementCtx) {
  let previous: { field: string; ms: number } | undefined;
  for (const field of ['started', 'detected', 'mitigated', 'resolved'] as const) {
    const value = raw[field];
    if (!validTime(value)) continue;
    const ms = toMillis(value);
    if (previous && ms < previous.ms) {
      hintIssue(
        ctx,
        `\`${field}\` (${value}) is before \`${previous.field}\``,
        `times run started <= detected <= mitigated <= resolved: check the date, hour and offset`,
        undefined,
        [field],
      );
    }
    previous = { field, ms };
  }
}

/** Timeline entries in chronological order, clock times read on the start date in the incident's zone. */
function checkTimelineOrder(raw: LooseFrontmatter, ctx: z.RefinementCtx, defaultTimezone: string) {
  const zone = isString(raw.timezone) && isValidZone(raw.timezone) ? raw.timezone : defaultTimezone;
  const started = raw.started;
  if (!Array.isArray(raw.timeline) || !validTime(started)) return;
  let last: { index: number; ms: number } | undefined;
  raw.timeline.forEach((entry: unknown, index: number) => {
    const at = (entry as { at?: unknown } | undefined)?.at;
    if (!isString(at)) return;
    const resolvedAt = isClockTime(at) ? resolveClockTime(at, started, zone) : validTime(at) ? at : undefined;
    if (!resolvedAt) return;
    const ms = toMillis(resolvedAt);
    if (last && ms < last.ms) {
      hintIssue(
        ctx,
        `timeline entry ${index + 1} (${at}) comes before entry ${last.index + 1}`,
        'keep entries in chronological order; for times after midnight write a full datetime with offset',
        undefined,
        ['timeline', index, 'at'],
      );
    }
    last = { index, ms };
  });
}

/** No id, tag or slug listed twice. */
function checkRepeats(raw: LooseFrontmatter, ctx: z.RefinementCtx) {
  for (const key of ['services', 'rootCauses', 'tags', 'related'] as const) {
    const values = raw[key];
    if (!Array.isArray(values)) continue;
    const seen = new Set<unknown>();
    values.forEach((value, index) => {
      if (seen.has(value)) hintIssue(ctx, `"${String(value)}" is listed twice`, 'remove the repeat', undefined, [key, index]);
      seen.add(value);
    });
  }
}
