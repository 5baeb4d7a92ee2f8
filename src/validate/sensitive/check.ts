import type { Root } from 'mdast';
import { formatPath, type Diagnostic } from '../../format/diagnostics.ts';
import type { SourcePosition } from '../../format/frontmatter.ts';
import { ALLOWABLE_RULES } from '../../format/schema.ts';
import { visibilityOf } from '../../format/visibility.ts';
import { bodyBlame, frontmatterBlame } from './blame.ts';
import { applyAllowList, findingDiagnostic, unusedAllowDiagnostic, type AllowEntry, type Finding } from './findings.ts';
import { personalDataFindings } from './personal-data.ts';
import { secretFinding, type SecretFinding } from './secrets.ts';
import type { SensitiveSettings } from './settings.ts';

/**
 * The three checks on one postmortem (secret, personal-data, blame), with the allow lists of the
 * postmortem and of the configuration applied. Runs once per file on whatever could be read:
 * secrets and personal data on the whole text even when the frontmatter is broken.
 */

export interface SensitiveFile {
  /** Path shown in messages. */
  file: string;
  /** The file's text, normalised (no BOM, LF line endings). */
  text: string;
  /** The frontmatter as written, when it could be read. */
  data?: Record<string, unknown>;
  locate?(path: readonly PropertyKey[], key?: boolean): SourcePosition;
  /** The body, its Markdown tree (parsed on demand: most bodies hold no blame word), and the line of the file it starts on. */
  body?: string;
  mdast?: () => Root;
  bodyLine: number;
  /** secretlint's findings for this file (secrets.ts). */
  secrets?: readonly SecretFinding[];
}

/** The postmortem's own `allow` entries that are well-formed (the schema reports the others). */
function fileAllowList(input: SensitiveFile): { entries: AllowEntry[]; matchLines: Set<number> } {
  const list = input.data?.allow;
  const matchLines = new Set<number>();
  if (!Array.isArray(list)) return { entries: [], matchLines };
  const entries = list.flatMap((item: unknown, index): AllowEntry[] => {
    const entry = item as { rule?: unknown; match?: unknown; reason?: unknown } | null;
    if (
      !entry ||
      !ALLOWABLE_RULES.includes(entry.rule as never) ||
      typeof entry.match !== 'string' ||
      !entry.match.trim() ||
      typeof entry.reason !== 'string' ||
      !entry.reason.trim()
    )
      return [];
    const at = input.locate?.(['allow', index]) ?? { line: 1, column: 1 };
    if (input.locate) matchLines.add(input.locate(['allow', index, 'match']).line);
    return [
      {
        rule: entry.rule as AllowEntry['rule'],
        match: entry.match,
        reason: entry.reason,
        where: { file: input.file, ...at, field: `allow[${index}]` },
      },
    ];
  });
  return { entries, matchLines };
}

/**
 * Every finding of the three checks in one file that no allow entry accepts, and a warning for
 * each of the file's allow entries that accepts nothing. Configuration entries that accept a
 * finding are added to `configUsed` (the caller reports the unused ones once per run).
 */
export function sensitiveDiagnostics(input: SensitiveFile, settings: SensitiveSettings, configUsed: Set<AllowEntry>): Diagnostic[] {
  const visibility = visibilityOf(input.data?.visibility, settings.defaultVisibility);
  const findings: Finding[] = [
    ...(input.secrets ?? []).map(secretFinding),
    ...personalDataFindings(input.text, { phoneRegions: settings.phoneRegions, severity: visibility === 'public' ? 'error' : 'warning' }),
    ...(input.mdast && input.body !== undefined ? bodyBlame(input.mdast, input.body, input.bodyLine) : []),
    ...(input.data && input.locate ? frontmatterBlame(input.data, input.text, input.locate, formatPath) : []),
  ];
  const { entries: own, matchLines } = fileAllowList(input);
  // An entry repeats the text it accepts: that copy is not a finding, and does not count as a use.
  const found = matchLines.size ? findings.filter((f) => !matchLines.has(f.line)) : findings;
  const ownUsed = new Set<AllowEntry>();
  const kept = applyAllowList(applyAllowList(found, own, ownUsed), settings.allow, configUsed);
  return [...kept.map((f) => findingDiagnostic(input.file, f)), ...own.filter((e) => !ownUsed.has(e)).map(unusedAllowDiagnostic)];
}

/** Warnings for configuration entries that accepted nothing in a run over the whole archive. */
export function unusedConfigAllow(settings: SensitiveSettings, used: ReadonlySet<AllowEntry>): Diagnostic[] {
  return settings.allow.filter((e) => !used.has(e)).map(unusedAllowDiagnostic);
}
