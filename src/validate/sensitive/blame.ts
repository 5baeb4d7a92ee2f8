import type { Root as MdastRoot, RootContent } from 'mdast';
import type { Nodes as NlcstNode, Parent as NlcstParent, Root as NlcstRoot } from 'nlcst';
import { search } from 'nlcst-search';
import { toString } from 'nlcst-to-string';
import { ParseEnglish } from 'parse-english';
import { PROSE_FIELDS, valuesAt } from '../../format/fields.ts';
import type { SourcePosition } from '../../format/frontmatter.ts';
import words from './blame-words.json' with { type: 'json' };
import { positionsIn, type Finding } from './findings.ts';

/**
 * The `blame` rule: wording that names a person as the cause of an incident or judges one
 * ("Dave forgot to renew the certificate", "human error", "careless", "should have"), in the
 * body's prose (not code, not URLs) and in the frontmatter's free-text fields. A warning, with a
 * suggestion that describes the system instead. The phrases are in blame-words.json.
 *
 * Sentences are tokenised by parse-english and searched by nlcst-search, so a phrase matches
 * whole words of one sentence, whatever the case, apostrophes or dashes. Only text that holds
 * one of the phrases' words is tokenised: most paragraphs never reach the parser.
 */

type Kind = keyof typeof words.suggestions;
interface Phrase {
  phrase: string;
  kind: Kind;
  before?: 'possessive';
  subject?: 'person';
  unlessAfter?: string[];
  unlessFollowedBy?: string[];
}

const PHRASES = new Map((words.phrases as Phrase[]).map((p) => [p.phrase, p]));
const POSSESSIVE_PRONOUNS = new Set(['my', 'his', 'her', 'their', 'your', 'our']);
// Words before a phrase that name who did it, quoted with it: "Dave forgot", "the engineer forgot".
const PERSON_WORDS = new Set([
  'i',
  'we',
  'he',
  'she',
  'they',
  'you',
  'who',
  'someone',
  'somebody',
  'everyone',
  'person',
  'people',
  'engineer',
  'operator',
  'developer',
  'admin',
  'administrator',
  'on-call',
  'oncall',
  'team',
  'sre',
  'dba',
  'reviewer',
  'author',
  'manager',
  'lead',
  'staff',
  'colleague',
  'teammate',
  'responder',
  'commander',
]);
const NOT_NAMES = new Set(['the', 'this', 'that', 'it', 'a', 'an', 'then', 'and', 'but', 'so', 'nobody']);
// Words between a subject and its verb that say nothing about who it is ("Sam really should have").
const ADVERBS = new Set([
  'also',
  'still',
  'then',
  'just',
  'never',
  'not',
  'certainly',
  'clearly',
  'obviously',
  'definitely',
  'probably',
  'simply',
]);
// A subject that is a thing: "it should have", "the check that should have"; after an article the verb is an adjective ("a neglected server").
const THING_WORDS = new Set(['a', 'an', 'the', 'it', 'this', 'these', 'those', 'there', 'what', 'which', 'that']);
const CONJUNCTIONS = new Set(['and', 'but', 'or', 'so', 'then', 'yet']);
const MODIFIED_NOUNS = new Set(words.modifiedNouns);
const WHY: Record<Kind, string> = {
  cause: 'names a person as the cause',
  judgement: 'judges a person',
  counterfactual: 'judges what was done against what someone should have done',
};

// Two cheap tests keep text that cannot match away from the tokeniser (nlcst-search decides):
// one of the phrases' words is there (fast: plain words), then a phrase is, loosely (any word
// for `*`, apostrophes and dashes optional; slower, so only on text that passed the first).
// The longest word of a phrase is the rarest: "fault" of "at fault", not "at".
const literal = (p: string) =>
  p
    .split(' ')
    .filter((w) => w !== '*')
    .map((w) => w.split(/['’-]/)[0]!)
    .reduce((a, b) => (b.length > a.length ? b : a));
const looseWord = (w: string) => (w === '*' ? String.raw`[\w'’-]+` : w.replace(/'/g, "['’]?").replace(/-/g, String.raw`[-\s]?`));
const HAS_WORD = new RegExp(`\\b(?:${[...new Set([...PHRASES.keys()].map(literal))].join('|')})`, 'i');
const HAS_WORD_ALL = new RegExp(HAS_WORD.source, 'gi');
// A `*` that must be a possessive is one, loosely: "Dave's error", not "the error".
const LOOSE_POSSESSIVE = String.raw`(?:[\w-]+['’]s|${[...POSSESSIVE_PRONOUNS].join('|')})`;
const HAS_PHRASE = new RegExp(
  String.raw`\b(?:${[...PHRASES.values()]
    .map(({ phrase, before }) =>
      phrase
        .split(' ')
        .map((w) => (w === '*' && before === 'possessive' ? LOOSE_POSSESSIVE : looseWord(w)))
        .join(String.raw`\s+`),
    )
    .join('|')})\b`,
  'i',
);

const parser = new ParseEnglish();
const normalise = (node: NlcstNode) => toString(node).toLowerCase().replace(/['’-]/g, '');

interface Match {
  /** Offsets in the searched text. */
  start: number;
  end: number;
  /** The phrase as written, with the person before it when one is named. */
  quoted: string;
  /** The phrase as written. */
  text: string;
  kind: Kind;
}

function previousWords(parent: NlcstParent, index: number, count: number): NlcstNode[] {
  const out: NlcstNode[] = [];
  for (let i = index - 1; i >= 0 && out.length < count; i--) {
    const node = parent.children[i] as NlcstNode;
    if (node.type === 'WordNode') out.push(node);
    else if (node.type !== 'WhiteSpaceNode') break;
  }
  return out;
}

const isPersonWord = (word: string) => {
  const w = word.toLowerCase().replace(/['’]s$/, '');
  return PERSON_WORDS.has(w) || (w.endsWith('s') && PERSON_WORDS.has(w.slice(0, -1)));
};

/**
 * Whether the words before a verb phrase (nearest first) make its subject a thing: a lowercase
 * noun that names no person ("the cache", "the alert"), an acronym ("the API"), or "it"; a
 * relative pronoun defers to the word before it ("the check that should have").
 */
function subjectIsThing(before: readonly NlcstNode[]): boolean {
  const words = before.map((w) => toString(w)).filter((w) => !ADVERBS.has(w.toLowerCase()) && !/^\p{Ll}+ly$/u.test(w));
  for (const word of words) {
    const lower = word.toLowerCase();
    if (isPersonWord(word)) return false;
    if ((lower === 'that' || lower === 'which') && words.length > 1) continue;
    if (THING_WORDS.has(lower)) return true;
    if (CONJUNCTIONS.has(lower)) return false;
    return /^\p{Ll}/u.test(word) || /^[\p{Lu}\d]{2,}s?$/u.test(word);
  }
  return false;
}

/** A possessive that belongs to a person: a pronoun, a name's or a person word's ("the engineer's"). */
function personPossessive(word: string): boolean {
  if (POSSESSIVE_PRONOUNS.has(word.toLowerCase())) return true;
  return /['’]s$/i.test(word) && (isPersonWord(word) || /^\p{Lu}\p{Ll}/u.test(word));
}

/** The next two words after `last` in its sentence, lowercased (fewer at its end or at punctuation). */
function nextWords(parent: NlcstParent, last: NlcstNode): string[] {
  const out: string[] = [];
  for (let i = parent.children.indexOf(last as never) + 1; i < parent.children.length && out.length < 2; i++) {
    const node = parent.children[i] as NlcstNode;
    if (node.type === 'WordNode') out.push(toString(node).toLowerCase());
    else if (node.type !== 'WhiteSpaceNode') break;
  }
  return out;
}

/** Blaming phrases in one piece of plain text. */
export function blameMatches(text: string): Match[] {
  if (!HAS_WORD.test(text) || !HAS_PHRASE.test(text)) return [];
  const tree = parser.parse(text) as NlcstRoot;
  const matches: Match[] = [];
  search(tree, [...PHRASES.keys()], (nodes, index, parent, phrase) => {
    const entry = PHRASES.get(phrase)!;
    const first = nodes[0] as NlcstNode;
    const next = nextWords(parent as NlcstParent, nodes.at(-1) as NlcstNode);
    if (entry.unlessFollowedBy && next.some((w) => entry.unlessFollowedBy!.includes(w))) return;
    if (entry.before === 'possessive' && (!personPossessive(toString(first)) || MODIFIED_NOUNS.has(next[0] ?? ''))) return;
    const before = previousWords(parent as NlcstParent, index, 4);
    if (entry.unlessAfter && before.slice(0, 3).some((w) => entry.unlessAfter!.includes(normalise(w)))) return;
    if (entry.subject === 'person' && subjectIsThing(before)) return;
    let start = first.position!.start.offset!;
    const end = nodes.at(-1)!.position!.end.offset!;
    const phraseText = text.slice(start, end);
    const subject = before[0];
    const subjectText = subject ? toString(subject) : '';
    if (
      subject &&
      entry.kind !== 'counterfactual' &&
      !entry.before &&
      ((/^\p{Lu}\p{Ll}+$/u.test(subjectText) && !NOT_NAMES.has(subjectText.toLowerCase())) || isPersonWord(subjectText))
    ) {
      start = subject.position!.start.offset!;
    }
    matches.push({ start, end, quoted: text.slice(start, end), text: phraseText, kind: entry.kind });
  });
  // "blame" inside "to blame" and the like: one finding per place.
  return matches.filter(
    (m, i) => !matches.some((o, j) => j !== i && o.start <= m.start && o.end >= m.end && (o.end - o.start > m.end - m.start || j < i)),
  );
}

function toFinding(match: Match, position: SourcePosition, field?: string): Finding {
  return {
    rule: 'blame',
    ...position,
    severity: 'warning',
    ...(field ? { field } : {}),
    message: `"${match.quoted}" ${WHY[match.kind]}`,
    hint: words.suggestions[match.kind],
    texts: [match.text, match.quoted],
  };
}

// --- body -------------------------------------------------------------------------------------

interface Segment {
  /** Offset in the block's text. */
  at: number;
  /** The text node's source range in the body. */
  source: { start: number; end: number };
}

type AnyNode = MdastRoot | RootContent;
// Paragraphs, headings and cells hold prose; so does phrasing written straight inside a
// component (`<Callout>That was careless.</Callout>`), which the walk reaches on its own.
const BLOCKS_WITH_TEXT = new Set([
  'paragraph',
  'heading',
  'tableCell',
  'text',
  'emphasis',
  'strong',
  'delete',
  'link',
  'mdxJsxTextElement',
]);
const SKIPPED = new Set([
  'code',
  'inlineCode',
  'html',
  'yaml',
  'math',
  'inlineMath',
  'mdxjsEsm',
  'mdxFlowExpression',
  'mdxTextExpression',
  'image',
  'imageReference',
  'definition',
]);

/** The prose of one paragraph, heading or table cell, with where each piece came from. */
function blockText(block: AnyNode): { text: string; segments: Segment[] } {
  let text = '';
  const segments: Segment[] = [];
  const visit = (node: AnyNode) => {
    if (node.type === 'text') {
      const p = node.position;
      if (p?.start.offset !== undefined && p.end.offset !== undefined)
        segments.push({ at: text.length, source: { start: p.start.offset, end: p.end.offset } });
      text += node.value;
    } else if (node.type === 'break') {
      text += '\n';
    } else if (SKIPPED.has(node.type)) {
      text += ' ';
    } else if (
      node.type === 'link' &&
      node.children.length === 1 &&
      node.children[0]!.type === 'text' &&
      /^(?:[a-z]+:|www\.)/i.test(node.children[0]!.value)
    ) {
      text += ' '; // an autolink: the text is the URL
    } else if ('children' in node) {
      for (const child of node.children as RootContent[]) visit(child);
    }
  };
  visit(block);
  return { text, segments };
}

/** Where in the body a match starts: the text node it falls in, checked against the source. */
function sourceOffset(body: string, match: Match, segments: Segment[]): number {
  const segment = segments.findLast((s) => s.at <= match.start);
  if (!segment) return 0;
  const guess = segment.source.start + (match.start - segment.at);
  const wanted = match.quoted.toLowerCase();
  if (body.slice(guess, guess + wanted.length).toLowerCase() === wanted) return guess;
  // Escapes or entities before it in the node (`\{`, `&amp;`) shift it: look for the words.
  const found = body
    .slice(segment.source.start, segment.source.end + 200)
    .toLowerCase()
    .indexOf(wanted.split(/\s/)[0]!);
  return found === -1 ? segment.source.start : segment.source.start + found;
}

/**
 * Blaming wording in the body's prose; positions are the file's (the body starts at `bodyLine`).
 * `tree` gives the body's Markdown tree, asked for only when a phrase's word occurs at all.
 */
export function bodyBlame(tree: () => MdastRoot, body: string, bodyLine: number): Finding[] {
  const findings: Finding[] = [];
  // Only the blocks that hold one of the phrases' words are read (most hold none).
  // Only where a phrase may be, loosely, around one of its words: most bodies are never parsed.
  const hits = [...body.matchAll(HAS_WORD_ALL)].map((m) => m.index).filter((h) => HAS_PHRASE.test(body.slice(Math.max(0, h - 60), h + 60)));
  if (hits.length === 0) return findings;
  const position = positionsIn(body);
  const visit = (node: AnyNode) => {
    if (SKIPPED.has(node.type)) return;
    const start = node.position?.start.offset ?? 0;
    const end = node.position?.end.offset ?? body.length;
    if (!hits.some((h) => h >= start && h < end)) return;
    if (BLOCKS_WITH_TEXT.has(node.type)) {
      const { text, segments } = blockText(node);
      for (const match of blameMatches(text)) {
        const p = position(sourceOffset(body, match, segments));
        findings.push(toFinding(match, { line: bodyLine + p.line - 1, column: p.column }));
      }
      return;
    }
    if ('children' in node) for (const child of node.children as RootContent[]) visit(child);
  };
  visit(tree());
  return findings;
}

// --- frontmatter ------------------------------------------------------------------------------

/** The free-text fields read for blame (the prose fields of fields.ts). */
function freeTextFields(data: Record<string, unknown>): { path: PropertyKey[]; value: string }[] {
  return PROSE_FIELDS.flatMap((field) => valuesAt(data, field)).filter(
    (found): found is { path: PropertyKey[]; value: string } => typeof found.value === 'string',
  );
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Blaming wording in the frontmatter's free-text fields of a file's (normalised) text. */
export function frontmatterBlame(
  data: Record<string, unknown>,
  text: string,
  locate: (path: readonly PropertyKey[]) => SourcePosition,
  fieldName: (path: readonly PropertyKey[]) => string,
): Finding[] {
  const findings: Finding[] = [];
  let lineStarts: number[] | undefined;
  for (const { path, value } of freeTextFields(data)) {
    const matches = blameMatches(value);
    if (!matches.length) continue;
    const at = locate(path);
    lineStarts ??= [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)];
    const from = (lineStarts[at.line - 1] ?? 0) + at.column - 1;
    const position = positionsIn(text);
    for (const match of matches) {
      // The value starts at `at`; the words are on its line or the next ones (quoted or folded).
      const re = new RegExp(match.quoted.split(/\s+/).map(escapeRe).join('\\s+'), 'gi');
      re.lastIndex = from;
      const hit = re.exec(text);
      const found = hit && hit.index < from + value.length * 2 + 200 ? hit.index : -1;
      findings.push(toFinding(match, found === -1 ? at : position(found), fieldName(path)));
    }
  }
  return findings;
}
