import GithubSlugger from 'github-slugger';
import type { Element, ElementContent, Nodes, Parents, Root } from 'hast';
import { raw, type Options as RawOptions } from 'hast-util-raw';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';
import { markdownToHast, mdxToHast } from 'satteri';
import { eachNode, hasClass, mdxProblems, type BodyProblem } from './body-checks.ts';
import { COMPONENTS, INLINE_COMPONENTS, INTERNAL, type ComponentProps } from './body-components.ts';
import { bodyLimitProblems, MAX_TREE_DEPTH } from './body-limits.ts';
import { rawHtmlProblems } from './body-raw-html.ts';
import { internalFootnotes, internalLinkDefinitions } from './internal-references.ts';
import { sanitizeTree } from './body-sanitize.ts';

/**
 * The one pipeline from a body's text to safe HTML, shared by `validate` and the build so the
 * validator reports exactly what the page would lose: limits on the text (body-limits.ts), a
 * Sätteri parse (GitHub-flavoured Markdown, the parser Astro 7 uses), the MDX checks, JSX
 * lowered to elements, raw HTML parsed into real elements (hast-util-raw), a depth check, and
 * the allowlist sanitizer (body-sanitize.ts). A validated body is static (no imports, exports
 * or expressions; only the project's components, with text attributes), so it needs no
 * JavaScript module: the content loader stores this HTML, and Vite never compiles thousands
 * of MDX files.
 */

export interface BodyHeading {
  depth: number;
  slug: string;
  text: string;
}

export interface RenderedBody {
  html: string;
  headings: BodyHeading[];
}

interface JsxAttribute {
  type: string;
  name?: string;
  value?: unknown;
}

interface JsxNode {
  type: 'mdxJsxFlowElement' | 'mdxJsxTextElement';
  name: string | null;
  attributes: JsxAttribute[];
  children: ElementContent[];
}

function textAttributes(node: JsxNode): ComponentProps {
  const props: ComponentProps = {};
  for (const attribute of node.attributes) {
    if (attribute.type !== 'mdxJsxAttribute' || !attribute.name) continue;
    if (typeof attribute.value === 'string') props[attribute.name] = attribute.value;
    else if (attribute.value === null || attribute.value === undefined) props[attribute.name] = '';
  }
  return props;
}

/** Names the component on the elements it made (not on the author's children), for messages. */
function markComponent(root: Element, name: string, inner: readonly ElementContent[]): Element {
  const authored = new Set<Nodes>(inner);
  const stack: Nodes[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (authored.has(node) || node.type !== 'element') continue;
    node.data = { ...node.data, component: name } as Element['data'];
    stack.push(...node.children);
  }
  return root;
}

/**
 * Replaces JSX nodes by HTML elements (the sanitizer then sees `<a href>` written in JSX as it
 * sees raw HTML) and drops what the MDX checks refuse. Recursive: called on a depth-checked tree.
 */
function lower(children: readonly unknown[]): ElementContent[] {
  const out: ElementContent[] = [];
  for (const child of children as Nodes[]) {
    const type = (child as { type: string }).type;
    if (type === 'mdxJsxFlowElement' || type === 'mdxJsxTextElement') {
      const node = child as unknown as JsxNode & { position?: Element['position'] };
      const inner = lower(node.children ?? []);
      const component = node.name
        ? ((type === 'mdxJsxTextElement' ? INLINE_COMPONENTS[node.name] : undefined) ?? COMPONENTS[node.name])
        : undefined;
      if (component) out.push({ ...markComponent(component(textAttributes(node), inner), node.name!, inner), position: node.position });
      else if (node.name && /^[a-z]/.test(node.name)) {
        // hastscript maps attribute names to properties (`class` to className, `onclick` to
        // onClick); the tag name is set afterwards so `a.b` is not read as a selector.
        const element = h('x', textAttributes(node), inner);
        out.push({ ...element, tagName: node.name, position: node.position });
      } else out.push(...inner);
    } else if (type === 'mdxjsEsm' || type === 'mdxFlowExpression' || type === 'mdxTextExpression') {
      // Never reached for a validated body; never rendered either.
    } else {
      if ('children' in child) (child as Parents).children = lower((child as Parents).children) as Parents['children'];
      out.push(child as ElementContent);
    }
  }
  return out;
}

function addHeadingIds(node: Root | Element, slugger: GithubSlugger, headings: BodyHeading[]) {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    const depth = /^h([1-6])$/.exec(child.tagName)?.[1];
    if (depth && child.properties.id === undefined) {
      const text = toString(child);
      const slug = slugger.slug(text);
      child.properties.id = slug;
      headings.push({ depth: Number(depth), slug, text });
    } else {
      addHeadingIds(child, slugger, headings);
    }
  }
}

/** An element nested deeper than MAX_TREE_DEPTH, at its own line, found without recursion. */
function depthProblem(tree: Root): BodyProblem | undefined {
  const stack: [Nodes, number, Element['position']][] = [[tree, 0, undefined]];
  while (stack.length) {
    const [node, depth, position] = stack.pop()!;
    const here = node.position ?? position;
    if (depth > MAX_TREE_DEPTH && 'children' in node) {
      return {
        line: here?.start.line ?? 1,
        column: here?.start.column ?? 1,
        severity: 'error',
        rule: 'body-too-deep',
        message: `the body nests elements (emphasis, links, lists, quotes or tags) more than ${MAX_TREE_DEPTH} deep here`,
        hint: 'flatten the structure: a postmortem needs a few levels of lists, quotes and emphasis at most',
      };
    }
    if ('children' in node) for (const child of node.children) stack.push([child, depth + 1, here]);
  }
  return undefined;
}

/** How a body is prepared: whether `<Internal>` passages are shown (marked) or removed (the public edition). */
export interface BodyOptions {
  internal?: 'show' | 'remove';
}

/**
 * Finds every `<Internal>` passage (the component in MDX, or `<Internal>` written as HTML in
 * Markdown, which the HTML parser lowercases), makes each the component's marked aside, or
 * removes it, and returns the text of each. Runs before the sanitizer, on a depth-checked tree.
 */
const PHRASING_PARENTS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'em', 'strong', 'a', 'span', 'td', 'th', 'dt']);

function internalPassages(tree: Root, body: string, mode: 'show' | 'remove'): string[] {
  const texts: string[] = [];
  const passages: Element[] = [];
  const visit = (parent: Root | Element) => {
    const kept: Nodes[] = [];
    // Inside a paragraph or a heading the passage is phrasing content: the inline marker.
    const inline = parent.type === 'element' && PHRASING_PARENTS.has(parent.tagName);
    for (const node of parent.children) {
      const make = (inline ? INLINE_COMPONENTS : COMPONENTS)[INTERNAL]!;
      const child =
        node.type === 'element' && node.tagName === 'internal'
          ? { ...markComponent(make({}, node.children), INTERNAL, node.children), position: node.position }
          : node;
      if (
        child.type === 'element' &&
        (child.data as { component?: string } | undefined)?.component === INTERNAL &&
        hasClass(child, 'internal')
      ) {
        texts.push(
          child.children
            .slice(1)
            .map((c) => toString(c))
            .join(' ')
            .trim(),
        );
        passages.push(child);
        if (mode === 'remove') continue;
      }
      if (child.type === 'element') visit(child);
      kept.push(child);
    }
    parent.children = kept as typeof parent.children;
  };
  visit(tree);
  return [...texts, ...internalFootnotes(tree, passages, mode), ...internalLinkDefinitions(tree, passages, body, mode)];
}

export interface PreparedBody {
  /** The sanitized tree; undefined when the body cannot be parsed or breaks a limit. */
  tree?: Root;
  /** The text of each `<Internal>` passage (removed from the tree when asked to). */
  internal: string[];
  /** Everything `validate` reports about the body, lines relative to the body. */
  problems: BodyProblem[];
}

/**
 * Parses, checks and sanitizes a body: the tree the page renders, and every problem, including
 * each element, attribute and URL the sanitizer removed. Never throws on any text.
 */
export function prepareBody(body: string, mdx: boolean, options: BodyOptions = {}): PreparedBody {
  const limits = bodyLimitProblems(body, mdx);
  if (limits.some((p) => p.rule === 'body-too-deep')) return { problems: limits, internal: [] };
  let tree: Root;
  try {
    tree = (mdx ? mdxToHast(body) : markdownToHast(body)) as Root;
  } catch (error) {
    return { problems: [...limits, syntaxProblem(error)], internal: [] };
  }
  const deep = depthProblem(tree);
  if (deep) return { problems: [...limits, deep], internal: [] };
  const problems = [...limits, ...mdxProblems(tree)];
  tree.children = lower(tree.children) as Root['children'];
  let hasRaw = false;
  eachNode(tree, (node) => {
    if (node.type === 'raw') hasRaw = true;
  });
  if (hasRaw && !mdx) problems.push(...rawHtmlProblems(tree));
  if (hasRaw) {
    try {
      // The file gives hast-util-raw's parse positions (it only reads its text).
      tree = raw(tree, { file: { toString: () => body } as RawOptions['file'] }) as Root;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return {
        problems: [
          ...problems,
          {
            line: 1,
            column: 1,
            severity: 'error',
            rule: 'body-too-deep',
            message: 'the HTML in the body nests too deep to render',
            hint: 'flatten the HTML: a postmortem needs a few levels at most',
          },
        ],
        internal: [],
      };
    }
    const rawDeep = depthProblem(tree);
    if (rawDeep) return { problems: [...problems, rawDeep], internal: [] };
  }
  const internal = internalPassages(tree, body, options.internal ?? 'show');
  const clean = sanitizeTree(tree);
  return { tree: clean.tree, problems: [...problems, ...clean.problems], internal };
}

function syntaxProblem(error: unknown): BodyProblem {
  // Sätteri reports "line:column: reason (rule)".
  const message = (error as Error).message ?? String(error);
  const match = /^(\d+):(\d+)(?:-\d+:\d+)?:\s*(.*?)(?:\s+\([\w:-]+\))?$/s.exec(message);
  return {
    line: match ? Number(match[1]) : 1,
    column: match ? Number(match[2]) : 1,
    severity: 'error',
    rule: 'mdx-syntax',
    message: `the MDX body cannot be parsed: ${match ? match[3] : message}`,
    hint: 'in MDX a bare `<` or `{` starts a tag or an expression: write `\\<` and `\\{`, put it in `code`, or rename the file to .md',
  };
}

/**
 * Renders a body to safe HTML with its headings. A body `validate` refused still renders
 * safely (whatever the sanitizer keeps), or as a notice when it cannot be parsed.
 */
export function renderBody(body: string, mdx: boolean, options: BodyOptions = {}): RenderedBody {
  const { tree } = prepareBody(body, mdx, options);
  if (!tree) return { html: '<p>This postmortem body cannot be shown: run <code>npm run validate</code>.</p>', headings: [] };
  const headings: BodyHeading[] = [];
  addHeadingIds(tree, new GithubSlugger(), headings);
  return { html: toHtml(tree), headings };
}
