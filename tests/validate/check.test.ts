import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../src/validate/sensitive/secrets.ts';
import { validateContent } from '../../src/validate/validate.ts';
import { fileText, input, source, validFrontmatter } from '../helpers/content.ts';

/**
 * The three checks together on realistic prose: bodies written in the style of public
 * postmortems (edge networks, database failovers, CI fleets), dense with times, IP addresses,
 * hostnames, AS numbers, versions, digests, pod names, ticket ids and counts, published as
 * `visibility: public` (where personal data is an error). None of it is a finding.
 */

const DIR = path.join(import.meta.dirname, '../fixtures/sensitive');
const SENSITIVE = new Set(['secret', 'personal-data', 'blame', 'allow']);

describe('public postmortem prose', async () => {
  const files = fs.readdirSync(DIR).map((name) => {
    const body = fs.readFileSync(path.join(DIR, name), 'utf8');
    return source(`2024-06-06-${name.replace(/\.md$/, '')}.md`, fileText({ ...validFrontmatter(), visibility: 'public' }, body));
  });
  const wide = {
    allow: [],
    phoneRegions: ['US', 'GB', 'DE', 'FR', 'IN', 'AU', 'NL', 'CA'] as const,
    defaultVisibility: 'internal' as const,
  };
  const secrets = await scanSecrets(files);

  it('has bodies to read', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) expect(f.text?.length).toBeGreaterThan(2000);
  });

  it.each([
    ['the default phone regions', {}],
    ['eight phone regions', { sensitive: { ...wide, phoneRegions: [...wide.phoneRegions] } }],
  ])('yields no secret, personal-data or blame finding with %s', (_label, extra) => {
    const result = validateContent(input(files, { secrets, ...extra }));
    expect(result.diagnostics.filter((d) => SENSITIVE.has(d.rule))).toEqual([]);
  });
});
