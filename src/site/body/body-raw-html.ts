import type { Root } from 'hast';
import { eachNode, type BodyProblem } from './body-checks.ts';
import { OPTIONAL_END, VOID } from './body-limits.ts';
import { INTERNAL } from './body-components.ts';
import { BODY_SCHEMA } from './body-sanitize.ts';

/**
 * What raw HTML in a `.md` body does to the rest of the body, seen on the HTML as written
 * (the tree's `raw` nodes, in order, before the HTML parser runs). The sanitizer cannot see
 * these: they change where things end, not what they are. An HTML comment that is never
 * closed hides everything after it; an allowed element that is never closed (`<a href>`,
 * `<details>`, `<b>`) takes in everything after it, so the rest of the body becomes one link,
 * one collapsed disclosure or bold text. The HTML parser drops `<html>`, `<head>` and `<body>`
 * tags with their attributes without a trace. MDX needs none of this: JSX must be closed.
 */

/** Elements whose content is text up to their end tag: tags inside them are not tags. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);
/**
 * Elements the HTML parser opens again after an end tag of an element around them closed them
 * (`<div><a href>…</div>` goes on as a link after the div): they stay open until their own end tag.
 */
const FORMATTING = new Set(['a', 'b', 'big', 'code', 'em', 'font', 'i', 'nobr', 's', 'small', 'strike', 'strong', 'tt', 'u']);
/** Comments (`<!-->` and `<!--->` are whole ones too, and `--!>` ends one), then bogus comments (`<!x>`, `<?x>`). */
const COMMENT_RE = /<!--(?:-?>|[\s\S]*?--!?>)|<(?:!(?!--)|\?)[^>]*>/g;
const TAG_RE = /<(\/?)([A-Za-z][A-Za-z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g;

interface Open {
  name: string;
  line: number;
  column: number;
}

interface Scan {
  open: Open[];
  /** The raw-text element whose end tag is still ahead, or `plaintext`, which has none. */
  rawText?: string;
  problems: BodyProblem[];
}

/** The elements that can run on: those the sanitizer keeps, and `<Internal>`, which the public edition removes with all it holds. */
const TRACKED = new Set([...BODY_SCHEMA.tagNames!, INTERNAL.toLowerCase()]);

/** Where `index` of a raw node's text is in the body. */
function pointAt(value: string, index: number, start: { line: number; column: number }) {
  const before = value.slice(0, index);
  const newlines = before.split('\n').length - 1;
  return { line: start.line + newlines, column: newlines ? index - before.lastIndexOf('\n') : start.column + index };
}

const problem = (where: { line: number; column: number }, message: string, hint: string): BodyProblem => ({
  ...where,
  severity: 'error',
  rule: 'unclosed-html',
  message,
  hint,
});

/** Follows the start and end tags of one raw node's text (comments blanked out). */
function scanTags(text: string, start: { line: number; column: number }, scan: Scan): void {
  TAG_RE.lastIndex = 0;
  for (let m = TAG_RE.exec(text); m; m = TAG_RE.exec(text)) {
    const name = m[2]!.toLowerCase();
    const closing = m[1] === '/';
    if (scan.rawText) {
      if (closing && name === scan.rawText) scan.rawText = undefined;
      continue;
    }
    if (closing) {
      const at = scan.open.map((o) => o.name).lastIndexOf(name);
      if (at >= 0) scan.open = [...scan.open.slice(0, at), ...scan.open.slice(at + 1).filter((o) => FORMATTING.has(o.name))];
    } else if (name === 'plaintext') {
      scan.rawText = name;
      return;
    } else if (RAW_TEXT.has(name)) scan.rawText = name;
    else if (!VOID.has(name) && !OPTIONAL_END.has(name) && TRACKED.has(name)) {
      // A link inside a link closes the first one.
      if (name === 'a') scan.open = scan.open.filter((o) => o.name !== 'a');
      scan.open.push({ name, ...pointAt(text, m.index, start) });
    }
  }
}

/** Problems with the raw HTML of a Markdown body: unclosed comments and elements, page tags. */
export function rawHtmlProblems(tree: Root): BodyProblem[] {
  const scan: Scan = { open: [], problems: [] };
  eachNode(tree, (node) => {
    if (node.type !== 'raw' || scan.rawText === 'plaintext') return;
    const start = { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
    const page = /<(html|head|body)(?=[\s/>])/i.exec(node.value);
    if (page)
      scan.problems.push({
        ...pointAt(node.value, page.index, start),
        severity: 'error',
        rule: 'unsafe-html',
        message: `<${page[1]!.toLowerCase()}> is not allowed in a postmortem body`,
        hint: 'the page has its own; write only the content',
      });
    // Comments become spaces of their own length, so positions after them stay right.
    const text = node.value.replace(COMMENT_RE, (c) => c.replace(/[^\n]/g, ' '));
    const unclosed = text.indexOf('<!--');
    scanTags(unclosed < 0 ? text : text.slice(0, unclosed), start, scan);
    if (unclosed >= 0 && !scan.rawText) {
      scan.problems.push(
        problem(
          pointAt(text, unclosed, start),
          'an HTML comment `<!--` that is never closed hides everything after it',
          'end the comment with `-->`, or remove it',
        ),
      );
    }
  });
  for (const open of scan.open) {
    scan.problems.push(
      problem(
        open,
        `<${open.name}> is never closed, so everything after it, to the end of the body, ends up inside it`,
        `close it with </${open.name}> where it should end`,
      ),
    );
  }
  return scan.problems.sort((a, b) => a.line - b.line || a.column - b.column);
}
