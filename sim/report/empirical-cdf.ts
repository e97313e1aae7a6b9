// A downsampled empirical CDF of sorted samples: at most maxPoints (value, fraction) pairs at
// evenly spaced ranks (metrics' evenRanks, the same ranks a run's histogram CDF uses), so a chart
// of a million latencies stays a few kilobytes.
// Invariants: for n ≥ 1 samples the first point is the minimum with fraction 1/n and the last is
// the maximum with fraction exactly 1; ranks are strictly increasing, so values are
// non-decreasing and fractions strictly increasing; n ≤ maxPoints keeps every sample.
// NOTE: the fraction at rank r (0-based) is (r + 1)/n, the empirical CDF F(x) = P(X ≤ x) just
// after the step at x — drawn with step-after interpolation this is exact at the kept points.

import { DEFAULT_CDF_POINTS, evenRanks, type CdfPoint } from '../metrics/index.ts';

export { DEFAULT_CDF_POINTS, type CdfPoint };

/** Evenly spaced ranks of sorted samples (ascending), endpoints included. */
export function empiricalCdf(sorted: ArrayLike<number>, maxPoints: number = DEFAULT_CDF_POINTS): CdfPoint[] {
  const n = sorted.length;
  return evenRanks(n, maxPoints).map((rank) => ({ value: sorted[rank], fraction: (rank + 1) / n }));
}
