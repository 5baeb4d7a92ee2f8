/**
 * Credentials secretlint's recommended preset has no rule for, found by our own patterns: a
 * password in a URL of any scheme or with any characters (the preset's basicauth rule reads only
 * http(s) and ftp(s) URLs with passwords of letters, digits, `-` and `_`, and its
 * connection-string rule only PostgreSQL, MySQL and MongoDB), a `Password=` parameter of an
 * ADO.NET, ODBC or JDBC connection string, chat webhook URLs (Discord, Microsoft Teams,
 * Google Chat, Slack workflows) whose address alone lets anyone post, the credential of an
 * `Authorization:` header pasted from a curl command or a log, and JSON Web Tokens. Where a
 * preset rule exists it is used instead (secrets.ts drops a match secretlint already reported).
 */

export interface PatternSecret {
  /** Offsets of the finding in the text. */
  start: number;
  end: number;
  kind: string;
}

// What a documentation example puts where a password goes: not a credential.
const PLACEHOLDER_RE =
  /^(?:\*+|x+|X+|\.+|…|-+|_+|<[^>]*>|\[[^\]]*\]|\{[^}]*\}|\$\{[^}]*\}|\{\{[^}]*\}\}|\$[A-Za-z_]\w*|%[A-Z_]+%|%s|password|passwd|pass|pwd|secret|redacted|masked|hidden|filtered|changeme|your[-_]?password|pa(?:ss)?word\d?)$/i;

// scheme://user:password@host, the user possibly empty (redis://:password@host); a password
// pasted with an unencoded `@` or `:` in it runs to the last `@` before the host.
// Matched from `://` (a scheme before it, read backwards, costs less than trying every word).
const URL_PASSWORD_RE = /:\/\/([^\s:/@?#"'<>`]*):([^\s/?#"'<>`]+)@([^\s/?#"'<>`:@]+)/g;
const SCHEME_RE = /\b[a-z][a-z0-9+.-]{1,30}$/i;
// Hosts reserved for documentation (RFC 2606, RFC 6761): a URL there is an illustration.
const EXAMPLE_HOST_RE = /(?:^|\.)(?:example(?:\.(?:com|net|org))?|test|invalid)$/i;
// Password=…; in a connection string: after `;`, `?` or `&`, or first and followed by `;Key=`.
const PARAM_PASSWORD_RE = /(^|[;?&]\s*|\b)(password|pwd)\s*=\s*([^;&\s"'`<>]+)(;(?=\s*[A-Za-z][\w ]*=))?/gi;
const NOT_A_PASSWORD_RE = /^(?:true|false|null|none|yes|no|on|off|required|optional)$/i;

const WEBHOOKS: readonly [string, RegExp][] = [
  ['Discord webhook URL', /https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/webhooks\/\d{15,22}\/[\w-]{40,100}/g],
  [
    'Microsoft Teams webhook URL',
    /https:\/\/(?:[\w-]+\.webhook\.office\.com\/webhookb2|outlook\.office(?:365)?\.com\/webhook)\/[\w-]+@[\w-]+\/IncomingWebhook\/\w{16,}\/[\w-]+(?:\/[\w-]+)?/gi,
  ],
  ['Google Chat webhook URL', /https:\/\/chat\.googleapis\.com\/v1\/spaces\/[\w-]+\/messages\?[^\s"'<>`]*?\btoken=[\w%-]{20,}/g],
  [
    'Slack workflow webhook URL',
    /https:\/\/hooks\.slack\.com\/(?:workflows|triggers)\/T[A-Z0-9]{6,}\/[A-Z0-9]{6,}\/\d+\/[A-Za-z0-9]{16,}/g,
  ],
];

const isCredential = (password: string) =>
  password.length >= 4 && !PLACEHOLDER_RE.test(password) && !NOT_A_PASSWORD_RE.test(password) && !/^(.)\1+$/.test(password);

function urlPasswords(text: string, out: PatternSecret[]) {
  if (!text.includes('://')) return;
  for (const m of text.matchAll(URL_PASSWORD_RE)) {
    const [whole, user, password, host] = m;
    const scheme = SCHEME_RE.exec(text.slice(Math.max(0, m.index - 31), m.index))?.[0];
    // guest:guest, admin:admin: a product's default login, which a postmortem may well quote.
    if (!scheme || password === user || EXAMPLE_HOST_RE.test(host!) || !isCredential(decodeURIComponentSafe(password!))) continue;
    out.push({ start: m.index - scheme.length, end: m.index + whole.length, kind: 'password in a URL' });
  }
}

function paramPasswords(text: string, out: PatternSecret[]) {
  if (!/password|pwd/i.test(text)) return;
  for (const m of text.matchAll(PARAM_PASSWORD_RE)) {
    const [, before, name, value, semicolon] = m;
    const inConnectionString = /[;?&]/.test(before!) || semicolon !== undefined;
    if (!inConnectionString || !isCredential(value!)) continue;
    out.push({
      start: m.index + before!.length,
      end: m.index + m[0].length - (semicolon?.length ?? 0),
      kind: 'password in a connection string',
    });
  }
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// `Authorization: Bearer …` (or Basic, Token) as a header, in curl -H '…' or a log line.
const AUTH_HEADER_RE = /\bAuthorization["']?\s*[:=]\s*["']?(?:Bearer|Basic|Token|Bot)\s+([A-Za-z0-9._~+/=-]{16,})/gi;
// header.payload.signature, each base64url; the header and payload are JSON objects ("eyJ" is `{"`).
const JWT_RE = /\beyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{16,}/g;
// jwt.io's example token, quoted in every explanation of the format.
const JWT_EXAMPLE = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ';

function tokens(text: string, out: PatternSecret[]) {
  if (/authorization/i.test(text))
    for (const m of text.matchAll(AUTH_HEADER_RE)) {
      if (!isCredential(m[1]!)) continue;
      const start = m.index + m[0].length - m[1]!.length;
      out.push({ start, end: start + m[1]!.length, kind: 'token in an Authorization header' });
    }
  if (text.includes('eyJ'))
    for (const m of text.matchAll(JWT_RE))
      if (!m[0].startsWith(JWT_EXAMPLE)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'JSON Web Token' });
}

/** The credentials of a text that only these patterns find, in the order they occur. */
export function patternSecrets(text: string): PatternSecret[] {
  const out: PatternSecret[] = [];
  urlPasswords(text, out);
  paramPasswords(text, out);
  tokens(text, out);
  if (text.includes('https://'))
    for (const [kind, re] of WEBHOOKS) for (const m of text.matchAll(re)) out.push({ start: m.index, end: m.index + m[0].length, kind });
  return out.sort((a, b) => a.start - b.start);
}
