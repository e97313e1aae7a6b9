// classLatencyCdfs: RunResult.classLatencyCdf — per declared class, the downsampled CDFs of TTFT
// and E2E (histogramCdf, ≤ DEFAULT_CDF_POINTS points each) from the class's bounded histograms
// (class-folds.ts), with the thresholds the class CDF chart draws as rules: the class's resolved
// per-request ttftSeconds and its e2e targets (from its SLO targets).
// Invariants: pure; classes in class-index order; the curves cover exactly the class summary's
// populations (measured finished requests of the class), each value within CLASS_HISTOGRAM's
// relative error; memory O(classes × DEFAULT_CDF_POINTS) whatever the request count.
// NOTE: no TPOT curve: TPOT in ms and E2E in s would share the axis with TTFT and crowd the
// per-class lines; the class summary table has the TPOT percentiles.

import type { ClassFolds } from './class-folds.ts';
import { histogramCdf } from './latency-cdf.ts';
import type { SloTarget } from './slo-verdicts.ts';
import type { ClassLatencyCdf } from './types.ts';

export function classLatencyCdfs(names: readonly string[], sloTargets: readonly (readonly SloTarget[])[], folds: ClassFolds): ClassLatencyCdf[] {
  return names.map((name, k) => ({
    name,
    ttftSeconds: folds.slos[k].ttftSeconds,
    e2eTargets: sloTargets[k].filter((t) => t.metric === 'e2e').map((t) => ({ percentile: t.percentile, target: t.target })),
    ttft: histogramCdf(folds.outcomes[k].ttft),
    e2e: histogramCdf(folds.outcomes[k].e2e),
  }));
}
