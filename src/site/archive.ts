import { toMillis } from '../format/datetime.ts';

/** Ordering and grouping of postmortems, on anything that carries their data. */

interface HasStart {
  data: { started: string };
}

/** Newest first by start time; ties by id so every build orders them the same way. */
export function byNewest<T extends HasStart & { id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => toMillis(b.data.started) - toMillis(a.data.started) || (a.id < b.id ? -1 : 1));
}
