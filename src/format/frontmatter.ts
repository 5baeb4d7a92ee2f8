import matter from 'gray-matter';
import jsYaml from 'js-yaml';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/**
 * The one reading of a postmortem's YAML frontmatter (and of the registries), shared by the
 * validator, the site loader, the scaffold and the importer. YAML 1.2 core schema: `09:00` stays
 * the string "09:00" and `2024-06-06T09:00:00+03:00` stays a string with its offset, where
 * YAML 1.1 parsers would turn them into a number of minutes and a Date in the machine's zone.
 */

export interface SourcePosition {
  /** 1-based line in the file. */
  line: number;
  /** 1-based column. */
  column: number;
}

export interface YamlProblem extends SourcePosition {
  message: string;
  /** What to do, when it is more than "fix the YAML syntax". */
  hint?: string;
}

export interface ParsedSource {
  /** False when the file does not start with a `---` frontmatter block. */
  hasFrontmatter: boolean;
  /** The frontmatter as plain data (undefined when absent or unreadable). */
  data: unknown;
  /** YAML syntax errors; when any, `data` is undefined. */
  yamlErrors: YamlProblem[];
  /** The Markdown/MDX body after the frontmatter, line endings normalised to `\n`. */
  body: string;
  /** The line of the file on which `body` starts. */
  bodyLine: number;
  /** Where a frontmatter field is written: the key itself with `key`, otherwise its value. */
  locate(path: readonly PropertyKey[], key?: boolean): SourcePosition;
}

const noEngine = { parse: () => ({}), stringify: () => '' };

/** Aliases can expand a small file into a huge structure (the "billion laughs"); real frontmatter needs few. */
const MAX_ALIASES = 50;
function countAliases(raw: string): number {
  return raw.includes('*') ? (raw.match(/(?:^|[\s[{,:-])\*[^\s,\]}]+/g)?.length ?? 0) : 0;
}

/**
 * How deep lists and mappings may nest. Real frontmatter nests three levels (`actionItems`, an
 * item, its fields); js-yaml stops at this depth with an error instead of recursing further, so a
 * file of 10,000 `[` never reaches a parser that could overflow the stack.
 */
const MAX_YAML_DEPTH = 20;

/** Normalises a file's text: drops a byte-order mark and turns CRLF/CR line endings into LF. */
export function normaliseText(source: string): string {
  return source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

export function parseSource(source: string): ParsedSource {
  const text = normaliseText(source);
  const top = { line: 1, column: 1 };
  if (!/^---[ \t]*\n/.test(text)) {
    return { hasFrontmatter: false, data: undefined, yamlErrors: [], body: text, bodyLine: 1, locate: () => top };
  }
  if (!/\n---[ \t]*(\n|$)/.test(text.slice(3))) {
    return {
      hasFrontmatter: true,
      data: undefined,
      yamlErrors: [{ ...top, message: 'the frontmatter is not closed: add a line `---` after the last field' }],
      body: '',
      bodyLine: 1,
      locate: () => top,
    };
  }
  // gray-matter finds the block; the YAML inside is read below, once, with positions.
  const file = matter(text, { engines: { yaml: noEngine } });
  const raw = file.matter.replace(/^\n/, '');
  const body = file.content.replace(/^\n/, '');
  const bodyLine = lineOf(text, text.length - body.length);
  // The `---` line precedes the YAML.
  const yaml = readYaml(raw, 1);
  return { hasFrontmatter: true, data: yaml.data, yamlErrors: yaml.errors, body, bodyLine, locate: yaml.locate };
}

/** The `yaml` package's first error, or none when it finds none or fails itself. */
function firstYamlError(document: () => Document.Parsed) {
  try {
    const first = document().errors[0];
    return first && !/call stack/i.test(first.message) ? first : undefined;
  } catch {
    return undefined;
  }
}

export interface YamlResult {
  data: unknown;
  errors: YamlProblem[];
  locate(path: readonly PropertyKey[], key?: boolean): SourcePosition;
}

/**
 * The `yaml` package's document of some YAML text, parsed on first use (only a diagnostic needs
 * positions), and the file position of an offset in it.
 */
function lazyDocument(raw: string, lineOffset: number) {
  let doc: Document.Parsed | undefined;
  let lineCounter: LineCounter | undefined;
  return {
    document(): Document.Parsed {
      if (!doc) {
        lineCounter = new LineCounter();
        doc = parseDocument(raw, { lineCounter, prettyErrors: true, uniqueKeys: true, version: '1.2', schema: 'core' });
      }
      return doc;
    },
    position(offset: number | undefined): SourcePosition {
      if (offset === undefined || !lineCounter) return { line: 1 + lineOffset, column: 1 };
      const p = lineCounter.linePos(offset);
      return { line: p.line + lineOffset, column: p.col };
    },
  };
}

/** The problem js-yaml threw, placed as well as can be. */
function loadError(error: unknown, lineOffset: number, document: () => Document.Parsed): YamlProblem {
  const e = error as jsYaml.YAMLException;
  const mark = { line: (e.mark?.line ?? 0) + 1 + lineOffset, column: (e.mark?.column ?? 0) + 1 };
  // Not the `yaml` package for nesting that is too deep: its parser recurses, and the depth is what is wrong.
  if (/maxDepth/.test(e.reason ?? '')) {
    return {
      ...mark,
      message: `lists or mappings nest more than ${MAX_YAML_DEPTH} levels deep`,
      hint: 'frontmatter nests at most three levels (a list of entries with fields, such as `timeline`): remove the extra brackets or indentation',
    };
  }
  // The `yaml` package places syntax errors better (at the opening quote, not the end of the
  // stream); its first error is used when it sees one.
  const first = firstYamlError(document);
  if (!first) return { ...mark, message: e.reason ?? e.message };
  return {
    line: (first.linePos?.[0]?.line ?? 1) + lineOffset,
    column: first.linePos?.[0]?.col ?? 1,
    // yaml's own "at line N, column M" counts from the block, not the file.
    message: (first.message.split('\n')[0] ?? first.message).replace(/ at line \d+, column \d+:?$/, ''),
  };
}

/** Where the value at `path` (or, with `key`, its key) is written, by the document's node ranges. */
function locateIn(contents: unknown, path: readonly PropertyKey[], key: boolean): number | undefined {
  let node = contents;
  let offset = (node as Node | null)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      if (key && i === path.length - 1) break;
      node = pair.value;
      offset = (node as Node | null)?.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (!node) break;
      offset = (node as Node).range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/** Reads YAML text (a frontmatter block or a registry file) that starts after `lineOffset` lines. */
export function readYaml(raw: string, lineOffset = 0): YamlResult {
  // The data comes from js-yaml with the YAML 1.2 core schema (no timestamps, no sexagesimal
  // numbers, no custom tags): ten times faster than a full document parse. Positions come from
  // the `yaml` package's document, parsed only when a diagnostic needs one.
  const lazy = lazyDocument(raw, lineOffset);
  const errors: YamlProblem[] = [];
  let data: unknown;
  try {
    data = jsYaml.load(raw, { schema: jsYaml.CORE_SCHEMA, maxDepth: MAX_YAML_DEPTH } as jsYaml.LoadOptions);
    if (countAliases(raw) > MAX_ALIASES) {
      data = undefined;
      errors.push({ line: 1 + lineOffset, column: 1, message: `more than ${MAX_ALIASES} YAML aliases (*name)` });
    }
  } catch (error) {
    errors.push(loadError(error, lineOffset, lazy.document));
  }
  const locate = (path: readonly PropertyKey[], key = false) => {
    const contents = lazy.document().contents;
    return lazy.position(locateIn(contents, path, key));
  };
  return { data, errors, locate };
}
