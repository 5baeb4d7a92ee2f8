import { DateTime } from 'luxon';
import type { ListItem, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { isValidDate, isValidZone, resolveClockTime } from '../../format/datetime.ts';
import { FIELDS, TODO } from '../../format/fields.ts';
import type { Registries } from '../../format/schema.ts';
import { kebab, makeSlug } from '../../format/slug.ts';
import { frontmatterYaml } from '../frontmatter-yaml.ts';
import { actionType, findActions, type FoundAction } from './actions.ts';
import { bodyMarkdown, bodyTree, type BodySection } from './body.ts';
import { findDate, findDeclaredZone, zoneFromText, zonesBesideTimes, zoneToken } from './clock.ts';
import { HindsightError } from '../../format/errors.ts';
import type { Parts, Section } from './parts.ts';
import type { ReadDocument } from './read.ts';
import { findSeverityPhrase, severityId } from './severity.ts';
import { findTimeline } from './timeline.ts';
import { isHttpUrl } from './url.ts';
import { chooseZone, findMoments, placeEntries, type Moments } from './times.ts';

/**
 * Stage 3 of `npm run import`: the parts of a document mapped to our format, a frontmatter
 * object and a body. What the document says is carried over; what it does not say is a `TODO`
 * marker that `npm run validate` names (todo-check.ts); nothing is made up. Always a draft, with
 * `imported` saying where it came from.
 */

export interface MapOptions {
  /** The site's default zone, for times when neither the text nor `timezone` names one. */
  defaultTimezone: string;
  /** Zone for the times, instead of the one the text names (IANA name or abbreviation). */
  timezone?: string;
  /** The content folder's registries: severity, services and root causes are matched against them. */
  registries?: Registries;
  title?: string;
  severity?: string;
  services?: string[];
  rootCauses?: string[];
  /** Start date (YYYY-MM-DD) when the text has none. */
  date?: string;
  /** Today (YYYY-MM-DD), the `imported.date`. */
  today: string;
  /** The file's name, the `imported.from` when the document does not show which system wrote it. */
  fileName: string;
}

/** A postmortem in our format, ready to write. */
export interface Mapped {
  slug: string;
  frontmatter: Record<string, unknown>;
  body: string;
  /** The whole file. */
  text: string;
  /** What is left TODO: frontmatter fields, and body sections by name. */
  todos: string[];
  warnings: string[];
}

const sentences = (text: string) =>
  text
    .match(/[^.!?]+(?:[.!?]+|$)/g)
    ?.map((s) => s.trim())
    .filter(Boolean) ?? [];

/** At most `max` characters, cut after a whole sentence where possible. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const s of sentences(text)) {
    if ((out ? `${out} ${s}` : s).length > max) break;
    out = out ? `${out} ${s}` : s;
  }
  return out || `${text.slice(0, max - 1)}…`;
}

/** Plain text of some blocks: one string per paragraph, and per item of a list. */
const plain = (nodes: readonly (RootContent | ListItem)[]): string[] =>
  nodes
    .flatMap((n) =>
      n.type === 'list' || n.type === 'listItem'
        ? plain(n.children)
        : n.type === 'table'
          ? n.children.map((row) => row.children.map((cell) => toString(cell).trim()).join(' | '))
          : [toString(n, { includeHtml: false }).replace(/\s+/g, ' ').trim()],
    )
    .filter(Boolean);
/** Prose, not a "Status: final" line or a lead-in ending in a colon. */
const isProse = (p: string) => p.split(/\s+/).length >= 6 && !/:$/.test(p) && !/^[A-Za-z]+(?: [A-Za-z]+){0,2}:\s/.test(p);

/** Registry entries a text mentions by name or id. */
function mentioned(text: string, entries: readonly { id: string; name: string }[]): { id: string; phrase: string }[] {
  const lower = ` ${text.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  return entries.flatMap((entry) => {
    const phrases = [entry.name, entry.id.replace(/-/g, ' ')]
      .map((p) =>
        p
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, ' ')
          .trim(),
      )
      .filter((p) => p.length >= 3);
    const phrase = phrases.find((p) => lower.includes(` ${p} `));
    return phrase ? [{ id: entry.id, phrase }] : [];
  });
}

/** A list as written: a YAML list (each item may still be "a, b"), or "a, b and c". */
const listOf = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value.flatMap((v) => v.split(/\s*,\s*/)) : value ? value.split(/\s*,\s*|\s+and\s+/) : [])
    .map((v) => v.trim())
    .filter(Boolean);
const one = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

function resolveZoneOption(zone: string): string {
  if (isValidZone(zone)) return zone;
  const named = zoneFromText(zone.toUpperCase());
  if (named) return named.zone;
  throw new HindsightError(`"${zone}" is not a time zone`, { hint: 'pass an IANA name such as Africa/Nairobi, Europe/Berlin or UTC' });
}

const iso = (d: DateTime) => d.toISO({ suppressMilliseconds: true, includeOffset: true })!;
const ofKind = (sections: readonly Section[], ...kinds: Section['kind'][]) => sections.filter((s) => kinds.includes(s.kind));

/** The timeline: the timed lines of the timeline sections (each section's other content kept), or of the whole text without one. */
function timelineOf(sections: readonly Section[]) {
  const timelineSections = ofKind(sections, 'timeline');
  const perSection = new Map(timelineSections.map((s) => [s, findTimeline([s])]));
  const notes = new Map([...perSection].map(([s, t]) => [s, t.rest]));
  if (!timelineSections.length) return { ...findTimeline(sections), notes };
  const found = [...perSection.values()];
  return { entries: found.flatMap((t) => t.entries), declaredZone: found.map((t) => t.declaredZone).find(Boolean), notes };
}

const daysBetween = (from: string, to: string) => DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days;

/**
 * The day it started: given, in the metadata, in the text, or on a timeline entry. A blog's
 * frontmatter `date` is the day it was posted: a date in the text up to 90 days before it is the incident's.
 */
function incidentDate(
  parts: Parts,
  posted: string | undefined,
  options: MapOptions,
  entries: readonly { date?: string }[],
  warnings: string[],
): string {
  const { metadata } = parts;
  const inText = findDate(parts.text);
  const postedDate = posted === undefined ? undefined : findDate(posted);
  if (
    !options.date &&
    postedDate &&
    inText &&
    inText < postedDate &&
    daysBetween(inText, postedDate) <= 90 &&
    findDate(one(metadata.date) ?? '') === postedDate
  ) {
    warnings.push(
      `the frontmatter's date ${postedDate} is later than the first date in the text, ${inText}: it was taken as the day it was posted, and the incident dated ${inText}; check it`,
    );
    return inText;
  }
  const date =
    options.date ??
    findDate(one(metadata.date) ?? '') ??
    findDate(one(metadata.started) ?? '') ??
    findDate(parts.text) ??
    entries.find((e) => e.date)?.date;
  if (!date || !isValidDate(date))
    throw new HindsightError('the text names no date for the incident', {
      hint: 'pass --date YYYY-MM-DD (the day it started, in its time zone)',
    });
  // An email dated the day after: "yesterday's outage" is not moved, but said.
  const relative = options.date ? undefined : /\b(?:yesterday|last night)\b/i.exec(parts.text)?.[0];
  if (relative) warnings.push(`the text says "${relative}": the incident may be the day before ${date}; check the date, or pass --date`);
  return date;
}

/** Date, zone, timeline and key moments. The timeline sections' other content is kept for the body. */
function mapTimes(parts: Parts, posted: string | undefined, introText: string, options: MapOptions, warnings: string[]) {
  const { metadata } = parts;
  const timeline = timelineOf(parts.sections);
  const date = incidentDate(parts, posted, options, timeline.entries, warnings);
  const declared = timeline.declaredZone ?? zoneToken(one(metadata.timezone)?.trim()) ?? findDeclaredZone(parts.text);
  const option = options.timezone ? resolveZoneOption(options.timezone) : undefined;
  const own = timeline.entries.map((e) => e.zone);
  // Without zones on the entries, the ones beside times in the prose ("alerted at 10:31 PT").
  const metadataTimes = [metadata.started, metadata.resolved].map(one).join('\n');
  const written = own.some(Boolean) ? own : [...own, ...zonesBesideTimes(`${parts.text}\n${metadataTimes}`)];
  const zone = chooseZone({ option, declared, written, defaultZone: options.defaultTimezone }, warnings);
  // A declared zone stands beside each time that names none, so "all times CET" in July is said to be CEST.
  // "March 3 14:02": the incident's year.
  const dated = timeline.entries.map((e) =>
    e.monthDay && !e.date && isValidDate(`${date.slice(0, 4)}-${e.monthDay}`) ? { ...e, date: `${date.slice(0, 4)}-${e.monthDay}` } : e,
  );
  const zoned = option || !declared ? dated : dated.map((e) => (e.zone ? e : { ...e, zone: declared }));
  const placed = placeEntries(zoned, date, zone, warnings);
  const moments = findMoments({
    placed,
    windowText: introText || parts.text,
    date,
    zone,
    metadata: {
      started: one(metadata.started),
      detected: one(metadata.detected),
      mitigated: one(metadata.mitigated),
      resolved: one(metadata.resolved),
    },
  });
  const midnight = !moments.started;
  if (!moments.started) {
    moments.started = placeEntries([{ hour: 0, minute: 0, event: '-' }], date, zone, [])[0]!.at;
    warnings.push('the text gives no start time: `started` is midnight; correct it');
  }
  if (!placed.length)
    warnings.push(
      'no timeline entries were found (lines, list items or table rows that start with a time, like "9:30 AM EAT - …"): add the timeline by hand',
    );
  const startDay = moments.started.toISODate()!;
  // "HH:MM" where it reads back as the same instant; not for the hour that happens twice when summer time ends.
  const short = (at: DateTime) =>
    at.toISODate() === startDay && +DateTime.fromISO(resolveClockTime(at.toFormat('HH:mm'), iso(moments.started!), zone)) === +at;
  const entries = placed.map((p) => ({
    at: short(p.at) ? p.at.toFormat('HH:mm') : iso(p.at),
    event: p.event,
    ...(p.kind ? { kind: p.kind } : {}),
  }));
  return { date, zone, startDay, midnight, moments: moments as Moments & { started: DateTime }, entries, notes: timeline.notes };
}

/** Severity, services and root causes: given, read from the document, or TODO. */
function mapRegistryIds(parts: Parts, introText: string, options: MapOptions, warnings: string[]) {
  const { metadata, sections } = parts;
  let severity = options.severity;
  if (!severity) {
    const written = one(metadata.severity) ?? findSeverityPhrase(parts.title ?? '') ?? findSeverityPhrase(parts.text);
    severity = written ? severityId(written, options.registries?.severities ?? []) : undefined;
    if (written && severity) warnings.push(`severity ${severity} was read from "${written}": check it`);
    if (written && !severity) warnings.push(`the severity "${written}" matches none of severities.yaml: choose one`);
  }
  const pickIds = (
    field: 'services' | 'rootCauses',
    given: string[] | undefined,
    list: { id: string; name: string }[] | undefined,
    where: string,
    label: string,
  ): string[] => {
    if (given?.length) return given;
    const found = list ? mentioned(where, list) : [];
    if (!found.length) return [FIELDS[field].placeholder];
    warnings.push(`${label} guessed from the text: ${found.map((f) => `${f.id} ("${f.phrase}")`).join(', ')}: check them`);
    return found.map((f) => f.id);
  };
  const causeText = [introText, ...plain(ofKind(sections, 'cause', 'cause+resolution').flatMap((s) => s.nodes))].join('\n');
  const serviceHints = listOf(metadata.services).join(', ');
  const services = pickIds('services', options.services, options.registries?.services, serviceHints || parts.text, 'services');
  if (serviceHints && services[0] === FIELDS.services.placeholder)
    warnings.push(`the document names "${serviceHints}", which matches no service in services.yaml`);
  return {
    severity: severity ?? FIELDS.severity.placeholder,
    services,
    rootCauses: pickIds('rootCauses', options.rootCauses, options.registries?.rootCauses, causeText, 'root causes'),
  };
}

/** Title, summary, impact, authors and tags, as the document words them. */
function mapProse(parts: Parts, introNodes: readonly RootContent[], options: MapOptions) {
  const { metadata, sections } = parts;
  const introProse = plain(introNodes).filter(isProse);
  const summaryText =
    one(metadata.summary) ??
    ofKind(sections, 'summary')
      .flatMap((s) => plain(s.nodes))
      .filter(isProse)[0] ??
    introProse[0];
  const impactLines = plain(ofKind(sections, 'impact').flatMap((s) => s.nodes));
  const impactText = [...impactLines, ...introProse].join(' ');
  // An impact section as written (its bullets joined), else the first sentence about who was hit.
  const described = impactLines.length
    ? clip(impactLines.join('; ').replace(/([.!?]);/g, '$1'), 500)
    : sentences(impactText).find((s) => /\b(users|customers|clients|requests|traffic|affect|impact)/i.test(s));
  const percent = /(\d{1,3}(?:\.\d+)?)\s*%\s+of\s+(?:our\s+|all\s+|the\s+)?(?:users|customers|clients|requests|traffic)/i.exec(impactText);
  const impact: Record<string, unknown> = { description: described || FIELDS['impact.description'].placeholder };
  if (percent && Number(percent[1]) <= 100) impact.usersAffected = Number(percent[1]);
  const title = options.title ?? (parts.title ? clip(parts.title, 160) : undefined);
  return {
    title,
    fields: {
      title: title ?? FIELDS.title.placeholder,
      // Plain text: a frontmatter summary written with tags loses them.
      summary: summaryText ? clip(summaryText.replace(/<\/?[a-zA-Z][^>]*>/g, ''), 500) : FIELDS.summary.placeholder,
    },
    impact,
    authors: listOf(metadata.authors),
    tags: [
      ...new Set(
        listOf(metadata.tags)
          .map((t) => kebab(t))
          .filter(Boolean),
      ),
    ],
  };
}

/** Action items from the action sections; what else those sections say is kept for the body. */
function mapActions(sections: readonly Section[], date: string) {
  const found = new Map(ofKind(sections, 'actions').map((s) => [s, findActions(s.nodes, date)]));
  const items = [...found.values()]
    .flatMap((a) => a.items)
    .map((item: FoundAction) => ({
      title: item.title,
      owner: item.owner ?? FIELDS['actionItems[].owner'].placeholder,
      status: item.status ?? 'open',
      type: item.type ?? actionType(item.title),
      ...(item.due ? { due: item.due } : {}),
      ...(item.link ? { link: item.link } : {}),
    }));
  return { items, rest: new Map([...found].map(([s, a]) => [s, a.rest])) };
}

/** The body: the sections that are not the summary, with the timeline's and actions' leftovers. */
function mapBody(
  sections: readonly Section[],
  introNodes: RootContent[],
  timelineNotes: Map<Section, RootContent[]>,
  actionRest: Map<Section, RootContent[]>,
): string {
  const note: RootContent = { type: 'paragraph', children: [{ type: 'text', value: 'The action items are listed in the frontmatter.' }] };
  const bodySections: BodySection[] = sections.flatMap((s): BodySection[] => {
    if (['preamble', 'title', 'summary'].includes(s.kind)) return [];
    if (s.kind === 'timeline') return [{ ...s, heading: 'Timeline notes', kind: 'other', nodes: timelineNotes.get(s) ?? [] }];
    const rest = actionRest.get(s);
    if (rest) return [{ ...s, nodes: rest.length ? [...rest, note] : [] }];
    return [s];
  });
  return bodyMarkdown(bodyTree(introNodes, bodySections));
}

/** Maps one postmortem's parts to a file of our format. */
export function mapToFormat(parts: Parts, doc: Pick<ReadDocument, 'source' | 'url' | 'metadata'>, options: MapOptions): Mapped {
  const warnings: string[] = [];
  const introNodes = ofKind(parts.sections, 'preamble', 'title', 'summary').flatMap((s) => s.nodes);
  const introText = plain(introNodes).join('\n');
  const times = mapTimes(parts, one(doc.metadata.date), introText, options, warnings);
  const ids = mapRegistryIds(parts, introText, options, warnings);
  const prose = mapProse(parts, introNodes, options);
  const actions = mapActions(parts.sections, times.date);
  // No timeline (nor, then, a start time): a TODO in the body, which validate names like any other.
  const timelineTodo = times.entries.length
    ? ''
    : `\n## Timeline\n\n${TODO}: the document has no timeline that could be read${times.midnight ? `, nor a start time (\`started\` is midnight on ${times.startDay}: correct it)` : ''}; add \`timeline:\` entries to the frontmatter.\n`;
  const body = mapBody(parts.sections, introNodes, times.notes, actions.rest) + timelineTodo;
  const writtenUrl = one(parts.metadata.url);
  const url = doc.url ?? (writtenUrl && isHttpUrl(writtenUrl) ? writtenUrl : undefined);
  const { moments } = times;
  const frontmatter: Record<string, unknown> = {
    ...prose.fields,
    status: 'draft',
    severity: ids.severity,
    started: iso(moments.started),
    ...(moments.detected ? { detected: iso(moments.detected) } : {}),
    ...(moments.mitigated ? { mitigated: iso(moments.mitigated) } : {}),
    ...(moments.resolved ? { resolved: iso(moments.resolved) } : {}),
    timezone: times.zone,
    services: ids.services,
    rootCauses: ids.rootCauses,
    impact: prose.impact,
    ...(times.entries.length ? { timeline: times.entries } : {}),
    ...(prose.authors.length ? { authors: prose.authors } : {}),
    ...(prose.tags.length ? { tags: prose.tags } : {}),
    ...(actions.items.length ? { actionItems: actions.items } : {}),
    imported: { from: doc.source ?? options.fileName, ...(url ? { url } : {}), date: options.today },
  };
  const todos = [
    ...Object.entries(frontmatter).flatMap(([key, value]) => (JSON.stringify(value).includes(TODO) ? [key] : [])),
    ...[...body.matchAll(/^## (.+)\n\nTODO:/gm)].map((m) => m[1]!),
  ];
  const slugName =
    prose.title ??
    ([...ids.services, ...ids.rootCauses]
      .filter((id) => id !== TODO)
      .slice(0, 2)
      .join(' ') ||
      'incident');
  return {
    slug: makeSlug(times.startDay, slugName),
    frontmatter,
    body,
    text: `---\n${frontmatterYaml(frontmatter)}---\n\n${body}`,
    todos,
    warnings,
  };
}
