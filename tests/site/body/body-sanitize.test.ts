import fc from 'fast-check';
import type { Nodes } from 'hast';
import { htmlToHast } from 'satteri';
import { describe, expect, it } from 'vitest';
import { ALLOWED_ELEMENTS, normalizeUrl } from '../../../src/site/body/body-sanitize.ts';
import { prepareBody, renderBody } from '../../../src/site/body/render-body.ts';
import { validateContent } from '../../../src/validate/validate.ts';
import { EXPECTED, HOSTILE_BODIES, hostileMixture } from '../../fixtures/hostile/bodies.ts';
import { fileText, input, source, validFrontmatter, VALID_BODY } from '../../helpers/content.ts';

/**
 * The hostile corpus through `validate` and the renderer: every case gets exactly the problems
 * in EXPECTED at their lines, and whatever the renderer emits for it (refused or not) holds no
 * element outside the allowlist, no handler, no style and no URL with another protocol, read
 * back by a second, independent HTML parser (Sätteri's Rust one, not parse5).
 */

const CASES = HOSTILE_BODIES.flatMap(([name, extensions, body]) => extensions.map((ext) => ({ key: `${name} [${ext}]`, ext, body })));

function validate(ext: string, body: string) {
  const text = fileText(validFrontmatter(), `${VALID_BODY}\n${body}\n`);
  const firstLine = text.slice(0, text.length - body.length - 1).split('\n').length;
  const result = validateContent(input([source(`2024-06-06-hostile.${ext}`, text)]));
  return { result, firstLine };
}

/** Everything in rendered HTML that could run, load or cover the page. */
function activeParts(html: string): string[] {
  const found: string[] = [];
  const stack: Nodes[] = [htmlToHast(html, { fragment: true }) as Nodes];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'element') {
      if (!ALLOWED_ELEMENTS.includes(node.tagName)) found.push(`<${node.tagName}>`);
      for (const [key, value] of Object.entries(node.properties)) {
        if (/^on/i.test(key) || key === 'style') found.push(`${node.tagName} ${key}`);
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(normalizeUrl(String(value)))?.[1]?.toLowerCase();
        if (
          ['href', 'src', 'cite', 'srcSet', 'xLinkHref', 'action', 'formAction'].includes(key) &&
          scheme &&
          !['http', 'https', 'mailto'].includes(scheme)
        )
          found.push(`${node.tagName} ${key}=${String(value)}`);
      }
    }
    if ('children' in node) stack.push(...node.children);
  }
  return found;
}

describe('the hostile corpus', () => {
  it('holds at least 70 inputs in .md and .mdx, each with its expected outcome', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(70);
    expect(CASES.filter((c) => c.ext === 'mdx').length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(EXPECTED).sort()).toEqual(CASES.map((c) => c.key).sort());
  });

  it.each(CASES)('$key: validate reports exactly what the renderer removes, at its line', ({ key, ext, body }) => {
    const { result, firstLine } = validate(ext, body);
    const expected = EXPECTED[key]!;
    expect(result.diagnostics.map((d) => [d.rule, d.line - firstLine + 1, d.message])).toEqual(expected);
    for (const d of result.diagnostics)
      expect(d).toMatchObject({ file: `content/postmortems/2024-06-06-hostile.${ext}`, severity: 'error' });
    expect(result.entries).toHaveLength(expected.length ? 0 : 1);
  });

  it('the inertness check itself finds handlers, styles, bad URLs and foreign elements', () => {
    expect(
      activeParts(
        '<a href=" JavaScript:x" onclick="y" style="z">a</a><svg><a xlink:href="javascript:x"></a></svg><form action="javascript:x"></form>',
      ).sort(),
    ).toEqual(['<form>', '<svg>', 'a href= JavaScript:x', 'a onClick', 'a style', 'a xLinkHref=javascript:x', 'form action=javascript:x']);
  });

  it.each(CASES)('$key: renders inert', ({ ext, body }) => {
    expect(activeParts(renderBody(body, ext === 'mdx').html)).toEqual([]);
  });
});

describe('random mixtures of hostile fragments', () => {
  it.each(['md', 'mdx'])('in .%s never throw, and render inert whatever validate says', (ext) => {
    fc.assert(
      fc.property(hostileMixture(), (body) => {
        const { problems } = prepareBody(body, ext === 'mdx');
        for (const p of problems) expect(p.line).toBeGreaterThanOrEqual(1);
        expect(activeParts(renderBody(body, ext === 'mdx').html)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('what the sanitizer keeps', () => {
  it('GFM footnotes, task lists and aligned tables, with working footnote links', () => {
    const { html } = renderBody('Note[^1]\n\n[^1]: the note\n\n- [x] done\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n', false);
    expect(html).toContain(
      '<a href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref aria-describedby="user-content-footnote-label">1</a>',
    );
    expect(html).toContain('<li id="user-content-fn-1">');
    expect(html).toContain('<li class="task-list-item"><input type="checkbox" checked disabled> done</li>');
    expect(html).toContain('<th align="left">a</th>');
    expect(html).toContain('<td align="right">2</td>');
  });

  it('the components, heading ids and safe links', () => {
    const body =
      '## Root cause\n\n<Callout type="warning" title="Careful">Restarts only buy time.</Callout>\n\n<Figure src="/img/a.png" alt="Memory" caption="Heap" />\n\nPeak <Metric label="errors" value="38%" note="at 09:40" /> [docs](https://example.com/a?b=1#c) [mail](mailto:sre@example.com)\n';
    expect(renderBody(body, true).html).toBe(
      '<h2 id="root-cause">Root cause</h2>\n<aside class="callout callout-warning" aria-label="Careful"><p class="callout-title">Careful</p>Restarts only buy time.</aside>\n<figure class="figure"><img src="/img/a.png" alt="Memory" loading="lazy"><figcaption>Heap</figcaption></figure>\n<p>Peak <span class="metric"><span class="metric-value">38%</span> <span class="metric-label">errors</span><span class="metric-note"> (at 09:40)</span></span> <a href="https://example.com/a?b=1#c">docs</a> <a href="mailto:sre@example.com">mail</a></p>',
    );
  });

  it('author ids are prefixed so they cannot clobber the page', () => {
    expect(renderBody('<a id="search" name="x" href="#y">x</a>', false).html).toBe(
      '<p><a id="user-content-search" name="user-content-x" href="#y">x</a></p>',
    );
  });
});

describe('what the messages suggest', () => {
  it('a component written in a .md file (or in lower case in .mdx) is named as the component, with where it works', () => {
    const hint = '<Callout> is a component: components work in .mdx files, spelled with a capital letter';
    for (const [body, mdx] of [
      ['<Callout type="note">x</Callout>', false],
      ['<callout>x</callout>', true],
    ] as const) {
      expect(prepareBody(body, mdx).problems.map((p) => [p.message, p.hint])).toEqual([
        ['<callout> is not allowed in a postmortem body', hint],
      ]);
    }
  });
});
