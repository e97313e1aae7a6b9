// A downsampled empirical CDF: at most maxPoints (value, fraction) pairs at evenly spaced ranks of
// n samples, so a chart of a million latencies stays a few kilobytes. Ranks come from evenRanks;
// the values from a sorted array (report's empiricalCdf) or, for a run, from the bounded
// histograms of RequestOutcomes (histogramCdf: each value within the histogram's relative error).
// Invariants: for n ≥ 1 the first point is the minimum with fraction 1/n and the last the maximum
// with fraction exactly 1; ranks strictly increase, so fractions strictly increase; n ≤ maxPoints
// keeps every rank.
// NOTE: the fraction at rank r (0-based) is (r + 1)/n, the empirical CDF F(x) = P(X ≤ x) just
// after the step at x — drawn with step-after interpolation this is exact at the kept points.

import type { LogHistogram } from './log-histogram.ts';

export interface CdfPoint {
  value: number;
  /** Fraction of samples ≤ value, in (0, 1]. */
  fraction: number;
}

/** Default cap on points per curve: smooth to the eye, small on disk. */
export const DEFAULT_CDF_POINTS = 200;

/** The 0-based ranks the CDF keeps of n samples: evenly spaced, both ends included, strictly increasing. */
export function evenRanks(n: number, maxPoints: number = DEFAULT_CDF_POINTS): number[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new RangeError(`maxPoints must be an integer >= 2, got ${maxPoints}`);
  }
  const ranks: number[] = [];
  const m = Math.min(n, maxPoints);
  for (let k = 0; k < m; k++) {
    // m = 1 only when n = 1: the single sample is both ends.
    const rank = m === 1 ? 0 : Math.round((k * (n - 1)) / (m - 1));
    if (rank !== ranks[ranks.length - 1]) ranks.push(rank);
  }
  return ranks;
}

/** The CDF of a histogram's samples (whole weights) at evenRanks of its count. */
export function histogramCdf(h: LogHistogram, maxPoints: number = DEFAULT_CDF_POINTS): CdfPoint[] {
  const n = h.count;
  const ranks = evenRanks(n, maxPoints);
  const values = h.valuesAtRanks(ranks.map((r) => r + 1));
  return ranks.map((r, k) => ({ value: values[k], fraction: (r + 1) / n }));
}
