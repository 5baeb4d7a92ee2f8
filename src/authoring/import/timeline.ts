import type { List, ListItem, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { findHeadingZone, parseDateCell, parseTimeCell, parseTimedLine, type TimedLine } from './clock.ts';
import { lineText, paragraphLines, type Section } from './parts.ts';
import { cellText, readTable } from './table.ts';

/**
 * The timeline of a postmortem as written: entries from lists, tables ("Time | Event") and lines
 * ("9:30 AM EAT - …", "[14:02] …", "14:02 — …"); a line without a time that follows an entry
 * in the same block continues it. Times stay as written here; times.ts places them in a zone.
 */

export interface TimelineFound {
  entries: TimedLine[];
  /** A zone named for the timeline: in its heading, a note, or a "Time (UTC)" column. */
  declaredZone?: string;
  /** The blocks that held no entry, kept for the body. */
  rest: RootContent[];
}

/** Entries from lines; a line without a time continues the entry before it. */
function fromLines(lines: string[]): TimedLine[] {
  const entries: TimedLine[] = [];
  for (const line of lines) {
    const entry = parseTimedLine(line);
    if (entry) entries.push(entry);
    else if (entries.length) entries.at(-1)!.event += ` ${line.trim()}`;
  }
  return entries;
}

function fromTable(table: Table): { entries: TimedLine[]; zone?: string } {
  const t = readTable(table);
  let timeCol = t.column(/time|when|clock|utc|hour/);
  if (timeCol < 0) timeCol = t.header.findIndex((_h, i) => t.rows.some((r) => parseTimeCell(cellText(r[i])) !== undefined));
  if (timeCol < 0) return { entries: [] };
  const dateCol = t.column(/^date|day/);
  const eventCols = t.header.map((_h, i) => i).filter((i) => i !== timeCol && i !== dateCol);
  const entries: TimedLine[] = [];
  // A table without a header row (Notion's simple tables): its first row is an entry too.
  const rows = parseTimeCell(t.written[timeCol] ?? '') ? [table.children[0]!.children, ...t.rows] : t.rows;
  for (const row of rows) {
    const time = parseTimeCell(cellText(row[timeCol]));
    const event = eventCols
      .map((i) => cellText(row[i]))
      .filter(Boolean)
      .join(' — ');
    if (!time || !event) continue;
    const { note, ...clock } = time;
    const day = dateCol >= 0 ? parseDateCell(cellText(row[dateCol])) : {};
    entries.push({ ...clock, ...day, event: `${event}${note ?? ''}` });
  }
  return { entries, zone: findHeadingZone(t.written[timeCol] ?? '') };
}

const itemLines = (item: ListItem): string[] =>
  item.children.flatMap((c) =>
    c.type === 'paragraph' ? paragraphLines(c).map(lineText) : c.type === 'list' ? c.children.flatMap(itemLines) : [toString(c)],
  );

function fromList(list: List): { entries: TimedLine[]; rest: ListItem[] } {
  const entries: TimedLine[] = [];
  const rest: ListItem[] = [];
  for (const item of list.children) {
    const found = fromLines(itemLines(item));
    if (found.length) entries.push(...found);
    else rest.push(item);
  }
  return { entries, rest };
}

/** Timeline entries from some sections' content. */
export function findTimeline(sections: readonly Section[]): TimelineFound {
  const entries: TimedLine[] = [];
  const rest: RootContent[] = [];
  let declaredZone = sections.map((s) => (s.heading ? findHeadingZone(s.heading) : undefined)).find(Boolean);
  for (const section of sections) {
    for (const node of section.nodes) {
      if (node.type === 'table') {
        const found = fromTable(node);
        entries.push(...found.entries);
        declaredZone ??= found.zone;
        if (!found.entries.length) rest.push(node);
      } else if (node.type === 'list') {
        const found = fromList(node);
        entries.push(...found.entries);
        if (found.rest.length) rest.push({ ...node, children: found.rest });
      } else if (node.type === 'paragraph') {
        const found = fromLines(paragraphLines(node).map(lineText));
        entries.push(...found);
        if (!found.length) rest.push(node);
      } else rest.push(node);
    }
  }
  return { entries, ...(declaredZone ? { declaredZone } : {}), rest };
}
