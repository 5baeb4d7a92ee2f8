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
export const DEFAULT_EARLIEST_YEAR = 1990;

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
export function defaultDateWindow(): DateWindow {
  return { now: new Date().toISOString().slice(0, 10), earliestYear: DEFAULT_EARLIEST_YEAR };
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Registries

const kebabId = z.string().regex(KEBAB_RE, { error: 'must be lowercase kebab-case (a-z, 0-9, -)' });

export const serviceSchema = z.strictObject({
  /** Stable kebab-case id that postmortems name in `services`. */
  id: kebabId,
  /** Display name, at most LIMITS.name characters. */
  name: plainText(LIMITS.name).min(1),
  /** The owning team, shown on the service page. */
  team: plainText(LIMITS.name).min(1).optional(),
  /** One or two sentences on what the service does. */
  description: plainText(LIMITS.paragraph, true).optional(),
  /** Criticality tier (1 is most critical); free-form so teams can keep their own scheme. */
  tier: z.union([z.number(), z.string()]).optional(),
});

export const rootCauseSchema = z.strictObject({
  /** Stable kebab-case id that postmortems name in `rootCauses`. */
  id: kebabId,
  /** Display name. */
  name: plainText(LIMITS.name).min(1),
  /** What belongs in this category. */
  description: plainText(LIMITS.paragraph, true).optional(),
});

export const severitySchema = z.strictObject({
  /** Id that postmortems name in `severity`, e.g. SEV1. */
  id: z.string().regex(SEVERITY_ID_RE, { error: 'must be letters, digits and dashes, e.g. SEV1' }),
  /** Display name, e.g. "Critical". */
  name: plainText(LIMITS.name).min(1),
  /** When to use this level. */
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

export function createPostmortemSchema(context: SchemaContext) {
  const window = context.dates ?? defaultDateWindow();
  const moment = datetime(window);
  const slugSet = new Set(context.slugs);
  const slugRef = z.string().superRefine((value, ctx) => {
    if (!slugSet.has(value)) {
      hintIssue(
        ctx,
        `no postmortem has the slug "${value}"`,
        'name the file name of an existing postmortem, without extension',
        closest(value, context.slugs),
      );
    }
  });

  const timelineEntry = z.strictObject({
    /** A datetime with offset, or "HH:MM" meaning that time on the start date in the incident's zone. */
    at: z.string().superRefine((value, ctx) => {
      if (isClockTime(value)) return;
      const problem = datetimeProblem(value);
      if (problem === 'no-offset') {
        hintIssue(ctx, `"${value}" has no UTC offset`, 'write "HH:MM" for a time on the start date, or a full datetime with offset');
      } else if (problem) {
        hintIssue(ctx, `"${value}" is neither a clock time "HH:MM" nor a datetime`, 'write "09:30" (quoted) or 2024-06-06T09:30:00+03:00');
      } else {
        windowCheck(value, window, addDays(window.now, 1), ctx);
      }
    }),
    /** What happened, in one sentence (at most LIMITS.paragraph characters; may span lines). */
    event: text(LIMITS.paragraph, true),
    /** Marks key moments; the site highlights detected, mitigated and resolved. */
    kind: z.enum(TIMELINE_KINDS).optional(),
  });

  const actionItem = z.strictObject({
    /** What will be done, at most LIMITS.line characters. */
    title: text(LIMITS.line),
    /** A person or team accountable for it, at most LIMITS.name characters. */
    owner: text(LIMITS.name),
    /** Where it stands; the ledger counts and filters by it. */
    status: z.enum(ACTION_STATUSES),
    /** Whether it prevents a recurrence, softens one, detects one sooner, or changes a process. */
    type: z.enum(ACTION_TYPES).optional(),
    /** Due date, YYYY-MM-DD; open items past it are shown as overdue. A deadline, so it may be in the future; not before `earliestYear`. */
    due: z
      .string()
      .superRefine((value, ctx) => {
        if (!isValidDate(value)) hintIssue(ctx, `"${value}" is not a date`, 'write it as YYYY-MM-DD');
        else windowCheck(value, window, undefined, ctx);
      })
      .optional(),
    /** Ticket or pull request that tracks it. */
    link: httpUrl.optional(),
  });

  const shape = {
    /** One line that says what broke and how badly, at most LIMITS.title (160) characters. */
    title: text(LIMITS.title),
    /** Plain text shown in lists, feeds and search results, at most LIMITS.summary (500) characters. */
    summary: text(LIMITS.summary, true).superRefine((value, ctx) => {
      if (HTML_TAG_RE.test(value)) hintIssue(ctx, 'contains HTML', 'the summary is plain text: remove the tags');
    }),
    /** Only `published` postmortems reach the production site. */
    status: z.enum(STATUSES),
    /** An id from severities.yaml. */
    severity: registryId('severity', 'severities.yaml', context.severityIds),
    /** When the incident began (not when it was noticed). Every datetime lies in the DateWindow. */
    started: moment,
    /** When someone or something first noticed. */
    detected: moment.optional(),
    /** When the impact stopped growing or was worked around. */
    mitigated: moment.optional(),
    /** When service was fully restored; required once published. */
    resolved: moment.optional(),
    /** IANA zone in which every time on the page is shown. */
    timezone: z
      .string()
      .superRefine((value, ctx) => {
        if (!isValidZone(value)) {
          const hint = /^[A-Z]{2,5}$/.test(value)
            ? `abbreviations like ${value} are ambiguous and change with daylight saving: use a name such as Africa/Nairobi, Europe/Berlin or UTC`
            : 'use a name such as Africa/Nairobi, Europe/Berlin or UTC';
          hintIssue(ctx, `"${value}" is not an IANA time zone`, hint);
        }
      })
      .optional(),
    /** Ids from services.yaml: what was affected. At most LIMITS.services. */
    services: list(registryId('service', 'services.yaml', context.serviceIds), LIMITS.services, 'services').min(1, {
      error: 'must name at least one service',
    }),
    /** Ids from root-causes.yaml: why it happened. At most LIMITS.rootCauses. */
    rootCauses: list(registryId('root cause', 'root-causes.yaml', context.rootCauseIds), LIMITS.rootCauses, 'root causes').min(1, {
      error: 'must name at least one root cause',
    }),
    /** Who and what was affected. */
    impact: z.strictObject({
      /** In words, for readers; at most LIMITS.impact characters, may span lines. */
      description: text(LIMITS.impact, true),
      /** Share of users affected, in percent. */
      usersAffected: z
        .number()
        .min(0, { error: 'must be a percentage from 0 to 100' })
        .max(100, { error: 'must be a percentage from 0 to 100' })
        .optional(),
      /** Whether customers could see it. */
      customerFacing: z.boolean().optional(),
    }),
    /** The change or event that set it off; at most LIMITS.paragraph characters, may span lines. */
    trigger: text(LIMITS.paragraph, true).optional(),
    /** How the incident was first noticed. */
    detection: z.enum(DETECTIONS).optional(),
    /** Who wrote the postmortem: at most LIMITS.authors names of LIMITS.name characters. */
    authors: list(text(LIMITS.name), LIMITS.authors, 'authors').optional(),
    /** Free kebab-case labels; each gets an index page. At most LIMITS.tags, each at most LIMITS.name characters. */
    tags: list(
      z
        .string()
        .regex(KEBAB_RE, { error: 'must be lowercase kebab-case, e.g. black-friday' })
        .max(LIMITS.name, { error: `must be at most ${LIMITS.name} characters` }),
      LIMITS.tags,
      'tags',
    ).optional(),
    /** What happened when, in order. At most LIMITS.timeline entries. */
    timeline: list(timelineEntry, LIMITS.timeline, 'entries').optional(),
    /** Follow-ups promised by this postmortem. At most LIMITS.actionItems. */
    actionItems: list(actionItem, LIMITS.actionItems, 'action items').optional(),
    /** Slugs of related postmortems; the link is shown on both pages. At most LIMITS.related. */
    related: list(slugRef, LIMITS.related, 'related postmortems').optional(),
    /** Dashboards, tickets, chat threads. At most LIMITS.links, titles at most LIMITS.line characters. */
    links: list(z.strictObject({ title: text(LIMITS.line), url: httpUrl }), LIMITS.links, 'links').optional(),
    /**
     * Who may read it: `internal` (the company) or `public` (the public edition too). Absent: the
     * configured default, `internal` unless changed. Personal data is an error in a public one.
     */
    visibility: z.enum(VISIBILITIES).optional(),
    /**
     * Findings of the secret, personal-data and blame checks that a reviewer judged fine here,
     * each with the text found (`match`, as written) and why it may stay (`reason`).
     */
    allow: list(
      z.strictObject({
        /** The check whose finding is accepted. */
        rule: z.enum(ALLOWABLE_RULES),
        /** The text found, as the finding quotes it (e.g. "support@acme.io"); at most LIMITS.line characters. */
        match: text(LIMITS.line),
        /** Why it may stay: required, so the next reader knows it was judged. */
        reason: text(LIMITS.line),
      }),
      LIMITS.links,
      'allow entries',
    ).optional(),
    /**
     * Marks a postmortem migrated from another system (`npm run import` writes it). Once
     * published it may lack required sections (a warning, not an error); its page says where it
     * came from.
     */
    imported: z
      .strictObject({
        /** The system or file it came from, e.g. "Confluence". */
        from: text(LIMITS.name),
        /** The original's address. */
        url: httpUrl.optional(),
        /** When it was imported, YYYY-MM-DD. */
        date: z.string().superRefine((value, ctx) => {
          if (!isValidDate(value)) hintIssue(ctx, `"${value}" is not a date`, 'write it as YYYY-MM-DD');
        }),
      })
      .optional(),
  };

  return z
    .strictObject(shape)
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

/** Known keys at each level, for "did you mean" suggestions on unknown keys. */
export const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': [
    'title',
    'summary',
    'status',
    'severity',
    'started',
    'detected',
    'mitigated',
    'resolved',
    'timezone',
    'services',
    'rootCauses',
    'impact',
    'trigger',
    'detection',
    'authors',
    'tags',
    'timeline',
    'actionItems',
    'related',
    'links',
    'visibility',
    'allow',
    'imported',
  ],
  impact: ['description', 'usersAffected', 'customerFacing'],
  'timeline[]': ['at', 'event', 'kind'],
  'actionItems[]': ['title', 'owner', 'status', 'type', 'due', 'link'],
  'links[]': ['title', 'url'],
  'allow[]': ['rule', 'match', 'reason'],
  imported: ['from', 'url', 'date'],
  'registry:services': ['id', 'name', 'team', 'description', 'tier'],
  'registry:rootCauses': ['id', 'name', 'description'],
  'registry:severities': ['id', 'name', 'description'],
};

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
  const order = ['started', 'detected', 'mitigated', 'resolved'] as const;
  let previous: { field: string; ms: number } | undefined;
  for (const field of order) {
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

  const zone = isString(raw.timezone) && isValidZone(raw.timezone) ? raw.timezone : context.defaultTimezone;
  const started = raw.started;
  if (Array.isArray(raw.timeline) && validTime(started)) {
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

  for (const key of ['services', 'rootCauses', 'tags', 'related'] as const) {
    const list = raw[key];
    if (!Array.isArray(list)) continue;
    const seen = new Set<unknown>();
    list.forEach((value, index) => {
      if (seen.has(value)) hintIssue(ctx, `"${String(value)}" is listed twice`, 'remove the repeat', undefined, [key, index]);
      seen.add(value);
    });
  }
}
