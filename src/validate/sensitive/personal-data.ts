import creditCardType from 'credit-card-type';
import { electronicFormatIBAN, getCountrySpecifications, isValidIBAN } from 'ibantools';
import { findPhoneNumbersInText, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import { positionsIn, type Finding } from './findings.ts';

/**
 * The `personal-data` rule: e-mail addresses, phone numbers, payment card numbers and IBANs in
 * a postmortem's whole text, frontmatter and code blocks included (pasted logs are where they
 * hide). A warning, and an error in a `visibility: public` postmortem.
 *
 * Each kind is confirmed the way its owners define it, so numbers that merely look alike are not
 * findings: phone numbers must be valid numbers of their region (libphonenumber-js, full
 * metadata), card numbers must pass the Luhn check and fall in a major scheme's IIN range with
 * its length (credit-card-type), IBANs must have their country's length and pass mod-97
 * (ibantools). Addresses and numbers reserved for documentation and fiction are not findings.
 */

export type PersonalDataKind = 'email' | 'phone' | 'card' | 'iban';

/** E-mail domains reserved for examples and testing (RFC 2606, RFC 6761). */
const RESERVED_DOMAIN_RE = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$/i;
/**
 * Mailboxes that name a function, not a person, by RFC 2142 (postmaster, abuse, security…), and
 * the no-reply senders of notifications. A team's own address (support@, ops@) is left to an
 * allow entry: whether it may be published is the reviewer's call.
 */
const ROLE_MAILBOX_RE = /^(?:postmaster|hostmaster|webmaster|abuse|noc|security|no-?reply|do-?not-?reply|notifications?|mailer-daemon)@/i;

/**
 * Phone numbers set aside for drama and documentation, as E.164. North America: 555-0100 to
 * 555-0199 in any area code. UK (Ofcom): 07700 900xxx, 01632 960xxx, 020 7946 0xxx, 0113 496 0xxx
 * and the other big-city ranges, 028 9649 6xxx, 029 2018 0xxx, 0808 157 0xxx, 0909 879 0xxx,
 * 0306 999 0xxx. France (ARCEP): 01 99 00, 02 61 91, 03 53 01, 04 65 71, 05 36 49, 06 39 98.
 * Australia (ACMA): (0x) 5550 xxxx and (0x) 7010 xxxx, and the 0491 57x xxx mobile block.
 */
const FICTIONAL_PHONE_RE = new RegExp(
  [
    String.raw`^\+1[2-9]\d{2}55501\d{2}$`,
    String.raw`^\+44(?:7700900|1632960|2079460|(?:113|114|115|116|117|118|121|131|141|151|161)4960|1914980|2896496|2920180|8081570|9098790|3069990)\d{3}$`,
    String.raw`^\+33(?:19900|26191|35301|46571|53649|63998)\d{4}$`,
    String.raw`^\+61(?:[2378](?:5550|7010)\d{4}|49157\d{4})$`,
  ].join('|'),
);

/** Card numbers published by the schemes and payment providers for testing. */
const TEST_CARDS = new Set([
  '4111111111111111',
  '4242424242424242',
  '4012888888881881',
  '4000056655665556',
  '5555555555554444',
  '5105105105105100',
  '5200828282828210',
  '2223003122003222',
  '378282246310005',
  '371449635398431',
  '6011111111111117',
  '6011000990139424',
  '3530111333300000',
  '3566002020360505',
  '30569309025904',
  '38520000023237',
  '6200000000000005',
]);
/** The schemes whose numbers are reported; others' IIN ranges are too broad to tell a card from an id. */
const CARD_SCHEMES = new Set(['visa', 'mastercard', 'american-express', 'diners-club', 'discover', 'jcb', 'unionpay', 'mir']);

/** The example IBANs of the standards and of banks' documentation. */
const EXAMPLE_IBANS = new Set([
  'GB82WEST12345698765432',
  'GB33BUKB20201555555555',
  'DE89370400440532013000',
  'FR1420041010050500013M02606',
  'NL91ABNA0417164300',
  'ES9121000418450200051332',
  'CH9300762011623852957',
  'BE68539007547034',
  'IT60X0542811101000000123456',
  'AT611904300234573201',
]);

const EMAIL_RE = /\w[\w.%+'’-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b/g;
// The rest of a URL's user and password before the `@` (`https://user:pa!ss@host`).
const URL_USERINFO_RE = /:\/\/[^\s/?#"'<>`]*$/;
const IMAGE_EXT_RE = /\.(?:png|jpe?g|gif|svg|webp|avif)$/i;
// Digits with spaces, dashes, dots or parentheses between them: what a written phone number looks like.
const PHONE_CANDIDATE_RE = /(?:\+|\(\+?)?\d[\d ().\u00a0-]{5,24}\d/g;
// Runs of digits with single spaces or dashes, for card numbers.
const DIGIT_RUN_RE = /\d+(?:[ -]\d+)*/g;
const IBAN_RE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,32}/g;

export interface PersonalDataOptions {
  /** Regions whose national formats are read (numbers with a leading + are read in any region). */
  phoneRegions: readonly CountryCode[];
  /** `error` in a public postmortem, `warning` otherwise. */
  severity: 'error' | 'warning';
}

interface Hit {
  kind: PersonalDataKind;
  start: number;
  text: string;
  /** Canonical forms an allow entry may name. */
  canonical: string[];
  message: string;
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

function emails(text: string, hits: Hit[]) {
  if (!text.includes('@')) return;
  for (const m of text.matchAll(EMAIL_RE)) {
    const address = m[0];
    const before = text[m.index - 1];
    const after = text[m.index + address.length];
    // `user:password@host` and `ssh://git@host` are URLs (the secret rule reads those), and
    // `git@github.com:org/repo` is a remote, not a person; after `mailto:` it is an address.
    const mailto = /mailto:$/i.test(text.slice(Math.max(0, m.index - 7), m.index));
    if (
      (before === ':' && !mailto) ||
      URL_USERINFO_RE.test(text.slice(Math.max(0, m.index - 200), m.index)) ||
      (before === '/' && !/https?:\/\/\S+\/$/.test(text.slice(Math.max(0, m.index - 200), m.index))) ||
      isWordChar(before) ||
      (after === ':' && /\S/.test(text[m.index + address.length + 1] ?? ''))
    )
      continue;
    const domain = address.slice(address.indexOf('@') + 1);
    if (RESERVED_DOMAIN_RE.test(domain) || IMAGE_EXT_RE.test(address) || ROLE_MAILBOX_RE.test(address)) continue;
    hits.push({
      kind: 'email',
      start: m.index,
      text: address,
      canonical: [address.toLowerCase()],
      message: `an e-mail address "${address}"`,
    });
  }
}

// Addresses written to dodge scrapers: jane (at) gmail (dot) com, jane[at]gmail[dot]com, jane at
// gmail dot com. A bracketed "at" may be followed by ordinary dots; a bare " at " needs a " dot ".
// Cheap tests first (case-sensitive; most texts have neither): a bracketed "at", or " dot ".
const hasObfuscation = (text: string) => /[[({<]\s*(?:at|AT)\s*[\])}>]/.test(text) || text.includes(' dot ') || text.includes(' DOT ');
const BRACKETED = (word: string) => String.raw`\s*[[({<]\s*${word}\s*[\])}>]\s*`;
const OBFUSCATED_EMAIL_RE = new RegExp(
  String.raw`(?<![\w.+:/@-])([A-Za-z0-9][\w.+-]*)(?:(${BRACKETED('at')})([A-Za-z0-9-]+(?:(?:${BRACKETED('dot')}|\.)[A-Za-z0-9-]+)*(?:${BRACKETED('dot')}|\.)[A-Za-z]{2,24})|\s+at\s+([A-Za-z0-9-]+(?:\s+dot\s+[A-Za-z0-9-]+)*\s+dot\s+[A-Za-z]{2,24}))\b`,
  'gi',
);

function obfuscatedEmails(text: string, hits: Hit[]) {
  if (!hasObfuscation(text)) return;
  for (const m of text.matchAll(OBFUSCATED_EMAIL_RE)) {
    if (!/[A-Za-z]/.test(m[1]!)) continue; // "14:05 at api dot …" is a time
    const domain = (m[3] ?? m[4]!).replace(new RegExp(`${BRACKETED('dot')}|\\s+dot\\s+`, 'gi'), '.');
    if (RESERVED_DOMAIN_RE.test(domain)) continue;
    const address = `${m[1]}@${domain}`.toLowerCase();
    hits.push({ kind: 'email', start: m.index, text: m[0], canonical: [address], message: `an e-mail address "${m[0]}" (${address})` });
  }
}

function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}

/** A written phone number has a + or a separator; a bare run of digits is an id, a count or a time. */
function looksLikePhone(candidate: string): boolean {
  const digits = digitsOf(candidate).length;
  if (digits < 7 || digits > 15) return false;
  if (!/[+( .\u00a0-]/.test(candidate)) return false;
  if (/^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/.test(candidate)) return false; // dates
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(candidate)) return false; // IPv4 addresses
  if (candidate.startsWith('+')) return true;
  // Without a country code, what reads as a number of some region is often something else:
  // a version or build (5.15.0-1034, 20231022.4), an id that starts with a year or a date
  // (2024-000123, 2024-0117, 2024.02.20-3), or a count grouped in thousands (2 400 000,
  // (2 345 678, 250 000 000; not 0 800 123 456).
  if (/\.\d(?!\d)/.test(candidate)) return false;
  if (/^(?:19|20)\d\d(?:[-./]|[ ]?[01]\d(?:[-./ ]?[0-3]\d)?(?!\d))/.test(candidate)) return false;
  const thousands = /^\(?([1-9]\d{0,2})(?:[ \u00a0,.]\d{3})+$/.exec(candidate);
  if (thousands && (thousands[1]!.length < 3 || candidate.endsWith('000'))) return false;
  // Lists of small numbers: a one-digit group after the first (1 2 4 8 16 32 64), or five or more
  // pairs without the leading 0 of the regions that write numbers in pairs (12 34 56 78 90).
  if (/^\S+[ .\u00a0-]+(?:\S+[ .\u00a0-]+)*\d(?:[ .\u00a0-]|$)/.test(candidate) || /^[1-9]\d(?:[ .]\d\d){4,}$/.test(candidate))
    return false;
  // HTTP status codes listed with spaces ("errors 502 503 504"), which are 3-3-3 numbers in Germany.
  if (/^[1-5]\d\d(?: [1-5]\d\d)+$/.test(candidate)) return false;
  return true;
}

/**
 * A number written without a country code must be written the way the region dials it at home:
 * with its national prefix where it has one (020 7123 4567 in the UK, 030 901820 in Germany),
 * and in North America in groups of 3, 3 and 4 digits. libphonenumber-js also accepts numbers
 * without, which reads counts and lists such as "300 600 1200" as UK numbers.
 */
function writtenNationally(written: string, number: PhoneNumber): boolean {
  if (/^\s*\+/.test(written)) return true;
  const digits = digitsOf(written);
  if (/^(?:00|011)/.test(digits)) return true; // dialled from abroad
  // North America writes 3-3-4 digits (1 before them optional); 5242-54-10-80 is something else.
  if (number.countryCallingCode === '1') return /^(?:1\D+)?\(?\d{3}(?:\)\s*|\D+)\d{3}\D+\d{4}$/.test(written.trim());
  return digits === digitsOf(number.formatNational());
}

function phones(text: string, regions: readonly (CountryCode | undefined)[], hits: Hit[]) {
  for (const m of text.matchAll(PHONE_CANDIDATE_RE)) {
    const candidate = m[0].trimEnd();
    const before = text[m.index - 1];
    const after = text[m.index + m[0].length];
    // Inside a word, a hash, a version, an address or a path: hex ids, pod names, IPs, ports.
    const tel = /tel:$/i.test(text.slice(Math.max(0, m.index - 4), m.index));
    if (
      isWordChar(before) ||
      (before !== undefined && '.:/#@_-'.includes(before) && !tel) ||
      isWordChar(after) ||
      (after !== undefined && ':/@_'.includes(after))
    )
      continue;
    if (!looksLikePhone(candidate)) continue;
    const seen = new Set<number>();
    for (const region of regions) {
      // Valid numbers only (libphonenumber-js's default leniency): the right length and ranges for the region.
      for (const found of findPhoneNumbersInText(candidate, region ? { defaultCountry: region } : {})) {
        if (seen.has(found.startsAt)) continue;
        const written = candidate.slice(found.startsAt, found.endsAt);
        const e164 = found.number.number;
        // Not written as this region's number: the next region may read it as one of its own.
        if (!writtenNationally(written, found.number)) continue;
        seen.add(found.startsAt);
        if (FICTIONAL_PHONE_RE.test(e164) || !/[+( .\u00a0-]/.test(written)) continue;
        hits.push({
          kind: 'phone',
          start: m.index + found.startsAt,
          text: written,
          canonical: [e164, digitsOf(written)],
          message: `a phone number "${written}"`,
        });
      }
    }
  }
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function cardScheme(digits: string): string | undefined {
  if (digits.length < 13 || digits.length > 19 || !luhn(digits) || TEST_CARDS.has(digits)) return undefined;
  return creditCardType(digits).find((t) => CARD_SCHEMES.has(t.type) && t.lengths.includes(digits.length))?.niceType;
}

function cards(text: string, hits: Hit[]) {
  for (const m of text.matchAll(DIGIT_RUN_RE)) {
    if (m[0].length < 13) continue;
    const before = text[m.index - 1];
    const after = text[m.index + m[0].length];
    if (
      isWordChar(before) ||
      isWordChar(after) ||
      (before !== undefined && '.:/#@_-'.includes(before)) ||
      (after !== undefined && '.:/@_-'.includes(after) && isWordChar(text[m.index + m[0].length + 1]))
    )
      continue;
    // The run may hold more than the number ("in 2024 4000 1234 ..."): try each span of whole groups.
    const groups = [...m[0].matchAll(/\d+/g)];
    let found = false;
    for (let i = 0; i < groups.length && !found; i++) {
      for (let j = groups.length - 1; j >= i && !found; j--) {
        const start = groups[i]!.index;
        const end = groups[j]!.index + groups[j]![0].length;
        const written = m[0].slice(start, end);
        const digits = digitsOf(written);
        const scheme = cardScheme(digits);
        if (!scheme) continue;
        found = true;
        hits.push({
          kind: 'card',
          start: m.index + start,
          text: written,
          canonical: [digits],
          message: `a ${scheme} card number ending in ${digits.slice(-4)} (${digits.length} digits, checksum valid)`,
        });
      }
    }
  }
}

let ibanLengths: Map<string, number> | undefined;
function ibans(text: string, hits: Hit[]) {
  ibanLengths ??= new Map(
    Object.entries(getCountrySpecifications()).flatMap(([code, spec]) => (spec.chars ? [[code, spec.chars] as [string, number]] : [])),
  );
  for (const m of text.matchAll(IBAN_RE)) {
    const length = ibanLengths.get(m[0].slice(0, 2));
    if (!length) continue;
    // Take exactly the country's length of characters: the match may run into the next word.
    let taken = 0;
    let end = 0;
    while (end < m[0].length && taken < length) {
      if (m[0][end] !== ' ') taken++;
      end++;
    }
    const written = m[0].slice(0, end);
    const electronic = electronicFormatIBAN(written) ?? '';
    if (taken !== length || isWordChar(text[m.index + end]) || !isValidIBAN(electronic) || EXAMPLE_IBANS.has(electronic)) continue;
    hits.push({
      kind: 'iban',
      start: m.index,
      text: written,
      canonical: [electronic],
      message: `an IBAN (${electronic.slice(0, 4)}…${electronic.slice(-4)}, checksum valid)`,
    });
  }
}

const HINTS: Record<PersonalDataKind, string> = {
  email:
    'remove it, or name the role instead ("the customer", "the on-call engineer"); for an illustration use an address under example.com',
  phone:
    'remove it, or say whose it is ("the customer\'s number"); for an illustration use a number reserved for fiction, such as 555-0100 to 555-0199 in North America or 07700 900000 to 900999 in the UK',
  card: 'remove it: card numbers must stay in the payment system; refer to the payment or order by its id',
  iban: 'remove it: refer to the customer or the payment by its internal id',
};

/** Every piece of personal data in a file's text (normalised: no BOM, LF line endings). */
export function personalDataFindings(text: string, options: PersonalDataOptions): Finding[] {
  const hits: Hit[] = [];
  emails(text, hits);
  obfuscatedEmails(text, hits);
  phones(text, [undefined, ...options.phoneRegions], hits);
  cards(text, hits);
  ibans(text, hits);
  if (hits.length === 0) return [];
  // A card number also reads as a phone number in some regions: the stronger reading wins.
  const strong = hits.filter((h) => h.kind === 'card' || h.kind === 'iban');
  const kept = hits.filter(
    (h) => h.kind !== 'phone' || !strong.some((s) => h.start < s.start + s.text.length && s.start < h.start + h.text.length),
  );
  const position = positionsIn(text);
  const publicNote = options.severity === 'error' ? ' (this postmortem is `visibility: public`: it must carry no personal data)' : '';
  return kept
    .sort((a, b) => a.start - b.start)
    .map((h) => ({
      rule: 'personal-data' as const,
      ...position(h.start),
      severity: options.severity,
      message: h.message,
      hint: `${HINTS[h.kind]}${publicNote}`,
      texts: [h.text, ...h.canonical],
    }));
}
