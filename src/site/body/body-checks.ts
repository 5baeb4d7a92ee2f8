import type { Element, Nodes, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { CALLOUT_TYPES, COMPONENT_ATTRIBUTES, COMPONENTS } from './body-components.ts';

/**
 * Checks on a postmortem's body: required sections, and what MDX may contain. Postmortem bodies
 * come from many authors and MDX runs at build time, so a body may use Markdown, plain HTML and
 * the project's own components, and nothing that executes. What HTML may contain is the
 * sanitizer's business (body-sanitize.ts); these checks see the body's hast tree as Sätteri
 * parses it (render-body.ts prepareBody), before the sanitizer.
 */

/** Components available in every postmortem without an import (body-components.ts renders them). */
export const ALLOWED_COMPONENTS = Object.keys(COMPONENTS);

export interface BodyProblem {
  /** Line within the body, 1-based. */
  line: number;
  column: number;
  severity: 'error' | 'warning';
  rule: string;
  message: string;
  hint?: string;
}

export interface SectionRule {
  /** Readable name, used in messages. */
  name: string;
  /** Heading text fragments (lower case) that count as this section. */
  keywords: readonly string[];
  /** What the section should say, for the message when it is missing. */
  purpose: string;
  severity: 'error' | 'warning';
}

export const SECTION_RULES: readonly SectionRule[] = [
  {
    name: 'Timeline',
    keywords: ['timeline'],
    purpose: 'what happened when, from the trigger to full recovery (or fill in the frontmatter `timeline`)',
    severity: 'error',
  },
  {
    name: 'Root cause',
    keywords: ['root cause', 'cause'],
    purpose: 'why it happened, beyond the trigger: the conditions that let it happen',
    severity: 'error',
  },
  {
    name: 'Resolution',
    keywords: ['resolution', 'recovery', 'fix'],
    purpose: 'what stopped the impact and what restored service',
    severity: 'error',
  },
  {
    name: 'Lessons learned',
    keywords: ['lesson', 'learn'],
    purpose: 'what went well, what went badly, and where the team got lucky',
    severity: 'warning',
  },
];

/** Visits every node of a tree, parents first, without recursion (bodies can nest deep). */
export function eachNode(root: Nodes, visit: (node: Nodes) => void) {
  const stack: Nodes[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    visit(node);
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
}

/** Whether an element carries a class (hast keeps `className` as a list, or a string as written). */
export function hasClass(element: Element, name: string): boolean {
  return ([] as unknown[]).concat(element.properties.className ?? []).includes(name);
}

/**
 * Every heading of the body, in order, and whether it lies inside an `<Internal>` passage (which
 * the public edition removes whole). One walk, without recursion (bodies can nest deep).
 */
export function bodyHeadings(tree: Root): { text: string; internal: boolean }[] {
  const out: { text: string; internal: boolean }[] = [];
  const stack: { node: Nodes; internal: boolean }[] = [{ node: tree, internal: false }];
  while (stack.length) {
    const { node, internal } = stack.pop()!;
    if (node.type === 'element' && /^h[1-6]$/.test(node.tagName)) out.push({ text: toString(node), internal });
    if (!('children' in node)) continue;
    const inside = internal || (node.type === 'element' && hasClass(node, 'internal'));
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, internal: inside });
  }
  return out;
}

/** Which of the section rules have no heading (the timeline also counts when given in frontmatter). */
export function missingSections(headings: readonly string[], hasFrontmatterTimeline: boolean): SectionRule[] {
  const lower = headings.map((h) => h.toLowerCase());
  return SECTION_RULES.filter((rule) => {
    if (rule.name === 'Timeline' && hasFrontmatterTimeline) return false;
    return !lower.some((h) => rule.keywords.some((k) => h.includes(k)));
  });
}

type Point = { line: number; column: number };
const at = (node: { position?: { start: Point } }): Point => ({
  line: node.position?.start.line ?? 1,
  column: node.position?.start.column ?? 1,
});

interface JsxAttribute {
  type: string;
  name?: string;
  value?: unknown;
}

type Where = ReturnType<typeof at>;
const COMPONENT_LIST = () => ALLOWED_COMPONENTS.map((c) => `<${c}>`).join(', ');
const error = (where: Where, rule: string, message: string, hint: string): BodyProblem => ({
  ...where,
  severity: 'error',
  rule,
  message,
  hint,
});

/** An `import` or `export` line; when it imports only our own components, the hint says they need none. */
function esmProblem(value: string, where: Where, allowed: ReadonlySet<string>): BodyProblem {
  const isImport = /^\s*import\b/.test(value);
  // `import { Callout } from '...'`: the author only needed to know it is already there.
  const names = isImport ? (/^\s*import\s+(?:\{([^}]*)\}|(\w+))\s+from\b/.exec(value) ?? []) : [];
  const imported = (names[1] ?? names[2] ?? '')
    .split(',')
    .map((n) => n.trim().split(/\s+as\s+/)[0]!)
    .filter(Boolean);
  const onlyOurs = imported.length > 0 && imported.every((n) => allowed.has(n));
  return error(
    where,
    'mdx-esm',
    `${isImport ? 'an `import`' : 'an `export`'} statement in a postmortem body`,
    onlyOurs
      ? `delete the line: ${imported.map((n) => `<${n}>`).join(', ')} ${imported.length === 1 ? 'is' : 'are'} available in every postmortem without an import`
      : `postmortems cannot import or export code; the components ${COMPONENT_LIST()} are available without an import, and data belongs in the frontmatter`,
  );
}

/** One attribute of a component: written as text, known to the component, and a valid value. */
function attributeProblem(name: string, attribute: JsxAttribute, where: Where): BodyProblem | undefined {
  if (attribute.type === 'mdxJsxExpressionAttribute' || (attribute.value && typeof attribute.value === 'object')) {
    return error(
      where,
      'mdx-expression',
      `<${name}> has an attribute written as a JavaScript expression`,
      'write attribute values as quoted text: title="Peak error rate"',
    );
  }
  const known = COMPONENT_ATTRIBUTES[name];
  if (known && !known.includes(attribute.name ?? '')) {
    return error(
      where,
      'mdx-component',
      `<${name}> has no attribute \`${attribute.name}\``,
      `the attributes of <${name}> are ${known.join(', ')}`,
    );
  }
  if (name === 'Callout' && attribute.name === 'type' && !(CALLOUT_TYPES as readonly string[]).includes(String(attribute.value))) {
    return error(
      where,
      'mdx-component',
      `<Callout type=${JSON.stringify(String(attribute.value ?? ''))}> is not a kind of callout`,
      `use type="${CALLOUT_TYPES.join('", "')}"`,
    );
  }
  return undefined;
}

/** A JSX element: a fragment, an unknown component, or attributes that are not plain text. */
function elementProblems(
  node: { name?: string | null; attributes?: JsxAttribute[] },
  where: Where,
  allowed: ReadonlySet<string>,
): BodyProblem[] {
  const name = node.name ?? '';
  const problems: BodyProblem[] = [];
  const isComponent = /^[A-Z]/.test(name) || name.includes('.');
  if (!name) problems.push(error(where, 'mdx-component', 'a JSX fragment `<>` in a postmortem body', 'remove the fragment'));
  else if (isComponent && !allowed.has(name)) {
    problems.push(error(where, 'mdx-component', `unknown component <${name}>`, `only ${COMPONENT_LIST()} are available in postmortems`));
  }
  for (const attribute of node.attributes ?? []) {
    const problem = attributeProblem(name, attribute, where);
    if (problem) problems.push(problem);
  }
  return problems;
}

/**
 * An expression holding only comments, `{/* note *\/}`: MDX's way to write a comment (its parser
 * suggests it for `<!-- -->`). It computes nothing and renders nothing, so it is allowed.
 */
const COMMENT_ONLY_RE = /^\s*(?:(?:\/\*[\s\S]*?\*\/|\/\/[^\n]*)\s*)*$/;

/** What an MDX body may not contain: ESM, expressions, unknown components, attributes as expressions. */
export function mdxProblems(tree: Root): BodyProblem[] {
  const problems: BodyProblem[] = [];
  const allowed = new Set<string>(ALLOWED_COMPONENTS);
  eachNode(tree, (node) => {
    const type = node.type as string;
    const where = at(node as { position?: { start: Point } });
    const value = String((node as { value?: string }).value ?? '');
    if (type === 'mdxjsEsm') problems.push(esmProblem(value, where, allowed));
    else if ((type === 'mdxFlowExpression' || type === 'mdxTextExpression') && !COMMENT_ONLY_RE.test(value)) {
      problems.push(
        error(
          where,
          'mdx-expression',
          `a JavaScript expression \`{${value.trim().slice(0, 40)}}\` in a postmortem body`,
          'expressions run at build time and are not allowed: write the value as text, or escape the brace as `\\{`',
        ),
      );
    } else if (type === 'mdxJsxFlowElement' || type === 'mdxJsxTextElement')
      problems.push(...elementProblems(node as never, where, allowed));
  });
  return problems;
}
