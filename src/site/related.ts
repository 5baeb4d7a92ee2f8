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

interface Similar {
  id: string;
  data: { started: string; services: string[]; rootCauses: string[] };
}

/**
 * For each incident, up to `limit` others that share the most services and root causes, nearest
 * in time first among equals. Candidates come from an inverted index (incidents per service and
 * per root cause, in time order), looking only at the `window` nearest neighbours in each list,
 * so the work is linear in the archive's size, never every pair.
 */
const keysOf = (entry: Similar) => [...entry.data.services.map((s) => `s:${s}`), ...entry.data.rootCauses.map((r) => `r:${r}`)];

export function similarIncidents<T extends Similar>(entries: readonly T[], limit = 3, window = 10): Map<string, string[]> {
  const ordered = [...entries].sort((a, b) => Date.parse(a.data.started) - Date.parse(b.data.started) || (a.id < b.id ? -1 : 1));
  const lists = new Map<string, T[]>();
  const positions = new Map<string, number>();
  for (const entry of ordered) {
    for (const key of keysOf(entry)) {
      const list = lists.get(key) ?? [];
      positions.set(`${key}|${entry.id}`, list.length);
      list.push(entry);
      lists.set(key, list);
    }
  }
  const result = new Map<string, string[]>();
  for (const entry of ordered) {
    const scores = new Map<string, { score: number; distance: number }>();
    const start = Date.parse(entry.data.started);
    for (const key of keysOf(entry)) {
      const list = lists.get(key)!;
      const at = positions.get(`${key}|${entry.id}`)!;
      for (let i = Math.max(0, at - window); i <= Math.min(list.length - 1, at + window); i++) {
        const other = list[i]!;
        if (other.id === entry.id) continue;
        const s = scores.get(other.id) ?? { score: 0, distance: Math.abs(Date.parse(other.data.started) - start) };
        s.score++;
        scores.set(other.id, s);
      }
    }
    result.set(
      entry.id,
      [...scores]
        .sort(([a, x], [b, y]) => y.score - x.score || x.distance - y.distance || (a < b ? -1 : 1))
        .slice(0, limit)
        .map(([id]) => id),
    );
  }
  return result;
}
