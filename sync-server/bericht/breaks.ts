/** Class breaks of a choropleth: natural breaks (Jenks, via simple-statistics) or quantiles. */
import { jenks, quantile } from 'simple-statistics';

export type BreakMethod = 'jenks' | 'quantile';

/** Upper bounds of `k` classes over `values` (ascending, the last is the maximum). */
export function classBreaks(values: number[], k: number, method: BreakMethod): number[] {
  const xs = [...values].sort((a, b) => a - b);
  const distinct = new Set(xs).size;
  if (xs.length === 0) return [];
  if (distinct <= k) return [...new Set(xs)];
  if (method === 'jenks') return (jenks(xs, k) ?? []).slice(1);
  const b = Array.from({ length: k }, (_, i) => quantile(xs, (i + 1) / k));
  return [...new Set(b)];
}

/** Index of the class of `v` (the first upper bound >= v). */
export function classOf(v: number, breaks: number[]): number {
  const i = breaks.findIndex((b) => v <= b);
  return i < 0 ? breaks.length - 1 : i;
}
