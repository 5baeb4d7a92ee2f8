import type { Diagnostic } from '../../format/diagnostics.ts';
import type { SourcePosition } from '../../format/frontmatter.ts';
import { ALLOWABLE_RULES } from '../../format/schema.ts';

/**
 * What the secret, personal-data and blame checks share: a finding, and the allow lists that
 * accept one a reviewer judged fine. An allow entry names one rule and one text (or, in the
 * configuration, one pattern), never a whole check, and one that accepts nothing is reported so
 * stale entries get cleaned up.
 */

export type SensitiveRule = (typeof ALLOWABLE_RULES)[number];

export interface Finding extends SourcePosition {
  rule: SensitiveRule;
  severity: 'error' | 'warning';
  /** The frontmatter field, when the finding is in one. */
  field?: string;
  message: string;
  hint: string;
  /** What an allow entry is compared with: the text as written, then any canonical forms. */
  texts: readonly string[];
}

export interface AllowEntry {
  rule: SensitiveRule;
  /** Accepts a finding whose text is exactly this (case and spacing aside). */
  match?: string;
  /** Accepts a finding whose whole text matches this (configuration entries). */
  pattern?: RegExp;
  reason: string;
  /** Where the entry is written, for the warning when it accepts nothing. */
  where: { file: string; line: number; column: number; field: string };
}

const normalise = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

function accepts(entry: AllowEntry, finding: Finding): boolean {
  if (entry.rule !== finding.rule) return false;
  if (entry.match !== undefined) {
    const wanted = normalise(entry.match);
    return finding.texts.some((t) => normalise(t) === wanted);
  }
  return entry.pattern !== undefined && finding.texts.some((t) => entry.pattern!.test(t));
}

/**
 * The findings no allow entry accepts. Every entry that accepted one is added to `used`.
 */
export function applyAllowList(findings: readonly Finding[], entries: readonly AllowEntry[], used: Set<AllowEntry>): Finding[] {
  if (entries.length === 0) return [...findings];
  return findings.filter((finding) => {
    const entry = entries.find((e) => accepts(e, finding));
    if (entry) used.add(entry);
    return !entry;
  });
}

/** Shows a secret as its first characters, an ellipsis and its length; never in full. */
export function maskSecret(secret: string): string {
  // Short secrets give away less: a 4-character prefix of an 8-character password is half of it.
  const shown = secret.length >= 16 ? 4 : secret.length >= 8 ? 2 : 0;
  return `${secret.slice(0, shown)}… (${secret.length} characters)`;
}

/** The warning for an allow entry that accepted no finding. */
export function unusedAllowDiagnostic(entry: AllowEntry): Diagnostic {
  const what =
    entry.match !== undefined ? (entry.rule === 'secret' ? maskSecret(entry.match) : `"${entry.match}"`) : `/${entry.pattern?.source}/`;
  return {
    file: entry.where.file,
    line: entry.where.line,
    column: entry.where.column,
    severity: 'warning',
    rule: 'allow',
    field: entry.where.field,
    message: `accepts a ${entry.rule} finding ${what} that is no longer there`,
    hint: 'remove the entry, or correct it to the text the finding quotes',
  };
}

/** A finding as a diagnostic of `file`. */
export function findingDiagnostic(file: string, f: Finding): Diagnostic {
  return {
    file,
    line: f.line,
    column: f.column,
    severity: f.severity,
    rule: f.rule,
    ...(f.field ? { field: f.field } : {}),
    message: f.message,
    hint: f.hint,
  };
}

/** Line and column (1-based) of each offset in `text`, by binary search over the line starts. */
export function positionsIn(text: string): (offset: number) => SourcePosition {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}
