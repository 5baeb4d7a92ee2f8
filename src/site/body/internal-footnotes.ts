import type { Element, Nodes, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { eachNode } from './body-checks.ts';

/**
 * The footnotes of `<Internal>` passages. Markdown gathers every footnote definition into one
 * list at the end of the body, outside the passage it was written in, so removing a passage
 * alone would leave its notes published. A footnote is internal when its definition was written
 * inside a passage, or when every reference to it is inside one.
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
