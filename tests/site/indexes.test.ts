import { describe, expect, it } from 'vitest';
import { buildIndexes, groupFigures } from '../../src/site/indexes.ts';
import { relatedBothWays, similarIncidents } from '../../src/site/related.ts';

const entry = (
  id: string,
  data: Partial<{
    services: string[];
    rootCauses: string[];
    severity: string;
    tags: string[];
    related: string[];
    started: string;
    resolved: string;
  }> = {},
) => ({
  id,
  data: { services: ['api'], rootCauses: ['deploy'], severity: 'SEV3', started: `${id.slice(0, 10)}T10:00:00Z`, ...data },
});

describe('buildIndexes', () => {
  const entries = [
    entry('2023-01-01-a', { services: ['api', 'web'], tags: ['x'] }),
    entry('2024-05-01-b', { rootCauses: ['dns'], severity: 'SEV1', tags: ['x', 'y'] }),
    entry('2024-02-01-c', { services: ['web'] }),
  ];
  const index = buildIndexes(entries);
  it('groups by every facet, newest first', () => {
    expect(index.services.get('api')!.map((e) => e.id)).toEqual(['2024-05-01-b', '2023-01-01-a']);
    expect(index.services.get('web')!.map((e) => e.id)).toEqual(['2024-02-01-c', '2023-01-01-a']);
    expect(index.rootCauses.get('deploy')!.map((e) => e.id)).toEqual(['2024-02-01-c', '2023-01-01-a']);
    expect(index.tags.get('x')!.map((e) => e.id)).toEqual(['2024-05-01-b', '2023-01-01-a']);
    expect([...index.years.keys()].sort()).toEqual(['2023', '2024']);
    expect(index.severities.get('SEV1')!.map((e) => e.id)).toEqual(['2024-05-01-b']);
  });
});

describe('groupFigures', () => {
  it('counts per year, takes the median time to resolve and the last incident', () => {
    const group = [
      entry('2024-05-01-b', { resolved: '2024-05-01T11:00:00Z' }), // 60 min
      entry('2024-02-01-c', { resolved: '2024-02-01T10:30:00Z' }), // 30 min
      entry('2023-01-01-a', { resolved: '2023-01-01T14:00:00Z' }), // 240 min
      entry('2022-01-01-d'), // unresolved: not counted in the median
    ];
    expect(groupFigures(group)).toEqual({
      count: 4,
      perYear: [
        { year: '2024', count: 2 },
        { year: '2023', count: 1 },
        { year: '2022', count: 1 },
      ],
      medianTimeToResolve: 60 * 60_000,
      last: '2024-05-01-b',
    });
    expect(groupFigures([])).toEqual({ count: 0, perYear: [], medianTimeToResolve: undefined, last: undefined });
  });
});

describe('relatedBothWays', () => {
  it('links both ways, once, and only to incidents in the build', () => {
    const map = relatedBothWays([
      entry('2024-01-01-a', { related: ['2024-01-02-b', '2024-01-09-draft'] }),
      entry('2024-01-02-b', { related: ['2024-01-01-a'] }),
      entry('2024-01-03-c', { related: ['2024-01-01-a'] }),
    ]);
    expect(map.get('2024-01-01-a')).toEqual(['2024-01-03-c', '2024-01-02-b']);
    expect(map.get('2024-01-02-b')).toEqual(['2024-01-01-a']);
    expect(map.get('2024-01-03-c')).toEqual(['2024-01-01-a']);
  });
});

describe('similarIncidents', () => {
  it('ranks by shared services and root causes, then nearness in time', () => {
    const map = similarIncidents([
      entry('2024-01-01-a', { services: ['api'], rootCauses: ['dns'] }),
      entry('2024-01-05-b', { services: ['api'], rootCauses: ['dns'] }),
      entry('2024-01-03-c', { services: ['api'], rootCauses: ['deploy'] }),
      entry('2024-06-01-d', { services: ['web'], rootCauses: ['deploy'] }),
      entry('2024-07-01-e', { services: ['search'], rootCauses: ['disk'] }),
    ]);
    expect(map.get('2024-01-01-a')).toEqual(['2024-01-05-b', '2024-01-03-c']);
    expect(map.get('2024-06-01-d')).toEqual(['2024-01-03-c']);
    expect(map.get('2024-07-01-e')).toEqual([]);
  });
  it('looks only at nearby incidents in each list', () => {
    const many = Array.from({ length: 100 }, (_, i) =>
      entry(`2024-01-01-n${String(i).padStart(3, '0')}`, { started: `2024-01-01T00:${String(i % 60).padStart(2, '0')}:00Z` }),
    );
    const map = similarIncidents(many, 3, 2);
    expect(map.get('2024-01-01-n050')).toHaveLength(3);
  });
});
