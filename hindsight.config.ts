/**
 * Site-wide settings, as plain data. `src/config/settings.ts` reads this file and the
 * environment (each value can be overridden by the variable named beside it, so a deployment
 * needs no edit), validates both and hands every command and the site one `Settings` object.
 */
export interface HindsightConfig {
  /** Shown in the header and the page titles. HINDSIGHT_TITLE */
  title: string;
  /** A logo's path under public/ (e.g. `logo.svg`), shown in the header in place of the title (which becomes its text alternative). None by default. HINDSIGHT_LOGO */
  logo?: string;
  /** The organisation whose incidents these are. HINDSIGHT_ORGANISATION */
  organisation: string;
  /** Absolute URL of the deployed site, used for feeds, the sitemap and canonical links. HINDSIGHT_SITE */
  site: string;
  /** Path prefix when the site is served from a sub-path, e.g. `/hindsight/` on GitHub Pages. HINDSIGHT_BASE */
  base: string;
  /** Prefix of the "edit this page" links; the file's path inside the repository is appended. HINDSIGHT_EDIT_URL */
  editUrl: string;
  /** IANA zone used when a postmortem names none. HINDSIGHT_TIMEZONE */
  defaultTimezone: string;
  /** No datetime in a postmortem may fall in an earlier year (archives hold old incidents: lower it for those). HINDSIGHT_EARLIEST_YEAR */
  earliestYear: number;
  /** Visibility of a postmortem that names none: `internal` or `public`. HINDSIGHT_DEFAULT_VISIBILITY */
  defaultVisibility: 'internal' | 'public';
  /**
   * The edition `npm run build` makes: `internal` (every published postmortem, for the company:
   * noindex, no sitemap) or `public` (only `visibility: public` ones, without `<Internal>`
   * passages or the internal-only fields). HINDSIGHT_EDITION, or `npm run build -- --edition`
   */
  edition: 'internal' | 'public';
  /** Fields the public edition leaves out (the README says why for each). Paths like `authors` or `actionItems.owner`. */
  internalOnlyFields: string[];
  /** Whether the internal edition publishes a sitemap (the public one always does). */
  internalSitemap: boolean;
  /** Review rules. */
  policy: {
    /** Severities whose postmortems need a timeline and at least one `prevent` action item. HINDSIGHT_STRICT_SEVERITIES (comma list) */
    strictSeverities: string[];
  };
  /** The secret, personal-data and blame checks (validated with the rest in src/config/settings.ts). Not from the environment. */
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

/**
 * The values as written here, before the environment. Read them through the settings module
 * (`settings()` in src/config/settings.ts), which applies and validates the environment.
 */
export const config: HindsightConfig = {
  title: 'Hindsight',
  organisation: 'Example Shop',
  site: 'https://example.github.io',
  base: '/',
  editUrl: 'https://github.com/example/hindsight/edit/main/',
  defaultTimezone: 'UTC',
  earliestYear: 1990,
  defaultVisibility: 'internal',
  edition: 'internal',
  internalOnlyFields: ['authors', 'links', 'actionItems.owner', 'actionItems.link', 'imported.url'],
  internalSitemap: false,
  policy: {
    strictSeverities: ['SEV1', 'SEV2'],
  },
  sensitive: {
    allow: [],
    phoneRegions: ['US', 'GB'],
  },
};

export default config;
