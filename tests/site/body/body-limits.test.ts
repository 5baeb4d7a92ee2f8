import { describe, expect, it } from 'vitest';
import { bodyLimitProblems, MAX_EXPRESSION_TAGS, MAX_LINE_LENGTH, MAX_NESTING } from '../../../src/site/body/body-limits.ts';
import { validateContent } from '../../../src/validate/validate.ts';
import { fileText, input, source, validFrontmatter, VALID_BODY } from '../../helpers/content.ts';

/** The limits checked on a body's text before any parser sees it (the corpus in body-sanitize.test.ts covers the rest). */

const rules = (body: string, mdx = true) => bodyLimitProblems(body, mdx).map((p) => [p.rule, p.line]);

describe('body limits', () => {
  it('allow 32 levels of quotes, lists and tags, and refuse 33, at the line', () => {
    expect(rules(`${'> '.repeat(MAX_NESTING)}x`)).toEqual([]);
    expect(rules(`a\n\n${'> '.repeat(MAX_NESTING + 1)}x`)).toEqual([['body-too-deep', 3]]);
    expect(rules(`${'1. '.repeat(MAX_NESTING + 1)}x`)).toEqual([['body-too-deep', 1]]);
    expect(rules(`${'<span>'.repeat(MAX_NESTING)}x${'</span>'.repeat(MAX_NESTING)}`)).toEqual([]);
    expect(rules(`${'<div>\n'.repeat(MAX_NESTING + 1)}`, false)).toEqual([['body-too-deep', MAX_NESTING + 1]]);
  });

  it('do not count code, void elements, self-closing JSX or sibling tags that close each other', () => {
    const fenced = `\`\`\`\n${'> '.repeat(100)}\n${'<span>'.repeat(100)}\n\`\`\``;
    expect(rules(fenced)).toEqual([]);
    expect(rules(`\`${'<b>'.repeat(100)}\``)).toEqual([]);
    expect(rules(Array(100).fill('<Figure\n  src="/a.png"\n  alt="x"\n/>').join('\n\n'))).toEqual([]);
    expect(rules(Array(100).fill('<br><img src="/a.png"><p>x').join('\n'), false)).toEqual([]);
  });

  it('refuse a line over the limit, code included, saying how long it is', () => {
    expect(bodyLimitProblems(`\`\`\`\n${'x'.repeat(MAX_LINE_LENGTH + 5)}\n\`\`\``, false)).toEqual([
      {
        line: 2,
        column: MAX_LINE_LENGTH + 1,
        severity: 'error',
        rule: 'line-too-long',
        message: 'the line is 10,005 characters long, over the limit of 10,000',
        hint: 'break the text into lines or paragraphs; move logs and data dumps out of the postmortem and link to them',
      },
    ]);
  });

  it('reach validate with the file name and line, where 10,000 `>` used to overflow the stack', () => {
    const text = fileText(validFrontmatter(), `${VALID_BODY}\n${'>'.repeat(9000)} x\n`);
    const result = validateContent(input([source('2024-06-06-deep.md', text)]));
    expect(result.diagnostics).toEqual([
      {
        file: 'content/postmortems/2024-06-06-deep.md',
        line: text.split('\n').length - 1,
        column: 1,
        severity: 'error',
        rule: 'body-too-deep',
        message: 'block quotes and lists are nested more than 32 deep',
        hint: 'flatten the structure: a postmortem needs a few levels of lists and quotes at most',
      },
    ]);
  });
});

describe('tags after an MDX expression', () => {
  // Each family took Sätteri exponential time, doubling with each tag: 26 took 3 s, and the 30 here
  // (under the nesting limit of 32) would take minutes to hours. [name, body, line where the count passes the limit]
  const n = 30;
  const families: [string, string, number][] = [
    ['tags left open in an expression', `{${'<a>'.repeat(n)}`, 1],
    ['with text between them', `Before {${'<a>x'.repeat(n)}`, 1],
    ['fragments', `{${'<>'.repeat(n)}`, 1],
    ['attribute expressions inside each other', `{${'<a b={'.repeat(n)}`, 1],
    ['in an attribute expression', `<a b={${'<a>'.repeat(n)}`, 1],
    ['tags across lines', `{${'<a\n>'.repeat(n)}`, MAX_EXPRESSION_TAGS + 1],
    ['across paragraphs', `{${'<a>\n\n'.repeat(n)}`, 2 * MAX_EXPRESSION_TAGS + 1],
    ['found by the fuzz test', `%>[xRVpuz{<ht<div>)[${'<span>'.repeat(n - 2)}x${'</span>'.repeat(7)}'<button>go</button>`, 1],
    // A brace in a JavaScript string does not end the expression, so no closing brace ends the count.
    ['after a brace inside a string', `<a {...{ href: 'x|}- <div>' }}\n${'<span>'.repeat(n)}x`, 2],
    ['after a closed expression', `{x} then\n\n${'<span>'.repeat(n)}x`, 3],
  ];
  it.each(families)('%s: refused before the parser sees them, at the line where the count passes the limit', (_, body, line) => {
    expect(rules(body)).toEqual([['body-too-deep', line]]);
    const text = fileText(validFrontmatter(), `${VALID_BODY}\n${body}\n`);
    const result = validateContent(input([source('2024-06-06-braces.mdx', text)]));
    expect(result.entries).toEqual([]);
    expect(result.diagnostics.map((d) => [d.rule, d.message])).toEqual([
      ['body-too-deep', `more than ${MAX_EXPRESSION_TAGS} tags after a \`{…}\` expression`],
    ]);
  });

  it('count only in MDX, and never after a comment, in code or after an escaped brace', () => {
    const tags = '<a>'.repeat(30);
    expect(rules(`{${tags}`, false)).toEqual([]);
    expect(rules(`{${'<a>'.repeat(MAX_EXPRESSION_TAGS)}`)).toEqual([]);
    expect(rules(`{/* see <Callout> and <Figure> */} then ${'<b>x</b> '.repeat(30)}`)).toEqual([]);
    expect(rules(`{/* a note\n\nover two paragraphs */}\n{// and a line comment\n}\n${'<b>x</b>\n'.repeat(30)}`)).toEqual([]);
    expect(rules(`\\{${tags}`)).toEqual([]);
    expect(rules(`\`{\` then ${tags}`)).toEqual([]);
    expect(rules(`Set \`\`retry = {\nmax: 3}\`\` in the config.\n${'<b>x</b>\n'.repeat(30)}`)).toEqual([]);
    expect(rules(`\`\`\`jsx\n{${tags}\n\`\`\`\n${'<b>x</b>\n'.repeat(30)}`)).toEqual([]);
    // A code span ends within its paragraph, and only at a run of the same length.
    expect(rules(`\`a\n\n{${tags}\``)).toEqual([['body-too-deep', 3]]);
    expect(rules(`\`\`a \` {${tags}\``)).toEqual([]);
    expect(rules(`\`\`a {${tags}\``)).toEqual([['body-too-deep', 1]]);
    expect(rules(`{\n${'<a>\n'.repeat(MAX_EXPRESSION_TAGS + 1)}`)).toEqual([['body-too-deep', MAX_EXPRESSION_TAGS + 2]]);
  });

  it('read a megabyte of backtick runs of every length, and of comments and code spans', () => {
    const runs = Array.from({ length: 1400 }, (_, k) => '`'.repeat(k + 1)).join('\n');
    expect(rules(`${runs}\n{/* x */}`)).toEqual([]);
    expect(rules(`${runs}\n{x}${'<a/>'.repeat(11)}`)).toEqual([['body-too-deep', 1401]]);
    expect(rules('{/* x */} `a` \n'.repeat(70_000))).toEqual([]);
  });
});

describe('characters no text may hold', () => {
  it('are reported at their line and column, named, in prose and in code alike; tab and newline stay', () => {
    const body = 'a\tb\n\nc \u001b[2J d\n\n```\nx\u202ey\n```\n\u007f';
    expect(bodyLimitProblems(body, false).map((p) => [p.rule, p.line, p.column, p.message])).toEqual([
      ['body-character', 3, 3, 'the body contains U+001B, a control character'],
      ['body-character', 6, 2, 'the body contains U+202E, a bidirectional control character, which can make text display reversed'],
      ['body-character', 8, 1, 'the body contains U+007F, a control character'],
    ]);
    expect(bodyLimitProblems('tab\there\n\u200bzero width and \u00adsoft hyphen stay', true)).toEqual([]);
  });
});

describe('line length', () => {
  it('counts characters, not UTF-16 units: 10,000 emoji fit, 10,001 do not, with the column of the first one over', () => {
    expect(bodyLimitProblems('😀'.repeat(MAX_LINE_LENGTH), false)).toEqual([]);
    expect(bodyLimitProblems(`x\n${'😀'.repeat(MAX_LINE_LENGTH + 1)}`, false).map((p) => [p.rule, p.line, p.column, p.message])).toEqual([
      ['line-too-long', 2, 2 * MAX_LINE_LENGTH + 1, 'the line is 10,001 characters long, over the limit of 10,000'],
    ]);
  });
});
