import type { Element, ElementContent, Root as Hast, RootContent as HastContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toMdast } from 'hast-util-to-mdast';
import { toString as hastText } from 'hast-util-to-string';
import type { Root } from 'mdast';
import { HindsightError } from '../../format/errors.ts';
import { plural } from '../../format/words.ts';
import { isHttpUrl } from './url.ts';

/**
 * An HTML export (Confluence, Google Docs, Notion, or Word through mammoth) as an mdast tree.
 * `hast-util-to-mdast` does the conversion; before it, the shapes each exporter uses for
 * meaning that plain HTML does not carry are rewritten into plain HTML: Confluence task lists
 * and mentions, Notion checkboxes and page properties, Google Docs bold by CSS class.
 */

export interface HtmlDocument {
  tree: Root;
  /** The system that wrote the file, when it shows: Confluence, Google Docs, Notion. */
  source?: string;
  /** The page's own address (`<link rel="canonical">`), when it names one over http(s). */
  url?: string;
  /** What the author should know about the reading (mentions without a name). */
  notes: string[];
}

const h = (tagName: string, properties: Element['properties'], children: ElementContent[]): Element => ({
  type: 'element',
  tagName,
  properties,
  children,
});
const text = (value: string): ElementContent => ({ type: 'text', value });
const classes = (node: Element): string[] => {
  const c = node.properties.className;
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? (c as string).split(/\s+/) : [];
};
const checkbox = (checked: boolean) => h('input', { type: 'checkbox', checked, disabled: true }, []);

/** Which exporter wrote the file, from the marks each one leaves. */
function detectSource(html: string): string | undefined {
  if (/confluenceTable|class="confluence-|<ac:|inline-task-list|data-confluence/i.test(html)) return 'Confluence';
  if (/class="[^"]*\bdoc-content\b|docs-internal-guid|lst-kix_/.test(html)) return 'Google Docs';
  if (/class="[^"]*\b(?:page-title|notion-|to-do-list)\b|notion\.so/.test(html)) return 'Notion';
  return undefined;
}

/** Google Docs writes bold as a CSS class (`.c3{font-weight:700}`): the classes that mean bold. */
function boldClasses(css: string): Set<string> {
  const bold = new Set<string>();
  for (const m of css.matchAll(/\.([\w-]+)\s*\{([^}]*)\}/g)) if (/font-weight\s*:\s*(?:700|bold)/.test(m[2]!)) bold.add(m[1]!);
  return bold;
}

function isBold(node: Element, bold: Set<string>): boolean {
  return /font-weight\s*:\s*(?:[6-9]00|bold)/.test(String(node.properties.style ?? '')) || classes(node).some((c) => bold.has(c));
}

/** `https://www.google.com/url?q=https://real.example/&sa=D…` (Google Docs' redirect) as the real address. */
function unwrapRedirect(href: string): string {
  try {
    const url = new URL(href);
    if (/(^|\.)google\.com$/.test(url.hostname) && url.pathname === '/url' && url.searchParams.get('q')) return url.searchParams.get('q')!;
  } catch {
    // Not an absolute URL: kept as written.
  }
  return href;
}

/** An element being rewritten, with what the rules read of it. */
interface Rewriting {
  node: Element;
  /** Its tag name, lowercase. */
  name: string;
  cls: string[];
  /** Its children, rewritten. */
  kids: () => ElementContent[];
  bold: Set<string>;
}

/** A rule of the rewrite: what replaces the element, or undefined when the rule does not apply to it. */
type Rule = (r: Rewriting) => ElementContent[] | undefined;

const DROPPED = ['style', 'script', 'noscript', 'template', 'nav', 'ac:task-status', 'ac:task-id', 'ac:parameter'];

/** What is no part of the text; a Confluence status lozenge keeps its title ("DONE") as text. */
const dropped: Rule = ({ node, name }) => {
  if (!DROPPED.includes(name)) return undefined;
  return name === 'ac:parameter' && node.properties['ac:name'] === 'title' ? [text(hastText(node))] : [];
};

/** Confluence storage format: <ac:task-list><ac:task><ac:task-status>complete</…><ac:task-body>…, and <ri:user> mentions. */
const confluenceStorage: Rule = ({ node, name, kids }) => {
  if (name === 'ac:task-list') return [h('ul', {}, kids())];
  if (name === 'ac:task') {
    const status = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'ac:task-status');
    return [h('li', {}, [checkbox(status ? hastText(status).trim() === 'complete' : false), text(' '), ...kids()])];
  }
  // Confluence Cloud (and Server's user keys) name a user by an opaque id: no name to take, so none is made up.
  if (name === 'ri:user') return typeof node.properties['ri:username'] === 'string' ? [text(`@${node.properties['ri:username']}`)] : [];
  if (name.startsWith('ac:') || name.startsWith('ri:')) return kids();
  return undefined;
};

/** Confluence export view: <ul class="inline-task-list"><li class="checked">…; mentions as links. */
const confluenceExport: Rule = ({ node, name, cls, kids }) => {
  if (name === 'li' && node.properties.dataInlineTaskId !== undefined)
    return [h('li', {}, [checkbox(cls.includes('checked')), text(' '), ...kids()])];
  if (name === 'a' && (cls.includes('user-mention') || cls.includes('confluence-userlink'))) {
    return [text(`@${String(node.properties.dataUsername ?? hastText(node).trim())}`)];
  }
  return undefined;
};

/** Notion: <li><div class="checkbox checkbox-on"></div> <span>…</span></li> */
const notionCheckbox: Rule = ({ node, name, cls, bold }) => {
  if (name !== 'li' || cls.length > 0) return undefined;
  const box = node.children.find((c): c is Element => c.type === 'element' && classes(c).includes('checkbox'));
  if (!box) return undefined;
  const rest = node.children.filter((c) => c !== box).flatMap((c) => (c.type === 'element' ? rewrite(c, bold) : [c]));
  return [h('li', {}, [checkbox(classes(box).includes('checkbox-on')), text(' '), ...rest])];
};

const tables: Rule = ({ node, name, kids }) => {
  // Page properties (Notion's, Confluence's): a table of "key | value" rows, one "Key: value" line each, read as metadata.
  if (name === 'table' && isPropertyTable(node)) {
    return collect(node, 'tr').map((row) => {
      const [key, ...values] = row.children.filter((c): c is Element => c.type === 'element' && (c.tagName === 'th' || c.tagName === 'td'));
      return h('p', {}, [text(`${hastText(key!).trim()}: ${values.map(propertyValue).join(', ')}`)]);
    });
  }
  // Word and Google Docs tables have no header cells: their first row is the header.
  if (name === 'table') {
    const table = { ...node, children: kids() };
    const rows = collect(table, 'tr');
    if (rows.length > 1 && !collect(table, 'th').length)
      rows[0]!.children = rows[0]!.children.map((c) => (c.type === 'element' && c.tagName === 'td' ? { ...c, tagName: 'th' } : c));
    return [table];
  }
  // A table cell holds one line of text in Markdown: paragraphs in a cell become lines.
  if (name === 'td' || name === 'th') {
    const inner = kids().flatMap((c, i): ElementContent[] =>
      c.type === 'element' && c.tagName === 'p' ? [...(i ? [h('br', {}, [])] : []), ...c.children] : [c],
    );
    return [{ ...node, children: inner }];
  }
  return undefined;
};

/** Confluence's page around the postmortem: breadcrumbs, "Created by …, last modified on <date>", footer, the space's name in the title. */
const confluencePage: Rule = ({ node, cls }) => {
  if (
    cls.some((c) => ['page-metadata', 'breadcrumbs', 'pageSection'].includes(c)) ||
    ['footer', 'breadcrumb-section'].includes(String(node.properties.id ?? ''))
  )
    return [];
  // "Payments : INC-2291 …"
  if (node.properties.id === 'title-heading')
    return [
      h('h1', {}, [
        text(
          hastText(node)
            .trim()
            .replace(/^[^:]{1,60} : /, ''),
        ),
      ]),
    ];
  return undefined;
};

/** Dates, links, and what Google Docs writes as classes: the title paragraph and bold spans. */
const inline: Rule = ({ node, name, cls, kids, bold }) => {
  // <time datetime="2024-07-01">01 Jul</time>: the machine-readable date.
  if (name === 'time' && typeof node.properties.dateTime === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(node.properties.dateTime))
    return [text(node.properties.dateTime)];
  if (name === 'time') return [text(hastText(node).replace(/^@/, ''))];
  if (name === 'a' && typeof node.properties.href === 'string')
    return [{ ...node, properties: { ...node.properties, href: unwrapRedirect(node.properties.href) }, children: kids() }];
  if (name === 'p' && cls.includes('title')) return [h('h1', {}, kids())];
  if (name === 'span' && isBold(node, bold)) return [h('strong', {}, kids())];
  return undefined;
};

/** The rules in the order they are tried. */
const RULES: readonly Rule[] = [dropped, confluenceStorage, confluenceExport, notionCheckbox, tables, confluencePage, inline];

/** Rewrites one element (and its subtree); returns what replaces it. */
function rewrite(node: Element, bold: Set<string>): ElementContent[] {
  const kids = () => node.children.flatMap((c) => (c.type === 'element' ? rewrite(c, bold) : [c]));
  const rewriting: Rewriting = { node, name: node.tagName.toLowerCase(), cls: classes(node), kids, bold };
  for (const rule of RULES) {
    const replaced = rule(rewriting);
    if (replaced) return replaced;
  }
  return [{ ...node, children: kids() }];
}

/** Every row is a header cell then value cells: a table of properties, not of data. */
function isPropertyTable(table: Element): boolean {
  const rows = collect(table, 'tr');
  return (
    rows.length > 0 &&
    rows.every((row) => {
      const cells = row.children.filter((c): c is Element => c.type === 'element' && (c.tagName === 'th' || c.tagName === 'td'));
      return cells.length >= 2 && cells[0]!.tagName === 'th' && cells.slice(1).every((c) => c.tagName === 'td');
    })
  );
}

/** A property's value: its tags or options joined by commas, a Notion "@date" without its @. */
function propertyValue(cell: Element): string {
  const parts = cell.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'span');
  const values = parts.length > 1 ? parts.map((p) => hastText(p)) : [hastText(rewriteAll(cell))];
  return values.map((v) => v.trim().replace(/^@/, '')).join(', ');
}

function rewriteAll(node: Element): Element {
  return { ...node, children: node.children.flatMap((c) => (c.type === 'element' ? rewrite(c, new Set()) : [c])) };
}

function collect(node: Element | Hast, tagName: string): Element[] {
  const out: Element[] = [];
  for (const child of node.children as (HastContent | ElementContent)[]) {
    if (child.type !== 'element') continue;
    if (child.tagName === tagName) out.push(child);
    else out.push(...collect(child, tagName));
  }
  return out;
}

/** Reads an HTML document or fragment into mdast. Throws HindsightError (exit code 0) for a Confluence export's index page. */
export function readHtml(html: string): HtmlDocument {
  // A Confluence "Export to HTML" folder has an index.html that lists the space's pages.
  if (/class="[^"]*\bpageSectionTitle\b[^"]*"[^>]*>\s*Available Pages:/.test(html))
    throw new HindsightError("a Confluence space's index page, not a postmortem", {
      hint: 'nothing to do: each page it lists is imported from its own file',
      exitCode: 0,
    });
  // Exporters space with non-breaking spaces ("Date:&nbsp;March 9"): plain spaces in Markdown.
  const hast = fromHtml(html.replace(/&nbsp;|&#160;|&#xa0;|\u00a0/gi, ' '));
  const css = collect(hast, 'style').map(hastText).join('\n');
  const canonical = collect(hast, 'link').find((l) => String(l.properties.rel ?? '').includes('canonical'))?.properties.href;
  const bodyEl = collect(hast, 'body')[0];
  const titleEl = collect(hast, 'title')[0];
  const bold = boldClasses(css);
  const content = (bodyEl?.children ?? hast.children).flatMap((c) =>
    c.type === 'element' ? rewrite(c, bold) : c.type === 'text' ? [c] : [],
  );
  // A page whose body has no heading of its own gets its <title> as one.
  const hasHeading = collect({ type: 'root', children: content } as Hast, 'h1').length > 0;
  const title = titleEl && !hasHeading && hastText(titleEl).trim() ? [h('h1', {}, [text(hastText(titleEl).trim())])] : [];
  const root: Hast = { type: 'root', children: [...title, ...content] as HastContent[] };
  const tree = toMdast(root) as Root;
  const url = typeof canonical === 'string' && isHttpUrl(canonical) ? canonical : undefined;
  const unnamed = collect(hast, 'ri:user').filter((u) => typeof u.properties['ri:username'] !== 'string').length;
  const notes = unnamed
    ? [`${plural(unnamed, 'Confluence mention')} of a user by account id, not by name: left out, so an owner named only that way is a TODO`]
    : [];
  return { tree, source: detectSource(html), ...(url ? { url } : {}), notes };
}
