import { DateTime } from 'luxon';
import { Document, isScalar, Scalar, visit } from 'yaml';
import { isValidDate, isValidZone } from './datetime.ts';
import { normaliseText } from './frontmatter.ts';
import {
  findDate,
  findDeclaredZone,
  findWindow,
  parseTimeline,
  plainText,
  splitDocuments,
  splitSections,
  type ClockTime,
  type RawEntry,
  type Section,
} from './import-text.ts';
import { repairMojibake } from './mojibake-repair.ts';
import type { Registries } from './schema.ts';
import { makeSlug } from './slug.ts';
import { zoneFromAbbreviation } from './zone-abbreviations.ts';

/**
 * `npm run import`: an incident report exported from a wiki or a doc, as plain text or
 * Markdown, turned into a postmortem file of our format. Pure: text in, file text out.
 *
 * What the text says is carried over (title, dates, timeline, sections, corrective measures);
 * what it cannot say is written as a `TODO` marker that `npm run validate` names (todo-check.ts).
 * The result is always a draft.
 */

/** The marker for values the importer could not infer; todo-check.ts reports every one. */
export const TODO = 'TODO';

export interface ImportOptions {
  /** Zone for times written without one when the text names none, and for the output. */
  timezone?: string;
  /** The site's default zone, used when neither the text nor `timezone` names one. */
  defaultTimezone: string;
  /** The content folder's registries: services and root causes are matched against the text. */
  registries?: Registries;
  /** Which postmortem to import when the text holds several, 1-based. */
  pick?: number;
  title?: string;
  severity?: string;
  services?: string[];
  rootCauses?: string[];
  /** Start date (YYYY-MM-DD) when the text has none. */
  date?: string;
}

export interface ImportedPostmortem {
  /** Slug for the new file (start date + title). */
  slug: string;
  /** The whole .mdx file. */
  text: string;
  frontmatter: Record<string, unknown>;
  body: string;
  /** Things the author should check: guesses, assumptions, other postmortems in the file. */
  warnings: string[];
  /** Frontmatter fields left as TODO. */
  todos: string[];
  /** Titles of every postmortem found in the text, in order. */
  documents: string[];
  /** The one imported, 1-based. */
  picked: number;
}

/** Input the importer cannot work with; the message says what to do. */
export class ImportError extends Error {
  readonly hint?: string;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'ImportError';
    this.hint = hint;
  }
}

// ---------------------------------------------------------------------------------------------
// Titles and text

const GENERIC_TITLE = /^(?:event|incident|outage|title|untitled|tbd|report|summary|issue)?$/i;
const POSTMORTEM_PREFIX = /^(?:post\s*-?\s*mo[a-z]*|incident(?:\s+report)?|rca|outage)(?:\s*(?:report|review))?\s*[:\-–—]?\s*/i;

/** A heading as a title, or undefined when it is only a label ("Postmortem: EVENT"). */
export function cleanTitle(heading: string): string | undefined {
  const text = plainText(heading).replace(POSTMORTEM_PREFIX, '').trim();
  return GENERIC_TITLE.test(text) || /^post\s*-?\s*mo[a-z]*$/i.test(text) ? undefined : text.slice(0, 160);
}

const sentences = (text: string) => text.match(/[^.!?]+(?:[.!?]+|$)/g)?.map((s) => s.trim()).filter(Boolean) ?? [];

/** Paragraphs of plain text from Markdown lines. */
function paragraphs(lines: readonly string[]): string[] {
  const out: string[] = [];
  let current: string[] = [];
  for (const line of [...lines, '']) {
    if (line.trim()) current.push(plainText(line));
    else if (current.length) {
      out.push(current.join(' ').replace(/\s+/g, ' ').trim());
      current = [];
    }
  }
  return out;
}

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

/**
 * Markdown that MDX would read as code: `{` starts an expression and `<` a tag. Escaped outside
 * code, so imported prose stays prose (and passes the MDX safety rule). Autolinks (`<https://…>`),
 * which MDX does not support, become bare URLs, which GFM links all the same.
 */
export function escapeForMdx(lines: readonly string[]): string[] {
  let fenced = false;
  return lines.map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return line;
    }
    if (fenced) return line;
    return line
      .split(/(`[^`]*`)/)
      .map((part, i) => (i % 2 ? part : part.replace(/([{}])/g, '\\$1').replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1').replace(/<(?=[A-Za-z/!])/g, '\\<')))
      .join('');
  });
}

/** "ROOT CAUSE" -> "Root cause"; headings in mixed case stay as written. */
function sentenceCase(heading: string): string {
  return heading === heading.toUpperCase() && /[A-Z]{2}/.test(heading) ? heading.charAt(0) + heading.slice(1).toLowerCase() : heading;
}

function tidy(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const trimmed = line.replace(/\s+$/, '');
    if (!trimmed && (!out.length || !out.at(-1))) continue;
    out.push(trimmed);
  }
  while (out.length && !out.at(-1)) out.pop();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Action items

const ACTION_STARTERS = /^(?:by|to|these|this|the|we|our|in|overall|as|with|going|following|below|here|it|they)\b/i;

export function actionType(title: string): 'prevent' | 'mitigate' | 'detect' | 'process' {
  const t = title.toLowerCase();
  if (/monitor|alert|detect|observab|dashboard|logging|metric/.test(t)) return 'detect';
  if (/upgrade|patch|\bfix|test|canary|validat|guard|limit|prevent|replace|remove|migrat/.test(t)) return 'prevent';
  if (/rollback|roll back|failover|scale|circuit breaker|fallback|retry|degrad/.test(t)) return 'mitigate';
  return 'process';
}

function actionStatus(text: string): 'open' | 'in-progress' | 'done' | 'wont-do' {
  const t = text.toLowerCase();
  if (/done|closed|complete|fixed|resolved|✅|\[x\]/.test(t)) return 'done';
  if (/progress|doing|started|ongoing/.test(t)) return 'in-progress';
  if (/won'?t|wont|dropped|rejected|cancel/.test(t)) return 'wont-do';
  return 'open';
}

export interface ImportedAction {
  title: string;
  owner: string;
  status: 'open' | 'in-progress' | 'done' | 'wont-do';
  type: 'prevent' | 'mitigate' | 'detect' | 'process';
  due?: string;
}

/** Action items from a section: a table (Action | Owner | Status | Due), a list, or one item per line. */
export function extractActions(lines: readonly string[]): { items: ImportedAction[]; prose: string[] } {
  const items: ImportedAction[] = [];
  const prose: string[] = [];
  const item = (title: string, extra: Partial<ImportedAction> = {}) => {
    const clean = plainText(title).replace(/^\[[ xX]\]\s*/, '').replace(/[.;]\s*$/, '').trim();
    if (clean) items.push({ title: clean, owner: extra.owner || `${TODO}: owner`, status: extra.status ?? actionStatus(/^\s*[-*+]\s+\[[xX]\]/.test(title) ? 'done' : 'open'), type: actionType(clean), ...(extra.due ? { due: extra.due } : {}) });
  };
  const tableRows = lines.filter((l) => l.trim().startsWith('|'));
  if (tableRows.length >= 2) {
    const cells = (row: string) => row.trim().replace(/^\||\|$/g, '').split('|').map((c) => plainText(c.trim()));
    const header = cells(tableRows[0]!).map((c) => c.toLowerCase());
    const col = (re: RegExp) => header.findIndex((h) => re.test(h));
    const titleCol = Math.max(0, col(/action|item|task|what|description|measure/));
    const ownerCol = col(/owner|assignee|who|responsible/);
    const statusCol = col(/status|state|done/);
    const dueCol = col(/due|deadline|by when|date/);
    for (const row of tableRows.slice(1)) {
      const c = cells(row);
      if (c.every((x) => /^:?-*:?$/.test(x))) continue;
      const due = dueCol >= 0 ? c[dueCol] : undefined;
      item(c[titleCol] ?? '', {
        owner: ownerCol >= 0 ? c[ownerCol] : undefined,
        status: statusCol >= 0 ? actionStatus(c[statusCol] ?? '') : undefined,
        due: due && isValidDate(due) ? due : undefined,
      });
    }
    prose.push(...lines.filter((l) => !l.trim().startsWith('|')));
    return { items, prose };
  }
  const listed = lines.filter((l) => /^\s*(?:[-*+]|\d+[.)])\s+/.test(l));
  if (listed.length) {
    for (const line of lines) {
      if (/^\s*(?:[-*+]|\d+[.)])\s+/.test(line)) item(line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, ''));
      else if (/^\s{2,}\S/.test(line) && items.length) items.at(-1)!.title += ` ${plainText(line.trim())}`;
      else prose.push(line);
    }
    return { items, prose };
  }
  // Plain text: one measure per line; an introduction ("...will be implemented:") and a closing
  // sentence ("By taking these measures...") are prose.
  for (const line of lines) {
    const t = line.trim();
    if (!t) prose.push(line);
    else if (t.endsWith(':') || ACTION_STARTERS.test(t) || t.split(/\s+/).length < 3) prose.push(line);
    else item(t);
  }
  return { items, prose };
}

// ---------------------------------------------------------------------------------------------
// Timeline

type Kind = 'trigger' | 'detected' | 'escalated' | 'mitigated' | 'resolved';

function kindOf(event: string, index: number): Kind | undefined {
  const e = event.toLowerCase();
  if (/\bescalat/.test(e)) return 'escalated';
  const negated = /\b(not|n't|never|failed to|without)\b[^.]{0,30}\b(resolv|restor|recover|fix)/.test(e);
  if (!negated && /\b(restored|recovered|resolved|back to normal|fully operational|all clear)\b/.test(e)) return 'resolved';
  if (!negated && /mitigat|temporary fix|workaround|stabili[sz]ed/.test(e)) return 'mitigated';
  if (/detect|alert|paged|noticed|reported by|monitoring/.test(e)) return 'detected';
  if (index === 0 && /deploy|pushed|rolled out|config change|released|migration|rotated|changed|upgraded/.test(e)) return 'trigger';
  return undefined;
}

interface Placed {
  entry: RawEntry;
  at: DateTime;
  kind?: Kind;
}

// ---------------------------------------------------------------------------------------------
// Registries

function mentioned(text: string, entries: readonly { id: string; name: string }[]): { id: string; phrase: string }[] {
  const lower = ` ${text.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  const found: { id: string; phrase: string }[] = [];
  for (const entry of entries) {
    const phrases = [entry.name, entry.id.replace(/-/g, ' ')].map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()).filter((p) => p.length >= 3);
    const phrase = phrases.find((p) => lower.includes(` ${p} `));
    if (phrase) found.push({ id: entry.id, phrase });
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// YAML

/** YAML for the frontmatter: times and datetimes quoted, so no YAML reader can turn them into numbers or dates. */
export function frontmatterYaml(data: Record<string, unknown>): string {
  const doc = new Document(data);
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && /^\d{1,2}:\d{2}$|^\d{4}-\d{2}-\d{2}T/.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

// ---------------------------------------------------------------------------------------------
// The import

function resolveZoneOption(zone: string): string {
  if (isValidZone(zone)) return zone;
  const abbreviation = zoneFromAbbreviation(zone);
  if (abbreviation) return abbreviation.zone;
  throw new ImportError(`"${zone}" is not a time zone`, 'pass an IANA name such as Africa/Nairobi, Europe/Berlin or UTC');
}

/** Abbreviations with more than one common reading (IST: India, Ireland, Israel). */
const AMBIGUOUS_ABBREVIATIONS = new Set(['IST', 'CST', 'CDT', 'BST', 'GST', 'AST']);

const CAUSE_KINDS = new Set(['cause', 'cause+resolution']);
const RESOLUTION_KINDS = new Set(['resolution', 'cause+resolution']);

/** Turns the text of an exported incident report into a postmortem file (always a draft). */
export function importPostmortem(source: string, options: ImportOptions): ImportedPostmortem {
  const warnings: string[] = [];
  const text = repairMojibake(normaliseText(source)).replace(/\u00a0/g, ' ').replace(/^---\n[\s\S]*?\n---\n/, '').replace(/<!--[\s\S]*?-->/g, '');
  if (!text.trim()) throw new ImportError('the file is empty', 'export the postmortem as plain text or Markdown and try again');

  const documents = splitDocuments(splitSections(text));
  const titleOf = (doc: Section[]) => doc.map((s) => (s.kind === 'title' && s.heading ? cleanTitle(s.heading) : undefined)).find(Boolean) ?? doc.find((s) => s.heading)?.heading ?? '(untitled)';
  const documentTitles = documents.map(titleOf);
  const picked = options.pick ?? 1;
  if (!Number.isInteger(picked) || picked < 1 || picked > documents.length) {
    throw new ImportError(`there is no postmortem number ${options.pick} in the file: it holds ${documents.length}`, `pick one from 1 to ${documents.length}`);
  }
  if (documents.length > 1) {
    warnings.push(`the file holds ${documents.length} postmortems (${documentTitles.map((t, i) => `${i + 1}: "${t}"`).join(', ')}); imported number ${picked}: pass --pick N for another`);
  }
  const doc = documents[picked - 1]!;
  const docText = doc.map((s) => [s.heading ?? '', ...s.lines].join('\n')).join('\n');

  // Which text says what.
  const introSections = doc.filter((s) => s.kind === 'preamble' || s.kind === 'title' || s.kind === 'summary');
  const introParagraphs = introSections.flatMap((s) => paragraphs(s.lines));
  const timelineSections = doc.filter((s) => s.kind === 'timeline');
  const timelineSource = timelineSections.length ? timelineSections : doc;
  const parsedTimelines = timelineSource.map((s) => parseTimeline(s.lines));
  const rawEntries = parsedTimelines.flatMap((p) => p.entries);
  const window = findWindow(introParagraphs.join('\n') || docText);

  // Zone: the option, a sentence that names one, or the one most times carry.
  const writtenZones = [...rawEntries.map((e) => e.zone), window?.from.zone].filter((z): z is string => !!z);
  const counts = new Map<string, number>();
  for (const z of writtenZones) counts.set(z, (counts.get(z) ?? 0) + 1);
  const commonZone = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const declared = findDeclaredZone(docText) ?? commonZone;
  let zone: string;
  if (options.timezone) zone = resolveZoneOption(options.timezone);
  else if (declared && zoneFromAbbreviation(declared)) zone = zoneFromAbbreviation(declared)!.zone;
  else {
    zone = options.defaultTimezone;
    if (rawEntries.length || window) warnings.push(`the text names no time zone: times were read as ${zone}; pass --timezone to choose another`);
  }
  if (declared && AMBIGUOUS_ABBREVIATIONS.has(declared) && !options.timezone) {
    warnings.push(`times written in ${declared} were read in ${zone}: check it is the zone you meant`);
  }

  // Date.
  const date = options.date ?? findDate(docText) ?? rawEntries.find((e) => e.date)?.date;
  if (!date || !isValidDate(date)) {
    throw new ImportError('the text names no date for the incident', 'pass --date YYYY-MM-DD (the day it started, in its time zone)');
  }

  const warnedAbbreviations = new Set<string>();
  const place = (day: string, clock: ClockTime): DateTime => {
    const abbreviation = clock.zone ? zoneFromAbbreviation(clock.zone) : undefined;
    const at = DateTime.fromISO(`${day}T${String(clock.hour).padStart(2, '0')}:${String(clock.minute).padStart(2, '0')}`, { zone: abbreviation?.zone ?? zone });
    if (abbreviation && at.offset !== abbreviation.offset && !warnedAbbreviations.has(clock.zone!)) {
      warnedAbbreviations.add(clock.zone!);
      warnings.push(`${clock.zone} means UTC${abbreviation.offset >= 0 ? '+' : '-'}${Math.abs(abbreviation.offset / 60)}, but ${abbreviation.zone} was on UTC${at.toFormat('ZZ')} that day: times were read as local time there`);
    }
    return at.setZone(zone);
  };

  // Timeline: each entry on the day of the one before, the next day when the clock goes back.
  const placed: Placed[] = [];
  let day = date;
  for (const entry of rawEntries) {
    let at = place(entry.date ?? day, entry);
    const previous = placed.at(-1)?.at;
    if (!entry.date && previous && at < previous) {
      day = DateTime.fromISO(day).plus({ days: 1 }).toISODate()!;
      at = place(day, entry);
    }
    if (entry.date) day = entry.date;
    if (previous && at < previous) warnings.push(`timeline entry "${entry.event.slice(0, 40)}" is earlier than the one before it: check its date`);
    placed.push({ entry, at });
  }
  placed.forEach((p, index) => (p.kind = kindOf(p.entry.event, index)));
  // One detected and one mitigated (the first), one resolved (the last).
  for (const kind of ['detected', 'mitigated'] as const) {
    placed.filter((p) => p.kind === kind).slice(1).forEach((p) => (p.kind = undefined));
  }
  placed.filter((p) => p.kind === 'resolved').slice(0, -1).forEach((p) => (p.kind = undefined));

  const windowFrom = window ? place(date, window.from) : undefined;
  let windowTo = window ? place(date, window.to) : undefined;
  if (windowFrom && windowTo && windowTo < windowFrom) windowTo = windowTo.plus({ days: 1 });
  const candidatesStart = [windowFrom, placed[0]?.at].filter((d): d is DateTime => !!d);
  let started = candidatesStart.length ? DateTime.min(...candidatesStart)! : undefined;
  if (!started) {
    started = DateTime.fromISO(`${date}T00:00`, { zone });
    warnings.push('the text gives no start time: `started` is midnight; correct it');
  }
  const iso = (d: DateTime) => d.toISO({ suppressMilliseconds: true, includeOffset: true })!;
  const startDay = started.toISODate();
  const times: Record<string, DateTime | undefined> = {
    detected: placed.find((p) => p.kind === 'detected')?.at,
    mitigated: placed.find((p) => p.kind === 'mitigated')?.at,
    resolved: windowTo ?? placed.find((p) => p.kind === 'resolved')?.at,
  };
  let last: DateTime = started;
  for (const key of ['detected', 'mitigated', 'resolved']) {
    const value = times[key];
    if (value && value < last) times[key] = undefined;
    else if (value) last = value;
  }

  // Registries.
  const severityIds = options.registries?.severities.map((s) => s.id);
  let severity = options.severity;
  if (!severity) {
    const written = /\b(?:SEV|severity|P)\s*[-:]?\s*([0-4])\b/i.exec(docText);
    const candidate = written ? `SEV${written[1]}` : undefined;
    if (candidate && (!severityIds || severityIds.includes(candidate))) {
      severity = candidate;
      warnings.push(`severity ${candidate} was read from the text ("${written![0]}"): check it`);
    }
  }
  const pickIds = (given: string[] | undefined, list: { id: string; name: string }[] | undefined, where: string, label: string): string[] => {
    if (given?.length) return given;
    const found = list ? mentioned(where, list) : [];
    if (found.length) {
      warnings.push(`${label} guessed from the text: ${found.map((f) => `${f.id} ("${f.phrase}")`).join(', ')}: check them`);
      return found.map((f) => f.id);
    }
    return [TODO];
  };
  const causeText = [introParagraphs.join(' '), ...doc.filter((s) => CAUSE_KINDS.has(s.kind)).flatMap((s) => s.lines)].join('\n');
  const services = pickIds(options.services, options.registries?.services, docText, 'services');
  const rootCauses = pickIds(options.rootCauses, options.registries?.rootCauses, causeText, 'root causes');

  // Title, summary, impact.
  const title = options.title ?? doc.map((s) => (s.heading && (s.kind === 'title' || s.kind === 'preamble') ? cleanTitle(s.heading) : undefined)).find(Boolean);
  // Prose, not a "Status: final · Severity: SEV2" line or a lead-in ending in a colon.
  const prose = (p: string) => p.split(/\s+/).length >= 6 && !/:$/.test(p) && !/^[A-Za-z]+(?: [A-Za-z]+){0,2}:\s/.test(p);
  const summarySections = doc.filter((s) => s.kind === 'summary').flatMap((s) => paragraphs(s.lines)).filter(prose);
  const summaryParagraph = summarySections[0] ?? introParagraphs.find(prose);
  const summary = summaryParagraph ? clip(summaryParagraph, 500) : `${TODO}: two or three plain sentences: what broke, for whom, for how long`;
  const impactSection = doc.find((s) => s.kind === 'impact');
  const impactText = [...(impactSection ? paragraphs(impactSection.lines) : []), ...introParagraphs.filter(prose)].join(' ');
  const impactSentence = sentences(impactText).find((s) => /\b(users|customers|clients|requests|traffic|affect|impact)/i.test(s));
  const percent = /(\d{1,3}(?:\.\d+)?)\s*%\s+of\s+(?:our\s+|all\s+|the\s+)?(?:users|customers|clients|requests|traffic)/i.exec(impactText);
  const impact: Record<string, unknown> = { description: impactSentence ?? `${TODO}: who was affected, how, and for how long` };
  if (percent && Number(percent[1]) <= 100) impact.usersAffected = Number(percent[1]);

  const authorsLine = /\bauthors?\s*:\s*([^·|\n]+)/i.exec(docText);
  const authors = authorsLine ? plainText(authorsLine[1]!).split(/,|\band\b/).map((a) => a.trim()).filter(Boolean) : [];

  // Body.
  const actionSections = doc.filter((s) => s.kind === 'actions');
  const actions = actionSections.map((s) => extractActions(s.lines));
  const actionItems = actions.flatMap((a) => a.items);
  const body: string[] = [];
  const section = (heading: string, lines: readonly string[]) => {
    const content = tidy(escapeForMdx(lines));
    if (content.length) body.push(`## ${sentenceCase(heading)}`, '', ...content, '');
  };
  const intro = introSections.flatMap((s) => [...s.lines, '']);
  section('Summary', intro);
  for (const s of doc) {
    if (s.kind === 'impact') section(s.heading ?? 'Impact', s.lines);
    else if (s.kind === 'timeline') {
      const rest = parseTimeline(s.lines).rest;
      if (rest.some((l) => l.trim())) section('Timeline notes', rest);
    } else if (s.kind === 'actions') {
      const prose = extractActions(s.lines).prose;
      if (prose.some((l) => l.trim())) section(s.heading ?? 'Corrective measures', [...prose, '', 'The measures are listed as action items in the frontmatter.']);
    } else if (s.kind !== 'preamble' && s.kind !== 'title' && s.kind !== 'summary') section(s.heading ?? 'Notes', s.lines);
  }
  const kinds = new Set(doc.map((s) => s.kind));
  if (![...kinds].some((k) => CAUSE_KINDS.has(k))) body.push('## Root cause', '', `${TODO}: why it happened, beyond the trigger: the conditions that let it happen.`, '');
  if (![...kinds].some((k) => RESOLUTION_KINDS.has(k))) body.push('## Resolution', '', `${TODO}: what stopped the impact and what restored service.`, '');
  if (!kinds.has('lessons')) body.push('## Lessons learned', '', `${TODO}: what went well, what went badly, and where we got lucky.`, '');

  const frontmatter: Record<string, unknown> = {
    title: title ?? `${TODO}: one line that says what broke`,
    summary,
    status: 'draft',
    severity: severity ?? TODO,
    started: iso(started),
    ...(times.detected ? { detected: iso(times.detected) } : {}),
    ...(times.mitigated ? { mitigated: iso(times.mitigated) } : {}),
    ...(times.resolved ? { resolved: iso(times.resolved) } : {}),
    timezone: zone,
    services,
    rootCauses,
    impact,
    ...(placed.length
      ? {
          timeline: placed.map((p) => ({
            at: p.at.toISODate() === startDay ? p.at.toFormat('HH:mm') : iso(p.at),
            event: p.entry.event,
            ...(p.kind ? { kind: p.kind } : {}),
          })),
        }
      : {}),
    ...(authors.length ? { authors } : {}),
    ...(actionItems.length ? { actionItems } : {}),
  };
  if (!placed.length) warnings.push('no timeline lines were found (lines that start with a time, like "9:30 AM EAT - ..."): add the timeline by hand');
  const todos = Object.entries(frontmatter).flatMap(([key, value]) => (JSON.stringify(value).includes(TODO) ? [key] : []));

  const slugName = title ?? ([...services, ...rootCauses].filter((id) => id !== TODO).slice(0, 2).join(' ') || 'incident');
  const bodyText = body.join('\n').replace(/\n{3,}/g, '\n\n');
  return {
    slug: makeSlug(startDay!, slugName),
    text: `---\n${frontmatterYaml(frontmatter)}---\n\n${bodyText}`,
    frontmatter,
    body: bodyText,
    warnings,
    todos,
    documents: documentTitles,
    picked,
  };
}
