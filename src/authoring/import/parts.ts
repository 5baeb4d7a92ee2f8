import type { Heading, Paragraph, PhrasingContent, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Metadata, ReadDocument } from './read.ts';

/**
 * Stage 2 of `npm run import`: the parts of a document. Its sections (by Markdown heading, or by
 * a short line that names a section, as plain-text reports write them), what each section is
 * about, its title and its metadata lines ("Severity: SEV1 · Authors: Amina"). A file may hold
 * several postmortems; each is one `Parts`. timeline.ts and actions.ts read inside the sections.
 */

export type SectionKind =
  'preamble' | 'title' | 'summary' | 'impact' | 'timeline' | 'cause' | 'resolution' | 'cause+resolution' | 'actions' | 'lessons' | 'other';

/** A section of a document: its heading, what it is about, and its content. */
export interface Section {
  /** Heading text as written; undefined for the text before the first heading. */
  heading?: string;
  depth: number;
  kind: SectionKind;
  /** The section's content, up to the next section heading (sub-headings included). */
  nodes: RootContent[];
}

/** One postmortem found in a document. */
export interface Parts {
  /** The title as the document gives it, cleaned of "Postmortem:" labels; undefined when it gives none. */
  title?: string;
  /** Metadata from the file's frontmatter and its "Key: value" lines, keys in canonical form (see `metaKey`). */
  metadata: Metadata;
  sections: Section[];
  /** The whole postmortem as plain text, for searches that span sections (dates, zones, severities). */
  text: string;
}

const POSTMORTEM_WORD = /\bpost\s*-?\s*mo[a-z]*\b|\bincident\b|\boutage\b|\brca\b/i;

/** What a heading is about, from its words. */
export function sectionKind(heading: string): SectionKind {
  const h = heading.toLowerCase();
  if (
    /corrective|preventa?tive|action items?|follow[- ]?ups?|next steps|remediation|to-?dos?\b|tasks|^improv|going forward|prevent(?:ing)? (?:a )?recurrence|what we are (?:doing|changing)/.test(
      h,
    )
  )
    return 'actions';
  if (/time\s?line|chronology|sequence of events/.test(h)) return 'timeline';
  if (/lesson|learn|what went (well|wrong|badly)|where we got lucky|takeaway/.test(h)) return 'lessons';
  const cause = /cause|why it happened|contributing factor|^fault\b|five whys|5 whys/.test(h);
  const resolution = /resolution|recovery|\bfix|mitigation|how (we|it was) (fixed|resolved)/.test(h);
  if (cause && resolution) return 'cause+resolution';
  if (cause) return 'cause';
  if (resolution) return 'resolution';
  if (/impact/.test(h)) return 'impact';
  if (/summary|overview|description|background|what happened|tl;?dr/.test(h)) return 'summary';
  if (POSTMORTEM_WORD.test(h)) return 'title';
  return 'other';
}

/** Headings of other sections that plain-text reports write on a line of their own (Atlassian's template among them). */
const KNOWN_OTHER =
  /^(?:detection|response|trigger|escalation|background|context|communications?|customer communication|appendix|glossary|references|supporting information|participants|attendees|notes)$/i;

/** Words of section names, and the small words between them: a heading made of these names a section, not the incident. */
const SECTION_WORDS = new Set(
  (
    'summary overview description detailed executive background impact customer customers user users business timeline chronology sequence ' +
    'events root cause causes analysis contributing factors factor why it happened resolution recovery fix fixes mitigation remediation ' +
    'prevention preventive preventative corrective action actions items item follow up ups followups next steps lessons lesson learned ' +
    'learnings what went well wrong badly where we got lucky takeaways tasks todo detection response fault five whys and of the & / a ' +
    'incident postmortem post mortem report review'
  ).split(' '),
);

/** A heading that names a section ("Root Cause Analysis", "Timeline (all times CET)"), not an incident ("DNS resolution failures"). */
export function isSectionName(heading: string): boolean {
  const words = heading
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .split(/[^a-z&/]+/)
    .filter(Boolean);
  return words.filter((w) => !SECTION_WORDS.has(w)).length <= 1 && sectionKind(heading) !== 'other';
}

/** Metadata keys as people write them, in canonical form; undefined for other keys. */
function metaKey(key: string): string | undefined {
  const k = key
    .toLowerCase()
    .replace(/[*_`]/g, '')
    .replace(/[\s_-]+/g, ' ')
    .trim();
  if (/^(title|subject|name)$/.test(k)) return 'title';
  if (/^(date|incident date|day|when)$/.test(k)) return 'date';
  if (/^(severity|sev|priority|impact level|level)$/.test(k)) return 'severity';
  if (/^(authors?|written by|prepared by)$/.test(k)) return 'authors';
  if (/^(start|started|start time|start ?time|begin|began|incident start|starttime)$/.test(k)) return 'started';
  if (/^(detected|detection time|detected at)$/.test(k)) return 'detected';
  if (/^(mitigated|mitigated at)$/.test(k)) return 'mitigated';
  if (/^(end|ended|end time|endtime|resolved|resolved at|incident end)$/.test(k)) return 'resolved';
  if (/^(services?|affected services?|services? affected|components?|systems?|products?|company)$/.test(k)) return 'services';
  if (/^(tags|labels|keywords|categories|category)$/.test(k)) return 'tags';
  if (/^(time ?zone|tz|timezone)$/.test(k)) return 'timezone';
  if (/^(url|link|permalink|source|source url|original)$/.test(k)) return 'url';
  if (/^(summary|description|excerpt|tl;?dr)$/.test(k)) return 'summary';
  if (/^(?:incident )?(?:window|period|time ?frame|time window)$/.test(k)) return 'window';
  // When the page was written or edited (Notion's Created, Confluence's Last updated): not when it happened.
  if (/^(?:created|created (?:time|at|on)|last (?:edited|modified|updated)(?: time)?|updated|published|posted)$/.test(k)) return 'posted';
  if (/^(status|state|duration|incident commander|owner)$/.test(k)) return k;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Lines: a paragraph of a plain-text report often holds a heading, metadata or several entries.

/** A paragraph's lines, each as its phrasing content (split at newlines and hard breaks). */
export function paragraphLines(paragraph: Paragraph): PhrasingContent[][] {
  const lines: PhrasingContent[][] = [[]];
  for (const child of paragraph.children) {
    if (child.type === 'break') lines.push([]);
    else if (child.type === 'text' && child.value.includes('\n')) {
      child.value.split('\n').forEach((part, i) => {
        if (i > 0) lines.push([]);
        if (part) lines.at(-1)!.push({ type: 'text', value: part });
      });
    } else lines.at(-1)!.push(child);
  }
  return lines.filter((l) => toString({ type: 'paragraph', children: l }).trim());
}

/** Lines back into one paragraph. */
export function toParagraph(lines: PhrasingContent[][]): Paragraph {
  return { type: 'paragraph', children: lines.flatMap((l, i) => (i ? [{ type: 'text', value: '\n' } as PhrasingContent, ...l] : l)) };
}

/** A line's plain text. */
export const lineText = (line: PhrasingContent[]) => toString({ type: 'paragraph', children: line }).trim();

const TIME_START = /^\[?(?:\d{4}-\d{2}-\d{2}[ T,]+)?\d{1,2}[:.]\d{2}/;

/** A line on its own that is a heading: a bold line, or a short line naming a section ("ROOT CAUSE:"). */
function plainHeading(line: PhrasingContent[]): string | undefined {
  const text = lineText(line);
  if (line.length === 1 && line[0]!.type === 'strong' && text.length <= 80) return text.replace(/:$/, '').trim();
  if (
    text.split(/\s+/).length > 8 ||
    text.length > 70 ||
    /[.,;!?]$/.test(text) ||
    /^([-*+]|\d+[.)]|\|)\s/.test(text) ||
    TIME_START.test(text)
  )
    return undefined;
  const heading = text
    .replace(/^#+\s*/, '')
    .replace(/:$/, '')
    .trim();
  if (/:./.test(heading) && !POSTMORTEM_WORD.test(heading.split(':')[0]!)) return undefined;
  return heading && (sectionKind(heading) !== 'other' || KNOWN_OTHER.test(heading)) ? heading : undefined;
}

/** Labels that start a section on the line they are written on ("Root cause: a leak in the session cache."). */
const INLINE_SECTION =
  /^(root causes?|causes?|what happened|why it happened|(?:customer |user )?impact|resolution|mitigation|recovery|lessons learned|what went (?:well|wrong)|contributing factors?|detection|trigger)\s*:\s+(\S.*)$/i;

/** A line "Label: text" whose label names a section: the label, and the text with its formatting. */
function inlineSection(line: PhrasingContent[]): { heading: string; rest: PhrasingContent[] } | undefined {
  const m = INLINE_SECTION.exec(lineText(line));
  if (!m) return undefined;
  const [first, ...others] = line;
  const heading = m[1]!.charAt(0).toUpperCase() + m[1]!.slice(1);
  // "**Root cause:** text" or "Root cause: text": the label off the front, the rest as written.
  if (first?.type === 'strong' && /^[^:]+:?\s*$/.test(toString(first))) {
    const [next, ...after] = others;
    const trimmed = next?.type === 'text' ? [{ ...next, value: next.value.replace(/^\s*:?\s*/, '') }, ...after] : others;
    return { heading, rest: trimmed };
  }
  if (first?.type === 'text' && first.value.includes(':'))
    return { heading, rest: [{ ...first, value: first.value.slice(first.value.indexOf(':') + 1).trimStart() }, ...others] };
  return { heading, rest: [{ type: 'text', value: m[2]! }] };
}

/** A document's first line as its title: short, not a sentence, not "Key: value", not a time. */
function titleLine(line: PhrasingContent[]): string | undefined {
  const text = lineText(line);
  if (text.split(/\s+/).length > 12 || text.length > 120 || /[.,;:!?]$/.test(text) || TIME_START.test(text) || metadataLine(text))
    return undefined;
  return text.replace(/^#+\s*/, '');
}

/** Top-level blocks, with plain-text headings lifted out of paragraphs into heading nodes. */
function liftHeadings(tree: Root): RootContent[] {
  const out: RootContent[] = [];
  for (const node of tree.children) {
    if (node.type !== 'paragraph') {
      out.push(node);
      continue;
    }
    const lines = paragraphLines(node);
    let i = 0;
    // A plain-text document that starts with a short line: that line is its title.
    const first = out.length === 0 && lines[0] && !plainHeading(lines[0]) ? titleLine(lines[0]) : undefined;
    if (first) {
      out.push({ type: 'heading', depth: 1, children: [{ type: 'text', value: first }] });
      i = 1;
    }
    // Headings are the first lines of a block, one after another ("#Postmoterm" / "Postmortem: EVENT").
    for (; i < lines.length; i++) {
      const heading = plainHeading(lines[i]!);
      if (!heading) break;
      out.push({ type: 'heading', depth: sectionKind(heading) === 'title' ? 1 : 2, children: [{ type: 'text', value: heading }] });
    }
    // In a timeline or action list, only a block that starts with "Root cause: …" leaves it.
    const current = out.findLast((n) => n.type === 'heading');
    const inList = current && ['actions', 'timeline'].includes(sectionKind(toString(current))) && !inlineSection(lines[i] ?? []);
    const split = inList ? undefined : splitInlineSections(lines.slice(i));
    if (split) out.push(...split);
    else if (i === 0) out.push(node);
    else if (i < lines.length) out.push(toParagraph(lines.slice(i)));
  }
  return out;
}

/** Lines as paragraphs and headings, a heading at each "Root cause: …" line; undefined when there is none. */
function splitInlineSections(lines: PhrasingContent[][]): RootContent[] | undefined {
  const out: RootContent[] = [];
  let pending: PhrasingContent[][] = [];
  for (const line of lines) {
    const found = inlineSection(line);
    if (!found) {
      pending.push(line);
      continue;
    }
    if (pending.length) out.push(toParagraph(pending));
    out.push(heading(2, found.heading));
    pending = found.rest.length ? [found.rest] : [];
  }
  if (out.length === 0) return undefined;
  if (pending.length) out.push(toParagraph(pending));
  return out;
}

function sections(blocks: RootContent[]): Section[] {
  const out: Section[] = [{ depth: 0, kind: 'preamble', nodes: [] }];
  for (const node of blocks) {
    const current = out.at(-1)!;
    if (node.type === 'heading') {
      const heading = toString(node).trim();
      let kind = sectionKind(heading);
      // The document's first heading, or a top-level one, names the document.
      const first = out.length === 1 && current.nodes.every((n) => n.type !== 'heading');
      const untitled = !out.some((s) => s.kind === 'title');
      if (kind === 'other' && (first || node.depth === 1) && untitled) kind = 'title';
      // The first heading names the incident even when a word of it names a section ("DNS resolution failures").
      if (first && untitled && node.depth === 1 && !isSectionName(heading)) kind = 'title';
      if (kind !== 'other' || current.kind === 'preamble' || node.depth <= current.depth) {
        out.push({ heading, depth: node.depth, kind, nodes: [] });
        continue;
      }
    }
    current.nodes.push(node);
  }
  return out.filter((s) => s.kind !== 'preamble' || s.nodes.length);
}

/** "Severity: SEV2 · Authors: Amina, Jonas": metadata pairs on one line, or undefined when the line is not one. */
export function metadataLine(text: string): [string, string][] | undefined {
  const pairs: [string, string][] = [];
  for (const part of text.split(/\s+[·|•]\s+/)) {
    const m = /^([A-Za-z][\w ./-]{0,30}?)\s*:\s*(.+)$/.exec(part.trim());
    const key = m && metaKey(m[1]!);
    if (!m || !key) return undefined;
    pairs.push([key, m[2]!.trim()]);
  }
  return pairs.length ? pairs : undefined;
}

/** Metadata the import maps to a field; lines with other keys (Status, Duration) stay in the text too. */
const MAPPED = new Set([
  'title',
  'date',
  'severity',
  'authors',
  'started',
  'detected',
  'mitigated',
  'resolved',
  'services',
  'tags',
  'timezone',
  'url',
  'summary',
  'window',
  'posted',
]);

/**
 * A table of "Key | Value" rows (a Word or Google Docs template's header table) into `metadata`,
 * when most of its keys are ones we know; the rows with other keys stay as "Key: value" lines.
 */
function tableMetadata(table: Table, metadata: Metadata): RootContent[] | undefined {
  const rows = table.children.map((row) => row.children.map((cell) => toString(cell).trim()));
  if (!rows.every((row) => row.length === 2)) return undefined;
  const pairs = rows.map(([key, value]) => metadataLine(`${key!.replace(/:$/, '')}: ${value}`)?.[0]);
  if (pairs.filter(Boolean).length < Math.max(2, rows.length / 2)) return undefined;
  for (const pair of pairs) if (pair) metadata[pair[0]] ??= pair[1];
  const rest = rows.filter((_row, i) => !pairs[i] || !MAPPED.has(pairs[i]![0])).map(([key, value]) => `${key}: ${value}`);
  return rest.length ? [{ type: 'paragraph', children: [{ type: 'text', value: rest.join('\n') }] }] : [];
}

/** Takes "Key: value" lines out of the intro sections' paragraphs (and key-value tables) into `metadata`. */
function takeMetadata(list: Section[], metadata: Metadata) {
  for (const section of list) {
    if (!['preamble', 'title', 'summary'].includes(section.kind)) continue;
    section.nodes = section.nodes.flatMap((node): RootContent[] => {
      if (node.type === 'table') return tableMetadata(node, metadata) ?? [node];
      if (node.type !== 'paragraph') return [node];
      const kept = paragraphLines(node).filter((line) => {
        const pairs = metadataLine(lineText(line));
        for (const [key, value] of pairs ?? []) metadata[key] ??= value;
        return !pairs || pairs.some(([key]) => !MAPPED.has(key));
      });
      return kept.length ? [toParagraph(kept)] : [];
    });
  }
}

const GENERIC_TITLE = /^(?:event|incident|outage|title|untitled|tbd|report|summary|issue)?$/i;
const POSTMORTEM_PREFIX =
  /^(?:(?:re|fwd?)\s*:\s*)*(?:(?:\d{4}-\d{2}-\d{2}\s+)?(?:post\s*-?\s*mo[a-z]*|post[\s-]incident|incident(?:\s+report)?|rca|outage)(?:\s*(?:report|review|analysis))?(?:\s*[:\-–—]\s*|\s+(?:of|for|on|about|into)\s+(?:the\s+)?)?)?/i;

/** A heading as a title, or undefined when it is only a label ("Postmortem: EVENT"). */
function cleanTitle(heading: string): string | undefined {
  const bare = heading.replace(/^#+\s*/, '').trim();
  const text = bare.replace(POSTMORTEM_PREFIX, '').trim();
  if (GENERIC_TITLE.test(text) || /^post\s*-?\s*mo[a-z]*$/i.test(text)) return undefined;
  // "Postmortem of database outage" is "Database outage".
  return (text === bare ? text : text.charAt(0).toUpperCase() + text.slice(1)).slice(0, 160);
}

const CONTENT_KINDS: readonly SectionKind[] = ['timeline', 'cause', 'resolution', 'cause+resolution', 'actions'];

/**
 * Groups sections into postmortems: a file may hold several (a serious one and a retelling). A
 * new one starts at a title once the current one has content, or at a second timeline or
 * action list.
 */
function splitDocuments(list: readonly Section[]): Section[][] {
  const documents: Section[][] = [[]];
  for (const section of list) {
    const current = documents.at(-1)!;
    const has = (kinds: readonly SectionKind[]) => current.some((s) => kinds.includes(s.kind));
    const startsNew =
      (section.kind === 'title' && has(CONTENT_KINDS)) ||
      ((section.kind === 'timeline' || section.kind === 'actions') && has([section.kind]));
    if (startsNew) documents.push([section]);
    else current.push(section);
  }
  return documents.filter((d) => d.length > 0);
}

/** A block's text; a table's cells apart ("Date | 3 March 2024"), so that no date runs into its label. */
const blockText = (node: RootContent): string =>
  node.type === 'table'
    ? node.children.map((row) => row.children.map((cell) => toString(cell)).join(' | ')).join('\n')
    : toString(node, { includeHtml: false });
const sectionText = (s: Section) => [s.heading ?? '', ...s.nodes.map(blockText)].join('\n');

/** Finds the postmortems in a document, and the parts of each. */
export function findParts(doc: ReadDocument): Parts[] {
  const blocks = liftHeadings(doc.tree);
  return splitDocuments(sections(blocks)).map((list) => {
    const metadata: Metadata = {};
    for (const [key, value] of Object.entries(doc.metadata)) {
      const canonical = metaKey(key);
      // Jekyll's categories and tags both become tags.
      if (canonical === 'tags' && metadata.tags) metadata.tags = [...[metadata.tags].flat(), ...[value].flat()];
      else if (canonical) metadata[canonical] ??= value;
    }
    takeMetadata(list, metadata);
    // "Incident window: March 28, 2024 10:02 PM (PDT) → March 29, 2024 12:40 AM": its start and end.
    const [from, to] = typeof metadata.window === 'string' ? metadata.window.split(/\s*(?:→|->|–|—|\bto\b|\buntil\b)\s*/) : [];
    if (from) metadata.started ??= from;
    if (to) metadata.resolved ??= to;
    // A "Title:" or "Subject: Postmortem: …" line, without its label.
    const written = typeof metadata.title === 'string' ? (cleanTitle(metadata.title) ?? metadata.title) : undefined;
    const title = written ?? list.map((s) => (s.kind === 'title' && s.heading ? cleanTitle(s.heading) : undefined)).find(Boolean);
    return { ...(title ? { title } : {}), metadata, sections: list, text: list.map(sectionText).join('\n') };
  });
}

/** A heading node, for the body. */
export const heading = (depth: number, text: string): Heading => ({
  type: 'heading',
  depth: depth as Heading['depth'],
  children: [{ type: 'text', value: text }],
});
