import { MAX_FILE_BYTES } from '../../format/content-fs.ts';
import { HindsightError } from '../../format/errors.ts';
import { bodyLimitProblems } from '../../site/body/body-limits.ts';
import { mapToFormat, type Mapped, type MapOptions } from './map.ts';
import { findParts } from './parts.ts';
import { readDocument, type DocumentFormat } from './read.ts';

/**
 * `npm run import` for one file: read the document (read.ts), find its parts (parts.ts), map
 * them to our format (map.ts). Writing is write-fs.ts's job. The input is parsed once.
 */

export interface ImportOptions extends Omit<MapOptions, 'fileName'> {
  /** Which postmortem to import when the file holds several, 1-based. */
  pick?: number;
}

/** One imported postmortem: the file, what is left TODO, notes, and what else the file held. */
export interface ImportResult extends Mapped {
  format: DocumentFormat;
  /** Titles of every postmortem found in the file, in order. */
  documents: string[];
}

/**
 * What the site refuses to build (a file over 1 MB, a line over 10,000 characters, lists nested
 * past 32 levels) is refused here, so that no import writes a draft that stops the build.
 */
function checkLimits(text: string, body: string): void {
  const size = Buffer.byteLength(text);
  const problem =
    size > MAX_FILE_BYTES
      ? `the postmortem would be ${(size / 1024 / 1024).toFixed(1)} MB, over the site's ${MAX_FILE_BYTES / 1024 / 1024} MB limit`
      : bodyLimitProblems(body, true)[0]?.message;
  if (problem)
    throw new HindsightError(problem, {
      hint: 'import the postmortem without its logs and data dumps (link to them instead), or split the document',
    });
}

/** Imports one file, given its name and bytes. Throws HindsightError for a document it cannot import. */
export async function importDocument(fileName: string, bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
  const doc = await readDocument(fileName, bytes);
  const all = findParts(doc);
  if (!all.length) throw new HindsightError('the document has no text', { hint: 'export the postmortem again and retry' });
  const titles = all.map((p) => p.title ?? p.sections.find((s) => s.heading)?.heading ?? '(untitled)');
  const picked = options.pick ?? 1;
  if (!Number.isInteger(picked) || picked < 1 || picked > all.length) {
    throw new HindsightError(`there is no postmortem number ${options.pick} in the file: it holds ${all.length}`, {
      hint: `pick one from 1 to ${all.length}`,
    });
  }
  const mapped = mapToFormat(all[picked - 1]!, doc, { ...options, fileName: fileName.split(/[\\/]/).pop()! });
  checkLimits(mapped.text, mapped.body);
  const warnings = [...doc.notes, ...mapped.warnings];
  if (all.length > 1)
    warnings.unshift(
      `the file holds ${all.length} postmortems (${titles.map((t, i) => `${i + 1}: "${t}"`).join(', ')}); imported number ${picked}: pass --pick N for another`,
    );
  return { ...mapped, warnings, format: doc.format, documents: titles };
}
