/**
 * Site-wide settings. Plain data, read by the Astro site and by the command-line tools alike.
 * Every value can be overridden by an environment variable (named beside it) so that a
 * deployment can set them without editing this file.
 */
export interface HindsightConfig {
  /** Shown in the header and the page titles. */
  title: string;
  /** The organisation whose incidents these are. */
  organisation: string;
  /** Absolute URL of the deployed site, used for feeds, the sitemap and canonical links. HINDSIGHT_SITE */
  site: string;
  /** Path prefix when the site is served from a sub-path, e.g. `/hindsight/` on GitHub Pages. HINDSIGHT_BASE */
  base: string;
  /** Prefix of the "edit this page" links; the file's path inside the repository is appended. HINDSIGHT_EDIT_URL */
  editUrl: string;
  /** IANA zone used when a postmortem names none. HINDSIGHT_TIMEZONE */
  defaultTimezone: string;
  /** Visibility of a postmortem that names none: `internal` or `public`. HINDSIGHT_DEFAULT_VISIBILITY */
  defaultVisibility: 'internal' | 'public';
  /** Review rules. */
  policy: {
    /** Severities whose postmortems need a timeline and at least one `prevent` action item. HINDSIGHT_STRICT_SEVERITIES (comma list) */
    strictSeverities: string[];
  };
  /** The secret, personal-data and blame checks (src/lib/sensitive/settings.ts reads this). Not from the environment. */
  sensitive: {
    /**
     * Findings a reviewer judged fine, across the archive: `rule` (secret, personal-data or
     * blame), `pattern` (a regular expression the whole text found must match, case aside) and
     * `reason`. A pattern that matches any text is refused; one that matches nothing is a warning.
     */
    allow: { rule: 'secret' | 'personal-data' | 'blame'; pattern: string; reason: string }[];
    /** Regions whose national phone-number formats are recognised (+ numbers are recognised everywhere). */
    phoneRegions: string[];
  };
}

const env = (typeof process !== 'undefined' ? process.env : {}) as Record<string, string | undefined>;

export const config: HindsightConfig = {
  title: env.HINDSIGHT_TITLE ?? 'Hindsight',
  organisation: env.HINDSIGHT_ORGANISATION ?? 'Example Shop',
  site: env.HINDSIGHT_SITE ?? 'https://example.github.io',
  base: env.HINDSIGHT_BASE ?? '/',
  editUrl: env.HINDSIGHT_EDIT_URL ?? 'https://github.com/example/hindsight/edit/main/',
  defaultTimezone: env.HINDSIGHT_TIMEZONE ?? 'UTC',
  // Checked where it is read (src/lib/sensitive/settings.ts): an unknown value is reported, not ignored.
  defaultVisibility: (env.HINDSIGHT_DEFAULT_VISIBILITY ?? 'internal') as HindsightConfig['defaultVisibility'],
  policy: {
    strictSeverities: (env.HINDSIGHT_STRICT_SEVERITIES ?? 'SEV1,SEV2').split(',').map((s) => s.trim()).filter(Boolean),
  },
  sensitive: {
    allow: [],
    phoneRegions: ['US', 'GB'],
  },
};

export default config;
