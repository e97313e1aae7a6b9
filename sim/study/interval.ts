// The Student t confidence interval of a mean over independent values: replication means, or
// per-replication quantiles (each replication's p95 is one value; the interval is for the mean
// of the replication p95s, the usual "replication/deletion" estimator, Law & Kelton, Simulation
// Modeling and Analysis, 5th ed., §9.4.1):
//   mean = Σx / n,  s² = Σ(x − mean)² / (n − 1),  halfWidth = t_{1−(1−c)/2, n−1} · s / √n.
// Invariants: n < 2 gives halfWidth, ciLow, ciHigh NaN (no spread to estimate); any NaN value
// makes every field but n NaN; identical values give halfWidth exactly 0.
// NOTE: the t quantile comes from @stdlib/stats-base-dists-t-quantile (stdlib's inverse
// regularised incomplete beta); the interval assumes the values are independent and roughly
// normal — true of means of long replications by the CLT, approximately so of quantiles.

import tQuantileOf from '@stdlib/stats-base-dists-t-quantile';

export interface Interval {
  mean: number;
  ciLow: number;
  ciHigh: number;
  halfWidth: number;
  n: number;
}

/** The p-quantile of Student's t with `degreesOfFreedom` (> 0); tQuantile(0.975, 9) = 2.262…. */
export function tQuantile(p: number, degreesOfFreedom: number): number {
  return tQuantileOf(p, degreesOfFreedom);
}

/** The two-sided `confidence` (default 0.95) Student t interval of the mean of `values`. */
export function tInterval(values: readonly number[], confidence = 0.95): Interval {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`tInterval: confidence ${confidence} is not in (0, 1)`);
  const n = values.length;
  let sum = 0;
  for (const x of values) sum += x;
  const mean = n === 0 ? NaN : sum / n;
  if (n < 2 || Number.isNaN(mean)) return { mean, ciLow: NaN, ciHigh: NaN, halfWidth: NaN, n };
  // Equal values have no spread, exactly (sum / n may round off the value and leave ~1e-18 squares).
  let squares = 0;
  let equal = true;
  for (const x of values) {
    squares += (x - mean) ** 2;
    equal &&= x === values[0];
  }
  const sd = equal ? 0 : Math.sqrt(squares / (n - 1));
  const halfWidth = sd === 0 ? 0 : tQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { mean, ciLow: mean - halfWidth, ciHigh: mean + halfWidth, halfWidth, n };
}

/** halfWidth / |mean|: 0 when both are 0, Infinity when only the mean is 0, NaN when either is NaN. */
export function relativeHalfWidth(interval: Pick<Interval, 'mean' | 'halfWidth'>): number {
  const { mean, halfWidth } = interval;
  if (Number.isNaN(mean) || Number.isNaN(halfWidth)) return NaN;
  if (mean === 0) return halfWidth === 0 ? 0 : Infinity;
  return halfWidth / Math.abs(mean);
}
