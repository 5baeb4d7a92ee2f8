import { describe, expect, it } from 'vitest';
import { formatReport, type Diagnostic } from '../../src/format/diagnostics.ts';
import { maskSecret } from '../../src/validate/sensitive/findings.ts';
import { scanSecrets, SECRET_HINT, secretKind } from '../../src/validate/sensitive/secrets.ts';
import { validateContent } from '../../src/validate/validate.ts';
import { fileText, input, source, validFrontmatter } from '../helpers/content.ts';
import { plantedPatternSecrets, plantedSecrets, type PlantedSecret } from '../helpers/planted-secrets.ts';
import { where } from '../helpers/where.ts';

/**
 * The `secret` rule: every kind of credential secretlint's recommended preset finds in a text
 * file, planted in the frontmatter, in body text and in a code block, reported at its line and
 * column with the secret masked, and never written in full in any output format.
 */

// The preset's kinds, then the ones only Hindsight's own patterns find (more-secrets.ts).
const PLANTED = [...plantedSecrets(), ...plantedPatternSecrets()];

/** A postmortem with the secret's line in `trigger` (a literal block), a paragraph and a code block. */
function plantedFile(p: PlantedSecret): string {
  const text = fileText(
    validFrontmatter(),
    `## Root cause and resolution\n\nFrom the log: ${p.line}\n\n\`\`\`text\n${p.line}\n\`\`\`\n\n## Lessons learned\n\nRotate.\n`,
  );
  return text.replace(/^timezone:/m, `trigger: |-\n  ${p.line}\ntimezone:`);
}

async function validate(files: { relPath: string; text: string }[]) {
  const sources = files.map((f) => source(f.relPath, f.text));
  return validateContent(input(sources, { secrets: await scanSecrets(sources) }));
}

describe('secretlint kinds and our own, each in frontmatter, body text and a code block', async () => {
  const files = PLANTED.map((p, i) => ({ p, relPath: `2024-06-06-planted-${String(i).padStart(2, '0')}.mdx`, text: plantedFile(p) }));
  const result = await validate(files);

  it('covers every rule of the preset that reads text files', () => {
    const rules = new Set(PLANTED.map((p) => p.rule).filter((rule) => !rule.startsWith('hindsight:')));
    // gcp reads whole service-account JSON or .p12 files (a key pasted into a postmortem is found
    // by privatekey); filter-comments is turned off (see secrets.ts).
    expect([...rules].sort()).toEqual([
      '1password',
      'anthropic',
      'aws',
      'basicauth',
      'cloudflare',
      'database-connection-string',
      'databricks',
      'docker',
      'figma',
      'github',
      'gitlab',
      'grafana',
      'groq',
      'hashicorp-vault',
      'huggingface',
      'linear',
      'notion',
      'npm',
      'openai',
      'privatekey',
      'sendgrid',
      'shopify',
      'slack',
      'stripe',
      'tailscale',
      'vercel',
    ]);
  });

  it.each(files.map((f) => [f.p.kind, f] as const))(
    '%s: three exact diagnostics, and the file is not published',
    (_kind, { p, relPath, text }) => {
      const path = `content/postmortems/${relPath}`;
      const inTrigger = where(text, p.line);
      const inBody = where(text, `From the log: ${p.line}`);
      const inCode = where(text, `\`\`\`text\n${p.line}`);
      const positions = [
        { line: inTrigger.line, column: inTrigger.column + p.start },
        { line: inBody.line, column: inBody.column + 'From the log: '.length + p.start },
        { line: inCode.line + 1, column: 1 + p.start },
      ];
      const expected: Diagnostic[] = positions.map((at) => ({
        file: path,
        ...at,
        severity: 'error',
        rule: 'secret',
        message: `a ${p.kind} is written here: ${p.found.slice(0, 4)}… (${p.found.length} characters)`,
        hint: SECRET_HINT,
      }));
      expect(result.diagnostics.filter((d) => d.file === path)).toEqual(expected);
      expect(result.entries.some((e) => e.path === path)).toBe(false);
    },
  );

  it('never writes a secret in full, in any output format', () => {
    for (const format of ['text', 'json', 'github'] as const) {
      const report = formatReport(result.diagnostics, result.filesChecked, format);
      const marker = { text: /\[secret\]$/gm, json: /"rule": "secret"/g, github: /^::error .*title=Hindsight secret::/gm }[format];
      expect(report.match(marker)?.length).toBe(PLANTED.length * 3);
      for (const p of PLANTED) {
        expect(report).not.toContain(p.secret);
        expect(report).not.toContain(p.found);
      }
    }
  });

  it('says to rotate the credential, not only to delete the line', () => {
    expect(SECRET_HINT).toMatch(/^rotate it: revoke this credential/);
    expect(SECRET_HINT).toContain('deleting the line is not enough');
  });
});

describe('secret scanning', () => {
  it('reads the whole file even when its frontmatter is broken', async () => {
    const p = PLANTED.find((x) => x.rule === 'github')!;
    const text = `---\ntitle: "unclosed\n---\n\n${p.line}\n`;
    const result = await validate([{ relPath: '2024-06-06-broken.mdx', text }]);
    expect(result.diagnostics.map((d) => d.rule)).toEqual(['yaml', 'secret']);
    expect(result.diagnostics[1]).toMatchObject({
      line: 5,
      column: p.start + 1,
      message: `a GitHub token is written here: ${p.found.slice(0, 4)}… (40 characters)`,
    });
  });

  it('finds a token split across lines of a double-quoted frontmatter string, at its start', async () => {
    const p = PLANTED.find((x) => x.rule === 'github')!;
    const half = p.secret.length >> 1;
    const split = `"CI pushed with ${p.secret.slice(0, half)}\\\n    ${p.secret.slice(half)} at 09:00"`;
    const text = fileText(validFrontmatter()).replace(/^timezone:/m, `trigger: ${split}\ntimezone:`);
    const result = await validate([{ relPath: '2024-06-06-split.md', text }]);
    const at = where(text, p.secret.slice(0, half));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        rule: 'secret',
        line: at.line,
        column: at.column,
        message: `a GitHub token is written here: ghp_… (40 characters)`,
      }),
    ]);
  });

  it('counts lines of a file with CRLF line endings and a byte-order mark like the other rules', async () => {
    const p = PLANTED.find((x) => x.rule === 'slack')!;
    const text = `\uFEFF${plantedFile(p)}`.replace(/\n/g, '\r\n');
    const lf = await validate([{ relPath: '2024-06-06-lf.mdx', text: plantedFile(p) }]);
    const crlf = await validate([{ relPath: '2024-06-06-lf.mdx', text }]);
    expect(crlf.diagnostics).toEqual(lf.diagnostics);
  });

  it('is not run without a scan (the dev server), and finds nothing in clean text', async () => {
    const p = PLANTED.find((x) => x.rule === 'npm')!;
    const sources = [source('2024-06-06-a.mdx', plantedFile(p))];
    expect(validateContent(input(sources)).diagnostics.filter((d) => d.rule === 'secret')).toEqual([]);
    const clean = await scanSecrets([source('2024-06-06-b.mdx', fileText(validFrontmatter()))]);
    expect([...clean.values()]).toEqual([[]]);
  });

  it('ignores secretlint-disable comments: accepting a finding takes an allow entry with a reason', async () => {
    const p = PLANTED.find((x) => x.rule === 'github')!;
    const text = fileText(
      validFrontmatter(),
      `## Root cause and resolution\n\n<!-- secretlint-disable -->\n\n${p.line}\n\n## Lessons learned\n\nx\n`,
    );
    const result = await validate([{ relPath: '2024-06-06-disabled.md', text }]);
    expect(result.diagnostics.map((d) => d.rule)).toEqual(['secret']);
  });

  it('an AWS account ID, which names an account and grants nothing (secretlint reports it with access key IDs)', async () => {
    const text = 'AWS account ID: 123456789012\naws_account_id = "1234-5678-9012"\n';
    const scan = await scanSecrets([{ path: 'a.md', text }]);
    expect(scan.get('a.md')).toEqual([]);
  });

  it('masks: four characters of a long secret, two of a short one, none of a very short one', () => {
    expect(maskSecret('ghp_0123456789abcdef')).toBe('ghp_… (20 characters)');
    expect(maskSecret('hunter22x')).toBe('hu… (9 characters)');
    expect(maskSecret('abc')).toBe('… (3 characters)');
  });

  it('names kinds from secretlint message ids', () => {
    expect(secretKind('@secretlint/secretlint-rule-github', 'GITHUB_TOKEN')).toBe('GitHub token');
    expect(secretKind('@secretlint/secretlint-rule-tailscale', 'TAILSCALE_API_KEY')).toBe('Tailscale API key');
    expect(secretKind('@secretlint/secretlint-rule-new-vendor', 'SOME_TOKEN')).toBe('some token');
  });
});
