import { describe, expect, it } from 'vitest';
import { inEdition, INTERNAL_FIELD_PATHS, publicRegistries, redact } from '../../src/site/edition.ts';

describe('inEdition', () => {
  const cases: [
    status: string,
    visibility: 'internal' | 'public' | undefined,
    edition: 'internal' | 'public',
    drafts: boolean,
    expected: boolean,
  ][] = [
    ['published', undefined, 'internal', false, true],
    ['published', 'internal', 'internal', false, true],
    ['published', 'public', 'internal', false, true],
    ['published', undefined, 'public', false, false],
    ['published', 'internal', 'public', false, false],
    ['published', 'public', 'public', false, true],
    ['draft', 'public', 'public', false, false],
    ['draft', 'public', 'public', true, true],
    ['in-review', 'internal', 'public', true, false],
    ['in-review', undefined, 'internal', false, false],
    ['in-review', undefined, 'internal', true, true],
  ];
  it.each(cases)('%s, visibility %s, %s edition, drafts %s: %s', (status, visibility, edition, drafts, expected) => {
    expect(inEdition({ status, visibility }, edition, drafts, 'internal')).toBe(expected);
  });

  it('takes the configured default visibility for postmortems that name none', () => {
    expect(inEdition({ status: 'published' }, 'public', false, 'public')).toBe(true);
  });
});

describe('redact', () => {
  const data = {
    title: 'T',
    authors: ['Dana'],
    links: [{ title: 'Dashboard', url: 'https://grafana.corp/x' }],
    actionItems: [{ title: 'Fix', owner: 'sre', status: 'open' as const, link: 'https://jira.corp/1' }],
    imported: { from: 'Confluence', url: 'https://wiki.corp/p/1', date: '2024-01-01' },
  };

  it('removes the default internal-only fields, top-level and in every list item, without changing the input', () => {
    const out = redact(data as never, INTERNAL_FIELD_PATHS) as Record<string, unknown>;
    expect(out).toEqual({
      title: 'T',
      actionItems: [{ title: 'Fix', status: 'open' }],
      imported: { from: 'Confluence', date: '2024-01-01' },
    });
    expect(data.actionItems[0]!.owner).toBe('sre');
    expect(data.authors).toEqual(['Dana']);
  });

  it('removes only what it is given', () => {
    const { authors: _authors, ...rest } = data;
    expect(redact(data as never, ['authors'])).toEqual(rest);
  });
});

describe('publicRegistries', () => {
  const registries = {
    services: [
      { id: 'api', name: 'API', team: 'Platform', tier: 1, description: 'The public API' },
      { id: 'ledger-db', name: 'Ledger database', team: 'Payments core', description: 'Only internal postmortems name it' },
    ],
    rootCauses: [
      { id: 'deploy', name: 'Bad deploy' },
      { id: 'insider', name: 'Insider error' },
    ],
    severities: [{ id: 'SEV1', name: 'Critical' }],
  };

  it('keeps the services and root causes the shown postmortems name, services without team and tier, and every severity', () => {
    expect(publicRegistries(registries, [{ services: ['api'], rootCauses: ['deploy'] }])).toEqual({
      services: [{ id: 'api', name: 'API', description: 'The public API' }],
      rootCauses: [{ id: 'deploy', name: 'Bad deploy' }],
      severities: registries.severities,
    });
    expect(registries.services[0]!.team).toBe('Platform');
  });

  it('keeps no service or root cause when no postmortem is shown', () => {
    expect(publicRegistries(registries, [])).toEqual({ services: [], rootCauses: [], severities: registries.severities });
  });
});

describe('the README', () => {
  it('lists exactly the internal-only fields, each with its reason, and the same default in the configuration', async () => {
    const fs = await import('node:fs');
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('The fields the public edition leaves out'), readme.indexOf('### GitHub Pages'));
    const rows = [...table.matchAll(/^\| `([\w.]+)` \| ([^|]+) \|$/gm)].map((m) => ({ path: m[1], why: m[2]!.trim() }));
    const { INTERNAL_ONLY_FIELDS } = await import('../../src/site/edition.ts');
    expect(rows).toEqual(INTERNAL_ONLY_FIELDS.map((f) => ({ path: f.path, why: f.why })));
    const { config } = await import('../../hindsight.config.ts');
    expect(config.internalOnlyFields).toEqual(INTERNAL_FIELD_PATHS);
  });
});
