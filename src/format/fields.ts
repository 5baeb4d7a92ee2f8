import {
  ACTION_STATUSES,
  ACTION_TYPES,
  ALLOWABLE_RULES,
  DETECTIONS,
  LIMITS,
  STATUSES,
  TIMELINE_KINDS,
  VISIBILITIES,
  type RegistryName,
} from './schema.ts';

/**
 * What each frontmatter field means, in one table beside the schema: schema.ts says in code what
 * a field accepts, this table says it in words, and every part that talks about a field reads it
 * from here: the validator's hint for a missing field and the unknown-field suggestions
 * (diagnostics.ts), the hint for a TODO left in it (todo-check.ts), what `npm run new` and
 * `npm run import` write before the author fills it in (scaffold.ts, import/map.ts), the JSON
 * Schema's descriptions (json-schema.ts) and the fields the blame check reads.
 * tests/format/fields.test.ts fails when a key is in the table and not in the schema, or the
 * other way round.
 */

/** What is known about one field. */
export interface FieldInfo {
  /** What is allowed, in a few words; starts with "required" exactly when the schema requires it. */
  rule: string;
  /** What it means: the JSON Schema's description, and the note beside it in a new postmortem. */
  help: string;
  /** How to add it when it is missing (required fields): the validator's hint. */
  missing?: string;
  /** What to write in place of a TODO left in it; `{ids}` stands for the ids of its registry. */
  todo?: string;
  /**
   * What `npm run new` or `npm run import` writes before the author knows: a TODO placeholder for
   * a required field, the value shown commented out for an optional one.
   */
  placeholder?: string;
  /** The values it allows, for a field of fixed choices. */
  values?: readonly string[];
  /** The registry whose ids it holds. */
  registry?: RegistryName;
  /** Free prose, which the blame check reads. */
  prose?: boolean;
}

/** The mark of a placeholder: the validator reports every one left (todo-check.ts). */
export const TODO = 'TODO';

/** "a, b or c". */
export const or = (values: readonly string[]) =>
  values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}` : values.join('');
const code = (value: string) => `\`${value}\``;
const oneOf = (values: readonly string[]) => `one of ${values.join(', ')}`;

const DATETIME = 'a datetime with its UTC offset';
const HTTP_URL = 'an http(s) URL';
const text = (max: number, multiline = false) => `at most ${max} characters${multiline ? ', may span lines' : ''}`;

/**
 * A field the schema requires: what it allows (its rule after "required, "), what it means, how
 * to add it when it is missing, and its other columns.
 */
function required<E extends Partial<FieldInfo>>(allowed: string, help: string, missing: string, extra = {} as E) {
  return { rule: `required, ${allowed}`, help, missing, ...extra };
}

/** A field the schema lets an author leave out: what it allows, what it means, and its other columns. */
function optional<E extends Partial<FieldInfo>>(allowed: string, help: string, extra = {} as E) {
  return { rule: `optional, ${allowed}`, help, ...extra };
}

/**
 * Every field of a postmortem's frontmatter, in the schema's order. Keys are paths: `impact.description`
 * for a field of a mapping, `timeline[].at` for a field of each item of a list.
 */
export const FIELDS = {
  title: required(
    `1 to ${LIMITS.title} characters`,
    'One line that says what broke and how badly.',
    `add \`title:\` with one line that says what broke, 1 to ${LIMITS.title} characters`,
    {
      todo: 'write one line that says what broke and how badly',
      placeholder: `${TODO}: one line that says what broke and how badly`,
      prose: true,
    },
  ),
  summary: required(
    `plain text, ${text(LIMITS.summary, true)}`,
    'Two or three plain sentences, shown in lists, feeds and search results.',
    `add \`summary:\` with two or three plain sentences, at most ${LIMITS.summary} characters`,
    {
      todo: 'write two or three plain sentences: what broke, for whom, for how long',
      placeholder: `${TODO}: two or three plain sentences: what broke, for whom, for how long`,
      prose: true,
    },
  ),
  status: required(
    oneOf(STATUSES),
    'Where the postmortem stands; only published ones reach the production site.',
    `add \`status: ${STATUSES[0]}\`, ${or(STATUSES.slice(1).map(code))}`,
    { values: STATUSES },
  ),
  severity: required('an id from severities.yaml', 'How bad it was.', 'add `severity:` with an id from severities.yaml, e.g. SEV2', {
    todo: 'choose one of {ids}',
    placeholder: TODO,
    registry: 'severities',
  }),
  started: required(
    DATETIME,
    'When the incident began (not when it was noticed).',
    'add `started:` with the datetime the incident began, e.g. 2024-06-06T09:00:00+03:00',
  ),
  detected: optional(`${DATETIME}, not before \`started\``, 'When someone or something first noticed.', { placeholder: '""' }),
  mitigated: optional(`${DATETIME}, not before \`detected\``, 'When the impact stopped growing or was worked around.', {
    placeholder: '""',
  }),
  resolved: optional(
    `${DATETIME}, not before \`mitigated\`; required once published`,
    'When service was fully restored (required to publish).',
    { placeholder: '""' },
  ),
  timezone: optional(
    "an IANA zone name such as Africa/Nairobi; the site's default zone otherwise",
    'The zone in which every time on the page is shown.',
  ),
  services: required(
    `1 to ${LIMITS.services} ids from services.yaml`,
    'What was affected.',
    'add `services: [id]` with at least one id from services.yaml',
    { todo: 'name the affected services: {ids}', placeholder: TODO, registry: 'services' },
  ),
  rootCauses: required(
    `1 to ${LIMITS.rootCauses} ids from root-causes.yaml`,
    'Why it happened.',
    'add `rootCauses: [id]` with at least one id from root-causes.yaml',
    { todo: 'name why it happened: {ids}', placeholder: TODO, registry: 'rootCauses' },
  ),
  impact: required('a mapping with at least `description`', 'Who and what was affected.', 'add `impact:` with at least `description:`'),
  'impact.description': required(
    text(LIMITS.impact, true),
    'Who was affected, how, and for how long, in words for readers.',
    'add `description:` under `impact:` saying who was affected, how, and for how long',
    { todo: 'say who was affected, how, and for how long', placeholder: `${TODO}: who was affected, how, and for how long`, prose: true },
  ),
  'impact.usersAffected': optional('a percentage from 0 to 100', 'The share of users affected, in percent.'),
  'impact.customerFacing': optional('true or false', 'Whether customers could see it.'),
  trigger: optional(text(LIMITS.paragraph, true), 'The change or event that set it off.', { placeholder: '""', prose: true }),
  detection: optional(oneOf(DETECTIONS), 'How the incident was first noticed.', { values: DETECTIONS, placeholder: DETECTIONS[0] }),
  authors: optional(`at most ${LIMITS.authors} names of ${text(LIMITS.name)}`, 'Who wrote the postmortem.'),
  tags: optional(
    `at most ${LIMITS.tags} kebab-case labels of ${text(LIMITS.name)}`,
    'Kebab-case labels, e.g. [black-friday]; each gets an index page.',
    { placeholder: '[]' },
  ),
  timeline: optional(`at most ${LIMITS.timeline} entries in chronological order`, 'What happened when, in order.'),
  'timeline[].at': required(
    `"HH:MM" or ${DATETIME}`,
    'When: "HH:MM" for that time on the start date in the incident\'s zone, or a datetime with offset.',
    'add `at:` with "HH:MM" or a datetime with offset',
  ),
  'timeline[].event': required(text(LIMITS.paragraph, true), 'What happened, in a sentence.', 'add `event:` saying what happened', {
    todo: 'say what happened at that time',
    placeholder: `${TODO}: what happened first (the trigger, or the first sign of trouble)`,
    prose: true,
  }),
  'timeline[].kind': optional(oneOf(TIMELINE_KINDS), 'Marks key moments; the page highlights detected, mitigated and resolved.', {
    values: TIMELINE_KINDS,
  }),
  actionItems: optional(`at most ${LIMITS.actionItems} items`, 'Follow-ups this postmortem promises.'),
  'actionItems[].title': required(text(LIMITS.line), 'What will be done.', 'add `title:` saying what will be done', {
    todo: 'say what will be done',
    placeholder: `${TODO}: what will stop this from happening again`,
  }),
  'actionItems[].owner': required(
    text(LIMITS.name),
    'The person or team accountable for it.',
    'add `owner:` with the person or team accountable',
    { todo: 'name the person or team accountable for it', placeholder: `${TODO}: owner` },
  ),
  'actionItems[].status': required(
    oneOf(ACTION_STATUSES),
    'Where it stands; the ledger counts and filters by it.',
    `add \`status:\` ${or(ACTION_STATUSES)}`,
    { values: ACTION_STATUSES },
  ),
  'actionItems[].type': optional(
    oneOf(ACTION_TYPES),
    'Whether it prevents a recurrence, softens one, detects one sooner, or changes a process.',
    { values: ACTION_TYPES },
  ),
  'actionItems[].due': optional(
    'a date YYYY-MM-DD (a deadline: it may lie in the future)',
    'When it is due; open items past it are shown as overdue.',
  ),
  'actionItems[].link': optional(HTTP_URL, 'The ticket or pull request that tracks it.'),
  related: optional(
    `at most ${LIMITS.related} slugs of other postmortems in the archive`,
    'Slugs of related postmortems; the link is shown on both pages.',
    { placeholder: '[]' },
  ),
  links: optional(
    `at most ${LIMITS.links} links`,
    'Dashboards, tickets and chat threads, each `{ title: "Dashboard", url: "https://..." }`.',
    { placeholder: '[]' },
  ),
  'links[].title': required(text(LIMITS.line), 'What the link leads to.', 'add `title:` for the link'),
  'links[].url': required(HTTP_URL, 'Where it leads.', 'add `url:` with an https:// address'),
  visibility: optional(
    `${oneOf(VISIBILITIES)}; the configured default otherwise (internal unless changed)`,
    'Who may read it: internal (the company) or public (the public edition too). Personal data is an error in a public one.',
    { values: VISIBILITIES },
  ),
  allow: optional(
    `at most ${LIMITS.links} entries`,
    'Findings of the secret, personal-data and blame checks that a reviewer judged fine here.',
  ),
  'allow[].rule': required(oneOf(ALLOWABLE_RULES), 'The check whose finding is accepted.', `add \`rule:\` ${or(ALLOWABLE_RULES)}`, {
    values: ALLOWABLE_RULES,
  }),
  'allow[].match': required(
    text(LIMITS.line),
    'The text found, as the finding quotes it (e.g. "support@acme.io").',
    'add `match:` with the text found, as the finding quotes it',
  ),
  'allow[].reason': required(
    text(LIMITS.line),
    'Why it may stay, so the next reader knows it was judged.',
    'add `reason:` saying why it may stay',
  ),
  imported: optional(
    'a mapping with `from` and `date`',
    'Marks a postmortem migrated from another system; once published it may lack required sections, and its page says where it came from.',
  ),
  'imported.from': required(
    text(LIMITS.name),
    'The system or file it came from, e.g. "Confluence".',
    'add `from:` with the system or file it came from',
  ),
  'imported.url': optional(HTTP_URL, "The original's address."),
  'imported.date': required('a date YYYY-MM-DD', 'When it was imported.', 'add `date:` with the day it was imported, YYYY-MM-DD'),
} satisfies Record<string, FieldInfo>;

const entryName = required(text(LIMITS.name), 'The name shown on the site.', 'add `name:`');
const entryDescription = (help: string) => optional(text(LIMITS.paragraph, true), help);
const kebabId = (list: string) =>
  required('lowercase kebab-case (a-z, 0-9, -), unique', `The stable id that postmortems name in \`${list}\`.`, 'add `id:` in kebab-case');

/** The fields of each registry's entries (services.yaml, root-causes.yaml, severities.yaml). */
export const REGISTRY_FIELDS = {
  services: {
    id: kebabId('services'),
    name: entryName,
    team: optional(text(LIMITS.name), 'The owning team, shown on the service page.'),
    description: entryDescription('One or two sentences on what the service does.'),
    tier: optional('a number or text', 'Criticality tier (1 is most critical); free-form, so teams keep their own scheme.'),
  },
  rootCauses: { id: kebabId('rootCauses'), name: entryName, description: entryDescription('What belongs in this category.') },
  severities: {
    id: required(
      'letters, digits and dashes, unique',
      'The id that postmortems name in `severity`, e.g. SEV1.',
      'add `id:` with letters, digits and dashes, e.g. SEV1',
    ),
    name: entryName,
    description: entryDescription('When to use this level.'),
  },
} satisfies Record<RegistryName, Record<string, FieldInfo>>;

/** `timeline[2].at` or `timeline[].at` -> `timeline[].at`, the table's key. */
export const fieldPattern = (field: string) => field.replace(/\[\d*\]/g, '[]');

/** The table's entry for a field, written as `timeline[2].at` or `timeline[].at`; a list item's is its list's. */
export function fieldInfo(field: string): FieldInfo | undefined {
  const table: Record<string, FieldInfo> = FIELDS;
  const pattern = fieldPattern(field);
  return table[pattern] ?? (pattern.endsWith('[]') ? table[pattern.slice(0, -2)] : undefined);
}

/** The table's entry for a field of a registry's entries. */
export function registryFieldInfo(registry: RegistryName, key: string): FieldInfo | undefined {
  return (REGISTRY_FIELDS[registry] as Record<string, FieldInfo>)[key];
}

/**
 * The keys allowed at each level, for "did you mean" on an unknown key: `''` for the top,
 * `impact`, `timeline[]` and so on below it, `registry:services` and its siblings for registries.
 */
export const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = (() => {
  const out: Record<string, string[]> = {};
  for (const path of Object.keys(FIELDS)) {
    const dot = path.lastIndexOf('.');
    (out[path.slice(0, Math.max(dot, 0))] ??= []).push(path.slice(dot + 1));
  }
  for (const [registry, fields] of Object.entries(REGISTRY_FIELDS)) out[`registry:${registry}`] = Object.keys(fields);
  return out;
})();

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every value written at a field's path in some frontmatter (one per item below a `[]`), with where it is. */
export function valuesAt(data: unknown, field: string): { path: PropertyKey[]; value: unknown }[] {
  let found: { path: PropertyKey[]; value: unknown }[] = [{ path: [], value: data }];
  for (const segment of field.split('.')) {
    const key = segment.replace(/\[\]$/, '');
    found = found.flatMap(({ path, value }) => {
      if (!isRecord(value) || !Object.hasOwn(value, key)) return [];
      const child = value[key];
      if (key === segment) return [{ path: [...path, key], value: child }];
      return Array.isArray(child) ? child.map((item, index) => ({ path: [...path, key, index], value: item })) : [];
    });
  }
  return found;
}

/** The frontmatter fields of free prose (title, summary, impact, trigger, timeline events). */
export const PROSE_FIELDS: readonly string[] = Object.entries(FIELDS as Record<string, FieldInfo>).flatMap(([path, info]) =>
  info.prose ? [path] : [],
);
