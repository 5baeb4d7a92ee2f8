import { describe, expect, it } from 'vitest';
import { personalDataFindings } from '../../src/validate/sensitive/personal-data.ts';
import { validateContent } from '../../src/validate/validate.ts';
import { fileText, input, source, validFrontmatter } from '../helpers/content.ts';

/**
 * The `personal-data` rule: e-mail addresses, phone numbers, card numbers and IBANs, each found
 * at its line and column; a warning, an error in a public postmortem; and a set of look-alikes
 * (hashes, UUIDs, digests, pod names, private IPs, times, versions, documentation numbers) that
 * must yield nothing.
 */

const OPTIONS = { phoneRegions: ['US', 'GB'] as const, severity: 'warning' as const };
const find = (text: string) => personalDataFindings(text, { ...OPTIONS, phoneRegions: [...OPTIONS.phoneRegions] });
const summary = (text: string) => find(text).map((f) => [f.line, f.column, f.message]);

/** Completes a card number's Luhn check digit (computed here, not by the code under test). */
function withLuhn(partial: string): string {
  const digits = [...partial].map(Number);
  let sum = 0;
  digits.reverse().forEach((d, i) => {
    const x = i % 2 === 0 ? d * 2 : d;
    sum += x > 9 ? x - 9 : x;
  });
  return `${partial}${(10 - (sum % 10)) % 10}`;
}

/** An IBAN with its mod-97 check digits. */
function iban(country: string, bban: string): string {
  const numeric = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const ch of numeric) rest = (rest * 10 + Number(ch)) % 97;
  return `${country}${String(98 - rest).padStart(2, '0')}${bban}`;
}
const spaced = (s: string) => s.replace(/(.{4})(?=.)/g, '$1 ');

const VISA = withLuhn('455673758689985');
const MASTERCARD = withLuhn('542523343010990');
const AMEX = withLuhn('37828224631001');
const IBAN_DE = iban('DE', '500105175407324931');
const IBAN_GB = iban('GB', 'NWBK60161331926819');

describe('what is found', () => {
  it('e-mail addresses, at their line and column', () => {
    expect(summary('Reported by jane.doe@gmail.com.\nCC: "Ops" <ops-team+pager@acme.io>')).toEqual([
      [1, 13, 'an e-mail address "jane.doe@gmail.com"'],
      [2, 12, 'an e-mail address "ops-team+pager@acme.io"'],
    ]);
  });

  it('written to dodge scrapers, with the address it stands for', () => {
    const text = 'Reach jane (at) gmail (dot) com, bob.smith[at]corp.co.uk or OPS AT SHOP DOT IO.';
    expect(find(text).map((f) => [f.column, f.message, f.texts.at(-1)])).toEqual([
      [7, 'an e-mail address "jane (at) gmail (dot) com" (jane@gmail.com)', 'jane@gmail.com'],
      [34, 'an e-mail address "bob.smith[at]corp.co.uk" (bob.smith@corp.co.uk)', 'bob.smith@corp.co.uk'],
      [61, 'an e-mail address "OPS AT SHOP DOT IO" (ops@shop.io)', 'ops@shop.io'],
    ]);
  });

  it("with an apostrophe, and in a URL's path or query (not its user and password)", () => {
    expect(summary("From jane.o'neil@gmail.com; see https://crm.shop.io?email=bob@gmail.com")).toEqual([
      [1, 6, 'an e-mail address "jane.o\'neil@gmail.com"'],
      [1, 59, 'an e-mail address "bob@gmail.com"'],
    ]);
    expect(find('https://deploy:Sx9!$kz2Pq@registry.shop.io/v2/')).toEqual([]);
    expect(summary('https://crm.shop.io/users/jane.doe@gmail.com/edit')).toEqual([[1, 27, 'an e-mail address "jane.doe@gmail.com"']]);
  });

  it('in links and with underscores', () => {
    expect(summary('[Jane](mailto:jane_doe@gmail.com) or [call](tel:+442071234567)')).toEqual([
      [1, 15, 'an e-mail address "jane_doe@gmail.com"'],
      [1, 49, 'a phone number "+442071234567"'],
    ]);
  });

  it('North American numbers in every common way of writing 3-3-4 digits', () => {
    const ways = ['(415)867-5309', '(415) 867-5309', '1 (415) 867-5309', '415.867.5309', '1-415-867-5309', '415 867 5309'];
    expect(find(ways.join(', ')).map((f) => f.texts[0])).toEqual(ways);
  });

  it("phone numbers, international and in the configured regions' national formats", () => {
    expect(summary('Customer on +44 20 7123 4567, then (415) 867-5309 and 020 7123 4567; Kenya +254 712 345678.')).toEqual([
      [1, 13, 'a phone number "+44 20 7123 4567"'],
      [1, 36, 'a phone number "(415) 867-5309"'],
      [1, 55, 'a phone number "020 7123 4567"'],
      [1, 76, 'a phone number "+254 712 345678"'],
    ]);
  });

  it('card numbers that pass the Luhn check in a major scheme, grouped or not', () => {
    const text = `Refund ${spaced(VISA)} and ${MASTERCARD.replace(/(.{4})(?=.)/g, '$1-')}; amex ${AMEX}.`;
    expect(summary(text)).toEqual([
      [1, 8, `a Visa card number ending in ${VISA.slice(-4)} (16 digits, checksum valid)`],
      [1, 32, `a Mastercard card number ending in ${MASTERCARD.slice(-4)} (16 digits, checksum valid)`],
      [1, 58, `a American Express card number ending in ${AMEX.slice(-4)} (15 digits, checksum valid)`],
    ]);
    // One digit off: the checksum fails, so it is some other number.
    const wrong = `${VISA.slice(0, -1)}${(Number(VISA.at(-1)) + 1) % 10}`;
    expect(find(`Refund ${wrong}.`)).toEqual([]);
  });

  it('a card number after a year in the same run of digits', () => {
    expect(summary(`In 2024 ${spaced(VISA)} was charged twice.`)).toEqual([
      [1, 9, `a Visa card number ending in ${VISA.slice(-4)} (16 digits, checksum valid)`],
    ]);
  });

  it('IBANs with a valid checksum, grouped or not', () => {
    expect(summary(`Paid to ${spaced(IBAN_DE)} and ${IBAN_GB} ON TIME`)).toEqual([
      [1, 9, `an IBAN (${IBAN_DE.slice(0, 4)}…${IBAN_DE.slice(-4)}, checksum valid)`],
      [1, 41, `an IBAN (${IBAN_GB.slice(0, 4)}…${IBAN_GB.slice(-4)}, checksum valid)`],
    ]);
    const wrong = IBAN_DE.replace(/^DE(\d\d)/, (_m, d: string) => `DE${String((Number(d) + 1) % 100).padStart(2, '0')}`);
    expect(find(`Paid to ${wrong}`)).toEqual([]);
  });

  it('offers the text as written and its canonical form to allow entries', () => {
    expect(find('Call +44 20 7123 4567')[0]!.texts).toEqual(['+44 20 7123 4567', '+442071234567', '442071234567']);
    expect(find(`IBAN ${spaced(IBAN_DE)}`)[0]!.texts).toEqual([spaced(IBAN_DE), IBAN_DE]);
  });
});

describe('what is not found', () => {
  const LOOK_ALIKES = [
    'commit 3f2a9c81d4e5b6a7c8d9e0f1a2b3c4d5e6f7a8b9, short 3f2a9c8, tag v2.14.3 and 1.13.16',
    'request 123e4567-e89b-12d3-a456-426614174000 and 12345678-1234-5678-1234-567812345678',
    'image registry.acme.io/api@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945',
    'pods api-7f9c8d-x2k4q and checkout-5d8f7b9c6-qwz8p restarted 14 times',
    'hosts 10.0.12.145, 192.168.100.200, 172.16.254.1:8443, 100.64.3.7, 127.0.0.1 and fd12:3456:789a::1',
    'documentation addresses 192.0.2.10, 198.51.100.7, 203.0.113.42 and 2001:db8::1',
    'at 2024-06-06T09:00:00+03:00, 14:05 UTC, 2024-06-06 09:00, 06/06/2024 and 1717660800000 ms',
    'p99 went from 120 ms to 4500 ms for 3 h 20 min; 99.95% of 1,234,567 requests; 12345678 rows; port 5432',
    'errors 503 504 500 over 1234 5678 9012 bursts; build 20240606.1; order 4155550123; ticket INC-20240606-1234',
    'ids 1234567890123 and 2024-06-06-checkout-api; ranges 10.0.0.0/8; https://shop.io/orders/4556737586899855',
    'mail support@example.com, ops@shop.example, a@b.test, x@y.invalid, dev@svc.localhost, sales@example.org',
    'assets logo@2x.png; git@github.com:acme/shop.git; ssh://git@github.com/acme; https://deploy:s3cretpass@registry.io',
    'packages @astrojs/mdx@8.0.2 and lodash@4.17.21; user@localhost',
    'fictional numbers (415) 555-0123, +1 212 555 0199, 07700 900123, +44 20 7946 0123, 0113 496 0555, +33 1 99 00 12 34',
    'test cards 4111 1111 1111 1111, 4242424242424242, 5555 5555 5555 4444, 378282246310005',
    'example IBANs GB82 WEST 1234 5698 7654 32 and DE89 3704 0044 0532 0130 00',
    'Ordinary prose: 3 services, 40% of users, 2 regions and 1 on-call engineer for 45 minutes in Q4 2024.',
    'role mailboxes security@acme.io, abuse@acme.io, postmaster@acme.io, noreply@github.com and no-reply@accounts.google.com',
    'retries after 300 600 1200 seconds, backoff 1 2 4 8 16 32 64, CPU 12 34 56 78 90 percent',
    'invoice 2024-000123; 12 345 678 events (2 345 678 of them retried); part 5242-54-10-80',
  ];
  it.each(LOOK_ALIKES)('%s', (text) => {
    expect(find(text)).toEqual([]);
  });

  // With many regions configured, more digit groups read as some region's number.
  const WIDE = ['US', 'GB', 'DE', 'FR', 'IN', 'AU', 'JP', 'BR', 'NL', 'KE', 'ES', 'IT', 'CA'] as const;
  it.each([
    ...LOOK_ALIKES.filter((t) => !t.startsWith('fictional numbers')),
    'kernel 5.15.0-1034-aws, build 20231022.4, release 2024.02.20-3 and 2024.01.15.1432',
    'incident 2024-0117; 2 400 000 API calls; 250 000 000 rows; 12 345 678 bytes; errors 502 503 504',
  ])('with many regions: %s', (text) => {
    expect(personalDataFindings(text, { phoneRegions: [...WIDE], severity: 'warning' })).toEqual([]);
  });

  it('still finds numbers of those regions', () => {
    const found = personalDataFindings('Call 030 901820 or 06 12 34 56 78 or 612 345 678 or 0 800 123 456.', {
      phoneRegions: ['DE', 'FR', 'ES'],
      severity: 'warning',
    });
    expect(found.map((f) => f.message)).toEqual([
      'a phone number "030 901820"',
      'a phone number "06 12 34 56 78"',
      'a phone number "612 345 678"',
      'a phone number "0 800 123 456"',
    ]);
  });
});

describe('in a postmortem', () => {
  const NAME = '2024-06-06-api-leak.mdx';
  const body = `## Root cause and resolution\n\nThe customer (jane.doe@gmail.com) called +44 20 7123 4567.\n\n## Lessons learned\n\nx\n`;
  const run = (patch: Record<string, unknown>, extra = {}) => {
    const text = fileText({ ...validFrontmatter(), ...patch }, body);
    const line = text.split('\n').findIndex((l) => l.startsWith('The customer')) + 1;
    const result = validateContent(input([source(NAME, text)], extra));
    return { line, result, found: result.diagnostics.map((d) => ({ severity: d.severity, rule: d.rule, line: d.line, column: d.column })) };
  };

  it('is a warning in an internal postmortem (the default)', () => {
    for (const patch of [{}, { visibility: 'internal' }]) {
      const { line, found, result } = run(patch);
      expect(found).toEqual([
        { severity: 'warning', rule: 'personal-data', line, column: 15 },
        { severity: 'warning', rule: 'personal-data', line, column: 42 },
      ]);
      expect(result.entries).toHaveLength(1);
    }
  });

  it('is an error in a postmortem with `visibility: public`, which then is not published', () => {
    const { line, found, result } = run({ visibility: 'public' });
    expect(found).toEqual([
      { severity: 'error', rule: 'personal-data', line, column: 15 },
      { severity: 'error', rule: 'personal-data', line, column: 42 },
    ]);
    expect(result.diagnostics[0]!.hint).toContain('this postmortem is `visibility: public`: it must carry no personal data');
    expect(result.entries).toEqual([]);
  });

  it('follows the configured default visibility', () => {
    const sensitive = { allow: [], phoneRegions: [], defaultVisibility: 'public' as const };
    expect(run({}, { sensitive }).found.map((d) => d.severity)).toEqual(['error', 'error']);
    expect(run({ visibility: 'internal' }, { sensitive }).found.map((d) => d.severity)).toEqual(['warning', 'warning']);
  });

  it('rejects an unknown visibility', () => {
    expect(run({ visibility: 'secret' }).result.diagnostics[0]).toMatchObject({
      rule: 'schema',
      field: 'visibility',
      message: 'the text "secret" is not allowed',
      hint: 'use one of: internal, public',
    });
  });
});
