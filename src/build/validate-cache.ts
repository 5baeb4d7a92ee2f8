import { createHash } from 'node:crypto';
import type { Diagnostic } from '../format/diagnostics.ts';
import { normaliseText } from '../format/frontmatter.ts';
import { slugFromPath } from '../format/slug.ts';
import type { AllowEntry } from '../validate/sensitive/findings.ts';
import type { SecretScan } from '../validate/sensitive/secrets.ts';
import {
  duplicateSlugs,
  validateContent,
  validatePostmortem,
  type ContentInput,
  type FileValidator,
  type SourceFile,
  type ValidationResult,
  type ValidEntry,
} from '../validate/validate.ts';

/**
 * Incremental validation: each postmortem's result (its diagnostics and its entry) is kept
 * between builds, keyed by the file's path and bytes, and reused while nothing it depends on
 * has changed. The whole run is then what a cold validation gives, in the same order.
 *
 * What one file's result depends on, and how each is covered:
 * - its own path and text: the file's key;
 * - the registries, the default zone, the date window (the build date), the severity policy,
 *   the sensitive-check settings, the validator's code and its dependencies' versions: the
 *   run's key, which makes every file miss when any of them changes;
 * - the other files: through three things only. Its slug must be unique (a duplicated slug is
 *   never reused); every slug it names in `related` must exist (only valid files are kept, and
 *   one is reused only while each slug it names still exists); and which configuration allow
 *   entries it used (kept by index, so "unused allow entry" is worked out over the whole run).
 * Files that could not be read, files with errors and results JSON cannot carry are never kept.
 */

/** One file's kept result. */
export interface FileRecord {
  /** The file's path and text, hashed. */
  key: string;
  diagnostics: Diagnostic[];
  /** The valid entry; its body is the file's text from `bodyFrom` on, unless kept whole. */
  entry: Omit<ValidEntry, 'body'> & { body?: string };
  /** The entry's keys in order, so a reused entry serialises exactly as a fresh one. */
  keys: string[];
  bodyFrom?: number;
  /** The slugs its `related` names. */
  related: string[];
  /** Indices of the configuration allow entries it used. */
  allowUsed: number[];
}

/** Everything kept from the last run. */
export interface ValidationCache {
  version: 1;
  /** The run's key (`runKey`). */
  run: string;
  files: Record<string, FileRecord>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/** A file's key: its path, its path inside postmortems/ and its text; none when it could not be read. */
export function fileKey(file: SourceFile): string | undefined {
  return file.problem || file.text === undefined ? undefined : sha256(`${file.path}\0${file.relPath}\0${file.text}`);
}

/** The run's key: every input a file's result depends on besides the file and the other files. */
export function runKey(input: ContentInput, code: string): string {
  const { registries, defaultTimezone, dates, policy, sensitive } = input;
  // Configuration allow entries may hold regular expressions, which JSON would show as {}.
  const replacer = (_key: string, value: unknown) => (value instanceof RegExp ? String(value) : value);
  return sha256(JSON.stringify({ code, registries, defaultTimezone, dates, policy, sensitive }, replacer));
}

/** Whether JSON gives back exactly this value (objects may drop keys whose value is undefined). */
function jsonSafe(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => item !== undefined && jsonSafe(item));
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every((item) => item === undefined || jsonSafe(item));
}

/** The kept results that can stand for a fresh validation of this run's files, by path. */
export function reusableRecords(cache: ValidationCache | undefined, input: ContentInput, run: string): Map<string, FileRecord> {
  const reusable = new Map<string, FileRecord>();
  if (cache?.version !== 1 || cache.run !== run) return reusable;
  const allPaths = input.allPaths ?? input.postmortems.map((f) => f.relPath);
  const duplicates = duplicateSlugs(allPaths);
  const slugs = new Set(duplicates.keys());
  for (const file of input.postmortems) {
    const record = Object.hasOwn(cache.files, file.path) ? cache.files[file.path] : undefined;
    if (!record || record.key !== fileKey(file)) continue;
    if ((duplicates.get(slugFromPath(file.relPath))?.length ?? 0) > 1) continue;
    if (record.related.every((slug) => slugs.has(slug))) reusable.set(file.path, record);
  }
  return reusable;
}

/** The entry a record stands for, read back from the file's text. */
function entryOf(record: FileRecord, file: SourceFile): ValidEntry {
  const body = record.entry.body ?? normaliseText(file.text!).slice(record.bodyFrom);
  const fields: Record<string, unknown> = { ...record.entry, body };
  return Object.fromEntries(record.keys.map((key) => [key, fields[key]])) as unknown as ValidEntry;
}

/** A record of a fresh result, or none when it cannot be kept. */
function recordOf(file: SourceFile, result: ReturnType<FileValidator>, used: Set<AllowEntry>, allow: AllowEntry[]): FileRecord | undefined {
  const { entry, diagnostics } = result;
  const key = fileKey(file);
  if (!key || !entry || diagnostics.some((d) => d.severity === 'error') || !jsonSafe(entry) || !jsonSafe(diagnostics)) return undefined;
  const { body, ...rest } = entry;
  const text = normaliseText(file.text!);
  const bodyFrom = text.length - body.length;
  const suffix = text.endsWith(body);
  return {
    key,
    diagnostics,
    entry: suffix ? rest : entry,
    keys: Object.keys(entry),
    bodyFrom: suffix ? bodyFrom : undefined,
    related: entry.data.related ?? [],
    allowUsed: [...used].map((e) => allow.indexOf(e)),
  };
}

/**
 * Validates as `validateContent` does, reusing the kept results `reusable` allows. `scan` finds
 * the secrets of the files validated afresh (secretlint is asynchronous; the rest is not).
 * Returns the result, what to keep for the next run, and how many files were reused.
 */
export async function validateReusing(
  input: ContentInput,
  reusable: Map<string, FileRecord>,
  run: string,
  scan: (files: SourceFile[]) => Promise<SecretScan>,
): Promise<{ result: ValidationResult; cache: ValidationCache; reused: number }> {
  const fresh = input.postmortems.filter((file) => !reusable.has(file.path));
  const secrets = await scan(fresh);
  const files: Record<string, FileRecord> = {};
  const allow = input.sensitive?.allow ?? [];
  const validateFile: FileValidator = (file, ctx) => {
    const kept = reusable.get(file.path);
    if (kept) {
      for (const index of kept.allowUsed) ctx.allowUsed.add(allow[index]!);
      files[file.path] = kept;
      return { entry: entryOf(kept, file), diagnostics: kept.diagnostics };
    }
    // The allow entries this file uses, apart from those of the files before it.
    const used = new Set<AllowEntry>();
    const result = validatePostmortem(file, { ...ctx, allowUsed: used });
    for (const entry of used) ctx.allowUsed.add(entry);
    const record = recordOf(file, result, used, allow);
    if (record) files[file.path] = record;
    return result;
  };
  const result = validateContent({ ...input, secrets }, validateFile);
  return { result, cache: { version: 1, run, files }, reused: input.postmortems.length - fresh.length };
}
