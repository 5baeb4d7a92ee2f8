import { describe, expect, it } from 'vitest';
import words from '../../src/validate/sensitive/blame-words.json' with { type: 'json' };
import { blameMatches, bodyBlame } from '../../src/validate/sensitive/blame.ts';
import { validateContent } from '../../src/validate/validate.ts';
import { fileText, input, source, validFrontmatter } from '../helpers/content.ts';
import { where } from '../helpers/where.ts';

/**
 * The `blame` rule: wording that names a person as the cause or judges one, in body prose and
 * in the free-text frontmatter fields, at its exact line and column, with a suggestion that
 * describes the system; not in code, not in URLs, not in denials or in words about systems.
 */

const quoted = (text: string) => blameMatches(text).map((m) => m.quoted);

describe('phrases', () => {
  it.each([
    ['Dave forgot to renew the certificate.', ['Dave forgot']],
    ['The engineer forgot the flag.', ['engineer forgot']],
    ['It was human error.', ['human error']],
    ['Root cause: operator error during the failover.', ['operator error']],
    ['The on-call engineer should have paged the database team.', ['should have']],
    ['We shouldn’t have merged on a Friday.', ['shouldn’t have']],
    ['That deploy was careless.', ['careless']],
    ['It was the fault of the release manager.', ['fault of']],
    ["It was Dave's mistake, and his fault.", ["Dave's mistake", 'his fault']],
    ["He didn't bother to check the dashboard.", ["He didn't bother"]],
    ['Marketing blamed the vendor.', ['Marketing blamed']],
    ['Who is to blame?', ['blame']],
    ['A negligent change; a fat-fingered command.', ['negligent', 'fat-fingered']],
    // Tenses, spellings and capitals.
    ['Dave forgets it every year; he had forgotten it in 2023 too.', ['Dave forgets', 'he had forgotten']],
    ['Human-error, they said. HUMAN ERROR again.', ['Human-error', 'HUMAN ERROR']],
    ['Sam neglected the alert and made a mistake; Sam fat fingered the command.', ['Sam neglected', 'made a mistake', 'Sam fat fingered']],
    ['It was their fault; the team’s fault; Sam was at fault.', ['their fault', 'team’s fault', 'at fault']],
    ['This was negligence. Sam should of checked.', ['negligence', 'should of']],
    // A person, or nobody named, before the verb.
    ['In hindsight, we should have paged the database team.', ['should have']],
    ['The cause was human error, not the network.', ['human error']],
    ['Someone really should have looked; the engineers should have paged.', ['should have', 'should have']],
    ['The load balancer should have drained the node, and the operator should have been paged.', ['should have']],
  ])('%s', (text, expected) => {
    expect(quoted(text)).toEqual(expected);
  });

  it.each([
    'A network fault and a configuration mistake took the API down.',
    'The error rate rose to 40% and the operator dashboard showed it.',
    "We don't assign blame. Nobody is to blame. This is a blameless review.",
    'The alert fired; the renewal depended on a manual reminder.',
    'Human review of the change caught nothing because the diff was 4,000 lines.',
    // A thing as the subject: what the system should have done is the analysis, not blame.
    'The alert should have fired at 14:05 but did not; the health check should have failed over.',
    'The config should have been validated by CI, and the API should have returned 503.',
    'The cache forgot its entries after the restart; the job forgets to flush; a check that should have caught it.',
    // A possessive of a thing, or one that modifies a noun.
    "The primary's error rate passed 20%; Stripe's error rate rose; our error budget and their error messages.",
    // Other meanings.
    'The Forgot password page failed, so users who forgot their password could not log in.',
    'A neglected server in the old region.',
    // Denials.
    "It was not human error but a missing safeguard; it wasn't operator error either.",
  ])('not: %s', (text) => {
    expect(quoted(text)).toEqual([]);
  });

  it('parses a body only when a phrase may be there, not for one of its words alone', () => {
    let parsed = 0;
    const tree = () => {
      parsed++;
      return { type: 'root' as const, children: [] };
    };
    bodyBlame(tree, 'The error rate at 14:00 should recover; a fault domain; the mistake budget.\n', 1);
    expect(parsed).toBe(0);
    bodyBlame(tree, 'Sam should have paged.\n', 1);
    expect(parsed).toBe(1);
  });

  it('keeps one small documented word list', () => {
    expect(words.about).toMatch(/^Wording the `blame` check reports/);
    expect(Object.keys(words.suggestions).sort()).toEqual(['cause', 'counterfactual', 'judgement']);
    for (const entry of words.phrases) expect(Object.keys(words.suggestions)).toContain(entry.kind);
    expect(new Set(words.phrases.map((p) => p.phrase)).size).toBe(words.phrases.length);
    // Every option an entry or the file uses is explained in `about`.
    const options = new Set([...words.phrases.flatMap((p) => Object.keys(p)), ...Object.keys(words)]);
    for (const key of options)
      if (!['phrase', 'kind', 'about', 'suggestions', 'phrases'].includes(key)) expect(words.about).toContain(`\`${key}`);
  });
});

describe('in a postmortem', () => {
  const NAME = '2024-06-06-api-leak.mdx';
  const BODY = [
    '## Root cause and resolution',
    '',
    'The certificate expired. Dave forgot to renew it, and **nobody** noticed.',
    '',
    '- It was *human error*, see [the runbook](https://wiki.acme.io/dave-forgot-runbook).',
    '',
    '| who | what |',
    '| --- | --- |',
    '| on-call | should have paged |',
    '',
    '```sh',
    '# Dave forgot the flag: careless',
    'echo "human error"',
    '```',
    '',
    'The script printed `operator error` and https://acme.io/blame/careless.',
    '',
    '<Callout type="warning">That was careless.</Callout>',
    '',
    '## Lessons learned',
    '',
    'The renewal depended on a manual reminder.',
    '',
  ].join('\n');

  function run(frontmatter: Record<string, unknown>) {
    const text = fileText(frontmatter, BODY);
    const at = (needle: string) => where(text, needle);
    const result = validateContent(input([source(NAME, text)]));
    return { at, result, blame: result.diagnostics.filter((d) => d.rule === 'blame') };
  }

  it('reports body prose at the exact place, never code, inline code or URLs', () => {
    const { at, blame, result } = run(validFrontmatter());
    expect(blame).toEqual([
      {
        file: `content/postmortems/${NAME}`,
        ...at('Dave forgot'),
        severity: 'warning',
        rule: 'blame',
        message: '"Dave forgot" names a person as the cause',
        hint: words.suggestions.cause,
      },
      {
        file: `content/postmortems/${NAME}`,
        ...at('human error*'),
        severity: 'warning',
        rule: 'blame',
        message: '"human error" names a person as the cause',
        hint: words.suggestions.cause,
      },
      {
        file: `content/postmortems/${NAME}`,
        ...at('should have'),
        severity: 'warning',
        rule: 'blame',
        message: '"should have" judges what was done against what someone should have done',
        hint: words.suggestions.counterfactual,
      },
      {
        file: `content/postmortems/${NAME}`,
        ...at('careless.</Callout>'),
        severity: 'warning',
        rule: 'blame',
        message: '"careless" judges a person',
        hint: words.suggestions.judgement,
      },
    ]);
    expect(words.suggestions.cause).toContain("e.g. 'the renewal depended on a manual reminder'");
    // A warning: the postmortem is still published.
    expect(result.entries).toHaveLength(1);
  });

  it('reports the free-text frontmatter fields at the words, with the field', () => {
    const fm = {
      ...validFrontmatter(),
      title: 'Checkout down after a sloppy deploy',
      summary: 'The certificate expired because Priya forgot to renew it.',
      impact: { description: 'Checkout failed for an hour; human error.' },
      trigger: 'A careless config push.',
      timeline: [
        { at: '09:00', event: 'Alerts fired.', kind: 'detected' },
        { at: '09:30', event: 'The operator should have rolled back here.' },
        { at: '11:30', event: 'Restored.', kind: 'resolved' },
      ],
      tags: ['human-error'],
    };
    const { at, blame } = run(fm);
    const inFrontmatter = blame.filter((d) => d.field);
    expect(inFrontmatter.map((d) => ({ field: d.field, line: d.line, column: d.column, message: d.message }))).toEqual([
      { field: 'title', ...at('sloppy deploy'), message: '"sloppy" judges a person' },
      { field: 'summary', ...at('Priya forgot'), message: '"Priya forgot" names a person as the cause' },
      { field: 'impact.description', ...at('human error.'), message: '"human error" names a person as the cause' },
      { field: 'trigger', ...at('careless config'), message: '"careless" judges a person' },
      {
        field: 'timeline[1].event',
        ...at('should have rolled'),
        message: '"should have" judges what was done against what someone should have done',
      },
    ]);
    expect(blame.filter((d) => !d.field)).toHaveLength(4); // the body's
  });

  it('finds words in a folded frontmatter value on the line they are on', () => {
    const text = fileText({ ...validFrontmatter() }, BODY).replace(
      /^summary: .*$/m,
      'summary: >-\n  The certificate expired\n  and Dave forgot to renew it.',
    );
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('Dave forgot')) + 1;
    const blame = validateContent(input([source(NAME, text)])).diagnostics.filter((d) => d.field === 'summary');
    expect(blame.map((d) => [d.line, d.column])).toEqual([[line, 7]]);
  });
});
