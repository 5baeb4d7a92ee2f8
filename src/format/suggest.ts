import { distance } from 'fastest-levenshtein';

/**
 * The known value closest to a mistyped one, or undefined when none is close enough to be a
 * plausible typo (a third of the word may differ; case and separators are ignored first, so
 * `rootcause` and `root_causes` both find `rootCauses`), and none when two are equally close.
 */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  const fold = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  const target = fold(value);
  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const candidate of candidates) {
    const d = distance(target, fold(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      tied = false;
    } else if (d === bestDistance && fold(candidate) !== fold(best ?? '')) {
      tied = true;
    }
  }
  // Two equally close candidates (SEV9 -> SEV1? SEV2?) make a guess, not a suggestion.
  if (tied) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(target.length, 3) / 3));
  return best !== undefined && bestDistance <= limit && best !== value ? best : undefined;
}
