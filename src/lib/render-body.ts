import GithubSlugger from 'github-slugger';
import type { Element, ElementContent, Nodes, Parents, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';
import { markdownToHast, mdxToHast } from 'satteri';
import { COMPONENTS, type ComponentProps } from './body-components.ts';

/**
 * Renders a postmortem body to HTML with Sätteri (GitHub-flavoured Markdown), the parser the
 * validator checks it with. A validated body is static (no imports, exports or expressions;
 * only the project's components, with text attributes), so it needs no JavaScript module: the
 * content loader stores this HTML, and Vite never compiles thousands of MDX files.
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

/** Replaces JSX nodes by HTML elements and drops anything that would need JavaScript. */
function lower(children: readonly unknown[]): ElementContent[] {
  const out: ElementContent[] = [];
  for (const child of children as Nodes[]) {
    const type = (child as { type: string }).type;
    if (type === 'mdxJsxFlowElement' || type === 'mdxJsxTextElement') {
      const node = child as unknown as JsxNode;
      const inner = lower(node.children ?? []);
      const component = node.name ? COMPONENTS[node.name] : undefined;
      if (component) out.push(component(textAttributes(node), inner));
      else if (node.name && /^[a-z][a-z0-9-]*$/.test(node.name)) {
        out.push({ type: 'element', tagName: node.name, properties: textAttributes(node), children: inner });
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

export function renderBody(body: string, mdx: boolean): RenderedBody {
  const tree = (mdx ? mdxToHast(body) : markdownToHast(body)) as Root;
  tree.children = lower(tree.children) as Root['children'];
  const headings: BodyHeading[] = [];
  addHeadingIds(tree, new GithubSlugger(), headings);
  return { html: toHtml(tree, { allowDangerousHtml: true }), headings };
}
