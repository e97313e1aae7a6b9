// TEMPORARY (compare branch): the "study" engineer owns this file; the lead keeps study's version
// at merge. A Student t confidence interval for the mean of independent values:
//   mean ± t_{(1+c)/2, n−1} · s / √n,  s the sample standard deviation (n − 1 in the denominator).
// Invariants: n < 2 gives NaN bounds and half-width (no spread to estimate); values all equal give
// a zero half-width (the interval is the point).

import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface Interval {
  mean: number;
  ciLow: number;
  ciHigh: number;
  halfWidth: number;
  n: number;
}

/** The two-sided `confidence` (default 0.95) Student t interval of the mean of `values`. */
export function tInterval(values: readonly number[], confidence = 0.95): Interval {
  const n = values.length;
  const mean = n === 0 ? NaN : values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { mean, ciLow: NaN, ciHigh: NaN, halfWidth: NaN, n };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  const halfWidth = variance === 0 ? 0 : tQuantile((1 + confidence) / 2, n - 1) * Math.sqrt(variance / n);
  return { mean, ciLow: mean - halfWidth, ciHigh: mean + halfWidth, halfWidth, n };
}
