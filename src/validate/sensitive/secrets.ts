import type { SecretLintCoreConfig } from '@secretlint/types';
import { normaliseText } from '../../format/frontmatter.ts';
import { maskSecret, positionsIn, type Finding } from './findings.ts';
import { patternSecrets } from './more-secrets.ts';

/**
 * The `secret` rule: secretlint's recommended preset over a postmortem's whole text,
 * frontmatter included, so that no credential pasted from a log or a chat reaches the archive.
 * The patterns are secretlint's (AWS, GitHub, Slack, private keys, connection strings with
 * passwords, and two dozen more), with our own only for what the preset has no rule for
 * (more-secrets.ts): this module maps both to findings, with the secret masked, and never writes
 * a secret anywhere.
 *
 * secretlint's API is asynchronous, so `scanSecrets` takes every file of a run and the CLI calls it
 * before the (synchronous) validation; the rules are regular expressions that run synchronously
 * inside each call, so awaiting costs nothing beyond the scans. The configuration and the rules
 * are made once; each file is scanned once, whole.
 */

export interface SecretFinding {
  line: number;
  column: number;
  /** What it is, e.g. "GitHub token". */
  kind: string;
  /** The secret as written. Kept for allow entries; never put in a message. */
  value: string;
}

/** Secret findings per file path (SourceFile.path). */
export type SecretScan = ReadonlyMap<string, readonly SecretFinding[]>;

/** secretlint, loaded on the first scan (the site imports this module only for `secretFinding`). */
let engine: Promise<{ lintSource: typeof import('@secretlint/core').lintSource; config: SecretLintCoreConfig }> | undefined;
function loadEngine() {
  engine ??= (async () => {
    const [{ lintSource }, { secretLintProfiler }, { rules }] = await Promise.all([
      import('@secretlint/core'),
      import('@secretlint/profiler'),
      import('@secretlint/secretlint-rule-preset-recommend'),
    ]);
    // secretlint's profiler is on by default and marks every rule on every file (a performance
    // mark and an observer entry each, kept for the whole run): pure overhead for a validator.
    secretLintProfiler.setEnabled(false);
    // The preset's rules, registered one by one (a preset cannot turn off one of its rules).
    // `secretlint-disable` comments (filter-comments) would be a switch that turns the check off
    // for a whole file or passage; Hindsight's allow lists accept one finding, with a reason.
    const config: SecretLintCoreConfig = {
      rules: rules
        .filter((rule) => rule.meta.id !== FILTER_COMMENTS)
        .map((rule) => ({ id: rule.meta.id, rule, options: OPTIONS[rule.meta.id] ?? {} })),
    };
    return { lintSource, config };
  })();
  return engine;
}
const FILTER_COMMENTS = '@secretlint/secretlint-rule-filter-comments';
// An access key ID is half of an AWS credential: the rule reports it only when asked. The same
// option reports account IDs (`account_id: 123456789012`), which name an account, grant nothing
// and cannot be rotated: those messages are dropped.
const OPTIONS: Record<string, object> = { '@secretlint/secretlint-rule-aws': { enableIDScanRule: true } };
const NOT_CREDENTIALS = new Set(['AWSAccountID']);

const VENDORS: Record<string, string> = {
  aws: 'AWS',
  gcp: 'Google Cloud',
  npm: 'npm',
  slack: 'Slack',
  sendgrid: 'SendGrid',
  shopify: 'Shopify',
  stripe: 'Stripe',
  github: 'GitHub',
  gitlab: 'GitLab',
  grafana: 'Grafana',
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  groq: 'Groq',
  huggingface: 'Hugging Face',
  linear: 'Linear',
  notion: 'Notion',
  '1password': '1Password',
  'hashicorp-vault': 'HashiCorp Vault',
  vercel: 'Vercel',
  databricks: 'Databricks',
  docker: 'Docker',
  figma: 'Figma',
  cloudflare: 'Cloudflare',
  tailscale: 'Tailscale',
};
const KINDS: Record<string, string> = {
  AWSAccessKeyID: 'AWS access key ID',
  AWSSecretAccessKey: 'AWS secret access key',
  AWSAccountID: 'AWS account ID',
  BasicAuth: 'password in a URL',
  IncomingWebhook: 'Slack incoming webhook URL',
  MongoDBConnection: 'MongoDB connection string with a password',
  MySQLConnection: 'MySQL connection string with a password',
  PostgreSQLConnection: 'PostgreSQL connection string with a password',
  PrivateKey: 'private key',
  PrivateKeyJSON: 'Google Cloud service account key',
  PrivateKeyP12: 'Google Cloud service account key (P12)',
  Npmrc_authToken: 'npm auth token (.npmrc)',
  PackageJSON_xOauthToken: 'GitHub OAuth token in a URL',
  OPS_TOKEN: '1Password service account token',
  STRIPE_SECRET_KEY_LIVE: 'Stripe live secret key',
  STRIPE_SECRET_KEY_TEST: 'Stripe test secret key',
  STRIPE_RESTRICTED_KEY_LIVE: 'Stripe live restricted key',
  STRIPE_RESTRICTED_KEY_TEST: 'Stripe test restricted key',
};
const ACRONYMS = new Set(['API', 'AI', 'SCIM']);

/** A readable name for a secretlint message, e.g. `GITHUB_TOKEN` of the github rule: "GitHub token". */
export function secretKind(ruleId: string, messageId: string): string {
  if (KINDS[messageId]) return KINDS[messageId];
  const vendorKey = ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
  const vendor = VENDORS[vendorKey];
  const vendorWords = new Set(vendorKey.split('-').map((w) => w.toUpperCase()));
  const words = messageId.split(/_+/).filter((w) => !vendorWords.has(w.toUpperCase()));
  const rest = words.map((w) => (ACRONYMS.has(w.toUpperCase()) ? w.toUpperCase() : w.toLowerCase())).join(' ');
  return [vendor, rest].filter(Boolean).join(' ') || 'secret';
}

/** The hint every secret finding carries: deleting it is not enough once it was pushed. */
export const SECRET_HINT =
  'rotate it: revoke this credential where it was issued and replace it, because once pushed it stays in the git history (deleting the line is not enough); then replace it in the file with a placeholder such as <redacted>';

interface Range {
  start: number;
  end: number;
  kind: string;
}

/** secretlint's findings and our own patterns' (more-secrets.ts) in one text; where both find one, secretlint's stands. */
async function findIn(path: string, text: string): Promise<Range[]> {
  const { lintSource, config } = await loadEngine();
  const result = await lintSource({
    source: { content: text, filePath: path, ext: path.slice(path.lastIndexOf('.')), contentType: 'text' },
    options: { config, noPhysicFilePath: true, maskSecrets: true },
  });
  const found = result.messages
    .filter((m) => !NOT_CREDENTIALS.has(m.messageId))
    .map((m) => ({ start: m.range[0], end: m.range[1], kind: secretKind(m.ruleId, m.messageId) }));
  const more = patternSecrets(text).filter((p) => !found.some((f) => p.start < f.end && f.start < p.end));
  return [...found, ...more];
}

/**
 * The frontmatter with its escaped line breaks joined: in a double-quoted YAML string a `\` at
 * the end of a line continues the value on the next one without a space, so a token can be
 * split across lines (`"ghp_abc\` / `  def"`). `original` maps an offset back to the file.
 */
function joinedFrontmatter(text: string): { text: string; original(offset: number): number; joins: number[] } | undefined {
  if (!text.startsWith('---\n')) return undefined;
  const end = text.indexOf('\n---', 3);
  const frontmatter = end === -1 ? '' : text.slice(0, end);
  if (!frontmatter.includes('\\\n')) return undefined;
  const joins: number[] = []; // offsets in the joined text where a break was taken out
  const removed: number[] = []; // characters taken out up to and including each join
  let taken = 0;
  const joined = frontmatter.replace(/\\\n[ \t]*/g, (cut, at: number) => {
    joins.push(at - taken);
    taken += cut.length;
    removed.push(taken);
    return '';
  });
  const original = (offset: number) => offset + (removed[joins.findLastIndex((j) => j <= offset)] ?? 0);
  return { text: joined, original, joins };
}

/** Scans one file's text; positions are lines and columns of the text with BOM and CRLF removed. */
async function scanOne(path: string, raw: string): Promise<SecretFinding[]> {
  const text = normaliseText(raw);
  const found = (await findIn(path, text)).map((f) => ({ ...f, value: text.slice(f.start, f.end) }));
  const joined = joinedFrontmatter(text);
  if (joined) {
    // Only what spans a join is new: the rest was found in the file as written.
    for (const f of await findIn(path, joined.text))
      if (joined.joins.some((j) => f.start < j && j < f.end))
        found.push({ ...f, start: joined.original(f.start), value: joined.text.slice(f.start, f.end) });
  }
  const position = positionsIn(text);
  return found.sort((a, b) => a.start - b.start).map(({ start, kind, value }) => ({ ...position(start), kind, value }));
}

/**
 * Scans every file once with secretlint's recommended preset. One file at a time: started all at
 * once, the thousand pending scans of the benchmark held 60 MB more and took longer.
 */
export async function scanSecrets(files: readonly { path: string; text?: string }[]): Promise<SecretScan> {
  const scan = new Map<string, readonly SecretFinding[]>();
  for (const f of files) scan.set(f.path, f.text === undefined ? [] : await scanOne(f.path, f.text));
  return scan;
}

/** A secret finding with its message: the kind and the masked secret, never the secret. */
export function secretFinding(found: SecretFinding): Finding {
  return {
    rule: 'secret',
    line: found.line,
    column: found.column,
    severity: 'error',
    message: `a ${found.kind} is written here: ${maskSecret(found.value)}`,
    hint: SECRET_HINT,
    texts: [found.value],
  };
}
