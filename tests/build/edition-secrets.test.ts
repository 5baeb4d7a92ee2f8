import { describe, expect, it } from 'vitest';
import { editionSecrets } from '../../src/build/edition-secrets.ts';
import { leakIndex, leaksIn } from '../../src/build/leak-check.ts';

const registries = { services: [], rootCauses: [], severities: [] };
const entry = (slug: string, data: object, body: string) => ({ slug, relPath: `${slug}.md`, data, body });

describe('editionSecrets', () => {
  const shown = entry(
    '2024-06-06-api-leak',
    { title: 'API outage', authors: ['Ottoline Quillfeather'], related: ['2024-03-01-ledger-failover'] },
    'The API leaked memory.\n\n<Internal>Found on host narwhal-7.</Internal>\n',
  );
  const left = entry('2024-03-01-ledger-failover', { title: 'Ledger failover', summary: 'The ledger failed over twice.' }, 'Body.');
  const { secrets, published } = editionSecrets([shown], [left], ({ authors: _a, ...rest }: { authors?: unknown }) => rest, registries);
  const index = leakIndex(secrets, published);

  it('holds the slug and prose of a left-out postmortem, the <Internal> passages and the left-out fields of a shown one', () => {
    expect(secrets).toEqual(
      expect.arrayContaining([
        { text: '2024-03-01-ledger-failover', source: 'postmortem 2024-03-01-ledger-failover (not in the public edition)' },
        { text: 'The ledger failed over twice.', source: 'postmortem 2024-03-01-ledger-failover (not in the public edition)' },
        { text: 'Found on host narwhal-7.', source: 'an <Internal> passage of 2024-06-06-api-leak' },
        { text: 'Ottoline Quillfeather', source: 'an internal-only field of 2024-06-06-api-leak' },
      ]),
    );
    expect(published).toEqual(expect.arrayContaining(['API outage']));
  });

  it('so a public page that links to a left-out postmortem is a leak, even one its `related` names', () => {
    expect(leaksIn('<p>As in <a href="/postmortems/2024-03-01-ledger-failover/">the other one</a>.</p>', index)).toEqual([
      { source: 'postmortem 2024-03-01-ledger-failover (not in the public edition)', text: '2024 03 01 ledger failover' },
    ]);
    expect(leaksIn('<a href="/postmortems/2024-06-06-api-leak/">API outage</a>', index)).toEqual([]);
  });

  it('a public slug sharing its first eight words with a left-out one is no leak; a link to the left-out one still is', () => {
    const day = '2024-12-15-data-pipeline-data-delay-after';
    const twins = editionSecrets(
      [entry(`${day}-backlog-8271`, { title: 'Pipeline delay, public' }, 'Body.')],
      [entry(`${day}-certificate-8270`, { title: 'Pipeline delay, internal' }, 'Body.')],
      (data) => data,
      registries,
    );
    const twinIndex = leakIndex(twins.secrets, twins.published);
    expect(leaksIn(`<a href="/postmortems/${day}-backlog-8271/">the public one</a>`, twinIndex)).toEqual([]);
    expect(leaksIn(`<a href="/postmortems/${day}-certificate-8270/">the internal one</a>`, twinIndex)).toEqual([
      {
        source: `postmortem ${day}-certificate-8270 (not in the public edition)`,
        text: '12 15 data pipeline data delay after certificate',
      },
    ]);
  });
});
