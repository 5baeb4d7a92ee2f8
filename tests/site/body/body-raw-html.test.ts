import type { Root } from 'hast';
import { markdownToHast } from 'satteri';
import { describe, expect, it } from 'vitest';
import { rawHtmlProblems } from '../../../src/site/body/body-raw-html.ts';
import { renderBody } from '../../../src/site/body/render-body.ts';

const found = (body: string) => rawHtmlProblems(markdownToHast(body) as Root).map((p) => `${p.line}:${p.column} ${p.rule} ${p.message}`);
const NEVER = 'is never closed, so everything after it, to the end of the body, ends up inside it';

describe('raw HTML that runs on to the end of a Markdown body', () => {
  it('finds an unclosed comment at its line and column, after closed ones of every spelling', () => {
    const body = 'Text <!-- a --> <!--> <!---> <!-- b --!> x\n\n<!-- multi\nline -->\n\nMore\n\n  <!-- open\n\n## Hidden';
    expect(found(body)).toEqual(['8:3 unclosed-html an HTML comment `<!--` that is never closed hides everything after it']);
    // What the check is about: the heading after it is gone from the page.
    expect(renderBody(body, false).html).not.toContain('Hidden');
  });

  it('finds an unclosed element where it opens, inline or as a block, and only allowed ones', () => {
    expect(found('Read <a href="/x">this\n\nand the rest')).toEqual([`1:6 unclosed-html <a> ${NEVER}`]);
    expect(found('x\n\n<details>\n\n## After')).toEqual([`3:1 unclosed-html <details> ${NEVER}`]);
    expect(found('<div/>\n\ntext')).toEqual([`1:1 unclosed-html <div> ${NEVER}`]);
    // The public edition would remove the rest of the body with it.
    expect(found('a\n\n<Internal>\n\nhost names\n\n## Resolution')).toEqual([`3:1 unclosed-html <internal> ${NEVER}`]);
    // Refused elements are the sanitizer's to report; void and optional-end ones never run on.
    expect(found('<center>x\n\n<p>a <br> <img src="/a.png"> <hr> <li>b')).toEqual([]);
  });

  it('follows the parser: a link closed by its block opens again after it, a second link closes the first', () => {
    const body = '<div>\n<a href="/x">\n</div>\n\n## After';
    expect(found(body)).toEqual([`2:1 unclosed-html <a> ${NEVER}`]);
    expect(renderBody(body, false).html).toMatch(/<a href="\/x">\s*<h2 id="after">After<\/h2><\/a>$/);
    expect(found('<a href="/1">x <a href="/2">y</a>')).toEqual([]);
    expect(found('<b><div>x</b>y</div>\n\nz')).toEqual([]);
  });

  it('reads no tags inside code, attribute values, comments or raw-text elements', () => {
    expect(found('`<b>` and\n\n```\n<details>\n```\n\n<p title="<b>">x</p> <!-- <div> -->')).toEqual([]);
    expect(found('<textarea><b></textarea> <noscript><p title="</noscript><img src=x>"></noscript>')).toEqual([]);
    expect(found('<plaintext>\n\n<b>x')).toEqual([]);
  });

  it('reports the page tags the HTML parser drops without a trace', () => {
    expect(found('x\n\n<body onload="y">\n\n<html lang="en">')).toEqual([
      '3:1 unsafe-html <body> is not allowed in a postmortem body',
      '5:1 unsafe-html <html> is not allowed in a postmortem body',
    ]);
  });
});
