import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileText, REGISTRIES, validFrontmatter } from '../helpers/content.ts';
import { ROOT } from '../helpers/build.ts';
import { plantedSecrets } from '../helpers/planted-secrets.ts';
import { where } from '../helpers/where.ts';

/**
 * `npm run validate` as a real process on a postmortem with planted secrets, personal data and
 * blaming wording: the exact lines in every format, the exit status, and no secret in the output.
 * The folder is written at run time (no secret is ever committed).
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-sensitive-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const secrets = plantedSecrets().filter((p) => ['github', 'slack', 'database-connection-string'].includes(p.rule));
const NAME = '2024-06-06-api-leak.mdx';
const body = [
  '## Root cause and resolution',
  '',
  'Dave forgot to renew the token. The customer, jane.doe@gmail.com, called +44 20 7123 4567.',
  '',
  '```text',
  ...secrets.map((p) => p.line),
  '```',
  '',
  '## Lessons learned',
  '',
  'Tokens now live in the secret store.',
  '',
].join('\n');
const text = fileText({ ...validFrontmatter(), visibility: 'public' }, body);
fs.mkdirSync(path.join(dir, 'postmortems'));
fs.writeFileSync(path.join(dir, 'postmortems', NAME), text);
for (const [name, file] of [
  ['services', 'services.yaml'],
  ['rootCauses', 'root-causes.yaml'],
  ['severities', 'severities.yaml'],
] as const)
  fs.writeFileSync(path.join(dir, file), REGISTRIES[name].text);

function validate(args: string[]) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'src/cli/validate.ts'), ...args], {
    cwd: dir,
    env: { ...process.env, HINDSIGHT_CONTENT_DIR: dir },
    encoding: 'utf8',
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}`, stdout: result.stdout };
}

const lineOf = (needle: string) => where(text, needle).line;
const FILE = `postmortems/${NAME}`;

describe('npm run validate with the secret, personal-data and blame checks', () => {
  const run = validate([]);

  it('reports each finding at its place, and fails on the errors', () => {
    expect(run.code).toBe(1);
    const prose = lineOf('Dave forgot');
    const col = (needle: string) => where(text, needle).column;
    const expected = [
      `${FILE}:${prose}:1 warning "Dave forgot" names a person as the cause. Fix: describe the system instead: what made the step easy to miss or easy to get wrong, e.g. 'the renewal depended on a manual reminder'. [blame]`,
      `${FILE}:${prose}:${col('jane.doe')} error an e-mail address "jane.doe@gmail.com". Fix: remove it, or name the role instead ("the customer", "the on-call engineer"); for an illustration use an address under example.com (this postmortem is \`visibility: public\`: it must carry no personal data). [personal-data]`,
      `${FILE}:${prose}:${col('+44')} error a phone number "+44 20 7123 4567". Fix: remove it, or say whose it is ("the customer's number"); for an illustration use a number reserved for fiction, such as 555-0100 to 555-0199 in North America or 07700 900000 to 900999 in the UK (this postmortem is \`visibility: public\`: it must carry no personal data). [personal-data]`,
      ...secrets.map(
        (p) =>
          `${FILE}:${lineOf(p.line)}:${p.start + 1} error a ${p.kind} is written here: ${p.found.slice(0, 4)}… (${p.found.length} characters). Fix: rotate it: revoke this credential where it was issued and replace it, because once pushed it stays in the git history (deleting the line is not enough); then replace it in the file with a placeholder such as <redacted>. [secret]`,
      ),
      `✖ ${2 + secrets.length} errors, 1 warning in 1 file (4 files checked).`,
    ];
    expect(run.stdout.trimEnd().split('\n')).toEqual(expected);
  });

  it('writes no secret in full in any format', () => {
    const runs = [run, validate(['--format', 'json']), validate(['--format', 'github'])];
    expect(JSON.parse(runs[1]!.stdout).diagnostics.filter((d: { rule: string }) => d.rule === 'secret')).toHaveLength(secrets.length);
    expect(runs[2]!.stdout.match(/^::error file=.*title=Hindsight secret::/gm)).toHaveLength(secrets.length);
    for (const r of runs)
      for (const p of secrets) {
        expect(r.out).not.toContain(p.secret);
        expect(r.out).not.toContain(p.found);
      }
  });
});
