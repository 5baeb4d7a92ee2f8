/**
 * Summary statistics for incident figures. Durations are skewed (most incidents are short, a
 * few are very long), so the archive reports medians and percentiles, never means.
 *
 * Percentiles use linear interpolation between closest ranks (the method of Excel's
 * PERCENTILE.INC and NumPy's default): for sorted values v[0..n-1] and p in [0, 1], the rank is
 * h = (n - 1) * p and the result v[floor(h)] + (h - floor(h)) * (v[floor(h) + 1] - v[floor(h)]).
 */

export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function median(values: readonly number[]): number | undefined {
  return percentile(values, 0.5);
}
