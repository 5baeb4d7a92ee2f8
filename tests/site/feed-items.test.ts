import { describe, expect, it } from 'vitest';
import { archiveJson } from '../../src/site/feed-items.ts';
import { contextFromRegistries, createPostmortemSchema } from '../../src/format/schema.ts';
import { validFrontmatter } from '../helpers/content.ts';

/** postmortems.json: the frontmatter as published. */

describe('archiveJson', () => {
  it('leaves out `allow`, the findings reviewers accepted and why', () => {
    const context = contextFromRegistries(
      {
        services: [{ id: 'api-server', name: 'API' }],
        rootCauses: [{ id: 'memory-leak', name: 'Leak' }],
        severities: [{ id: 'SEV3', name: 'Minor' }],
      },
      [],
      'UTC',
    );
    const data = createPostmortemSchema(context).parse({
      ...validFrontmatter(),
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
});
