// A downsampled empirical CDF: at most maxPoints (value, fraction) pairs taken from sorted
// samples at evenly spaced ranks, so a chart of a million latencies stays a few kilobytes.
// Invariants: for n ≥ 1 samples the first point is the minimum with fraction 1/n and the last is
// the maximum with fraction exactly 1; ranks are strictly increasing, so values are
// non-decreasing and fractions strictly increasing; n ≤ maxPoints keeps every sample.
// NOTE: the fraction at rank r (0-based) is (r + 1)/n, the empirical CDF F(x) = P(X ≤ x) just
// after the step at x — drawn with step-after interpolation this is exact at the kept points.

export interface CdfPoint {
  value: number;
  /** Fraction of samples ≤ value, in (0, 1]. */
  fraction: number;
}

/** Default cap on points per curve: smooth to the eye, small on disk. */
export const DEFAULT_CDF_POINTS = 200;

/** Evenly spaced ranks of sorted samples (ascending), endpoints included. */
export function empiricalCdf(sorted: ArrayLike<number>, maxPoints: number = DEFAULT_CDF_POINTS): CdfPoint[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new RangeError(`maxPoints must be an integer >= 2, got ${maxPoints}`);
  }
  const n = sorted.length;
  const points: CdfPoint[] = [];
  if (n === 0) return points;
  const m = Math.min(n, maxPoints);
  let previous = -1;
  for (let k = 0; k < m; k++) {
    // m = 1 only when n = 1: the single sample is both ends.
    const rank = m === 1 ? 0 : Math.round((k * (n - 1)) / (m - 1));
    if (rank === previous) continue;
    previous = rank;
    points.push({ value: sorted[rank], fraction: (rank + 1) / n });
  }
  return points;
}
