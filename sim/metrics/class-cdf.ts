// classLatencyCdfs: RunResult.classLatencyCdf — per declared class, the downsampled CDFs of TTFT
// and E2E (histogramCdf, ≤ classCdfPoints(classes) points each) from the class's bounded histograms
// (class-folds.ts), with the thresholds the class CDF chart draws as rules: the class's resolved
// per-request ttftSeconds and its e2e targets (from its SLO targets).
// Invariants: pure; classes in class-index order; the curves cover exactly the class summary's
// populations (measured finished requests of the class), each value within CLASS_HISTOGRAM's
// relative error; at most max(CLASS_CDF_BUDGET, MIN_CLASS_CDF_POINTS × classes) points per metric
// over all classes (≤ 1,600 up to 8 classes, 25 per curve at 64), whatever the request count.
// NOTE: no TPOT curve: TPOT in ms and E2E in s would share the axis with TTFT and crowd the
// per-class lines; the class summary table has the TPOT percentiles.

import type { ClassFolds } from './class-folds.ts';
import { DEFAULT_CDF_POINTS, histogramCdf } from './latency-cdf.ts';
import type { SloTarget } from './slo-verdicts.ts';
import type { ClassLatencyCdf } from './types.ts';

/** Points per metric shared by all classes' curves, and the fewest one curve keeps. */
export const CLASS_CDF_BUDGET = 1600;
export const MIN_CLASS_CDF_POINTS = 25;

/** Points per class curve: DEFAULT_CDF_POINTS up to 8 classes, then the budget shared, never under MIN_CLASS_CDF_POINTS. */
export function classCdfPoints(classes: number): number {
  return Math.max(MIN_CLASS_CDF_POINTS, Math.min(DEFAULT_CDF_POINTS, Math.floor(CLASS_CDF_BUDGET / Math.max(1, classes))));
}

export function classLatencyCdfs(names: readonly string[], sloTargets: readonly (readonly SloTarget[])[], folds: ClassFolds): ClassLatencyCdf[] {
  const points = classCdfPoints(names.length);
  return names.map((name, k) => ({
    name,
    ttftSeconds: folds.slos[k].ttftSeconds,
    e2eTargets: sloTargets[k].filter((t) => t.metric === 'e2e').map((t) => ({ percentile: t.percentile, target: t.target })),
    ttft: histogramCdf(folds.outcomes[k].ttft, points),
    e2e: histogramCdf(folds.outcomes[k].e2e, points),
  }));
}
