/**
 * Reading an incident report exported from a wiki or a doc (plain text or Markdown): its
 * sections, found by heading, and its timeline, found by lines that start with a time. Pure
 * functions over text; importer.ts turns what they find into a postmortem file.
 */

import { ZONE_ABBREVIATION_PATTERN } from './zone-abbreviations.ts';

export type SectionKind = 'preamble' | 'title' | 'summary' | 'impact' | 'timeline' | 'cause' | 'resolution' | 'cause+resolution' | 'actions' | 'lessons' | 'other';

export interface Section {
  /** Heading text as written, without Markdown marks; undefined for the text before the first heading. */
  heading?: string;
  kind: SectionKind;
  /** Lines under the heading, up to the next one. */
  lines: string[];
  /** 1-based line of the heading (or of the first line) in the source. */
  line: number;
}

const POSTMORTEM_WORD = /\bpost\s*-?\s*mo[a-z]*\b|\bincident\b|\boutage\b|\brca\b/i;

/** What a heading is about, from its words. */
export function sectionKind(heading: string): SectionKind {
  const h = heading.toLowerCase();
  if (/corrective|preventa?tive|action items?|follow[- ]?ups?|next steps|remediation/.test(h)) return 'actions';
  if (/time\s?line|chronology|sequence of events/.test(h)) return 'timeline';
  if (/lesson|learn|what went (well|wrong|badly)|takeaway/.test(h)) return 'lessons';
  const cause = /cause|why it happened|contributing factor/.test(h);
  const resolution = /resolution|recovery|\bfix|mitigation|how (we|it was) (fixed|resolved)/.test(h);
  if (cause && resolution) return 'cause+resolution';
  if (cause) return 'cause';
  if (resolution) return 'resolution';
  if (/summary|overview|description|background|what happened|tl;?dr/.test(h)) return 'summary';
  if (/impact/.test(h)) return 'impact';
  if (POSTMORTEM_WORD.test(h)) return 'title';
  return 'other';
}

const stripInline = (s: string) => s.replace(/\*\*|__|(?<!\w)[*_](?!\s)|(?<!\s)[*_](?!\w)|`/g, '').trim();

/** The heading a line is, or undefined. `prev`/`next` are the neighbouring lines. */
function headingOf(line: string, prev: string | undefined, next: string | undefined, prevWasHeading: boolean): { text: string; marked: boolean; setext?: boolean } | undefined {
  const atx = /^\s*#{1,6}(?!\d)\s*(.+?)\s*#*\s*$/.exec(line);
  if (atx) return { text: stripInline(atx[1]!), marked: true };
  const trimmed = line.trim();
  if (!trimmed) return undefined;
  if (next !== undefined && /^\s{0,3}(=+|-{2,})\s*$/.test(next) && !/^\s*[-*+|]/.test(line)) return { text: stripInline(trimmed), marked: true, setext: true };
  const bold = /^(?:\*\*|__)(.+?)(?:\*\*|__):?$/.exec(trimmed);
  if (bold && bold[1]!.length <= 80) return { text: bold[1]!.replace(/:$/, '').trim(), marked: true };
  // Plain text: a short line on its own that names a known section or the document.
  const startsBlock = prev === undefined || prev.trim() === '' || prevWasHeading;
  const words = trimmed.split(/\s+/).length;
  if (!startsBlock || words > 8 || trimmed.length > 70 || /[.,;!?]$/.test(trimmed) || /^([-*+]|\d+[.)]|\|)\s/.test(trimmed) || TIME_START.test(trimmed)) return undefined;
  const text = trimmed.replace(/:$/, '');
  if (/:./.test(text) && !POSTMORTEM_WORD.test(text.split(':')[0]!)) return undefined;
  return sectionKind(text) === 'other' ? undefined : { text, marked: false };
}

/** Splits a document into sections by heading (Markdown, bold lines, or plain lines that name a section). */
export function splitSections(text: string): Section[] {
  const lines = text.split('\n');
  const sections: Section[] = [{ kind: 'preamble', lines: [], line: 1 }];
  let prevWasHeading = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = headingOf(line, lines[i - 1], lines[i + 1], prevWasHeading);
    if (heading) {
      sections.push({ heading: heading.text, kind: sectionKind(heading.text), lines: [], line: i + 1 });
      if (heading.setext) i++;
      prevWasHeading = true;
      continue;
    }
    prevWasHeading = false;
    sections.at(-1)!.lines.push(line);
  }
  return sections.filter((s) => s.kind !== 'preamble' || s.lines.some((l) => l.trim()));
}

const CONTENT_KINDS: readonly SectionKind[] = ['timeline', 'cause', 'resolution', 'cause+resolution', 'actions'];

/**
 * Groups sections into postmortems: a document may hold several (a serious one and a retelling).
 * A new one starts at a heading that names a postmortem once the current one has content, or
 * at a second timeline or action list.
 */
export function splitDocuments(sections: readonly Section[]): Section[][] {
  const documents: Section[][] = [[]];
  for (const section of sections) {
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

// ---------------------------------------------------------------------------------------------
// Times

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const ISO_DATE = '(\\d{4})-(\\d{2})-(\\d{2})';
const DATE_RE = new RegExp(`${ISO_DATE}|\\b${MONTH}\\s+${DAY},?\\s+(\\d{4})\\b|\\b${DAY}\\s+${MONTH},?\\s+(\\d{4})\\b`, 'i');

const pad = (n: number) => String(n).padStart(2, '0');

/** The first calendar date written in a text (2024-06-06, June 6th, 2024, 6 June 2024), as YYYY-MM-DD. */
export function findDate(text: string): string | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  if (m[1]) return `${m[1]}-${m[2]}-${m[3]}`;
  const month = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
  if (m[4]) return `${m[6]}-${pad(month(m[4]))}-${pad(Number(m[5]))}`;
  return `${m[9]}-${pad(month(m[8]!))}-${pad(Number(m[7]))}`;
}

export const ZONE = `(?:(?:UTC|GMT)\\s?[+-]\\s?\\d{1,2}(?::?\\d{2})?|${ZONE_ABBREVIATION_PATTERN})(?![A-Za-z])`;
const CLOCK = '(\\d{1,2})[:.](\\d{2})(?::\\d{2})?(?:\\s*([AaPp]\\.?[Mm]\\.?)(?![A-Za-z]))?';
const TIME_START = new RegExp(`^\\[?(?:${ISO_DATE}[ T,]+)?${CLOCK}\\b`);

/** A clock time written in the text, 24-hour. */
export interface ClockTime {
  hour: number;
  minute: number;
  /** The zone abbreviation or offset written beside it, upper case. */
  zone?: string;
}

function toClock(hour: string, minute: string, meridiem: string | undefined, zone: string | undefined): ClockTime | undefined {
  let h = Number(hour);
  const m = Number(minute);
  if (meridiem) {
    if (h < 1 || h > 12) return undefined;
    const pm = meridiem.toLowerCase().startsWith('p');
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (h > 23 || m > 59) return undefined;
  return { hour: h, minute: m, zone: zone?.replace(/\s+/g, '').toUpperCase() };
}

export interface RawEntry extends ClockTime {
  /** A date written on the line itself, YYYY-MM-DD. */
  date?: string;
  event: string;
  /** 1-based line in the section. */
  line: number;
}

const ENTRY_RE = new RegExp(
  `^\\[?(?:${ISO_DATE}[ T,]+)?${CLOCK}(?:\\s*\\(?(${ZONE})\\)?)?\\]?\\s*(?:[-–—:|>]+\\s*)?(.*)$`,
);

/** A timeline line ("9:30 AM EAT - rolled back", "- 14:02 UTC config pushed", "[14:02] ...", a table row), or undefined. */
export function parseTimelineLine(line: string): Omit<RawEntry, 'line'> | undefined {
  let text = line.trim();
  if (text.startsWith('|')) {
    const cells = text.replace(/^\||\|$/g, '').split('|').map((c) => stripInline(c.trim()));
    if (cells.every((c) => /^:?-+:?$/.test(c) || c === '')) return undefined;
    text = `${cells[0]} - ${cells.slice(1).filter(Boolean).join(' — ')}`;
  }
  text = text.replace(/^(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/, '');
  text = stripInline(text.replace(/^\*\*([^*]+)\*\*/, '$1').replace(/^__([^_]+)__/, '$1'));
  const m = ENTRY_RE.exec(text);
  if (!m) return undefined;
  const clock = toClock(m[4]!, m[5]!, m[6], m[7]);
  const event = (m[8] ?? '').replace(/^[-–—:|>\s]+/, '').trim();
  if (!clock || !event) return undefined;
  return { ...clock, date: m[1] ? `${m[1]}-${m[2]}-${m[3]}` : undefined, event };
}

/** Every timeline line in some lines; a line indented under an entry continues it. */
export function parseTimeline(lines: readonly string[]): { entries: RawEntry[]; rest: string[] } {
  const entries: RawEntry[] = [];
  const rest: string[] = [];
  lines.forEach((line, index) => {
    const entry = parseTimelineLine(line);
    if (entry) {
      entries.push({ ...entry, line: index + 1 });
    } else if (/^\s{2,}\S/.test(line) && entries.length && !line.trim().startsWith('|')) {
      entries.at(-1)!.event += ` ${line.trim()}`;
    } else if (line.trim() && !/^\|?\s*:?-{3,}/.test(line.trim()) && !/^\|\s*(time|when)\b/i.test(line.trim())) {
      rest.push(line);
    }
  });
  return { entries, rest };
}

/** "between 9:00 AM and 11:30 AM EAT", "from 14:00 to 15:10 UTC": the incident's window as written. */
export function findWindow(text: string): { from: ClockTime; to: ClockTime } | undefined {
  const re = new RegExp(`\\b(?:between|from)\\s+${CLOCK}(?:\\s*(${ZONE}))?\\s+(?:and|to|until|-|–)\\s+${CLOCK}(?:\\s*(${ZONE}))?`, 'i');
  const m = re.exec(text);
  if (!m) return undefined;
  const zone = m[8] ?? m[4];
  const from = toClock(m[1]!, m[2]!, m[3] ?? m[7], zone);
  const to = toClock(m[5]!, m[6]!, m[7], zone);
  return from && to ? { from, to } : undefined;
}

/** "All times are EAT", "(times in UTC)": a zone the document names for all its times. */
export function findDeclaredZone(text: string): string | undefined {
  const m = new RegExp(`\\btimes?\\b[^.\\n]{0,20}?\\b(?:in|are|:)\\s+(${ZONE})\\b`, 'i').exec(text);
  return m?.[1]?.replace(/\s+/g, '').toUpperCase();
}

/** Plain text from a Markdown line: no emphasis marks, links as their text. */
export function plainText(markdown: string): string {
  return stripInline(markdown.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, ''));
}
