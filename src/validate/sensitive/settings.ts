import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { Diagnostic } from '../../format/diagnostics.ts';
import { ALLOWABLE_RULES, VISIBILITIES, type Visibility } from '../../format/schema.ts';
import type { AllowEntry } from './findings.ts';

/**
 * The settings of the secret, personal-data and blame checks, read and validated in one place
 * from the configuration's `sensitive` block (hindsight.config.ts).
 */

export interface SensitiveSettings {
  /** Findings accepted across the archive, each by a pattern with a reason. */
  allow: AllowEntry[];
  /** Regions whose national phone formats are read; numbers with a leading + are read in any. */
  phoneRegions: CountryCode[];
  /** The visibility of a postmortem that names none. */
  defaultVisibility: Visibility;
}

const DEFAULT_PHONE_REGIONS: CountryCode[] = ['US', 'GB'];
export const DEFAULT_SENSITIVE_SETTINGS: SensitiveSettings = {
  allow: [],
  phoneRegions: DEFAULT_PHONE_REGIONS,
  defaultVisibility: 'internal',
};

const configSchema = z
  .strictObject({
    allow: z
      .array(
        z.strictObject({
          rule: z.enum(ALLOWABLE_RULES),
          pattern: z.string().min(1),
          reason: z.string().trim().min(1),
        }),
      )
      .optional(),
    phoneRegions: z.array(z.string()).optional(),
  })
  .optional();

// A pattern that matches any of these would accept everything, or every address or number of a
// kind: a switch, not an acceptance (a reviewer accepts a specific address, number or phrase).
const TOO_BROAD_PROBES = ['', 'a', '0', ' ', 'x@y.zz', '4155550123', '+442071234567', '+44 20 7123 4567', '4556737586899855'];

/**
 * Reads the configuration's `sensitive` block. Problems (an invalid pattern, one that matches any
 * text, an unknown region) are errors on `file`; the entry in question is left out.
 */
export function readSensitiveSettings(
  raw: unknown,
  defaultVisibility: unknown = 'internal',
  file = 'hindsight.config.ts',
): { settings: SensitiveSettings; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const problem = (field: string, message: string, hint: string) =>
    problems.push({ file, line: 1, column: 1, severity: 'error', rule: 'config', field, message, hint });
  const visibility = VISIBILITIES.includes(defaultVisibility as Visibility) ? (defaultVisibility as Visibility) : 'internal';
  if (visibility !== defaultVisibility)
    problem('defaultVisibility', `"${String(defaultVisibility)}" is not a visibility`, `use ${VISIBILITIES.join(' or ')}`);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problem(
        ['sensitive', ...issue.path].map(String).join('.'),
        issue.message,
        'each allow entry is { rule, pattern, reason }, with rule one of secret, personal-data, blame',
      );
    return { settings: { ...DEFAULT_SENSITIVE_SETTINGS, defaultVisibility: visibility }, problems };
  }
  const allow: AllowEntry[] = [];
  (parsed.data?.allow ?? []).forEach((entry, index) => {
    const field = `sensitive.allow[${index}]`;
    let pattern: RegExp;
    try {
      // The whole finding must match, so `acme\.io` alone accepts nothing by accident.
      pattern = new RegExp(`^(?:${entry.pattern})$`, 'iu');
    } catch (error) {
      problem(
        `${field}.pattern`,
        `is not a valid regular expression: ${(error as Error).message}`,
        'write a JavaScript regular expression for the whole text found, e.g. "support@acme\\\\.io"',
      );
      return;
    }
    if (TOO_BROAD_PROBES.some((probe) => pattern.test(probe))) {
      problem(
        `${field}.pattern`,
        `/${entry.pattern}/ matches too much (any text, address or number), so it would turn the ${entry.rule} check off`,
        'accept specific findings: name the address, number or phrase the reviewer judged fine',
      );
      return;
    }
    allow.push({ rule: entry.rule, pattern, reason: entry.reason, where: { file, line: 1, column: 1, field } });
  });
  const phoneRegions: CountryCode[] = [];
  (parsed.data?.phoneRegions ?? DEFAULT_PHONE_REGIONS).forEach((region, index) => {
    if (isSupportedCountry(region)) phoneRegions.push(region);
    else
      problem(`sensitive.phoneRegions[${index}]`, `"${region}" is not a region code`, 'use two-letter ISO 3166 codes, e.g. US, GB, DE, KE');
  });
  return { settings: { allow, phoneRegions, defaultVisibility: visibility }, problems };
}
