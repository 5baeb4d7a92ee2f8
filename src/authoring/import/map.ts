import type { DateTime } from 'luxon';
import type { ListItem, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { isValidDate, isValidZone } from '../../lib/datetime.ts';
import type { Registries } from '../../lib/schema.ts';
import { kebab, makeSlug } from '../../lib/slug.ts';
import { frontmatterYaml } from '../frontmatter-yaml.ts';
import { actionType, findActions, type FoundAction } from './actions.ts';
import { bodyMarkdown, bodyTree, TODO, type BodySection } from './body.ts';
import { findDate, findDeclaredZone, zoneFromText } from './clock.ts';
import { ImportError } from './import-error.ts';
import type { Parts, Section } from './parts.ts';
import type { ReadDocument } from './read.ts';
import { findSeverityPhrase, severityId } from './severity.ts';
import { findTimeline } from './timeline.ts';
import { chooseZone, findMoments, placeEntries } from './times.ts';

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

const sentences = (text: string) => text.match(/[^.!?]+(?:[.!?]+|$)/g)?.map((s) => s.trim()).filter(Boolean) ?? [];

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
  nodes.flatMap((n) => (n.type === 'list' ? plain(n.children) : [toString(n, { includeHtml: false }).replace(/\s+/g, ' ').trim()])).filter(Boolean);
/** Prose, not a "Status: final" line or a lead-in ending in a colon. */
const isProse = (p: string) => p.split(/\s+/).length >= 6 && !/:$/.test(p) && !/^[A-Za-z]+(?: [A-Za-z]+){0,2}:\s/.test(p);

/** Registry entries a text mentions by name or id. */
function mentioned(text: string, entries: readonly { id: string; name: string }[]): { id: string; phrase: string }[] {
  const lower = ` ${text.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  return entries.flatMap((entry) => {
    const phrases = [entry.name, entry.id.replace(/-/g, ' ')].map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()).filter((p) => p.length >= 3);
    const phrase = phrases.find((p) => lower.includes(` ${p} `));
    return phrase ? [{ id: entry.id, phrase }] : [];
  });
}

const listOf = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : value ? value.split(/\s*,\s*|\s+and\s+/) : []).map((v) => v.trim()).filter(Boolean);
const one = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

function resolveZoneOption(zone: string): string {
  if (isValidZone(zone)) return zone;
  const named = zoneFromText(zone.toUpperCase());
  if (named) return named.zone;
  throw new ImportError(`"${zone}" is not a time zone`, 'pass an IANA name such as Africa/Nairobi, Europe/Berlin or UTC');
}

const iso = (d: DateTime) => d.toISO({ suppressMilliseconds: true, includeOffset: true })!;
const ofKind = (sections: readonly Section[], ...kinds: Section['kind'][]) => sections.filter((s) => kinds.includes(s.kind));

/** Maps one postmortem's parts to a file of our format. */
export function mapToFormat(parts: Parts, doc: Pick<ReadDocument, 'source' | 'url'>, options: MapOptions): Mapped {
  const warnings: string[] = [];
  const { metadata, sections } = parts;
  const intro = ofKind(sections, 'preamble', 'title', 'summary');
  const introText = plain(intro.flatMap((s) => s.nodes)).join('\n');

  // Date and zone.
  const timelineSections = ofKind(sections, 'timeline');
  const timeline = findTimeline(timelineSections.length ? timelineSections : sections);
  const date = options.date ?? findDate(one(metadata.date) ?? '') ?? findDate(one(metadata.started) ?? '') ?? findDate(parts.text) ?? timeline.entries.find((e) => e.date)?.date;
  if (!date || !isValidDate(date)) throw new ImportError('the text names no date for the incident', 'pass --date YYYY-MM-DD (the day it started, in its time zone)');
  const declared = timeline.declaredZone ?? (one(metadata.timezone) ? one(metadata.timezone)!.trim() : undefined) ?? findDeclaredZone(parts.text);
  const zone = chooseZone({ option: options.timezone ? resolveZoneOption(options.timezone) : undefined, declared, written: timeline.entries.map((e) => e.zone), defaultZone: options.defaultTimezone }, warnings);
  const placed = placeEntries(timeline.entries, date, zone, warnings);
  const moments = findMoments({ placed, windowText: introText || parts.text, date, zone, metadata: { started: one(metadata.started), detected: one(metadata.detected), mitigated: one(metadata.mitigated), resolved: one(metadata.resolved) } });
  let started = moments.started;
  if (!started) {
    started = placeEntries([{ hour: 0, minute: 0, event: '-' }], date, zone, []).at(0)!.at;
    warnings.push('the text gives no start time: `started` is midnight; correct it');
  }
  if (!placed.length) warnings.push('no timeline entries were found (lines, list items or table rows that start with a time, like "9:30 AM EAT - …"): add the timeline by hand');
  const startDay = started.toISODate()!;

  // Severity, services, root causes.
  const severities = options.registries?.severities ?? [];
  let severity = options.severity;
  if (!severity) {
    const written = one(metadata.severity) ?? findSeverityPhrase(parts.title ?? '') ?? findSeverityPhrase(parts.text);
    severity = written ? severityId(written, severities) : undefined;
    if (written && severity) warnings.push(`severity ${severity} was read from "${written}": check it`);
    if (written && !severity) warnings.push(`the severity "${written}" matches none of severities.yaml: choose one`);
  }
  const pickIds = (given: string[] | undefined, list: { id: string; name: string }[] | undefined, where: string, label: string): string[] => {
    if (given?.length) return given;
    const found = list ? mentioned(where, list) : [];
    if (!found.length) return [TODO];
    warnings.push(`${label} guessed from the text: ${found.map((f) => `${f.id} ("${f.phrase}")`).join(', ')}: check them`);
    return found.map((f) => f.id);
  };
  const causeText = [introText, ...plain(ofKind(sections, 'cause', 'cause+resolution').flatMap((s) => s.nodes))].join('\n');
  const serviceHints = listOf(metadata.services).join(', ');
  const services = pickIds(options.services, options.registries?.services, serviceHints || parts.text, 'services');
  if (serviceHints && services[0] === TODO) warnings.push(`the document names "${serviceHints}", which matches no service in services.yaml`);
  const rootCauses = pickIds(options.rootCauses, options.registries?.rootCauses, causeText, 'root causes');

  // Title, summary, impact, authors, tags.
  const title = options.title ?? parts.title;
  const summarySection = ofKind(sections, 'summary').flatMap((s) => plain(s.nodes)).filter(isProse);
  const summaryText = one(metadata.summary) ?? summarySection[0] ?? plain(intro.flatMap((s) => s.nodes)).find(isProse);
  const impactSections = ofKind(sections, 'impact');
  const impactText = [...plain(impactSections.flatMap((s) => s.nodes)), ...plain(intro.flatMap((s) => s.nodes)).filter(isProse)].join(' ');
  const impactWritten = impactSections.length ? clip(plain(impactSections.flatMap((s) => s.nodes)).join('; ').replace(/([.!?]);/g, '$1'), 500) : sentences(impactText).find((s) => /\b(users|customers|clients|requests|traffic|affect|impact)/i.test(s));
  const percent = /(\d{1,3}(?:\.\d+)?)\s*%\s+of\s+(?:our\s+|all\s+|the\s+)?(?:users|customers|clients|requests|traffic)/i.exec(impactText);
  const impact: Record<string, unknown> = { description: impactWritten || `${TODO}: who was affected, how, and for how long` };
  if (percent && Number(percent[1]) <= 100) impact.usersAffected = Number(percent[1]);
  const authors = listOf(metadata.authors);
  const tags = [...new Set(listOf(metadata.tags).map((t) => kebab(t)).filter(Boolean))];

  // Action items.
  const actionSections = ofKind(sections, 'actions');
  const actions = actionSections.map((s) => findActions(s.nodes, date));
  const actionItems = actions.flatMap((a) => a.items).map((item: FoundAction) => ({
    title: item.title,
    owner: item.owner ?? `${TODO}: owner`,
    status: item.status ?? 'open',
    type: actionType(item.title),
    ...(item.due ? { due: item.due } : {}),
    ...(item.link ? { link: item.link } : {}),
  }));

  // Body.
  const bodySections: BodySection[] = sections.flatMap((s): BodySection[] => {
    if (['preamble', 'title', 'summary'].includes(s.kind)) return [];
    if (s.kind === 'timeline') return [{ ...s, heading: 'Timeline notes', kind: 'other', nodes: findTimeline([s]).rest }];
    if (s.kind === 'actions') {
      const rest = actions[actionSections.indexOf(s)]!.rest;
      const note: RootContent = { type: 'paragraph', children: [{ type: 'text', value: 'The action items are listed in the frontmatter.' }] };
      return [{ ...s, nodes: rest.length ? [...rest, note] : [] }];
    }
    return [s];
  });
  const body = bodyMarkdown(bodyTree(intro.flatMap((s) => s.nodes), bodySections));

  const written = one(metadata.url);
  const url = doc.url ?? (written && /^https?:\/\//i.test(written) ? written : undefined);
  const imported = { from: doc.source ?? options.fileName, ...(url ? { url } : {}), date: options.today };
  const frontmatter: Record<string, unknown> = {
    title: title ?? `${TODO}: one line that says what broke`,
    summary: summaryText ? clip(summaryText, 500) : `${TODO}: two or three plain sentences: what broke, for whom, for how long`,
    status: 'draft',
    severity: severity ?? TODO,
    started: iso(started),
    ...(moments.detected ? { detected: iso(moments.detected) } : {}),
    ...(moments.mitigated ? { mitigated: iso(moments.mitigated) } : {}),
    ...(moments.resolved ? { resolved: iso(moments.resolved) } : {}),
    timezone: zone,
    services,
    rootCauses,
    impact,
    ...(placed.length ? { timeline: placed.map((p) => ({ at: p.at.toISODate() === startDay ? p.at.toFormat('HH:mm') : iso(p.at), event: p.event, ...(p.kind ? { kind: p.kind } : {}) })) } : {}),
    ...(authors.length ? { authors } : {}),
    ...(tags.length ? { tags } : {}),
    ...(actionItems.length ? { actionItems } : {}),
    imported,
  };
  const todos = [
    ...Object.entries(frontmatter).flatMap(([key, value]) => (JSON.stringify(value).includes(TODO) ? [key] : [])),
    ...[...body.matchAll(/^## (.+)\n\nTODO:/gm)].map((m) => m[1]!),
  ];
  const slugName = title ?? ([...services, ...rootCauses].filter((id) => id !== TODO).slice(0, 2).join(' ') || 'incident');
  return { slug: makeSlug(startDay, slugName), frontmatter, body, text: `---\n${frontmatterYaml(frontmatter)}---\n\n${body}`, todos, warnings };
}
