import { plural } from './words.ts';
import type { z } from 'zod';
import { escapeControls } from './characters.ts';
import type { SourcePosition } from './frontmatter.ts';
import { fieldInfo, fieldPattern, KNOWN_KEYS, registryFieldInfo } from './fields.ts';
import type { RegistryName } from './schema.ts';
import { closest } from './suggest.ts';

/**
 * The one error formatter. Every problem any command finds is a Diagnostic, printed by one of
 * the formatters below, so the validator, the build and the dev server say the same thing.
 */

export type DiagnosticSeverity = 'error' | 'warning';

export interface Diagnostic {
  /** Path of the file, relative to the working directory. */
  file: string;
  line: number;
  column: number;
  severity: DiagnosticSeverity;
  /** Short rule id, stable for tools: `schema`, `yaml`, `file-name`, `section`, ... */
  rule: string;
  /** The frontmatter field, as `timeline[2].at`, when the problem is in one. */
  field?: string;
  /** What is wrong. */
  message: string;
  /** What to do about it. */
  hint?: string;
  /** A close known value or key. */
  suggestion?: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

/** `timeline[2].at` -> `timeline[]`, the key used by KNOWN_KEYS. */
function pathPattern(path: readonly PropertyKey[]): string {
  return fieldPattern(formatPath(path));
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of `key: value` lines',
};

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = data;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    // Own keys only: `constructor` or `__proto__` in a file must not find Object's.
    if (!Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

/** Whether the key at the end of `path` is written (even with an empty value). */
function hasKey(data: unknown, path: readonly PropertyKey[]): boolean {
  const parent = valueAt(data, path.slice(0, -1));
  return parent !== null && typeof parent === 'object' && Object.prototype.hasOwnProperty.call(parent, path.at(-1)!);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    // By code point, so a cut never leaves half of an emoji.
    const chars = [...value.slice(0, 200)];
    return `the text "${chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : value}"`;
  }
  return `${typeof value} ${String(value)}`;
}

export interface IssueContext {
  file: string;
  data: unknown;
  locate(path: readonly PropertyKey[], key?: boolean): SourcePosition;
  /** The registry whose file this is (its entries' fields, not a postmortem's). */
  registry?: RegistryName;
}

type Base = Pick<Diagnostic, 'file' | 'severity' | 'rule'>;

/** One diagnostic per key zod did not expect, with the known keys at that level and the closest. */
function unknownKeys(issue: z.core.$ZodIssueUnrecognizedKeys, base: Base, context: IssueContext): Diagnostic[] {
  const path = issue.path as PropertyKey[];
  const known = KNOWN_KEYS[context.registry ? `registry:${context.registry}` : pathPattern(path)] ?? [];
  return issue.keys.map((key) => {
    const keyPath = [...path, key];
    return {
      ...base,
      ...context.locate(keyPath, true),
      field: formatPath(keyPath),
      message: `unknown field \`${key}\``,
      suggestion: closest(key, known),
      hint: known.length ? `known fields here: ${known.join(', ')}` : 'remove it',
    };
  });
}

/** How to add a required field that is absent (fields.ts). */
function missingHint(path: readonly PropertyKey[], context: IssueContext): string | undefined {
  const key = String(path.at(-1) ?? '');
  return context.registry ? registryFieldInfo(context.registry, key)?.missing : fieldInfo(formatPath(path))?.missing;
}

/** The message, hint and suggestion for a value zod refused, in plain words. */
function explain(issue: z.core.$ZodIssue, value: unknown): Pick<Diagnostic, 'message' | 'hint' | 'suggestion'> {
  const path = issue.path as PropertyKey[];
  const message = issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      let hint: string | undefined;
      if (issue.expected === 'string' && typeof value !== 'object') hint = 'put the value in quotes';
      if (issue.expected === 'array')
        hint = `write a list, e.g. \`${String(path.at(-1))}: [${typeof value === 'string' ? value : 'a, b'}]\``;
      return { message: `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}, but is ${describe(value)}`, hint };
    }
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      return {
        message: `${describe(value)} is not allowed`,
        hint: `use one of: ${allowed.join(', ')}`,
        suggestion: typeof value === 'string' ? closest(value, allowed) : undefined,
      };
    }
    case 'custom': {
      const params = (issue as z.core.$ZodIssueCustom).params as { hint?: string; suggestion?: string } | undefined;
      return { message, hint: params?.hint, suggestion: params?.suggestion };
    }
    case 'too_big':
      return {
        message: message.startsWith('Too ') ? `${describe(value)} is out of range` : message,
        hint: issue.origin === 'array' ? 'keep the ones that matter and link to the full record (a ticket, a log, a dashboard)' : undefined,
      };
    case 'too_small':
    case 'invalid_format':
      return { message: message.startsWith('Too ') || message.startsWith('Invalid') ? `${describe(value)} is out of range` : message };
    default:
      return { message };
  }
}

/** Turns zod issues into diagnostics with positions, plain words and suggestions. */
export function issuesToDiagnostics(issues: readonly z.core.$ZodIssue[], context: IssueContext): Diagnostic[] {
  const base: Base = { file: context.file, severity: 'error', rule: 'schema' };
  return issues.flatMap((issue): Diagnostic[] => {
    if (issue.code === 'unrecognized_keys') return unknownKeys(issue, base, context);
    const path = issue.path as PropertyKey[];
    const value = valueAt(context.data, path);
    const position = value === undefined && path.length ? context.locate(path.slice(0, -1)) : context.locate(path);
    const field = formatPath(path) || undefined;
    const missing = value === undefined && path.length > 0 && !hasKey(context.data, path);
    // A required field that is absent: zod says invalid_type for most, invalid_value for enums.
    if (missing && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
      const message = `missing required field \`${String(path.at(-1) ?? field)}\``;
      return [{ ...base, ...position, field, message, hint: missingHint(path, context) }];
    }
    const { message, hint, suggestion } = explain(issue, value);
    return [{ ...base, ...position, field, message, hint, suggestion }];
  });
}

// ---------------------------------------------------------------------------------------------
// Formatters

export type OutputFormat = 'text' | 'json' | 'github';

/**
 * The diagnostic with every text shown safely: control and invisible characters escaped
 * (characters.ts), so no file name, field or quoted value can rewrite the terminal, forge a line
 * of the report or an annotation. Every format prints this.
 */
function escapeDiagnostic(d: Diagnostic): Diagnostic {
  const out: Diagnostic = { ...d, file: escapeControls(d.file), message: escapeControls(d.message) };
  if (d.field !== undefined) out.field = escapeControls(d.field);
  if (d.hint !== undefined) out.hint = escapeControls(d.hint);
  if (d.suggestion !== undefined) out.suggestion = escapeControls(d.suggestion);
  return out;
}

/** Ends a sentence with one full stop, leaving the text itself (`..` in a quoted value) exactly as it is. */
const sentence = (text: string) => (text.endsWith('.') ? text : `${text}.`);

export function formatDiagnostic(diagnostic: Diagnostic): string {
  const d = escapeDiagnostic(diagnostic);
  const where = `${d.file}:${d.line}:${d.column}`;
  const field = d.field ? `${d.field}: ` : '';
  const suggestion = d.suggestion ? ` Did you mean "${d.suggestion}"?` : '';
  const hint = d.hint ? ` Fix: ${sentence(d.hint)}` : '';
  return `${where} ${d.severity} ${field}${sentence(d.message)}${suggestion}${hint} [${d.rule}]`;
}

function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

export interface Summary {
  filesChecked: number;
  errors: number;
  warnings: number;
  filesWithErrors: number;
}

function summarise(list: readonly Diagnostic[], filesChecked: number): Summary {
  const errors = list.filter((d) => d.severity === 'error');
  return {
    filesChecked,
    errors: errors.length,
    warnings: list.length - errors.length,
    filesWithErrors: new Set(errors.map((d) => d.file)).size,
  };
}

function formatSummary(s: Summary): string {
  if (s.errors === 0 && s.warnings === 0) return `✔ ${plural(s.filesChecked, 'file')} checked, no problems.`;
  const parts = [plural(s.errors, 'error'), plural(s.warnings, 'warning')];
  const where = s.errors ? ` in ${plural(s.filesWithErrors, 'file')}` : '';
  return `${s.errors ? '✖' : '⚠'} ${parts.join(', ')}${where} (${plural(s.filesChecked, 'file')} checked).`;
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A GitHub Actions workflow command, which GitHub shows as an annotation on the line. */
export function formatGithub(diagnostic: Diagnostic): string {
  const d = escapeDiagnostic(diagnostic);
  const title = `Hindsight ${d.rule}${d.field ? `: ${d.field}` : ''}`;
  const props = `file=${escapeProperty(d.file)},line=${d.line},col=${d.column},title=${escapeProperty(title)}`;
  const text = formatDiagnostic(diagnostic).slice(`${d.file}:${d.line}:${d.column} ${d.severity} `.length);
  return `::${d.severity === 'error' ? 'error' : 'warning'} ${props}::${escapeData(text)}`;
}

export function formatReport(list: Diagnostic[], filesChecked: number, format: OutputFormat): string {
  const sorted = sortDiagnostics(list);
  const summary = summarise(sorted, filesChecked);
  if (format === 'json') return JSON.stringify({ ...summary, diagnostics: sorted.map(escapeDiagnostic) }, null, 2);
  const lines = sorted.map(format === 'github' ? formatGithub : formatDiagnostic);
  lines.push(formatSummary(summary));
  return lines.join('\n');
}
