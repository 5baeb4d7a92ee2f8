import { refusedCharacter, type RefusedCharacter } from '../../format/characters.ts';
import type { BodyProblem } from './body-checks.ts';

/**
 * Size limits on a postmortem body, checked on the text before any parser sees it. Deep nesting
 * is not only a stack-overflow hazard for every recursive tree walk after the parser (hast
 * utilities, the HTML serializer): Sätteri's own parse of nested block quotes, list items and
 * JSX tags is quadratic (10,000 `>` take 0.1 s, 400,000 take a minute). A real postmortem nests
 * a few levels and writes lines of a few hundred characters; the limits sit far above that.
 */

/**
 * Deepest nesting of block quotes and list markers on one line, and of open HTML/JSX tags
 * (an estimate over the text outside code: tags whose end HTML makes optional do not count
 * in `.md`).
 */
export const MAX_NESTING = 32;

/** Deepest element tree after parsing (one list level is `ul > li > p`, so 32 lists fit). */
export const MAX_TREE_DEPTH = 128;

/**
 * Most HTML/JSX tags an MDX body may hold after an expression, `{…}`, that is not a comment.
 * Sätteri scans tags left open inside an expression in exponential time (each tag doubles it:
 * 24 take a second, 30 over a minute), and where its expression ends depends on JavaScript's
 * strings, which a text scan cannot follow. Such a body is refused anyway (a postmortem's only
 * expressions are comments, `{/* note *\/}`), so every tag after the first one counts.
 */
export const MAX_EXPRESSION_TAGS = 10;

/** Longest line of a body, code blocks included, in characters. */
export const MAX_LINE_LENGTH = 10_000;

/** HTML elements that never have content, so never nest. */
export const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** HTML elements closed implicitly by a sibling of their kind, so `<p><p>` does not nest. */
export const OPTIONAL_END = new Set([
  'p',
  'li',
  'dt',
  'dd',
  'tr',
  'td',
  'th',
  'thead',
  'tbody',
  'tfoot',
  'option',
  'optgroup',
  'rt',
  'rp',
  'colgroup',
  'caption',
]);

const FENCE_RE = /^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)*(`{3,}|~{3,})/;
const CONTAINER_RE = /[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))/y;

function tooDeep(line: number, what: string): BodyProblem {
  return {
    line,
    column: 1,
    severity: 'error',
    rule: 'body-too-deep',
    message: `${what} nested more than ${MAX_NESTING} deep`,
    hint: 'flatten the structure: a postmortem needs a few levels of lists and quotes at most',
  };
}

/** How many block quote and list markers open the line. */
function containerDepth(line: string): number {
  CONTAINER_RE.lastIndex = 0;
  let depth = 0;
  while (CONTAINER_RE.exec(line)) depth++;
  return depth;
}

/**
 * Estimates the tag nesting of one line's text outside code spans, carrying the depth and an
 * unfinished tag (`<Figure` on one line, `/>` on a later one) from line to line.
 */
interface TagState {
  depth: number;
  /** The name of a tag whose `>` is on a later line. */
  open?: string;
}

function scanTags(text: string, mdx: boolean, state: TagState): boolean {
  let i = 0;
  const close = (selfClosing: boolean) => {
    const name = state.open!;
    state.open = undefined;
    if (VOID.has(name) || (mdx && selfClosing) || (!mdx && OPTIONAL_END.has(name))) return false;
    state.depth++;
    return state.depth > MAX_NESTING;
  };
  if (state.open !== undefined) {
    const end = text.indexOf('>');
    if (end < 0) return false;
    if (close(text[end - 1] === '/')) return true;
    i = end + 1;
  }
  while (i < text.length) {
    const c = text[i]!;
    if (c === '`') {
      let run = 1;
      while (text[i + run] === '`') run++;
      const fence = '`'.repeat(run);
      const end = text.indexOf(fence, i + run);
      i = end < 0 ? i + run : end + run;
      continue;
    }
    if (c === '<') {
      const tag = /^<(\/?)([A-Za-z][\w:.-]*)/.exec(text.slice(i, i + 64));
      if (tag) {
        if (tag[1]) state.depth = Math.max(0, state.depth - 1);
        else {
          state.open = tag[2]!.toLowerCase();
          const end = text.indexOf('>', i);
          if (end < 0) return false;
          if (close(text[end - 1] === '/')) return true;
          i = end + 1;
          continue;
        }
      }
    }
    i++;
  }
  return false;
}

/** The index just past a comment-only expression starting at `start` (a `{`), or -1 if it is not one. */
function commentEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    while (/\s/.test(text[i] ?? '')) i++;
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return -1;
      i = end + 2;
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      if (end < 0) return -1;
      i = end + 1;
    } else return text[i] === '}' ? i + 1 : -1;
  }
}

/** The index of the next run of exactly `run` backticks at or after `from`, or -1. */
function nextRun(text: string, from: number, run: number): number {
  const fence = '`'.repeat(run);
  for (let at = text.indexOf(fence, from); at >= 0; at = text.indexOf(fence, at)) {
    let end = at + run;
    while (text[end] === '`') end++;
    if (end - at === run && text[at - 1] !== '`') return at;
    at = end;
  }
  return -1;
}

/**
 * The line where an MDX body's prose (fenced code blanked out) passes MAX_EXPRESSION_TAGS tags
 * after its first expression that is not a comment. Code spans (which end within their
 * paragraph) and escaped braces are text. Each run length's next closing run is remembered, so
 * a body of many backticks stays near linear.
 */
function expressionTagsLine(prose: string): number | undefined {
  const blank = /\n[ \t]*\n/g;
  let paragraphEnd = -1;
  const runs = new Map<number, number>();
  let tags = -1;
  for (let i = 0; i < prose.length; i++) {
    const c = prose[i]!;
    if (tags >= 0) {
      if (c === '<' && /[A-Za-z>/]/.test(prose[i + 1] ?? '') && ++tags > MAX_EXPRESSION_TAGS) return prose.slice(0, i).split('\n').length;
    } else if (c === '\\') i++;
    else if (c === '`') {
      let run = 1;
      while (prose[i + run] === '`') run++;
      if (paragraphEnd < i) {
        blank.lastIndex = i;
        paragraphEnd = blank.exec(prose)?.index ?? prose.length;
      }
      let close = runs.get(run);
      if (close === undefined || (close >= 0 && close <= i)) runs.set(run, (close = nextRun(prose, i + run, run)));
      i = (close >= 0 && close < paragraphEnd ? close + run : i + run) - 1;
    } else if (c === '{') {
      const end = commentEnd(prose, i);
      if (end < 0) tags = 0;
      else i = end - 1;
    }
  }
  return undefined;
}

/**
 * A character no text may hold (characters.ts): a control character is written into the page
 * and the search index as it is, and a bidirectional control makes text, code included, read
 * in another order than it runs ("Trojan Source"). Named, never echoed.
 */
function characterProblem(number: number, bad: RefusedCharacter): BodyProblem {
  return {
    line: number,
    column: bad.index + 1,
    severity: 'error',
    rule: 'body-character',
    message: `the body contains ${bad.name}, ${bad.kind}`,
    hint: 'delete it: it shows as nothing or as a box, and can change what a reader sees',
  };
}

/**
 * Problems that make a body unsafe to hand to the parser: a character no text may hold, a line over MAX_LINE_LENGTH,
 * block quotes or lists nested deeper than MAX_NESTING on one line, HTML/JSX tags
 * opened deeper than MAX_NESTING, or (in MDX) more than MAX_EXPRESSION_TAGS tags after an
 * expression that is not a comment. Linear in the text; code blocks only count for line length.
 */
export function bodyLimitProblems(body: string, mdx: boolean): BodyProblem[] {
  const problems: BodyProblem[] = [];
  const lines = body.split('\n');
  const tags: TagState = { depth: 0 };
  /** The lines outside fenced code, for the expression check. */
  const prose: string[] = [];
  let fence: string | undefined;
  let deep = false;
  lines.forEach((line, index) => {
    const number = index + 1;
    // Counted in characters (code points), as the message says: an emoji is one, not two.
    const length = line.length > MAX_LINE_LENGTH ? [...line].length : line.length;
    if (length > MAX_LINE_LENGTH) {
      problems.push({
        line: number,
        column: [...line].slice(0, MAX_LINE_LENGTH).join('').length + 1,
        severity: 'error',
        rule: 'line-too-long',
        message: `the line is ${length.toLocaleString('en-US')} characters long, over the limit of ${MAX_LINE_LENGTH.toLocaleString('en-US')}`,
        hint: 'break the text into lines or paragraphs; move logs and data dumps out of the postmortem and link to them',
      });
    }
    const bad = refusedCharacter(line, true);
    if (bad) problems.push(characterProblem(number, bad));
    if (deep) return;
    const marker = FENCE_RE.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      prose.push('');
      return;
    }
    if (marker) {
      fence = marker;
      prose.push('');
      return;
    }
    prose.push(line);
    if (containerDepth(line) > MAX_NESTING) {
      problems.push(tooDeep(number, 'block quotes and lists are'));
      deep = true;
    } else if (scanTags(line, mdx, tags)) {
      problems.push(tooDeep(number, 'HTML tags are'));
      deep = true;
    }
  });
  // Most bodies hold no brace at all: then there is no expression to scan after.
  const expressionLine = mdx && !deep && body.includes('{') ? expressionTagsLine(prose.join('\n')) : undefined;
  if (expressionLine !== undefined) {
    problems.push({
      line: expressionLine,
      column: 1,
      severity: 'error',
      rule: 'body-too-deep',
      message: `more than ${MAX_EXPRESSION_TAGS} tags after a \`{…}\` expression`,
      hint: 'a postmortem body holds no expressions: escape the brace as `\\{`, put it in `code`, or rename the file to .md',
    });
  }
  return problems;
}
