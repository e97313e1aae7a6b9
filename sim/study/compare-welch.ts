// The unpaired yardstick of common random numbers: the half-width of Welch's t interval for the
// difference of two independent means (Welch 1947, Biometrika 34:28), i.e. what the interval
// would be had A and B been run on independent seeds with the same per-scenario spread:
//   se² = sA²/nA + sB²/nB,  ν = se⁴ / ((sA²/nA)²/(nA−1) + (sB²/nB)²/(nB−1)),
//   halfWidth = t_{(1+c)/2, ν} · se.
// Invariants: fewer than 2 values on either side → NaN; both variances 0 → 0 (no spread).
// NOTE: with CRN the A and B values are positively correlated, so this is the counterfactual
// half-width, not an interval to report; compare reports it beside the paired one.

import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface WelchTerms {
  /** Standard error of the difference of the two means. */
  se: number;
  /** Welch–Satterthwaite degrees of freedom (NaN when se is 0). */
  df: number;
  halfWidth: number;
}

function sampleVariance(values: readonly number[]): number {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
}

/** Welch's se, degrees of freedom and half-width for mean(b) − mean(a) from independent samples. */
export function welchHalfWidth(a: readonly number[], b: readonly number[], confidence = 0.95): WelchTerms {
  if (a.length < 2 || b.length < 2) return { se: NaN, df: NaN, halfWidth: NaN };
  const va = sampleVariance(a) / a.length;
  const vb = sampleVariance(b) / b.length;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { se: 0, df: NaN, halfWidth: 0 };
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  return { se, df, halfWidth: tQuantile((1 + confidence) / 2, df) * se };
}
