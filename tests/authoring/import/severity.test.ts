import { describe, expect, it } from 'vitest';
import { findSeverityPhrase, severityId } from '../../../src/authoring/import/severity.ts';

const SEV = ['SEV1', 'SEV2', 'SEV3', 'SEV4'].map((id) => ({ id, name: id }));
const NAMED = [
  { id: 'critical', name: 'Critical' },
  { id: 'major', name: 'Major' },
  { id: 'minor', name: 'Minor' },
];
const WITH_ZERO = ['SEV0', 'SEV1', 'SEV2'].map((id) => ({ id, name: id }));

describe('severity words to the registry', () => {
  it.each([
    ['SEV1', 'SEV1'],
    ['Sev 2', 'SEV2'],
    ['sev-3', 'SEV3'],
    ['P1', 'SEV1'],
    ['Priority 2', 'SEV2'],
    ['Critical', 'SEV1'],
    ['High', 'SEV2'],
    ['Severity: Medium', 'SEV3'],
    ['Severity - Critical', 'SEV1'],
    ['high severity', 'SEV2'],
    ['Low', 'SEV4'],
    ['SEV0', 'SEV1'],
    ['SEV7', undefined],
    ['catastrophic', undefined],
  ])('%s is %s with SEV1 to SEV4', (written, id) => {
    expect(severityId(written, SEV)).toBe(id);
  });

  it('maps by rank when the registry has no numbers, and by name when it is written as listed', () => {
    expect(['SEV1', 'P2', 'High', 'Minor', 'Low', 'P4'].map((w) => severityId(w, NAMED))).toEqual([
      'critical',
      'major',
      'major',
      'minor',
      undefined,
      undefined,
    ]);
  });

  it('keeps SEV0 where the registry has one', () => {
    expect(['SEV0', 'P0', 'SEV1'].map((w) => severityId(w, WITH_ZERO))).toEqual(['SEV0', 'SEV0', 'SEV1']);
  });

  it('finds the phrase in a text, not in ordinary words', () => {
    expect(findSeverityPhrase('This SEV2 incident took an hour')).toBe('SEV2');
    expect(findSeverityPhrase('Severity: high, customers affected')).toBe('Severity: high');
    expect(findSeverityPhrase('Step 2 of the p2p sync')).toBeUndefined();
    expect(findSeverityPhrase('This was a high severity incident')).toBe('high severity');
    expect(findSeverityPhrase('Severity - Critical')).toBe('Severity - Critical');
    expect(findSeverityPhrase('a highly visible severity review')).toBeUndefined();
  });
});
