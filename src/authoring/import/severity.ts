import type { Severity } from '../../format/schema.ts';

/**
 * Severity as people write it, mapped to an id of the content folder's severities.yaml (most
 * severe first). "SEV1", "Sev 2", "SEV-0", "P1" and "Priority 2" give a level number; words give
 * a rank: Critical or Blocker 1, High or Major 2, Medium or Moderate 3, Low or Minor 4. A level
 * maps to the id that carries its number (SEV1, P1, sev-1), else to the registry's level at
 * that rank (the first listed is rank 1). An id or name written exactly as in the registry is
 * taken as is.
 */

const WORD_RANK: Record<string, number> = {
  critical: 1,
  blocker: 1,
  urgent: 1,
  high: 2,
  major: 2,
  medium: 3,
  moderate: 3,
  normal: 3,
  low: 4,
  minor: 4,
  trivial: 4,
};

/** The phrase in a text that states a severity ("SEV2", "Sev 1", "P1"), or undefined. */
export function findSeverityPhrase(text: string): string | undefined {
  return /\b(?:SEV|Sev|sev)\s?-?\s?[0-5]\b|\bP[0-4]\b|\bseverity\s*(?:level\s*)?[:=\-–—]?\s*(?:[0-5]\b|critical|high|medium|low|major|minor)\b|\b(?:critical|high|medium|low|major|minor)[- ]severity\b/i.exec(
    text,
  )?.[0];
}

/** The registry id a written severity means, or undefined when it means none of them. */
export function severityId(written: string, severities: readonly Severity[]): string | undefined {
  const w = written.trim().replace(/^(?:severity|priority)\s*(?:level\s*)?[:=\-–—]?\s*|[- ]severity$/gi, '');
  const exact = severities.find((s) => s.id.toLowerCase() === w.toLowerCase() || s.name.toLowerCase() === w.toLowerCase());
  if (exact) return exact.id;
  const numbered = /^(?:sev|p|priority|level)?\s?-?\s?([0-5])$/i.exec(w);
  const word = WORD_RANK[w.toLowerCase()];
  if (numbered) {
    const n = Number(numbered[1]);
    const byNumber = severities.find((s) => new RegExp(`^\\D*-?${n}$`).test(s.id));
    if (byNumber) return byNumber.id;
    // Registries without numbers: a level counts from 1 (or 0, when it is written).
    return severities[n === 0 ? 0 : n - 1]?.id;
  }
  if (word) return severities.find((s) => new RegExp(`^\\D*-?${word}$`).test(s.id))?.id ?? severities[word - 1]?.id;
  return undefined;
}
