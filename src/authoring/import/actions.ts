import type { List, ListItem, PhrasingContent, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { ACTION_TYPES as ACTION_TYPE_NAMES, type ACTION_STATUSES, type ACTION_TYPES } from '../../format/schema.ts';
import { findDate, readDue } from './clock.ts';
import { isHttpUrl } from './url.ts';
import { lineText, paragraphLines, toParagraph } from './parts.ts';
import { cellText, readTable } from './table.ts';

/**
 * Action items as written: rows of a table (Action | Owner | Status | Due), items of a list or a
 * task list, or one measure per line. Each one's owner ("(owner: platform)", "— owner: sre-team",
 * "@alice", a column), status (`[x]`, "Done", "✅", "In progress", "Won't do", a column) and due
 * date ("due 2024-07-01", "by July 1", a column) are read from it; what is not written is left
 * out (the owner becomes a TODO in map.ts).
 */

export type ActionStatus = (typeof ACTION_STATUSES)[number];
/** An action item's type, as the schema names them. */
export type ActionType = (typeof ACTION_TYPES)[number];

/** An action item as the document writes it; what it does not say is left out. */
export interface FoundAction {
  title: string;
  owner?: string;
  status?: ActionStatus;
  due?: string;
  link?: string;
  /** The type, when a Type column names one of ours (prevent, mitigate, detect, process). */
  type?: ActionType;
}

/** A status word ("Done", "✅", "In progress", "Won't do"), or undefined. */
export function readStatus(text: string): ActionStatus | undefined {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/^status\s*[:=]\s*/, '')
    .replace(/[.!]$/, '');
  if (/^(?:\[x\]|✅|✔️?|☑️?|☒)$/.test(t)) return 'done';
  if (/^(?:\[ \]|☐)$/.test(t)) return 'open';
  // The word may carry an emoji ("✅ Done", "In progress 🚧") and a short rest ("Completed 2024-03-10", "Open (blocked)").
  const words = t
    .replace(/\p{Extended_Pictographic}|\uFE0F/gu, ' ')
    .trim()
    .replace(/\s+[-–—]\s.*$|\s*[:(].*$|\s+\d{4}-\d{2}-\d{2}$/, '');
  if (/^(?:done|completed?|closed|fixed|resolved|shipped|merged)$/.test(words)) return 'done';
  if (/^(?:in[- ]progress|wip|ongoing|started|doing|in review)$/.test(words)) return 'in-progress';
  if (/^(?:won'?t[- ]?(?:do|fix)|wont-do|cancell?ed|dropped|rejected|declined|not doing)$/.test(words)) return 'wont-do';
  if (/^(?:open|to ?do|not started|planned|blocked|new|backlog)$/.test(words)) return 'open';
  return undefined;
}

/** What one fragment of an item says: its owner, due date or status; undefined when it is none of these. */
function attribute(fragment: string, incidentDate: string | undefined, bareName = false): Partial<FoundAction> | undefined {
  const f = fragment.trim();
  // "Add memory alerts - Bob": a name alone after a dash (a single word, or a team) is the owner.
  if (bareName && (/^[A-Z][a-z]+$/.test(f) || /^[\w-]+[- ]team$/i.test(f)) && !readStatus(f)) return { owner: f };
  const owner = /^(?:owners?|assignee|assigned to|dri|responsible)\s*[:=]?\s*(.+)$/i.exec(f);
  if (owner) return { owner: owner[1]!.trim() };
  if (/^@[\w.-]+$/.test(f)) return { owner: f };
  const due = /^(?:due(?:\s+(?:by|on))?|deadline|by|target|eta)\s*[:=]?\s*(.+)$/i.exec(f);
  // A date on its own ("2024-07-01", "15/07/2024") is a due date; one inside words is not.
  const date = due
    ? readDue(due[1]!, incidentDate)
    : /^(?:\d{4}[-/]\d{2}[-/]\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{4})$/.test(f)
      ? findDate(f)
      : undefined;
  if (date) return { due: date };
  const status = readStatus(f);
  return status ? { status } : undefined;
}

const LEADING_MARK = /^\s*(?:\[([ xX])\]|(✅|✔️?|☑️?|☒|☐))\s*/;
const TRAILING = [
  /\s*\(([^()]+)\)\s*$/, // (owner: platform, due 2024-07-01)
  /\s*\[([^\]]+)\]\s*$/, // [Done]
  /\s+[—–|-]\s+([^—–|]+)$/, // — owner: sre-team
  /\s*;\s*([^;]+)$/, // ; done
  /\s+((?:due(?:\s+(?:by|on))?|by)\s*:?\s*[A-Za-z0-9][A-Za-z0-9 ,/-]{2,20})$/i, // due 2024-07-01, by July 1
  /\s+(@[\w.-]+|\d{4}-\d{2}-\d{2})\s*$/, // Confluence tasks: "… @jonas 2024-07-05"
];

/** An item's text read into its title and attributes. `checked` is a task list's box. */
export function readAction(text: string, checked: boolean | null | undefined, incidentDate: string | undefined): FoundAction {
  let title = text.replace(/\s+/g, ' ').trim();
  const found: Partial<FoundAction> = {};
  // What is written first wins; an empty box only says "not done" when nothing says more.
  const add = (attrs: Partial<FoundAction>) => {
    for (const [key, value] of Object.entries(attrs) as [keyof FoundAction, string][]) (found[key] as string | undefined) ??= value;
  };
  if (checked === true) found.status = 'done';
  const mark = LEADING_MARK.exec(title);
  if (mark) {
    const status = readStatus(mark[1] ? `[${mark[1].toLowerCase()}]` : mark[2]!);
    if (status !== 'open') add({ status });
    title = title.slice(mark[0].length);
  }
  // Peel attributes off the end, "(owner: platform, due 2024-07-01)" or "— Done", while each one reads as one.
  for (let peeled = true; peeled;) {
    peeled = false;
    for (const pattern of TRAILING) {
      const m = pattern.exec(title);
      if (!m) continue;
      const written = m[1]!.split(/\s*[,;]\s*|\s+[·|]\s+/);
      const parts = written.map((p, i) => attribute(p, incidentDate, pattern === TRAILING[2] && i === 0));
      // In brackets, what reads as an attribute is taken and the rest stays: "(Owner: platform; ETA: Q2)".
      const bracketed = pattern === TRAILING[0] || pattern === TRAILING[1];
      if (parts.some((p) => !p) && !(bracketed && parts.some(Boolean))) continue;
      for (const p of parts) if (p) add(p);
      const kept = written.filter((_w, i) => !parts[i]);
      title = `${title.slice(0, m.index).trim()}${kept.length ? ` (${kept.join('; ')})` : ''}`;
      peeled = !kept.length;
      break;
    }
  }
  // "owner: x" / "due: y" written inline without brackets.
  const inline = /\s+(owner|assignee|due|deadline|status)\s*:\s*(.+)$/i.exec(title);
  if (inline) {
    const attrs = `${inline[1]}: ${inline[2]}`
      .split(/\s+(?=(?:owner|assignee|due|deadline|status)\s*:)/i)
      .map((p) => attribute(p, incidentDate));
    if (attrs.every(Boolean)) {
      for (const a of attrs) add(a!);
      title = title.slice(0, inline.index).trim();
    }
  }
  if (!found.owner) {
    const mentions = title.match(/(?<![\w@])@[\w.-]+/g);
    if (mentions?.length === 1) found.owner = mentions[0];
  }
  found.status ??= checked === false || mark ? 'open' : undefined;
  if (!found.status) delete found.status;
  return { title: title.replace(/[.;:,]\s*$/, '').trim(), ...found };
}

/** Which column holds what: by the header's words, or, in a table without a header row, by what the cells hold. */
function tableColumns(table: Table) {
  const t = readTable(table);
  const named = {
    title: t.column(/action|item|task|what|description|measure|title|follow/),
    owner: t.column(/owner|assignee|who|responsible|dri|assigned/),
    status: t.column(/status|state|done|progress/),
    due: t.column(/due|deadline|by when|target|eta|date/),
    link: t.column(/ticket|jira|issue|link|tracking|bug/),
    type: t.column(/^(?:type|kind|category)$/),
  };
  const first = t.written;
  const looksLikeData = first.some((c) => readStatus(c) || findDate(c)) || (first[0] ?? '').split(/\s+/).length >= 3;
  if (Object.values(named).some((c) => c >= 0) || !looksLikeData) return { ...named, title: Math.max(0, named.title), rows: t.rows };
  // Notion's simple tables: the first row is an item; statuses and dates are known by their words, a short name beside them is the owner.
  const rows = [table.children[0]!.children, ...t.rows];
  const every = (i: number, test: (text: string) => unknown) => rows.every((r) => !cellText(r[i]) || test(cellText(r[i])));
  const others = first.map((_c, i) => i).slice(1);
  const status = others.find((i) => every(i, readStatus)) ?? -1;
  const due = others.find((i) => i !== status && every(i, findDate)) ?? -1;
  const owner = others.find((i) => i !== status && i !== due && every(i, (c) => c.split(/\s+/).length <= 3)) ?? -1;
  return { title: 0, owner, status, due, link: -1, type: -1, rows };
}

function fromTable(table: Table, incidentDate: string | undefined): FoundAction[] {
  const { title: titleCol, owner: ownerCol, status: statusCol, due: dueCol, link: linkCol, type: typeCol, rows } = tableColumns(table);
  return rows.flatMap((row) => {
    const text = cellText(row[titleCol]);
    if (!text) return [];
    const item = readAction(text, undefined, incidentDate);
    const owner = ownerCol >= 0 ? cellText(row[ownerCol]) : '';
    // Without a Status column, a status in bold in another cell ("Bug 5554823 **DONE**", Google's template).
    const status =
      statusCol >= 0
        ? readStatus(cellText(row[statusCol]))
        : row
            .flatMap((cell, i) => (i === titleCol ? [] : strongTexts(cell)))
            .map(readStatus)
            .find(Boolean);
    const written = typeCol >= 0 ? cellText(row[typeCol]).toLowerCase() : '';
    const type = (ACTION_TYPE_NAMES as readonly string[]).includes(written) ? (written as ActionType) : undefined;
    const dueText = dueCol >= 0 ? cellText(row[dueCol]) : '';
    const due = dueText ? readDue(dueText, incidentDate) : undefined;
    // A due date that cannot be read for sure (03/04/2024, "Q2") stays in the title rather than being lost.
    if (dueText && !due && !/^(?:-|–|n\/?a|none|tbd)$/i.test(dueText)) item.title = `${item.title} (due: ${dueText})`;
    const link = linkOf([...(row[linkCol]?.children ?? []), ...(row[titleCol]?.children ?? [])]);
    return [
      {
        ...item,
        ...(owner ? { owner } : {}),
        ...(status ? { status } : {}),
        ...(due ? { due } : {}),
        ...(link ? { link } : {}),
        ...(type ? { type } : {}),
      },
    ];
  });
}

/** The texts in bold inside some content. */
function strongTexts(node: { children?: unknown[] } | PhrasingContent): string[] {
  if ((node as PhrasingContent).type === 'strong') return [toString(node as PhrasingContent)];
  return 'children' in node && Array.isArray(node.children) ? node.children.flatMap((c) => strongTexts(c as PhrasingContent)) : [];
}

/** The first http(s) link in some phrasing content. */
function linkOf(nodes: readonly (PhrasingContent | RootContent)[]): string | undefined {
  for (const node of nodes) {
    if (node.type === 'link' && isHttpUrl(node.url)) return node.url;
    if ('children' in node) {
      const inner = linkOf(node.children as PhrasingContent[]);
      if (inner) return inner;
    }
  }
  return undefined;
}

function fromList(list: List, incidentDate: string | undefined): FoundAction[] {
  return list.children.flatMap((item: ListItem) => {
    const first = item.children.find((c) => c.type === 'paragraph');
    const text = first ? paragraphLines(first).map(lineText).join(' ') : toString(item);
    if (!text.trim()) return [];
    const link = linkOf(first?.children ?? []);
    return [{ ...readAction(text, item.checked, incidentDate), ...(link ? { link } : {}) }];
  });
}

const NOT_AN_ACTION = /^(?:by|to|these|this|the|we|our|in|overall|as|with|going|following|below|here|it|they)\b/i;

/** Action items in a section's content; `rest` is the prose around them (an introduction, a closing line). */
export function findActions(
  nodes: readonly RootContent[],
  incidentDate: string | undefined,
): { items: FoundAction[]; rest: RootContent[] } {
  const items: FoundAction[] = [];
  const rest: RootContent[] = [];
  const structured = nodes.some((n) => n.type === 'table' || n.type === 'list');
  for (const node of nodes) {
    if (node.type === 'table') items.push(...fromTable(node, incidentDate));
    else if (node.type === 'list') items.push(...fromList(node, incidentDate));
    else if (node.type === 'paragraph' && !structured) {
      // Plain text: one measure per line; an introduction ("…will be implemented:") and a closing
      // sentence ("By taking these measures…") are prose.
      const prose = paragraphLines(node).filter((line) => {
        const t = lineText(line);
        if (t.endsWith(':') || NOT_AN_ACTION.test(t) || t.split(/\s+/).length < 3) return true;
        items.push(readAction(t, undefined, incidentDate));
        return false;
      });
      if (prose.length) rest.push(toParagraph(prose));
    } else rest.push(node);
  }
  return { items: items.filter((i) => i.title), rest };
}

/** What an action does, from its words: prevent, mitigate, detect or process. */
export function actionType(title: string): ActionType {
  const t = title.toLowerCase();
  if (/monitor|alert|detect|observab|dashboard|logging|metric/.test(t)) return 'detect';
  if (/upgrade|patch|\bfix|test|canary|validat|guard|limit|prevent|replace|remove|migrat/.test(t)) return 'prevent';
  if (/rollback|roll back|failover|scale|circuit breaker|fallback|retry|degrad/.test(t)) return 'mitigate';
  return 'process';
}
