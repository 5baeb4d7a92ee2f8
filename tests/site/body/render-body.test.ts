import { describe, expect, it } from 'vitest';
import { prepareBody, renderBody } from '../../../src/site/body/render-body.ts';

/** <Internal> passages in the body pipeline, in Markdown (written as HTML) and MDX, as blocks and inside a sentence. */
describe('<Internal> passages', () => {
  const bodies = {
    md: 'Intro <Internal>inline zebra</Internal> after.\n\n<Internal>\nBlock okapi.\n</Internal>\n\nEnd.\n',
    mdx: 'Intro <Internal>inline zebra</Internal> after.\n\n<Internal>\nBlock okapi.\n</Internal>\n\nEnd.\n',
  };

  it.each(Object.entries(bodies))('%s: validate accepts them and returns their text', (ext, body) => {
    const prepared = prepareBody(body, ext === 'mdx');
    expect(prepared.problems).toEqual([]);
    expect(prepared.internal).toEqual(['inline zebra', 'Block okapi.']);
  });

  it.each(Object.entries(bodies))(
    '%s: the internal edition marks them, a span inside the sentence and an aside as a block',
    (ext, body) => {
      const { html } = renderBody(body, ext === 'mdx');
      expect(html).toContain(
        '<p>Intro <span class="internal"><span class="internal-label">Internal:</span> inline zebra</span> after.</p>',
      );
      expect(html).toMatch(
        /<aside class="internal" aria-label="Internal only"><p class="internal-label">Internal<\/p>\s*(<p>)?Block okapi\./,
      );
    },
  );

  it.each(Object.entries(bodies))('%s: the public edition removes them, and only them', (ext, body) => {
    const { html } = renderBody(body, ext === 'mdx', { internal: 'remove' });
    expect(html).not.toMatch(/zebra|okapi|internal/i);
    expect(html).toContain('<p>Intro  after.</p>');
    expect(html).toContain('<p>End.</p>');
  });
});

/** Markdown moves footnote definitions to the end of the body, out of the passage they were written in. */
describe('footnotes of <Internal> passages', () => {
  const body = [
    'Public claim[^pub] and a shared one[^both].',
    '',
    '<Internal>',
    '',
    'Secret claim[^sec], again[^both], and one noted outside[^far].',
    '',
    '[^sec]: Host wombat-9 in rack nine.',
    '',
    '</Internal>',
    '',
    '[^pub]: A public note.',
    '',
    '[^both]: Referenced from both sides.',
    '',
    '[^far]: Only the passage refers to ferret-3.',
    '',
  ].join('\n');

  it.each(['md', 'mdx'])('%s: the public edition removes the notes written in a passage or only referred to from one', (ext) => {
    const prepared = prepareBody(body, ext === 'mdx', { internal: 'remove' });
    expect(prepared.problems).toEqual([]);
    expect(prepared.internal.slice(1)).toEqual(['Host wombat-9 in rack nine.', 'Only the passage refers to ferret-3.']);
    const { html } = renderBody(body, ext === 'mdx', { internal: 'remove' });
    expect(html).not.toMatch(/wombat|ferret|Secret/);
    expect(html).toContain('A public note.');
    expect(html).toContain('Referenced from both sides.');
  });

  it.each(['md', 'mdx'])('%s: a footnote section left without notes goes, and so do references to removed notes', (ext) => {
    const only =
      'Text[^a].\n\n<Internal>\n\nMore[^b].\n\n[^a]: Written inside, referred to outside: stoat-1.\n\n[^b]: Inside.\n\n</Internal>\n';
    const { html } = renderBody(only, ext === 'mdx', { internal: 'remove' });
    expect(html.trim()).toBe('<p>Text.</p>');
  });

  it.each(['md', 'mdx'])('%s: the internal edition keeps every note', (ext) => {
    const prepared = prepareBody(body, ext === 'mdx');
    expect(prepared.internal.slice(1)).toEqual(['Host wombat-9 in rack nine.', 'Only the passage refers to ferret-3.']);
    expect(renderBody(body, ext === 'mdx').html).toMatch(/wombat-9[\s\S]*ferret-3/);
  });
});

/** A link reference resolves against a definition anywhere in the body, one inside a passage too. */
describe('link definitions inside <Internal> passages', () => {
  const body = `See [the board][board], [the runbook][rb] and [status](https://status.example.com/).

<Internal>

[board]: https://grafana.corp.example/d/kestrel-board "Kestrel board"
[rb]: https://wiki.corp.example/runbooks/lynx%20queue

The queue runs on lynx-4.

</Internal>

[public]: https://example.com/
`;

  it.each(['md', 'mdx'])('%s: the public edition keeps the link text and drops the internal address', (ext) => {
    const prepared = prepareBody(body, ext === 'mdx', { internal: 'remove' });
    expect(prepared.problems).toEqual([]);
    expect(prepared.internal).toEqual([
      'The queue runs on lynx-4.',
      'https://grafana.corp.example/d/kestrel-board',
      'https://wiki.corp.example/runbooks/lynx%20queue',
    ]);
    const { html } = renderBody(body, ext === 'mdx', { internal: 'remove' });
    expect(html).toContain('<p>See the board, the runbook and <a href="https://status.example.com/">status</a>.</p>');
  });

  it.each(['md', 'mdx'])('%s: the internal edition links to it', (ext) => {
    expect(renderBody(body, ext === 'mdx').html).toContain(
      '<a href="https://grafana.corp.example/d/kestrel-board" title="Kestrel board">the board</a>',
    );
  });
});
