/**
 * Site-wide settings. Plain data, read by the Astro site and by the command-line tools alike.
 * Every value can be overridden by an environment variable (named beside it) so that a
 * deployment can set them without editing this file.
 */
export interface HindsightConfig {
  /** Shown in the header and the page titles. */
  title: string;
  /** A logo's path under public/ (e.g. `logo.svg`), shown in the header in place of the title (which becomes its text alternative). None by default. HINDSIGHT_LOGO */
  logo?: string;
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
  /** Review rules. */
  policy: {
    /** Severities whose postmortems need a timeline and at least one `prevent` action item. HINDSIGHT_STRICT_SEVERITIES (comma list) */
    strictSeverities: string[];
  };
}

const env = (typeof process !== 'undefined' ? process.env : {}) as Record<string, string | undefined>;

export const config: HindsightConfig = {
  title: env.HINDSIGHT_TITLE ?? 'Hindsight',
  logo: env.HINDSIGHT_LOGO?.replace(/^\/+/, '') || undefined,
  organisation: env.HINDSIGHT_ORGANISATION ?? 'Example Shop',
  site: env.HINDSIGHT_SITE ?? 'https://example.github.io',
  base: env.HINDSIGHT_BASE ?? '/',
  editUrl: env.HINDSIGHT_EDIT_URL ?? 'https://github.com/example/hindsight/edit/main/',
  defaultTimezone: env.HINDSIGHT_TIMEZONE ?? 'UTC',
  policy: {
    strictSeverities: (env.HINDSIGHT_STRICT_SEVERITIES ?? 'SEV1,SEV2').split(',').map((s) => s.trim()).filter(Boolean),
  },
};

export default config;
