/**
 * One planted credential per kind that secretlint's recommended preset finds in a text file.
 * Every value is assembled at run time from parts and a seeded generator, so this repository
 * never holds a string that a secret scanner (GitHub push protection, say) would flag.
 */

function generator(seed: number) {
  let a = seed >>> 0;
  return (alphabet: string, length: number) => {
    let out = '';
    for (let i = 0; i < length; i++) {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out += alphabet[((t ^ (t >>> 14)) >>> 0) % alphabet.length]!;
    }
    return out;
  };
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const BASE64 = `${ALNUM}+/`;
const join = (...parts: string[]) => parts.join('');

export interface PlantedSecret {
  /** secretlint's rule, without the `@secretlint/secretlint-rule-` prefix. */
  rule: string;
  /** The kind our message names. */
  kind: string;
  /** A single line to paste into a postmortem. */
  line: string;
  /** Where secretlint's finding starts in `line`, and the text it covers (what the mask is made of). */
  start: number;
  found: string;
  /** The credential itself, which no output may contain. */
  secret: string;
}

function planted(rule: string, kind: string, before: string, secret: string, after = '', found = secret): PlantedSecret {
  return { rule, kind, line: `${before}${secret}${after}`, start: before.length, found, secret };
}

/** For a URL with a password the credential is the password. */
const withPassword = (p: PlantedSecret, password: string): PlantedSecret => ({ ...p, secret: password });

/** The planted secrets, the same on every run. */
export function plantedSecrets(): PlantedSecret[] {
  const r = generator(20260101);
  const awsSecret = r(ALNUM, 40);
  const pemBody = join('MII', r(BASE64, 200));
  const pem = join('-----BEGIN ', 'RSA PRIVATE KEY-----\\n', pemBody, '\\n-----END ', 'RSA PRIVATE KEY-----');
  const onePassword = Buffer.from(
    JSON.stringify({
      email: join(r(LOWER, 12), '@', '1passwordserviceaccounts.lcl'),
      muk: { alg: 'A256GCM', k: r(ALNUM, 43) },
      secretKey: r(ALNUM, 30),
      srpX: r(HEX, 64),
      signInAddress: 'shop.b5local.com:4000',
    }),
  )
    .toString('base64')
    .replace(/=+$/, '');
  const onePasswordToken = join('ops_', onePassword.endsWith('fQ') ? onePassword : `${onePassword}fQ`);
  const awsKeyLine = join('aws_secret_', 'access_key = ');
  const passwords = [r(ALNUM, 14), r(ALNUM, 16), r(ALNUM, 16), r(ALNUM, 16)];
  return [
    planted('aws', 'AWS access key ID', 'The log showed key ', join('AKI', 'A', r(UPPER + DIGITS, 16)), ' in the request.'),
    // secretlint starts this finding at the key's name and gives it the secret's length.
    {
      ...planted('aws', 'AWS secret access key', '', `${awsKeyLine}${awsSecret}`, '', `${awsKeyLine}${awsSecret}`.slice(0, 40)),
      secret: awsSecret,
    },
    planted('privatekey', 'private key', '"private_key": "', pem, '"'),
    planted('npm', 'npm access token', 'token ', join('npm', '_', r(ALNUM, 36)), ' was in the build log'),
    withPassword(
      planted(
        'basicauth',
        'password in a URL',
        'fetched ',
        join('https://', 'deploy', ':', passwords[0]!, '@', 'registry.shop.io'),
        '/v2/ failed',
      ),
      passwords[0]!,
    ),
    planted('slack', 'Slack token', 'bot token ', join('xox', 'b-', r(DIGITS, 12), '-', r(DIGITS, 13), '-', r(ALNUM, 24)), ' leaked'),
    planted(
      'slack',
      'Slack incoming webhook URL',
      'alerts went to ',
      join('https://hooks.', 'slack.com/services/', 'T', r(UPPER + DIGITS, 10), '/B', r(UPPER + DIGITS, 10), '/', r(ALNUM, 24)),
      ' all night',
    ),
    planted('sendgrid', 'SendGrid key', 'mail key ', join('S', 'G.', r(ALNUM, 22), '.', r(ALNUM, 43)), ' expired'),
    planted('shopify', 'Shopify key', 'shop token ', join('shp', 'at_', r(HEX, 32)), ' rotated'),
    planted('stripe', 'Stripe live secret key', 'charged with ', join('sk', '_live_', r(ALNUM, 24)), ' by mistake'),
    planted('github', 'GitHub token', 'CI used ', join('gh', 'p_', r(ALNUM, 36)), ' for the push'),
    planted('gitlab', 'GitLab personal access token', 'mirror with ', join('gl', 'pat-', r(ALNUM, 20)), ' failed'),
    planted('grafana', 'Grafana service account token', 'dashboards via ', join('gl', 'sa_', r(ALNUM, 32), '_', r(HEX, 8)), ' stalled'),
    planted('openai', 'OpenAI token', 'summariser key ', join('sk', '-', r(ALNUM, 20), 'T3Blbk', 'FJ', r(ALNUM, 20)), ' hit its quota'),
    planted('anthropic', 'Anthropic API key', 'assistant key ', join('sk', '-ant-', 'api03-', r(ALNUM, 93), 'AA'), ' hit its limit'),
    planted('groq', 'Groq API key', 'inference key ', join('gs', 'k_', r(ALNUM, 52)), ' failed'),
    planted('huggingface', 'Hugging Face user access token', 'model pulled with ', join('h', 'f_', r(UPPER + LOWER, 34)), ' slowly'),
    planted('linear', 'Linear API token', 'tickets via ', join('lin', '_api_', r(ALNUM, 40)), ' were filed'),
    planted('notion', 'Notion integration token', 'docs synced by ', join('nt', 'n_', r(DIGITS, 11), r(ALNUM, 35)), ' nightly'),
    planted('1password', '1Password service account token', 'vault read with ', onePasswordToken, ' at boot'),
    withPassword(
      planted(
        'database-connection-string',
        'PostgreSQL connection string with a password',
        'DATABASE_URL=',
        join('postgres', '://', 'orders', ':', passwords[1]!, '@', 'db-primary.shop.io:5432/orders'),
      ),
      passwords[1]!,
    ),
    withPassword(
      planted(
        'database-connection-string',
        'MongoDB connection string with a password',
        'sessions in ',
        join('mongodb', '://', 'sessions', ':', passwords[2]!, '@', 'mongo-1.shop.io/sessions'),
      ),
      passwords[2]!,
    ),
    withPassword(
      planted(
        'database-connection-string',
        'MySQL connection string with a password',
        'legacy at ',
        join('mysql', '://', 'legacy', ':', passwords[3]!, '@', 'mysql-2.shop.io/shop'),
      ),
      passwords[3]!,
    ),
    planted('hashicorp-vault', 'HashiCorp Vault service token', 'vault token ', join('hv', 's.', r(ALNUM, 95)), ' expired'),
    planted('vercel', 'Vercel personal access token', 'preview deploys by ', join('vc', 'p_', r(ALNUM, 40)), ' failed'),
    planted('databricks', 'Databricks personal access token', 'jobs used ', join('da', 'pi', r(HEX, 32)), ' to run'),
    planted('docker', 'Docker personal access token', 'pulls with ', join('dckr', '_pat_', r(ALNUM, 27)), ' were throttled'),
    planted('figma', 'Figma personal access token', 'exports via ', join('fi', 'gd_', r(ALNUM, 40)), ' broke'),
    planted('cloudflare', 'Cloudflare global API key', 'DNS edited with ', join('cf', 'k_', r(ALNUM, 40), r(HEX, 8)), ' by the script'),
    planted(
      'tailscale',
      'Tailscale auth key',
      'nodes joined with ',
      join('ts', 'key-auth-', r(ALNUM, 12), '-', r(ALNUM, 30)),
      ' overnight',
    ),
    // The preset's other message kinds, one each (after the first of each rule, which the tests pick).
    planted('stripe', 'Stripe test secret key', 'tests charged ', join('sk', '_test_', r(ALNUM, 24))),
    planted('stripe', 'Stripe live restricted key', 'reports read with ', join('rk', '_live_', r(ALNUM, 24))),
    planted('stripe', 'Stripe test restricted key', 'and ', join('rk', '_test_', r(ALNUM, 24))),
    ...['gho_', 'ghu_', 'ghs_', 'ghr_'].map((prefix) =>
      planted('github', 'GitHub token', 'token ', join(prefix.slice(0, 2), prefix.slice(2), r(ALNUM, 36))),
    ),
    planted('github', 'GitHub token', 'fine-grained ', join('github', '_pat_', r(ALNUM, 22), '_', r(ALNUM, 59))),
    planted('grafana', 'Grafana cloud API token', 'metrics pushed with ', join('gl', 'c_', 'eyJ', r(ALNUM, 60))),
    planted('hashicorp-vault', 'HashiCorp Vault batch token', 'batch token ', join('hv', 'b.', r(ALNUM, 150))),
    planted('hashicorp-vault', 'HashiCorp Vault recovery token', 'recovery token ', join('hv', 'r.', r(ALNUM, 100))),
    planted('vercel', 'Vercel integration token', 'integration ', join('vc', 'i_', r(ALNUM, 40))),
    planted('vercel', 'Vercel app access token', 'app ', join('vc', 'a_', r(ALNUM, 40))),
    planted('vercel', 'Vercel app refresh token', 'refresh ', join('vc', 'r_', r(ALNUM, 40))),
    planted('vercel', 'Vercel AI gateway API key', 'gateway ', join('vc', 'k_', r(ALNUM, 40))),
    planted('cloudflare', 'Cloudflare user API token', 'user token ', join('cf', 'ut_', r(ALNUM, 40), r(HEX, 8))),
    planted('cloudflare', 'Cloudflare account API token', 'account token ', join('cf', 'at_', r(ALNUM, 40), r(HEX, 8))),
    ...['api', 'client', 'scim', 'webhook'].map((type) =>
      planted(
        'tailscale',
        `Tailscale ${type === 'scim' ? 'SCIM' : type === 'api' ? 'API' : type} key`,
        'key ',
        join('ts', `key-${type}-`, r(ALNUM, 12), '-', r(ALNUM, 30)),
      ),
    ),
  ];
}

/**
 * One planted credential per kind the preset has no rule for and Hindsight's own patterns find
 * (src/validate/sensitive/more-secrets.ts). `rule` names the pattern, prefixed `hindsight:`.
 */
export function plantedPatternSecrets(): PlantedSecret[] {
  const r = generator(20261124);
  const url = (scheme: string, user: string, password: string, host: string, rest: string, before: string, after = '') =>
    withPassword(
      planted(
        `hindsight:url-password`,
        'password in a URL',
        before,
        join(scheme, '://', user, ':', password, '@', host),
        `${rest}${after}`,
      ),
      password,
    );
  const special = join(r(ALNUM, 8), '!$', r(ALNUM, 6));
  const encoded = join(r(ALNUM, 6), '%40', r(ALNUM, 8));
  const adoPassword = r(ALNUM, 18);
  const jdbcPassword = r(ALNUM, 16);
  return [
    url('redis', '', r(ALNUM, 20), 'cache-1.shop.io', ':6379/0', 'sessions in '),
    url('amqp', 'orders', r(ALNUM, 18), 'rabbit.shop.io', ':5672/shop', 'queue at ', ' dropped'),
    url('https', 'deploy', special, 'registry.shop.io', '/v2/', 'pulled from ', ' failed'),
    url('https', 'deploy', encoded, 'registry.shop.io', '/v2/', '<a href="', '">registry</a>'),
    withPassword(
      planted(
        'hindsight:connection-password',
        'password in a connection string',
        'Server=tcp:sql.shop.io,1433;User ID=sa;',
        join('Pass', 'word=', adoPassword),
        ';Database=orders',
      ),
      adoPassword,
    ),
    withPassword(
      planted(
        'hindsight:connection-password',
        'password in a connection string',
        'jdbc:postgresql://db.shop.io:5432/orders?user=app&',
        join('pass', 'word=', jdbcPassword),
      ),
      jdbcPassword,
    ),
    planted(
      'hindsight:auth-header',
      'token in an Authorization header',
      "curl -H 'Authorization: Bearer ",
      r(`${ALNUM}._-`, 48),
      "' https://api.shop.io/v1/orders",
    ),
    planted(
      'hindsight:jwt',
      'JSON Web Token',
      'session cookie ',
      join(
        Buffer.from('{"alg":"RS256","kid":"k1"}').toString('base64url'),
        '.',
        Buffer.from(`{"sub":"user-${r(DIGITS, 6)}","exp":1717660800}`).toString('base64url'),
        '.',
        r(`${ALNUM}_-`, 86),
      ),
      ' was replayed',
    ),
    planted(
      'hindsight:webhook',
      'Discord webhook URL',
      'alerts went to ',
      join('https://', 'discord.com/api/', 'webhooks/', r(DIGITS, 18), '/', r(`${ALNUM}_-`, 68)),
      ' all night',
    ),
    planted(
      'hindsight:webhook',
      'Microsoft Teams webhook URL',
      'and to ',
      join(
        'https://acme.',
        'webhook.office.com/webhookb2/',
        '0f8fad5b-d9cb-469f-a165-70867728950e@72f988bf-86f1-41af-91ab-2d7cd011db47',
        '/IncomingWebhook/',
        r(HEX, 32),
        '/0f8fad5b-d9cb-469f-a165-70867728950e',
      ),
    ),
    planted(
      'hindsight:webhook',
      'Google Chat webhook URL',
      'and to ',
      join('https://chat.', 'googleapis.com/v1/spaces/', 'AAAA', r(ALNUM, 7), '/messages?key=', r(ALNUM, 39), '&token=', r(ALNUM, 43)),
    ),
    planted(
      'hindsight:webhook',
      'Slack workflow webhook URL',
      'and to ',
      join(
        'https://hooks.',
        'slack.com/workflows/',
        'T',
        r(UPPER + DIGITS, 10),
        '/A',
        r(UPPER + DIGITS, 10),
        '/',
        r(DIGITS, 18),
        '/',
        r(ALNUM, 24),
      ),
    ),
  ];
}
