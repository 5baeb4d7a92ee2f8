import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { scanSecrets } from '../validate/sensitive/secrets.ts';
import type { ContentInput, ValidationResult } from '../validate/validate.ts';
import { reusableRecords, runKey, validateReusing, type ValidationCache } from './validate-cache.ts';

/**
 * Validation with the results of one content folder kept between builds in a file
 * (validate-cache.ts says what is kept and when it is reused; astro-cache-fs.ts where the file
 * lies), and the digest of the validator's code that makes a changed validator start afresh.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The modules whose code decides a file's result; their imports are followed from here. */
const VALIDATOR = [
  path.join(ROOT, 'src', 'validate', 'validate.ts'),
  path.join(ROOT, 'src', 'validate', 'sensitive', 'secrets.ts'),
  path.join(ROOT, 'src', 'build', 'validate-cache.ts'),
];
const IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * A digest of the validator: the text of every project module it imports, followed from
 * `entries`, the installed packages (package-lock.json) and the Node version.
 */
export function validatorDigest(entries: readonly string[] = VALIDATOR, lockFile = path.join(ROOT, 'package-lock.json')): string {
  const hash = createHash('sha256').update(process.version);
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    hash.update(`\0${path.relative(ROOT, file)}\0${text}`);
    if (/\.[cm]?[jt]s$/.test(file)) for (const [, spec] of text.matchAll(IMPORT)) queue.push(path.resolve(path.dirname(file), spec!));
  }
  hash.update(fs.existsSync(lockFile) ? fs.readFileSync(lockFile) : '');
  return hash.digest('base64url');
}

function readCache(file: string): ValidationCache | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ValidationCache;
  } catch {
    // None yet, or unreadable: start afresh.
    return undefined;
  }
}

/**
 * Validates `input` as `validateContent` would, reusing the results kept in `cacheFile`, then
 * keeps this run's. Concurrent builds of one folder each write the whole file and rename it
 * into place: the last one's results are kept, and every reader sees one whole file.
 */
export async function validateWithCache(input: ContentInput, cacheFile: string): Promise<{ result: ValidationResult; reused: number }> {
  const run = runKey(input, validatorDigest());
  const reusable = reusableRecords(readCache(cacheFile), input, run);
  const { result, cache, reused } = await validateReusing(input, reusable, run, scanSecrets);
  fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(cache));
  fs.renameSync(temporary, cacheFile);
  return { result, reused };
}
