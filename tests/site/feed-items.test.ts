import { describe, expect, it } from 'vitest';
import { archiveJson, archiveJsonPieces } from '../../src/site/feed-items.ts';
import { contextFromRegistries, createPostmortemSchema } from '../../src/format/schema.ts';
import { validFrontmatter } from '../helpers/content.ts';

/** postmortems.json: the frontmatter as published. */

/** A valid postmortem's data as the schema gives it, with `extra` fields over the defaults. */
function parsed(extra: Record<string, unknown> = {}) {
  const context = contextFromRegistries(
    {
      services: [{ id: 'api-server', name: 'API' }],
      rootCauses: [{ id: 'memory-leak', name: 'Leak' }],
      severities: [{ id: 'SEV3', name: 'Minor' }],
    },
    [],
    'UTC',
  );
  return createPostmortemSchema(context).parse({ ...validFrontmatter(), ...extra });
}

describe('archiveJson', () => {
  it('leaves out `allow`, the findings reviewers accepted and why', () => {
    const data = parsed({
      visibility: 'public',
      allow: [{ rule: 'personal-data', match: 'support@acme.io', reason: 'our public support address' }],
    });
    const json = archiveJson([{ id: '2024-06-06-api-leak', data }], new URL('https://example.github.io/'));
    const [published] = json.postmortems;
    expect(published).not.toHaveProperty('allow');
    expect(published).toMatchObject({
      slug: '2024-06-06-api-leak',
      url: 'https://example.github.io/postmortems/2024-06-06-api-leak/',
      title: 'API server memory leak',
      visibility: 'public',
    });
    expect(JSON.stringify(json)).not.toContain('support@acme.io');
  });

  it('comes in pieces that join to the same JSON, for any number of postmortems and pieces', () => {
    const data = parsed();
    const site = new URL('https://example.github.io/hindsight/');
    for (const count of [0, 1, 5, 12]) {
      const entries = Array.from({ length: count }, (_, i) => ({ id: `2024-06-${String(i + 1).padStart(2, '0')}-leak`, data }));
      for (const batch of [1, 5, 200]) {
        const pieces = [...archiveJsonPieces(entries, site, batch)];
        expect(pieces.length).toBe(2 + Math.ceil(count / batch));
        expect(pieces.join('')).toBe(JSON.stringify(archiveJson(entries, site)));
      }
    }
  });
});
