import { scaleBand, scaleLinear } from 'd3-scale';

/**
 * Geometry of the build-time SVG charts (d3-scale), kept apart from the markup so it is tested
 * as numbers: a column chart with stacked or grouped series, and horizontal bars.
 */

export interface Series {
  key: string;
  label: string;
  /** A CSS colour, usually a custom property such as var(--sev1). */
  color: string;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
  category: string;
  series: string;
  value: number;
}

export interface ColumnLayout {
  width: number;
  height: number;
  rects: Rect[];
  ticks: { y: number; value: number }[];
  labels: { x: number; text: string }[];
}

const M = { top: 10, right: 10, bottom: 40, left: 40 };

/** Coordinates to a hundredth of a pixel: finer is invisible and only grows the page. */
const px = (v: number) => Math.round(v * 100) / 100;

type Band = ReturnType<typeof scaleBand<string>>;
type Linear = ReturnType<typeof scaleLinear<number, number>>;

/** One category's rectangles: one on top of the other (stacked), or side by side (grouped). */
function categoryRects(
  category: string,
  series: readonly Series[],
  value: (category: string, series: string) => number,
  scales: { x: Band; y: Linear; inner: Band; stacked: boolean },
): Rect[] {
  const { x, y, inner, stacked } = scales;
  let base = 0;
  return series.map((s) => {
    const v = value(category, s.key);
    const rect = stacked
      ? { x: px(x(category)!), width: px(x.bandwidth()), y: px(y(base + v)), height: px(y(base) - y(base + v)) }
      : { x: px(x(category)! + inner(s.key)!), width: px(inner.bandwidth()), y: px(y(v)), height: px(y(0) - y(v)) };
    base += v;
    return { ...rect, category, series: s.key, value: v };
  });
}

/** A column chart's geometry: a band per category, its series stacked or grouped, ticks and at most ~12 labels. */
export function columnLayout(
  categories: readonly string[],
  series: readonly Series[],
  value: (category: string, series: string) => number,
  mode: 'stacked' | 'grouped',
  width = 720,
  height = 260,
): ColumnLayout {
  const x = scaleBand<string>()
    .domain(categories)
    .range([M.left, width - M.right])
    .padding(0.15);
  const stacked = mode === 'stacked';
  const totals = categories.map((c) =>
    stacked ? series.reduce((sum, s) => sum + value(c, s.key), 0) : Math.max(0, ...series.map((s) => value(c, s.key))),
  );
  const y = scaleLinear()
    .domain([0, Math.max(1, ...totals)])
    .nice()
    .range([height - M.bottom, M.top]);
  const inner = scaleBand<string>()
    .domain(series.map((s) => s.key))
    .range([0, x.bandwidth()])
    .padding(0.05);
  const rects = categories.flatMap((category) => categoryRects(category, series, value, { x, y, inner, stacked }));
  // At most ~12 category labels, so long ranges stay legible.
  const every = Math.max(1, Math.ceil(categories.length / 12));
  return {
    width,
    height,
    rects,
    // Counts get whole-number ticks only ("0.2 incidents" is no tick).
    ticks: y
      .ticks(5)
      .filter((t) => !rects.every((r) => Number.isInteger(r.value)) || Number.isInteger(t))
      .map((value) => ({ y: px(y(value)), value })),
    labels: categories.filter((_, i) => i % every === 0).map((text) => ({ x: px(x(text)! + x.bandwidth() / 2), text })),
  };
}

export interface BarLayout {
  width: number;
  height: number;
  bars: { y: number; width: number; height: number; label: string; value: number }[];
}

/** Horizontal bars, one row each; rows leave room for labels drawn twice the size on a phone (global.css). */
export function barLayout(rows: readonly { label: string; value: number }[], width = 720, rowHeight = 28): BarLayout {
  const labelWidth = 200;
  const height = rows.length * rowHeight + 10;
  const x = scaleLinear()
    .domain([0, Math.max(1, ...rows.map((r) => r.value))])
    .range([0, width - labelWidth - 50]);
  const y = scaleBand<number>()
    .domain(rows.map((_, i) => i))
    .range([5, height - 5])
    .padding(0.2);
  return {
    width,
    height,
    bars: rows.map((r, i) => ({ y: px(y(i)!), height: px(y.bandwidth()), width: px(x(r.value)), label: r.label, value: r.value })),
  };
}
