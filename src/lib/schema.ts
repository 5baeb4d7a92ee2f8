import { z } from 'zod';
import {
  datetimeProblem,
  isClockTime,
  isValidDate,
  isValidZone,
  resolveClockTime,
  toMillis,
} from './datetime.ts';
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

const KEBAB_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SEVERITY_ID_RE = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;
const HTML_TAG_RE = /<\/?[a-zA-Z][^>]*>/;

export type Status = (typeof STATUSES)[number];

// ---------------------------------------------------------------------------------------------
// Registries

const kebabId = z.string().regex(KEBAB_RE, { error: 'must be lowercase kebab-case (a-z, 0-9, -)' });

export const serviceSchema = z.strictObject({
  /** Stable kebab-case id that postmortems name in `services`. */
  id: kebabId,
  /** Display name. */
  name: z.string().min(1),
  /** The owning team, shown on the service page. */
  team: z.string().min(1).optional(),
  /** One or two sentences on what the service does. */
  description: z.string().optional(),
  /** Criticality tier (1 is most critical); free-form so teams can keep their own scheme. */
  tier: z.union([z.number(), z.string()]).optional(),
});

export const rootCauseSchema = z.strictObject({
  /** Stable kebab-case id that postmortems name in `rootCauses`. */
  id: kebabId,
  /** Display name. */
  name: z.string().min(1),
  /** What belongs in this category. */
  description: z.string().optional(),
});

export const severitySchema = z.strictObject({
  /** Id that postmortems name in `severity`, e.g. SEV1. */
  id: z.string().regex(SEVERITY_ID_RE, { error: 'must be letters, digits and dashes, e.g. SEV1' }),
  /** Display name, e.g. "Critical". */
  name: z.string().min(1),
  /** When to use this level. */
  description: z.string().optional(),
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

const datetime = z.string().superRefine((value, ctx) => {
  const problem = datetimeProblem(value);
  if (problem === 'no-offset') {
    hintIssue(ctx, `"${value}" has no UTC offset, so the moment is ambiguous`, 'add the offset, e.g. 2024-06-06T09:00:00+03:00, or Z for UTC');
  } else if (problem === 'impossible') {
    hintIssue(ctx, `"${value}" is not a real date and time`, 'check the day, month and hour');
  } else if (problem) {
    hintIssue(ctx, `"${value}" is not a datetime`, 'write it as 2024-06-06T09:00:00+03:00');
  }
});

const httpUrl = z.string().superRefine((value, ctx) => {
  let ok = false;
  try {
    const url = new URL(value);
    ok = (url.protocol === 'http:' || url.protocol === 'https:') && /^https?:\/\//i.test(value);
  } catch {
    ok = false;
  }
  if (!ok) hintIssue(ctx, `"${value}" is not an http(s) URL`, 'only http:// and https:// links are allowed');
});

const text = (max?: number) => {
  const base = z.string().trim().min(1, { error: 'must not be empty' });
  return max ? base.max(max, { error: `must be at most ${max} characters` }) : base;
};

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
}

export function contextFromRegistries(registries: Registries, slugs: readonly string[], defaultTimezone: string): SchemaContext {
  return {
    serviceIds: registries.services.map((s) => s.id),
    rootCauseIds: registries.rootCauses.map((r) => r.id),
    severityIds: registries.severities.map((s) => s.id),
    slugs,
    defaultTimezone,
  };
}

export function createPostmortemSchema(context: SchemaContext) {
  const slugSet = new Set(context.slugs);
  const slugRef = z.string().superRefine((value, ctx) => {
    if (!slugSet.has(value)) {
      hintIssue(ctx, `no postmortem has the slug "${value}"`, 'name the file name of an existing postmortem, without extension', closest(value, context.slugs));
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
      }
    }),
    /** What happened, in one sentence. */
    event: text(),
    /** Marks key moments; the site highlights detected, mitigated and resolved. */
    kind: z.enum(TIMELINE_KINDS).optional(),
  });

  const actionItem = z.strictObject({
    /** What will be done. */
    title: text(),
    /** A person or team accountable for it. */
    owner: text(),
    /** Where it stands; the ledger counts and filters by it. */
    status: z.enum(ACTION_STATUSES),
    /** Whether it prevents a recurrence, softens one, detects one sooner, or changes a process. */
    type: z.enum(ACTION_TYPES).optional(),
    /** Due date, YYYY-MM-DD; open items past it are shown as overdue. */
    due: z.string().superRefine((value, ctx) => {
      if (!isValidDate(value)) hintIssue(ctx, `"${value}" is not a date`, 'write it as YYYY-MM-DD');
    }).optional(),
    /** Ticket or pull request that tracks it. */
    link: httpUrl.optional(),
  });

  const shape = {
    /** One line that says what broke and how badly. */
    title: text(160),
    /** Plain text shown in lists, feeds and search results. */
    summary: text(500).superRefine((value, ctx) => {
      if (HTML_TAG_RE.test(value)) hintIssue(ctx, 'contains HTML', 'the summary is plain text: remove the tags');
    }),
    /** Only `published` postmortems reach the production site. */
    status: z.enum(STATUSES),
    /** An id from severities.yaml. */
    severity: registryId('severity', 'severities.yaml', context.severityIds),
    /** When the incident began (not when it was noticed). */
    started: datetime,
    /** When someone or something first noticed. */
    detected: datetime.optional(),
    /** When the impact stopped growing or was worked around. */
    mitigated: datetime.optional(),
    /** When service was fully restored; required once published. */
    resolved: datetime.optional(),
    /** IANA zone in which every time on the page is shown. */
    timezone: z.string().superRefine((value, ctx) => {
      if (!isValidZone(value)) {
        const hint = /^[A-Z]{2,5}$/.test(value)
          ? `abbreviations like ${value} are ambiguous and change with daylight saving: use a name such as Africa/Nairobi, Europe/Berlin or UTC`
          : 'use a name such as Africa/Nairobi, Europe/Berlin or UTC';
        hintIssue(ctx, `"${value}" is not an IANA time zone`, hint);
      }
    }).optional(),
    /** Ids from services.yaml: what was affected. */
    services: z.array(registryId('service', 'services.yaml', context.serviceIds)).min(1, { error: 'must name at least one service' }),
    /** Ids from root-causes.yaml: why it happened. */
    rootCauses: z.array(registryId('root cause', 'root-causes.yaml', context.rootCauseIds)).min(1, { error: 'must name at least one root cause' }),
    /** Who and what was affected. */
    impact: z.strictObject({
      /** In words, for readers. */
      description: text(),
      /** Share of users affected, in percent. */
      usersAffected: z.number().min(0, { error: 'must be a percentage from 0 to 100' }).max(100, { error: 'must be a percentage from 0 to 100' }).optional(),
      /** Whether customers could see it. */
      customerFacing: z.boolean().optional(),
    }),
    /** The change or event that set it off. */
    trigger: text().optional(),
    /** How the incident was first noticed. */
    detection: z.enum(DETECTIONS).optional(),
    /** Who wrote the postmortem. */
    authors: z.array(text()).optional(),
    /** Free kebab-case labels; each gets an index page. */
    tags: z.array(z.string().regex(KEBAB_RE, { error: 'must be lowercase kebab-case, e.g. black-friday' })).optional(),
    /** What happened when, in order. */
    timeline: z.array(timelineEntry).optional(),
    /** Follow-ups promised by this postmortem. */
    actionItems: z.array(actionItem).optional(),
    /** Slugs of related postmortems; the link is shown on both pages. */
    related: z.array(slugRef).optional(),
    /** Dashboards, tickets, chat threads. */
    links: z.array(z.strictObject({ title: text(), url: httpUrl })).optional(),
    /**
     * Marks a postmortem migrated from another system (`npm run import` writes it). Once
     * published it may lack required sections (a warning, not an error); its page says where it
     * came from.
     */
    imported: z
      .strictObject({
        /** The system or file it came from, e.g. "Confluence". */
        from: text(200),
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
export type TimelineEntry = NonNullable<Postmortem['timeline']>[number];
export type ActionItem = NonNullable<Postmortem['actionItems']>[number];

/** Known keys at each level, for "did you mean" suggestions on unknown keys. */
export const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': ['title', 'summary', 'status', 'severity', 'started', 'detected', 'mitigated', 'resolved', 'timezone', 'services', 'rootCauses', 'impact', 'trigger', 'detection', 'authors', 'tags', 'timeline', 'actionItems', 'related', 'links', 'imported'],
  impact: ['description', 'usersAffected', 'customerFacing'],
  'timeline[]': ['at', 'event', 'kind'],
  'actionItems[]': ['title', 'owner', 'status', 'type', 'due', 'link'],
  'links[]': ['title', 'url'],
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
    hintIssue(ctx, 'a published postmortem needs `resolved`', 'add `resolved:` with the datetime service was fully restored, or set `status: in-review`', undefined, ['resolved']);
  }
  const order = ['started', 'detected', 'mitigated', 'resolved'] as const;
  let previous: { field: string; ms: number } | undefined;
  for (const field of order) {
    const value = raw[field];
    if (!validTime(value)) continue;
    const ms = toMillis(value);
    if (previous && ms < previous.ms) {
      hintIssue(ctx, `\`${field}\` (${value}) is before \`${previous.field}\``, `times run started <= detected <= mitigated <= resolved: check the date, hour and offset`, undefined, [field]);
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
        hintIssue(ctx, `timeline entry ${index + 1} (${at}) comes before entry ${last.index + 1}`, 'keep entries in chronological order; for times after midnight write a full datetime with offset', undefined, ['timeline', index, 'at']);
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
