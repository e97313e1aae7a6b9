// The SLO verdicts of R replications: for each target of the scenario (replication 0's verdicts
// name them; every replication has the same targets), the replications' values of that target
// (sloValue: e.g. each replication's p95 TTFT) → a Student t interval → sloVerdict on the mean
// and the interval: met, missed, or undecided when the interval straddles the target.
// Invariants: with one replication the interval bounds are NaN and the verdict is the single
// run's; a replication without a value (NaN) makes the interval NaN, hence undecided.

import { sloValue, sloVerdict, type SloVerdict, type Summary } from '../metrics/index.ts';
import { tInterval } from './interval.ts';

export function replicatedSloVerdicts(summaries: readonly Summary[]): SloVerdict[] {
  const targets = summaries[0]?.slo?.verdicts ?? [];
  return targets.map(({ metric, percentile, target }) => {
    const t = { metric, percentile, target };
    const { mean, ciLow, ciHigh } = tInterval(summaries.map((s) => sloValue(s, t)));
    return sloVerdict(t, { value: mean, ciLow, ciHigh });
  });
}
