import { describe, expect, it } from 'vitest';
import { bodyLimitProblems, MAX_LINE_LENGTH, MAX_NESTING } from '../../../src/site/body/body-limits.ts';
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
