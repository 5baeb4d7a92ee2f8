/**
 * Related incidents both ways: if A names B in `related`, B shows A too. Only incidents in the
 * build are linked (a draft named by a published postmortem is left out of a production site).
 */
export function relatedBothWays(entries: readonly { id: string; data: { related?: string[] } }[]): Map<string, string[]> {
  const visible = new Set(entries.map((e) => e.id));
  const links = new Map<string, Set<string>>(entries.map((e) => [e.id, new Set<string>()]));
  for (const entry of entries) {
    for (const other of entry.data.related ?? []) {
      if (!visible.has(other) || other === entry.id) continue;
      links.get(entry.id)!.add(other);
      links.get(other)!.add(entry.id);
    }
  }
  return new Map([...links].map(([id, set]) => [id, [...set].sort().reverse()]));
}
