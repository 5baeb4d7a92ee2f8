import type { Diagnostic } from '../format/diagnostics.ts';
import { formatPath } from '../format/diagnostics.ts';
import type { SourcePosition } from '../format/frontmatter.ts';
import { fieldInfo } from '../format/fields.ts';
import { REGISTRY_FILES, type RegistryName, type SchemaContext } from '../format/schema.ts';

/**
 * The `todo` rule: `npm run new` and `npm run import` write `TODO` where only the author knows
 * the answer (`severity: TODO`, `owner: "TODO: owner"`, a "TODO: ..." line under a heading).
 * Each one left is reported with its field and what belongs there: a warning while the
 * postmortem is a draft (an imported draft never stops a build: the schema lets a TODO stand
 * for a registry id), an error once it is in review or published, and always an error when the
 * placeholder is not a valid value for its field, in place of the schema's own message about it.
 */

const TODO_RE = /\bTODO\b/;
const BODY_TODO_RE = /\bTODO:/;

export interface TodoInput {
  file: string;
  /** The frontmatter as written. */
  data: Record<string, unknown>;
  locate(path: readonly PropertyKey[], key?: boolean): SourcePosition;
  body: string;
  bodyLine: number;
  context: SchemaContext;
}

const REGISTRY_IDS = { services: 'serviceIds', rootCauses: 'rootCauseIds', severities: 'severityIds' } as const;

/** The ids to choose from, for the hint: all of them when they are few. */
function idChoices(ids: readonly string[], file: string): string {
  return ids.length <= 12 ? `${ids.join(', ')} (from ${file})` : `an id from ${file}`;
}

/** What belongs in a field, for the hint (fields.ts). */
function todoHint(field: string, context: SchemaContext): string {
  const info = fieldInfo(field);
  if (!info?.todo) return 'replace the TODO with the real value, or remove the field if it is optional';
  if (!info.registry) return info.todo;
  const ids = context[REGISTRY_IDS[info.registry]];
  const file = REGISTRY_FILES[info.registry];
  if (ids.length === 0) return `${file} lists none yet: add one there, then name its id here`;
  return info.todo.replace('{ids}', () => idChoices(ids, file));
}

function walk(value: unknown, path: PropertyKey[], out: { path: PropertyKey[]; value: string }[]) {
  if (typeof value === 'string') {
    if (TODO_RE.test(value)) out.push({ path, value });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, [...path, i], out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walk(v, [...path, k], out);
  }
}

/** Every TODO marker in a postmortem's frontmatter values and body text. */
export function todoProblems(input: TodoInput): Diagnostic[] {
  const severity = input.data.status === 'draft' ? 'warning' : 'error';
  const found: { path: PropertyKey[]; value: string }[] = [];
  walk(input.data, [], found);
  const out: Diagnostic[] = found.map(({ path, value }) => {
    const field = formatPath(path);
    return {
      file: input.file,
      ...input.locate(path),
      severity,
      rule: 'todo',
      field,
      message: `is still a TODO placeholder ("${value.length > 50 ? `${value.slice(0, 50)}…` : value}")`,
      hint: todoHint(field, input.context),
    };
  });
  let fenced = false;
  input.body.split('\n').forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const outsideCode = line.replace(/`[^`]*`/g, '');
    if (fenced || !BODY_TODO_RE.test(outsideCode)) return;
    const column = outsideCode.search(BODY_TODO_RE) + 1;
    out.push({
      file: input.file,
      line: input.bodyLine + index,
      column,
      severity,
      rule: 'todo',
      message: `the body still has a TODO placeholder: "${line.trim().slice(0, 70)}"`,
      hint: 'write what the placeholder asks for, in place of the TODO line',
    });
  });
  return out;
}

/**
 * Adds the TODO problems to a file's diagnostics. A schema problem on the same field as a TODO
 * (`unknown severity "TODO"`) is dropped, and the TODO becomes an error in its place: one
 * message that says what to write there, not two.
 */
export function mergeTodoProblems(diagnostics: readonly Diagnostic[], todos: readonly Diagnostic[]): Diagnostic[] {
  const todoFields = new Set(todos.map((t) => t.field).filter(Boolean));
  const replaced = new Set<string>();
  const kept = diagnostics.filter((d) => {
    if (d.rule === 'schema' && d.field && todoFields.has(d.field)) {
      replaced.add(d.field);
      return false;
    }
    return true;
  });
  return [...kept, ...todos.map((t) => (t.field && replaced.has(t.field) ? { ...t, severity: 'error' as const } : t))];
}
