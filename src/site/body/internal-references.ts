import type { Element, Nodes, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { eachNode } from './body-checks.ts';

/**
 * What an `<Internal>` passage declares for use elsewhere in the body. Markdown gathers every
 * footnote definition into one list at the end of the body, and resolves a link reference
 * (`[text][id]`) anywhere against an `[id]: url` definition anywhere, so removing a passage alone
 * would leave its notes and addresses published. A footnote is internal when its definition was
 * written inside a passage, or when every reference to it is inside one; an address is internal
 * when a link definition inside a passage declares it.
 */

const FOOTNOTE_ID = /^user-content-fn-/;

/** The start and end offsets of a node in the body's text, when known. */
function span(node: Nodes): [number, number] | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : [start, end];
}

/** The ids a tree's footnote references point to, each with the reference element. */
function references(root: Nodes): { target: string; node: Element }[] {
  const out: { target: string; node: Element }[] = [];
  eachNode(root, (node) => {
    if (node.type === 'element' && node.tagName === 'a' && node.properties.dataFootnoteRef !== undefined) {
      out.push({ target: String(node.properties.href ?? '').replace(/^#/, ''), node });
    }
  });
  return out;
}

function hasNote(node: Nodes): boolean {
  let found = false;
  eachNode(node, (n) => (found ||= n.type === 'element' && n.tagName === 'li'));
  return found;
}

/** Removes every element `drop` says to drop, at any depth. */
function removeWhere(parent: Root | Element, drop: (node: Element) => boolean): void {
  parent.children = parent.children.filter((child) => child.type !== 'element' || !drop(child)) as typeof parent.children;
  for (const child of parent.children) if (child.type === 'element') removeWhere(child, drop);
}

/**
 * The text of each footnote of the passages (elements of the tree, or already cut from it);
 * with `remove`, those footnotes leave the tree too, with the references to them left outside
 * the passages and the footnote section when it empties.
 */
export function internalFootnotes(tree: Root, passages: readonly Element[], mode: 'show' | 'remove'): string[] {
  if (passages.length === 0) return [];
  const spans = passages.map(span).filter((s) => s !== undefined);
  const inside = new Set(passages.flatMap((p) => references(p)));
  const insideTargets = new Set([...inside].map((r) => r.target));
  const outsideTargets = new Set(
    references(tree)
      .filter((r) => ![...inside].some((i) => i.node === r.node))
      .map((r) => r.target),
  );
  const notes: Element[] = [];
  eachNode(tree, (node) => {
    if (node.type !== 'element' || node.tagName !== 'li' || !FOOTNOTE_ID.test(String(node.properties.id ?? ''))) return;
    const id = String(node.properties.id);
    const at = span(node);
    const written = at !== undefined && spans.some(([start, end]) => at[0] >= start && at[1] <= end);
    if (written || (insideTargets.has(id) && !outsideTargets.has(id))) notes.push(node);
  });
  if (mode === 'remove' && notes.length) {
    const gone = new Set<Nodes>(notes);
    const refs = new Set(notes.map((n) => `#${String(n.properties.id)}`));
    const isRef = (c: Nodes) => c.type === 'element' && refs.has(String(c.properties.href));
    removeWhere(tree, (node) => gone.has(node) || (node.tagName === 'sup' && node.children.some(isRef)));
    // The footnote section goes when it has no note left.
    removeWhere(tree, (node) => node.properties.dataFootnotes !== undefined && !hasNote(node));
  }
  return notes.map((note) => toString(note).replace(/↩/g, '').trim());
}

/** `[id]: destination` at the start of a line (not a footnote's `[^id]:`). */
const LINK_DEFINITION = /^ {0,3}\[(?!\^)(?:[^\]\\]|\\.)+\]:[ \t]*\n?[ \t]*(<[^>\n]*>|\S+)/gm;

/**
 * The addresses the link definitions inside the passages declare (read from the body's text,
 * since a definition leaves no node); with `remove`, every link to one of them becomes its text.
 */
export function internalLinkDefinitions(tree: Root, passages: readonly Element[], body: string, mode: 'show' | 'remove'): string[] {
  const urls = new Set<string>();
  for (const passage of passages) {
    const at = span(passage);
    if (!at) continue;
    for (const match of body.slice(at[0], at[1]).matchAll(LINK_DEFINITION)) urls.add(match[1]!.replace(/^<(.*)>$/, '$1'));
  }
  if (mode === 'remove' && urls.size) unwrapLinks(tree, (href) => urls.has(href) || urls.has(safeDecode(href)));
  return [...urls];
}

function safeDecode(href: string): string {
  try {
    return decodeURI(href);
  } catch {
    return href;
  }
}

/** Replaces each link whose address `internal` accepts by its content. */
function unwrapLinks(parent: Root | Element, internal: (href: string) => boolean): void {
  const children = parent.children as Nodes[];
  parent.children = children.flatMap((child): Nodes[] => {
    if (child.type !== 'element') return [child];
    unwrapLinks(child, internal);
    return child.tagName === 'a' && internal(String(child.properties.href ?? '')) ? child.children : [child];
  }) as typeof parent.children;
}
