import { describe, expect, it } from 'vitest';
import { patternSecrets } from '../../src/validate/sensitive/more-secrets.ts';
import { scanSecrets } from '../../src/validate/sensitive/secrets.ts';
import { plantedPatternSecrets } from '../helpers/planted-secrets.ts';

/**
 * Hindsight's own secret patterns, for what secretlint's preset has no rule for: where each
 * finding starts and ends, that a match secretlint already reports is not reported twice, and
 * the look-alikes (placeholders, default logins, documentation hosts, URLs without a password)
 * that must yield nothing. The exact diagnostics in frontmatter, body and code block are in
 * secrets.test.ts.
 */

describe('what the patterns find', () => {
  it.each(plantedPatternSecrets().map((p) => [p.kind, p] as const))('%s, from its start to its end', (_kind, p) => {
    expect(patternSecrets(p.line).map((f) => p.line.slice(f.start, f.end))).toEqual([p.found]);
  });

  it('reports a URL secretlint already finds once, as secretlint names it', async () => {
    const line = 'https://deploy:Pz8mQ2vL9xR4tW7k@registry.shop.io/v2/';
    expect(patternSecrets(line)).toHaveLength(1);
    const scan = await scanSecrets([{ path: 'a.md', text: line }]);
    expect(scan.get('a.md')!.map((f) => [f.column, f.kind])).toEqual([[1, 'password in a URL']]);
  });
});

describe('what they do not find', () => {
  const LOOK_ALIKES = [
    'the URL format is postgres://user:password@host:5432/db and redis://:*****@cache:6379',
    'redis://default:<redacted>@cache:6379, amqp://svc:${AMQP_PASSWORD}@rabbit:5672, https://u:{{ pw }}@h.io',
    'Server=x;Password=***;Database=y and Server=x;Password=<redacted>; and Password=[REDACTED];',
    'jdbc:postgresql://host/db?user=app&password=${DB_PASSWORD} and ?password=%PASSWORD%',
    'http://[2001:db8::1]:8080/ and http://[::1]:80/x@y and https://grafana.shop.io:3000/d/abc?orgId=1&from=now-6h',
    'scp deploy@host:~/path, ssh://git@gitlab.shop.io:2222/org/repo.git, https://user@host.io:8443/a@b',
    'The password reset flow; password=true&remember=1. pwd=/home/app; cd $pwd',
    'default logins amqp://guest:guest@localhost:5672/ and https://admin:admin@localhost:9000',
    'docs: https://deploy:s3cr3tpass@registry.example.com/v2/ and mysql://app:hunter2x@db.test/shop',
    'See https://discord.com/api/webhooks for the format, and https://hooks.slack.com/workflows/ docs',
    "curl -H 'Authorization: Bearer <token>'; Authorization: Bearer $TOKEN; Authorization: Basic ****************",
    'the Authorization header carries a Bearer token; a JWT starts with eyJ and has three parts',
    'jwt.io: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  ];
  it.each(LOOK_ALIKES)('%s', (text) => {
    expect(patternSecrets(text)).toEqual([]);
  });
});
