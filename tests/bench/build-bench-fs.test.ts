import { describe, expect, it } from 'vitest';
import { astroDuration, medianPeaks, processPeaks } from '../../src/bench/build-bench-fs.ts';

/** The benchmark's summary of each process's peak memory over runs. */

describe('peaks per process', () => {
  it('gives the median of each over runs, and lists them largest first without the build script', () => {
    const MB = 1024 * 1024;
    const peaks = medianPeaks([
      { astro: 900 * MB, build: 80 * MB },
      { astro: 1100 * MB, pagefind_extended: 1800 * MB, build: 80 * MB },
      { astro: 1000 * MB, pagefind_extended: 1700 * MB, build: 80 * MB },
    ]);
    expect(peaks).toEqual({ astro: 1000 * MB, build: 80 * MB, pagefind_extended: 1700 * MB });
    expect(processPeaks(peaks)).toBe('pagefind_extended 1700 MB, astro 1000 MB');
  });
});

describe('astroDuration', () => {
  it("reads Astro's durations", () => {
    expect(astroDuration('945ms')).toBe(0.945);
    expect(astroDuration('33.78s')).toBe(33.78);
    expect(astroDuration('1m 2s')).toBe(62);
    expect(astroDuration('')).toBe(0);
  });
});
