// One metric of a comparison, from per-replication values of A (baseline) and B run on the same
// seeds: the paired differences dᵢ = Bᵢ − Aᵢ, their mean with a Student t interval (tInterval),
// the relative difference, significance, and the unpaired (Welch) half-width for the variance
// reduction of common random numbers.
// Invariants: a replication where either value is not finite (a metric without samples) is
// dropped from every figure, and n says how many pairs remain; identical A and B give diff 0,
// interval [0, 0], not significant; significant ⇔ the interval excludes 0 (ciLow > 0 or ciHigh < 0).
// NOTE (relative difference): relDiff = diff / mean(A) and its interval = the diff interval /
// mean(A). This treats mean(A) as known: it ignores A's own sampling error, so the relative
// interval is slightly too narrow when A's relative half-width is not small (a delta-method or
// per-replication-ratio interval would widen it by about that relative half-width). Chosen
// because it keeps the relative interval exactly the absolute one rescaled, so the two never
// disagree on significance. mean(A) = 0 gives NaN relative figures (null in JSON).

import { tInterval } from './interval.ts';
import { welchHalfWidth } from './compare-welch.ts';

export interface MetricComparison {
  /** Mean of A over the replications. */
  baseline: number;
  /** Mean of B over the replications. */
  value: number;
  /** Mean paired difference B − A (= value − baseline over the kept pairs). */
  diff: number;
  /** diff / baseline. */
  relDiff: number;
  /** 95% Student t interval of the mean paired difference. */
  ciLow: number;
  ciHigh: number;
  halfWidth: number;
  /** The interval relative to the baseline mean: [ciLow, ciHigh] / baseline. */
  relCiLow: number;
  relCiHigh: number;
  significant: boolean;
  /** Welch half-width of mean(B) − mean(A) as if the runs were independent. */
  halfWidthUnpaired: number;
  /** halfWidthUnpaired / halfWidth: how many times narrower pairing made the interval (NaN if both 0; Infinity when the paired one is 0 and the unpaired not: null in JSON, n/a in the table). */
  crnHalfWidthRatio: number;
  /** Pairs used. */
  n: number;
}

const mean = (xs: readonly number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;

/** The paired comparison of B against A; `a[i]` and `b[i]` come from the same replication seed. */
export function compareMetric(a: readonly number[], b: readonly number[], confidence = 0.95): MetricComparison {
  if (a.length !== b.length) throw new Error(`compareMetric: ${a.length} baseline values but ${b.length} compared values`);
  const keep = a.map((_, i) => Number.isFinite(a[i]) && Number.isFinite(b[i]));
  const as = a.filter((_, i) => keep[i]);
  const bs = b.filter((_, i) => keep[i]);
  const diffs = as.map((x, i) => bs[i] - x);
  const interval = tInterval(diffs, confidence);
  const baseline = as.length === 0 ? NaN : mean(as);
  const rel = (x: number): number => (baseline === 0 ? NaN : x / baseline);
  const welch = welchHalfWidth(as, bs, confidence);
  return {
    baseline,
    value: bs.length === 0 ? NaN : mean(bs),
    diff: interval.mean,
    relDiff: rel(interval.mean),
    ciLow: interval.ciLow,
    ciHigh: interval.ciHigh,
    halfWidth: interval.halfWidth,
    relCiLow: baseline < 0 ? rel(interval.ciHigh) : rel(interval.ciLow),
    relCiHigh: baseline < 0 ? rel(interval.ciLow) : rel(interval.ciHigh),
    significant: interval.ciLow > 0 || interval.ciHigh < 0,
    halfWidthUnpaired: welch.halfWidth,
    crnHalfWidthRatio: welch.halfWidth / interval.halfWidth,
    n: diffs.length,
  };
}
