import type { Root as MdastRoot } from 'mdast';
import { markdownToMdast, mdxToMdast } from 'satteri';
import { z } from 'zod';
import { bodyHeadings, missingSections, type BodyProblem } from '../site/body/body-checks.ts';
import { localDate, isValidZone } from '../format/datetime.ts';
import { issuesToDiagnostics, type Diagnostic } from '../format/diagnostics.ts';
import { normaliseText, parseSource, readYaml, type ParsedSource, type YamlProblem } from '../format/frontmatter.ts';
import { prepareBody } from '../site/body/render-body.ts';
import { findMojibake } from './mojibake.ts';
import {
  contextFromRegistries,
  createPostmortemSchema,
  REGISTRY_FILES,
  registrySchemas,
  type DateWindow,
  type Postmortem,
  type RegistryName,
  type Registries,
  type SchemaContext,
} from '../format/schema.ts';
import { isPostmortemSlug, slugFromPath, suggestSlug } from '../format/slug.ts';
import { visibilityOf } from '../format/visibility.ts';
import { mergeTodoProblems, todoProblems } from './todo-check.ts';
import { sensitiveDiagnostics, unusedConfigAllow, type SensitiveFile } from './sensitive/check.ts';
import type { AllowEntry } from './sensitive/findings.ts';
import type { SecretScan } from './sensitive/secrets.ts';
import { DEFAULT_SENSITIVE_SETTINGS, type SensitiveSettings } from './sensitive/settings.ts';

/**
 * Validation of a whole content folder, as pure functions over texts already read from disk
 * (content-fs.ts reads them). Reports every problem in every file; never throws on bad input.
 */

export interface SourceFile {
  /** Path shown in messages, relative to the working directory. */
  path: string;
  /** Path inside the postmortems folder, with `/` separators (the edit link uses it). */
  relPath: string;
  /** The file's text; undefined when it could not be read (see `problem`). */
  text?: string;
  /** Why the file could not be read as text (too large, not UTF-8, symlink outside...). */
  problem?: Omit<Diagnostic, 'file'>;
}

export interface RegistrySource {
  path: string;
  text?: string;
  problem?: Omit<Diagnostic, 'file'>;
}

export interface Policy {
  /** Severities that must have a timeline and at least one `prevent` action item. */
  strictSeverities: readonly string[];
}

export interface ContentInput {
  registries: Record<RegistryName, RegistrySource>;
  postmortems: SourceFile[];
  /** Every postmortem path in the folder, when only some are given in `postmortems`. */
  allPaths?: readonly string[];
  defaultTimezone: string;
  /** The plausible window for datetimes; today's, from 1990, when absent. */
  dates?: DateWindow;
  policy?: Policy;
  /** Extra problems found while reading the folder (a symlink leading outside, say). */
  problems?: Diagnostic[];
  /** Settings of the secret, personal-data and blame checks (sensitive/settings.ts); defaults when absent. */
  sensitive?: SensitiveSettings;
  /**
   * secretlint's findings per file path (sensitive/secrets.ts `scanSecrets`). secretlint is
   * asynchronous, so `npm run validate` scans first; without it the `secret` rule does not run.
   */
  secrets?: SecretScan;
}

export interface ValidEntry {
  slug: string;
  path: string;
  relPath: string;
  data: Postmortem;
  /** The frontmatter as written, before the schema's transforms (the content collection parses it again). */
  raw: Record<string, unknown>;
  body: string;
  bodyLine: number;
}

export interface ValidationResult {
  entries: ValidEntry[];
  diagnostics: Diagnostic[];
  registries: Registries;
  /** What the schema was built with (registry ids, every slug in the folder). */
  context: SchemaContext;
  filesChecked: number;
}

const DEFAULT_POLICY: Policy = { strictSeverities: ['SEV1', 'SEV2'] };

/** A YAML syntax error as a diagnostic; `hint` says what to do when the parser has no better advice. */
function yamlDiagnostic(e: YamlProblem, hint: string): Omit<Diagnostic, 'file'> {
  return { line: e.line, column: e.column, severity: 'error', rule: 'yaml', message: `invalid YAML: ${e.message}`, hint: e.hint ?? hint };
}

/** The registries read from their files, every problem in them, and every id each file lists. */
export interface ParsedRegistries {
  /** The valid entries of each registry. */
  registries: Registries;
  diagnostics: Diagnostic[];
  /**
   * The ids each file lists, valid entry or not: a postmortem naming an entry that has a mistake
   * is not reported too (one mistake, one message, in the registry, never "add it there").
   */
  listedIds: Record<RegistryName, string[]>;
}

/** Reads the three registry files; an entry with a problem is reported and left out, the others count. */
export function parseRegistries(sources: Record<RegistryName, RegistrySource>): ParsedRegistries {
  const diagnostics: Diagnostic[] = [];
  const registries: Registries = { services: [], rootCauses: [], severities: [] };
  const listedIds: Record<RegistryName, string[]> = { services: [], rootCauses: [], severities: [] };
  for (const name of Object.keys(REGISTRY_FILES) as RegistryName[]) {
    const source = sources[name];
    const parsed = parseRegistry(name, source);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.entries) (registries[name] as unknown[]) = parsed.entries;
    listedIds[name] = parsed.listed ?? registries[name].map((entry) => entry.id);
  }
  return { registries, diagnostics, listedIds };
}

/** The ids written in a registry's entries, whatever else is wrong with them. */
function idsWritten(data: unknown): string[] {
  if (!Array.isArray(data)) return [];
  return data.flatMap((item) =>
    item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string' ? [(item as { id: string }).id] : [],
  );
}

/** One registry file: its valid entries, every problem in it, and the ids it lists when some entry is invalid. */
function parseRegistry(
  name: RegistryName,
  source: RegistrySource,
): { entries?: { id: string }[]; diagnostics: Diagnostic[]; listed?: string[] } {
  if (source.problem) return { diagnostics: [{ file: source.path, ...source.problem }] };
  const yaml = readYaml(source.text ?? '');
  if (yaml.errors.length)
    return { diagnostics: yaml.errors.map((e) => ({ file: source.path, ...yamlDiagnostic(e, 'fix the YAML syntax') })) };
  const result = z.array(registrySchemas[name]).safeParse(yaml.data ?? []);
  if (!result.success) {
    const valid = Array.isArray(yaml.data) ? yaml.data.flatMap((item) => registrySchemas[name].safeParse(item).data ?? []) : [];
    return {
      entries: valid,
      listed: idsWritten(yaml.data),
      diagnostics: issuesToDiagnostics(result.error.issues, { file: source.path, data: yaml.data, locate: yaml.locate, registry: name }),
    };
  }
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, number>();
  result.data.forEach((item, index) => {
    if (seen.has(item.id)) {
      diagnostics.push({
        file: source.path,
        ...yaml.locate([index, 'id']),
        severity: 'error',
        rule: 'registry',
        field: `[${index}].id`,
        message: `the id "${item.id}" is listed twice (also entry ${seen.get(item.id)! + 1})`,
        hint: 'ids must be unique: rename or remove one',
      });
    }
    seen.set(item.id, index);
  });
  return { entries: result.data, diagnostics };
}

function bodyDiagnostic(file: string, bodyLine: number, p: BodyProblem): Diagnostic {
  return { file, line: bodyLine + p.line - 1, column: p.column, severity: p.severity, rule: p.rule, message: p.message, hint: p.hint };
}

/** What `validatePostmortem` is given besides the file: the same for every file of a run. */
export interface FileContext {
  schema: ReturnType<typeof createPostmortemSchema>;
  schemaContext: SchemaContext;
  policy: Policy;
  duplicates: Map<string, string[]>;
  sensitive: SensitiveSettings;
  secrets?: SecretScan;
  /** Configuration allow entries that accepted a finding in some file. */
  allowUsed: Set<AllowEntry>;
}

type Problem = Omit<Diagnostic, 'file'>;
const TOP = { line: 1, column: 1 };

/** The file's name: a postmortem slug, used by no other file. */
function fileNameProblems(slug: string, duplicates: Map<string, string[]>): Problem[] {
  const problems: Problem[] = [];
  if (!isPostmortemSlug(slug)) {
    problems.push({
      ...TOP,
      severity: 'error',
      rule: 'file-name',
      message: `the file name "${slug}" is not a postmortem slug`,
      hint: 'name it YYYY-MM-DD-what-happened in lowercase kebab-case (a-z, 0-9, -), starting with the start date',
      suggestion: suggestSlug(slug),
    });
  }
  const others = duplicates.get(slug);
  if (others && others.length > 1) {
    problems.push({
      ...TOP,
      severity: 'error',
      rule: 'duplicate-slug',
      message: `the slug "${slug}" is used by ${others.length} files: ${others.join(', ')}`,
      hint: 'each file name must be unique across all folders: rename all but one',
    });
  }
  return problems;
}

/** Text that was decoded with the wrong encoding somewhere on its way ("Ã©" for "é"). */
function mojibakeProblems(text: string, source: ParsedSource): Problem[] {
  return findMojibake(source.hasFrontmatter ? normaliseText(text) : source.body).map((hit) => ({
    line: hit.line,
    column: hit.column,
    severity: 'warning',
    rule: 'mojibake',
    message: `"${hit.text}" looks like mis-decoded UTF-8`,
    hint: 'the text was read with the wrong encoding somewhere: retype or re-paste the original characters',
  }));
}

/** Why the frontmatter cannot be checked field by field: absent, not YAML, or not a mapping. None when it can. */
function frontmatterProblems(source: ParsedSource): Problem[] {
  if (!source.hasFrontmatter) {
    return [
      {
        ...TOP,
        severity: 'error',
        rule: 'frontmatter',
        message: 'the file has no frontmatter',
        hint: 'start the file with a `---` line, the fields (title, summary, status, ...), and another `---` line; `npm run new` writes one',
      },
    ];
  }
  if (source.yamlErrors.length) {
    return source.yamlErrors.map((e) =>
      yamlDiagnostic(e, 'fix the YAML syntax; quote values that contain `: ` or start with a special character'),
    );
  }
  if (source.data === null || typeof source.data !== 'object' || Array.isArray(source.data)) {
    return [
      {
        line: 2,
        column: 1,
        severity: 'error',
        rule: 'frontmatter',
        message: source.data == null ? 'the frontmatter is empty' : 'the frontmatter is not a mapping of fields',
        hint: 'write one `field: value` per line between the `---` lines',
      },
    ];
  }
  return [];
}

/** Rules on the frontmatter that need the slug: the start date it begins with, and no relation to itself. */
function slugProblems(
  raw: Record<string, unknown>,
  slug: string,
  source: ParsedSource,
  startedValid: boolean,
  defaultZone: string,
): Problem[] {
  const problems: Problem[] = [];
  const zone = typeof raw.timezone === 'string' && isValidZone(raw.timezone) ? raw.timezone : defaultZone;
  const started = typeof raw.started === 'string' ? raw.started : undefined;
  const date = started && isPostmortemSlug(slug) && startedValid ? localDate(started, zone) : undefined;
  if (date && !slug.startsWith(`${date}-`)) {
    problems.push({
      ...source.locate(['started']),
      severity: 'error',
      rule: 'file-name',
      field: 'started',
      message: `the file name starts with ${slug.slice(0, 10)} but the incident started on ${date} (${zone})`,
      hint: "the file name starts with the start date in the incident's time zone: rename the file or correct `started`",
      suggestion: `${date}${slug.slice(10)}`,
    });
  }
  if (Array.isArray(raw.related)) {
    raw.related.forEach((value, index) => {
      if (value !== slug) return;
      problems.push({
        ...source.locate(['related', index]),
        severity: 'error',
        rule: 'related',
        field: `related[${index}]`,
        message: 'a postmortem cannot be related to itself',
        hint: 'remove its own slug from `related`',
      });
    });
  }
  return problems;
}

/** The sections a published postmortem needs; an imported one keeps the sections its original had (warnings). */
function sectionProblems(raw: Record<string, unknown>, headings: string[], hasFrontmatterTimeline: boolean, bodyLine: number): Problem[] {
  if (raw.status !== 'published') return [];
  const imported = raw.imported !== undefined;
  return missingSections(headings, hasFrontmatterTimeline).map((rule) => ({
    line: bodyLine,
    column: 1,
    severity: imported ? 'warning' : rule.severity,
    rule: 'section',
    message: `no "${rule.name}" section`,
    hint: `add a heading containing ${rule.keywords.map((k) => `"${k}"`).join(' or ')} (e.g. "## ${rule.name}") with ${rule.purpose}${imported ? ' (a warning: the postmortem was imported)' : ''}`,
  }));
}

/**
 * A public postmortem's required sections that only `<Internal>` passages hold: the public
 * edition removes them, so its page lacks the section (a warning: the author may mean it).
 */
function internalOnlySections(
  raw: Record<string, unknown>,
  headings: string[],
  publicHeadings: string[],
  hasFrontmatterTimeline: boolean,
  bodyLine: number,
): Problem[] {
  if (raw.status !== 'published') return [];
  const missing = new Set(missingSections(headings, hasFrontmatterTimeline).map((rule) => rule.name));
  return missingSections(publicHeadings, hasFrontmatterTimeline)
    .filter((rule) => !missing.has(rule.name))
    .map((rule) => ({
      line: bodyLine,
      column: 1,
      severity: 'warning',
      rule: 'section',
      message: `the "${rule.name}" section is only inside <Internal>: the public edition shows none`,
      hint: `give the public page its own "${rule.name}" section outside the passage, with what customers may read`,
    }));
}

/** The policy's strict severities: a timeline and a `prevent` action item once the postmortem is out of draft. */
function severityPolicyProblems(
  raw: Record<string, unknown>,
  headings: string[],
  hasFrontmatterTimeline: boolean,
  source: ParsedSource,
  policy: Policy,
): Problem[] {
  if (raw.status === 'draft' || typeof raw.severity !== 'string' || !policy.strictSeverities.includes(raw.severity)) return [];
  const problems: Problem[] = [];
  if (!hasFrontmatterTimeline && !headings.some((h) => h.toLowerCase().includes('timeline'))) {
    // The timeline is a section: one an imported postmortem's original may not have had (a warning).
    const imported = raw.imported !== undefined;
    problems.push({
      ...source.locate(['severity']),
      severity: imported ? 'warning' : 'error',
      rule: 'severity-policy',
      field: 'timeline',
      message: `a ${raw.severity} postmortem needs a timeline`,
      hint: `add the frontmatter \`timeline:\` (or a "Timeline" section) from the trigger to full recovery${imported ? ' (a warning: the postmortem was imported)' : ''}`,
    });
  }
  const items = Array.isArray(raw.actionItems) ? (raw.actionItems as { type?: unknown }[]) : [];
  if (!items.some((item) => item?.type === 'prevent')) {
    problems.push({
      ...source.locate(Array.isArray(raw.actionItems) ? ['actionItems'] : ['severity']),
      severity: 'error',
      rule: 'severity-policy',
      field: 'actionItems',
      message: `a ${raw.severity} postmortem needs at least one action item of type \`prevent\``,
      hint: 'add an action item with `type: prevent` that stops this from happening again',
    });
  }
  return problems;
}

/** The body: the pipeline's problems, then the sections and the severity policy, which read its headings. */
function bodyProblems(
  file: SourceFile,
  source: ParsedSource,
  raw: Record<string, unknown>,
  policy: Policy,
  sensitive: SensitiveFile,
  visibleInPublic: boolean,
): Diagnostic[] {
  const mdx = file.relPath.endsWith('.mdx');
  const body = prepareBody(source.body, mdx);
  sensitive.body = source.body;
  // The blame check reads prose from the Markdown tree, parsed only if a body holds a blame word.
  if (body.tree) sensitive.mdast = () => (mdx ? mdxToMdast(source.body) : markdownToMdast(source.body)) as MdastRoot;
  const diagnostics = body.problems.map((p) => bodyDiagnostic(file.path, source.bodyLine, p));
  if (!body.tree) return diagnostics;
  const found = bodyHeadings(body.tree);
  const headings = found.map((h) => h.text);
  const publicHeadings = found.filter((h) => !h.internal).map((h) => h.text);
  const hasFrontmatterTimeline = Array.isArray(raw.timeline) && raw.timeline.length > 0;
  const more = [
    ...sectionProblems(raw, headings, hasFrontmatterTimeline, source.bodyLine),
    ...(visibleInPublic ? internalOnlySections(raw, headings, publicHeadings, hasFrontmatterTimeline, source.bodyLine) : []),
    ...severityPolicyProblems(raw, headings, hasFrontmatterTimeline, source, policy),
  ];
  return [...diagnostics, ...more.map((p) => ({ file: file.path, ...p }))];
}

/**
 * The checks of a file whose frontmatter is a mapping: the schema, the rules that need the slug,
 * the body, then the TODO markers left by `npm run new` / `npm run import` (todo-check.ts).
 */
function checkFrontmatterAndBody(file: SourceFile, slug: string, source: ParsedSource, ctx: FileContext, sensitive: SensitiveFile) {
  const raw = source.data as Record<string, unknown>;
  const parsed = ctx.schema.safeParse(raw);
  const diagnostics = parsed.success ? [] : issuesToDiagnostics(parsed.error.issues, { file: file.path, data: raw, locate: source.locate });
  sensitive.data = raw;
  sensitive.locate = source.locate;
  const startedValid = !parsed.error?.issues.some((i) => i.path[0] === 'started');
  diagnostics.push(
    ...slugProblems(raw, slug, source, startedValid, ctx.schemaContext.defaultTimezone).map((p) => ({ file: file.path, ...p })),
  );
  const visibleInPublic = visibilityOf(raw.visibility, ctx.sensitive.defaultVisibility) === 'public';
  diagnostics.push(...bodyProblems(file, source, raw, ctx.policy, sensitive, visibleInPublic));
  const { locate, body, bodyLine } = source;
  const todos = todoProblems({ file: file.path, data: raw, locate, body, bodyLine, context: ctx.schemaContext });
  const entry: ValidEntry | undefined = parsed.success
    ? { slug, path: file.path, relPath: file.relPath, data: parsed.data, raw, body, bodyLine }
    : undefined;
  return { diagnostics: mergeTodoProblems(diagnostics, todos), entry };
}

/** Validates one postmortem file against the schema and the file-level rules. */
export function validatePostmortem(file: SourceFile, ctx: FileContext): { entry?: ValidEntry; diagnostics: Diagnostic[] } {
  const withFile = (problems: Problem[]): Diagnostic[] => problems.map((p) => ({ file: file.path, ...p }));
  if (file.problem) return { diagnostics: withFile([file.problem]) };
  const slug = slugFromPath(file.relPath);
  const diagnostics = withFile(fileNameProblems(slug, ctx.duplicates));
  const text = file.text ?? '';
  if (text.trim() === '') {
    const hint = 'start from `npm run new`, or delete the file';
    return {
      diagnostics: [...diagnostics, ...withFile([{ ...TOP, severity: 'error', rule: 'empty', message: 'the file is empty', hint }])],
    };
  }
  const source = parseSource(text);
  // Secrets, personal data and blame (sensitive/), on whatever could be read.
  const sensitive: SensitiveFile = {
    file: file.path,
    text: normaliseText(text),
    bodyLine: source.bodyLine,
    secrets: ctx.secrets?.get(file.path),
  };
  diagnostics.push(...withFile(mojibakeProblems(text, source)));
  const unreadable = frontmatterProblems(source);
  const checked = unreadable.length ? undefined : checkFrontmatterAndBody(file, slug, source, ctx, sensitive);
  diagnostics.push(...(checked?.diagnostics ?? withFile(unreadable)));
  diagnostics.push(...sensitiveDiagnostics(sensitive, ctx.sensitive, ctx.allowUsed));
  const entry = diagnostics.some((d) => d.severity === 'error') ? undefined : checked?.entry;
  return entry ? { entry, diagnostics } : { diagnostics };
}

/** The slugs that more than one file has, with the files. */
export function duplicateSlugs(relPaths: readonly string[]): Map<string, string[]> {
  const bySlug = new Map<string, string[]>();
  for (const path of relPaths) {
    const slug = slugFromPath(path);
    bySlug.set(slug, [...(bySlug.get(slug) ?? []), path]);
  }
  return bySlug;
}

/** Validates one postmortem file: `validatePostmortem`, or a caller's stand-in with the same result (src/build/validate-cache.ts). */
export type FileValidator = (file: SourceFile, ctx: FileContext) => { entry?: ValidEntry; diagnostics: Diagnostic[] };

/** Validates registries and postmortems; returns the valid entries and every problem found. */
export function validateContent(input: ContentInput, validateFile: FileValidator = validatePostmortem): ValidationResult {
  const { registries, diagnostics, listedIds } = parseRegistries(input.registries);
  diagnostics.push(...(input.problems ?? []));
  const allPaths = input.allPaths ?? input.postmortems.map((f) => f.relPath);
  const slugs = [...new Set(allPaths.map(slugFromPath))];
  const schemaContext = {
    ...contextFromRegistries(registries, slugs, input.defaultTimezone, input.dates),
    serviceIds: listedIds.services,
    rootCauseIds: listedIds.rootCauses,
    severityIds: listedIds.severities,
  };
  const ctx: FileContext = {
    schema: createPostmortemSchema(schemaContext),
    schemaContext,
    policy: input.policy ?? DEFAULT_POLICY,
    duplicates: duplicateSlugs(allPaths),
    sensitive: input.sensitive ?? DEFAULT_SENSITIVE_SETTINGS,
    secrets: input.secrets,
    allowUsed: new Set(),
  };
  const entries: ValidEntry[] = [];
  for (const file of input.postmortems) {
    const result = validateFile(file, ctx);
    diagnostics.push(...result.diagnostics);
    if (result.entry) entries.push(result.entry);
  }
  // An unused configuration entry can only be told when every file was read.
  if (input.postmortems.length === allPaths.length) diagnostics.push(...unusedConfigAllow(ctx.sensitive, ctx.allowUsed));
  return {
    entries,
    diagnostics,
    registries,
    context: schemaContext,
    filesChecked: input.postmortems.length + Object.keys(input.registries).length,
  };
}
