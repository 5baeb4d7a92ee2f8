import type { Element, Nodes, Root } from 'hast';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';
import { find, html } from 'property-information';
import type { BodyProblem } from './body-checks.ts';
import { COMPONENTS } from './body-components.ts';

/**
 * The allowlist every postmortem body is rendered through, and the list of what it removed.
 * The schema is GitHub's (hast-util-sanitize's `defaultSchema`: Markdown's elements, GFM
 * tables, task lists and footnotes) without forms, pictures and form-ish attributes, plus what
 * the project's components render (body-components.ts). Authors get no `style`, no event
 * handlers, no embedding and no active SVG or MathML; every URL attribute passes one protocol
 * check (`protocols`, after normalizeUrl): http, https, mailto or relative.
 *
 * The validator reports exactly what the renderer removes: both call sanitizeTree, which
 * compares the tree before and after hast-util-sanitize and returns every element, attribute
 * and value that did not survive, at its source line.
 */

const aria = ['ariaDescribedBy', 'ariaLabel', 'ariaLabelledBy'];
/** Attributes GitHub allows everywhere that only make sense on forms or image maps. */
const FORM_ATTRIBUTES = new Set([
  'accept',
  'acceptCharset',
  'accessKey',
  'action',
  'coords',
  'encType',
  'isMap',
  'method',
  'noHref',
  'prompt',
  'shape',
  'useMap',
]);

/** Elements removed with their content: their text is code or a page of its own, never prose. */
export const STRIPPED = [
  'script',
  'style',
  'title',
  'textarea',
  'xmp',
  'plaintext',
  'noscript',
  'noembed',
  'noframes',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'template',
  'svg',
  'math',
  'select',
  'head',
];

/**
 * Which attributes hold URLs and which protocols each may use (relative URLs always pass).
 * Images only over https, as the Content-Security-Policy's `img-src` (csp.ts) loads them.
 */
const PROTOCOLS: Record<string, string[]> = { href: ['http', 'https', 'mailto'], src: ['https'], cite: ['http', 'https'] };

/**
 * Marks each element with its index so the clean tree can be matched to the input. A property
 * name with a space: no HTML or JSX attribute can spell it, so no author can forge or see it.
 * (A `data` field would work too, but hast-util-sanitize deep-clones `data`, three times slower.)
 */
const MARK = 'hindsight id';

/** The hast-util-sanitize schema every body is rendered with (see the module comment). */
export const BODY_SCHEMA: Schema = {
  ...defaultSchema,
  tagNames: [
    ...defaultSchema.tagNames!.filter((t) => !['picture', 'source'].includes(t)),
    'aside',
    'figure',
    'figcaption',
    'abbr',
    'mark',
    'u',
    'caption',
  ],
  attributes: {
    ...defaultSchema.attributes,
    img: [...aria, 'src', ['loading', 'lazy']],
    source: [],
    // Components (body-components.ts).
    aside: [['className', 'callout', 'callout-note', 'callout-tip', 'callout-warning', 'callout-danger', 'internal'], 'ariaLabel'],
    p: [['className', 'callout-title', 'internal-label']],
    figure: [['className', 'figure']],
    span: [['className', 'metric', 'metric-value', 'metric-label', 'metric-note', 'internal', 'internal-label']],
    '*': [...defaultSchema.attributes!['*']!.filter((a) => !FORM_ATTRIBUTES.has(typeof a === 'string' ? a : a[0])), MARK],
  },
  protocols: PROTOCOLS,
  strip: STRIPPED,
};

const CLOBBER_PREFIX = BODY_SCHEMA.clobberPrefix ?? '';

/** A component's name by the tag an HTML parser makes of it (`<Callout>` in a .md file is `<callout>`). */
const COMPONENT_NAMES = new Map(Object.keys(COMPONENTS).map((name) => [name.toLowerCase(), name]));

/** The tag names a body may use, for messages. */
export const ALLOWED_ELEMENTS: readonly string[] = [...BODY_SCHEMA.tagNames!].sort();

const attributeName = (property: string) => find(html, property).attribute;

/**
 * Normalizes a URL the way a browser reads it before the protocol check sees it: no tab or
 * newline anywhere, no control characters or spaces around it, the scheme in lower case. So
 * `\u0001 JavaScript:` and `java\tscript:` are checked as `javascript:` (and refused). The
 * parsers have already decoded entities (`&colon;`, `&#58;`, `&#x3A;`).
 */
export function normalizeUrl(url: string): string {
  const clean = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  return clean.replace(/^[a-z][a-z0-9+.-]*:/i, (scheme) => scheme.toLowerCase());
}

interface Seen {
  element: Element;
  parent: Seen | undefined;
  /** The element's own position, or its nearest ancestor's (component parts have none). */
  line: number;
  column: number;
  /** URL attributes as the author wrote them, where normalizeUrl changed them. */
  written?: Record<string, unknown>;
}

/** Visits every node, parents first, without recursion. */
function eachNode(root: Nodes, visit: (node: Nodes, parent: Seen | undefined) => Seen | undefined | false) {
  const stack: [Nodes, Seen | undefined][] = [[root, undefined]];
  while (stack.length) {
    const [node, parent] = stack.pop()!;
    const seen = visit(node, parent);
    if (seen === false || !('children' in node)) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push([node.children[i]!, seen ?? parent]);
  }
}

const show = (value: unknown) => JSON.stringify(String(value).length > 80 ? `${String(value).slice(0, 80)}…` : String(value));

function describe(seen: Seen, property: string, removed: unknown[] | undefined): BodyProblem {
  const { element, line, column } = seen;
  // An attribute of a component's element came from the component's own attribute.
  const tag = (element.data as { component?: string } | undefined)?.component ?? element.tagName;
  const attribute = attributeName(property);
  const where = { line, column, severity: 'error' as const };
  const written = seen.written?.[property] ?? element.properties[property];
  const definitions = [...(BODY_SCHEMA.attributes![element.tagName] ?? []), ...BODY_SCHEMA.attributes!['*']!];
  const definition = definitions.find((d) => (typeof d === 'string' ? d : d[0]) === property);
  if (property in PROTOCOLS && definition) {
    return {
      ...where,
      rule: 'unsafe-url',
      message: `<${tag} ${attribute}> has the address ${show(written)}, which is not allowed`,
      hint:
        property === 'href'
          ? 'links may be http, https, mailto or relative (/path, ../file, #section)'
          : property === 'src'
            ? `<${tag} ${attribute}> may be https or relative (/img/graph.png)`
            : `<${tag} ${attribute}> may be http, https or relative`,
    };
  }
  if (removed && definition && typeof definition !== 'string') {
    return {
      ...where,
      rule: 'unsafe-html',
      message: `the ${attribute} ${removed.map(show).join(', ')} on <${tag}> is not allowed`,
      hint: `allowed ${attribute} values on <${tag}>: ${definition.slice(1).map(String).join(', ')}`,
    };
  }
  const allowed = definitions.filter((d) => d !== MARK).map((d) => attributeName(typeof d === 'string' ? d : d[0]));
  return {
    ...where,
    rule: 'unsafe-html',
    message: `the attribute \`${attribute}\` on <${tag}> is not allowed`,
    hint: /^on/i.test(attribute)
      ? 'postmortems cannot run script: remove the attribute'
      : attribute === 'style'
        ? 'authors cannot style the page: use Markdown (emphasis, headings, tables) or a <Callout>'
        : `allowed attributes on <${tag}>: ${[...new Set(allowed)].sort().join(', ')}`,
  };
}

function elementProblem(seen: Seen): BodyProblem {
  const tag = seen.element.tagName;
  const ancestors: string[] = [];
  for (let up = seen.parent; up; up = up.parent) ancestors.push(up.element.tagName);
  const needs = BODY_SCHEMA.ancestors?.[tag];
  const allowedHere = BODY_SCHEMA.tagNames!.includes(tag);
  return {
    line: seen.line,
    column: seen.column,
    severity: 'error',
    rule: 'unsafe-html',
    message:
      allowedHere && needs && !needs.some((a) => ancestors.includes(a))
        ? `<${tag}> is only allowed inside <${needs.join('> or <')}>`
        : `<${tag}> is not allowed in a postmortem body`,
    hint: COMPONENT_NAMES.has(tag)
      ? `<${COMPONENT_NAMES.get(tag)}> is a component: components work in .mdx files, spelled with a capital letter`
      : `allowed elements: ${ALLOWED_ELEMENTS.join(', ')}; show markup as \`code\` instead`,
  };
}

/**
 * Prepares one element for the sanitizer: GFM table alignment becomes the `align` attribute (the
 * page's Content-Security-Policy refuses inline styles), URLs are normalized (the value written
 * is kept for the message), and footnote ids lose the prefix the sanitizer adds again itself.
 */
function prepareElement(node: Element, seen: Seen): void {
  const properties = node.properties;
  if (properties.style !== undefined && (node.tagName === 'td' || node.tagName === 'th')) {
    const align = /^text-align:\s*(left|center|right);?$/.exec(String(properties.style));
    if (align) {
      delete properties.style;
      properties.align = align[1]!;
    }
  }
  for (const key in PROTOCOLS) {
    const value = properties[key];
    if (typeof value !== 'string') continue;
    const url = normalizeUrl(value);
    if (url === value) continue;
    (seen.written ??= {})[key] = value;
    properties[key] = url;
  }
  for (const key of BODY_SCHEMA.clobber ?? []) {
    const value = properties[key];
    if (value === undefined) continue;
    const unprefix = (v: unknown) => (typeof v === 'string' && v.startsWith(CLOBBER_PREFIX) ? v.slice(CLOBBER_PREFIX.length) : v);
    properties[key] = (Array.isArray(value) ? value.map(unprefix) : unprefix(value)) as typeof value;
  }
}

/** The problems with one element: removed whole, or some of its attributes or values removed or replaced. */
function removedFrom(node: Element, seen: Seen, out: Element | undefined): BodyProblem[] {
  if (!out) return [elementProblem(seen)];
  const problems: BodyProblem[] = [];
  for (const property in node.properties) {
    const value = node.properties[property];
    const kept = out.properties[property];
    if (kept === undefined) problems.push(describe(seen, property, undefined));
    // A value the schema replaces (`<input type="text">` becomes a checkbox); ids only gain the prefix.
    else if (typeof value === 'string' && typeof kept === 'string' && kept !== value && kept !== CLOBBER_PREFIX + value)
      problems.push(describe(seen, property, [value]));
    else if (Array.isArray(value) && value !== kept) {
      const keptValues = (Array.isArray(kept) ? kept : [kept]).map(String);
      const removed = value.filter((v) => !keptValues.includes(String(v)) && !keptValues.includes(CLOBBER_PREFIX + String(v)));
      if (removed.length) problems.push(describe(seen, property, removed));
    }
  }
  return problems;
}

/**
 * Sanitizes a body tree with BODY_SCHEMA and returns the clean tree with one problem per
 * element, attribute or attribute value the sanitizer removed (comments go without a word:
 * they never show). The input tree is not changed except for URL normalization. Each element
 * is marked with its number before, so the sanitized copy can be matched to it after.
 */
export function sanitizeTree(tree: Root): { tree: Root; problems: BodyProblem[] } {
  const inputs: Seen[] = [];
  eachNode(tree, (node, parent) => {
    if (node.type !== 'element') return undefined;
    const start = node.position?.start;
    const seen: Seen = { element: node, parent, line: start?.line ?? parent?.line ?? 1, column: start?.column ?? parent?.column ?? 1 };
    node.properties[MARK] = inputs.length;
    inputs.push(seen);
    prepareElement(node, seen);
    return seen;
  });
  const clean = sanitize(tree, BODY_SCHEMA) as Root;
  const outputs: (Element | undefined)[] = new Array(inputs.length);
  eachNode(clean, (node) => {
    if (node.type !== 'element') return undefined;
    outputs[node.properties[MARK] as number] = node;
    delete node.properties[MARK];
    return undefined;
  });
  const problems: BodyProblem[] = [];
  eachNode(tree, (node) => {
    if (node.type !== 'element') return undefined;
    const id = node.properties[MARK] as number;
    delete node.properties[MARK];
    problems.push(...removedFrom(node, inputs[id]!, outputs[id]));
    return !outputs[id] && STRIPPED.includes(node.tagName) ? false : inputs[id]!;
  });
  return { tree: clean, problems };
}
