import type { Root, RootContent } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { mdxToMarkdown } from 'mdast-util-mdx';
import { toMarkdown } from 'mdast-util-to-markdown';
import { toString } from 'mdast-util-to-string';
import { SECTION_RULES } from '../../site/body/body-checks.ts';
import { TODO } from '../../format/fields.ts';
import { heading, type Section, type SectionKind } from './parts.ts';

/**
 * The body of an imported postmortem: the author's sections in their order, under our section
 * names where theirs do not already say the same ("Why it happened" becomes "Root cause"; "Root
 * Cause and Resolution" stays), their own headings kept where they map to none of ours, and a
 * TODO section for each one of ours the document lacks. Written back as MDX-safe Markdown: a
 * `{` or `<` in the prose is escaped, raw HTML becomes text, so imported prose stays prose.
 */

/** Our name for each kind of section, and the words a heading needs to count as it (body-checks.ts). */
const OURS: Partial<Record<SectionKind, { name: string; keywords: readonly string[] }>> = {
  impact: { name: 'Impact', keywords: ['impact'] },
  cause: { name: 'Root cause', keywords: ruleKeywords('Root cause') },
  resolution: { name: 'Resolution', keywords: ruleKeywords('Resolution') },
  actions: { name: 'Action items', keywords: ['action', 'follow', 'corrective', 'measure', 'remediation', 'next step'] },
  lessons: { name: 'Lessons learned', keywords: ruleKeywords('Lessons learned') },
};

function ruleKeywords(name: string): readonly string[] {
  return SECTION_RULES.find((r) => r.name === name)?.keywords ?? [name.toLowerCase()];
}

/** "ROOT CAUSE" -> "Root cause"; headings in mixed case stay as written. */
function sentenceCase(text: string): string {
  return text === text.toUpperCase() && /[A-Z]{2}/.test(text) ? text.charAt(0) + text.slice(1).toLowerCase() : text;
}

/** The heading a section gets: the author's when it says what ours would, else ours. */
export function mappedHeading(section: Pick<Section, 'heading' | 'kind'>): string {
  const written = sentenceCase((section.heading ?? '').trim());
  const ours = OURS[section.kind];
  if (!ours) return written || 'Notes';
  return ours.keywords.some((k) => written.toLowerCase().includes(k)) ? written : ours.name;
}

/** Sub-headings of a section one level below its heading. */
function nest(nodes: readonly RootContent[], sectionDepth: number): RootContent[] {
  return nodes.map((n) => (n.type === 'heading' ? { ...n, depth: Math.min(6, Math.max(3, n.depth - sectionDepth + 2)) as 3 } : n));
}

/** Empty paragraphs (an exporter's spacing) say nothing. */
const hasContent = (node: RootContent) =>
  node.type !== 'paragraph' || toString(node).trim() !== '' || node.children.some((c) => c.type === 'image');

/** A section of the body to be: its kind decides its heading. */
export interface BodySection {
  kind: SectionKind;
  heading?: string;
  depth: number;
  nodes: RootContent[];
}

const MISSING: readonly [SectionKind[], string][] = [
  [['cause', 'cause+resolution'], 'Root cause'],
  [['resolution', 'cause+resolution'], 'Resolution'],
  [['lessons'], 'Lessons learned'],
];

/** The body tree from the sections left once the timeline and action items went to the frontmatter. */
export function bodyTree(introNodes: readonly RootContent[], allSections: readonly BodySection[]): Root {
  const intro = introNodes.filter(hasContent);
  const sections = allSections.map((s) => ({ ...s, nodes: s.nodes.filter(hasContent) }));
  const children: RootContent[] = [];
  if (intro.length) children.push(heading(2, 'Summary'), ...intro);
  let lessonsOpen = false;
  for (const s of sections) {
    if (!s.nodes.length) continue;
    if (s.kind === 'lessons') {
      // "What went well" and "What went wrong" stay apart, each under one "Lessons learned".
      const own = sentenceCase(s.heading ?? '');
      if (mappedHeading(s) === own) {
        children.push(heading(2, own), ...nest(s.nodes, s.depth));
      } else {
        if (!lessonsOpen) children.push(heading(2, 'Lessons learned'));
        children.push(heading(3, own || 'Notes'), ...nest(s.nodes, s.depth + 1));
      }
      lessonsOpen = true;
      continue;
    }
    lessonsOpen = false;
    // A second section that maps to the same of ours ("Fault", then "Five whys") keeps the author's heading.
    const ours = mappedHeading(s);
    const used = children.some((c) => c.type === 'heading' && c.depth === 2 && toString(c) === ours);
    children.push(heading(2, used && s.heading ? sentenceCase(s.heading.trim()) : ours), ...nest(s.nodes, s.depth));
  }
  const kinds = new Set(sections.filter((s) => s.nodes.length).map((s) => s.kind));
  for (const [accepted, name] of MISSING) {
    if (accepted.some((k) => kinds.has(k))) continue;
    const purpose = SECTION_RULES.find((r) => r.name === name)?.purpose ?? '';
    children.push(heading(2, name), { type: 'paragraph', children: [{ type: 'text', value: `${TODO}: ${purpose}.` }] });
  }
  return { type: 'root', children };
}

/** Addresses a postmortem may link to (body-checks.ts): http(s), mailto, anchors and relative paths. */
const SAFE_URL = /^(?:https?:|mailto:|#|\/|\.{0,2}\/|[^:]*$)/i;

/**
 * Raw HTML as text (escaped on output), comments dropped, links to anything else as their text,
 * and images that are not files on the web (Word's embedded `data:` images) as their description:
 * an imported draft never fails the body's safety rule.
 */
function defuse<T extends Root | RootContent>(node: T): T | T[] {
  // A frontmatter block left in the text (one not at the top, say) is no prose, and no Markdown writer knows TOML's.
  if (node.type === 'yaml' || (node.type as string) === 'toml') return [];
  if (node.type === 'html') return /^\s*<!--/.test(node.value) ? [] : ({ type: 'text', value: node.value } as unknown as T);
  if (node.type === 'link' && !SAFE_URL.test(node.url)) return node.children as unknown as T[];
  if (node.type === 'image' && (!SAFE_URL.test(node.url) || node.url.length > 2000))
    return { type: 'text', value: `[image not imported${node.alt ? `: ${node.alt}` : ''}]` } as unknown as T;
  if ('children' in node) return { ...node, children: (node.children as RootContent[]).flatMap((c) => defuse(c)) } as T;
  return node;
}

/** Markdown for the body that MDX reads as prose. */
export function bodyMarkdown(tree: Root): string {
  const safe = defuse(tree) as Root;
  return toMarkdown(safe, { extensions: [gfmToMarkdown(), mdxToMarkdown()], bullet: '-', emphasis: '_', resourceLink: true, rule: '-' });
}
