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
