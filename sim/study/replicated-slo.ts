// The SLO verdicts of R replications: for each target of the scenario (replication 0's verdicts
// name them; every replication has the same targets), the replications' values of that target
// (sloValue: e.g. each replication's p95 TTFT) → a Student t interval → sloVerdict on the mean
// and the interval: met, missed, or undecided when the interval straddles the target.
// The same rule re-judges each declared class's verdicts on its own replicated values
// (replicated-summary.ts passes the replications' summary.classes[name], ClassSummary).
// Invariants: with one replication the interval bounds are NaN and the verdict is the single
// run's; a replication with nothing measured for a target (its own verdict missed, value NaN)
// makes the study miss it.

import { sloValue, sloVerdict, type SloValueSource, type SloVerdict } from '../metrics/index.ts';
import { tInterval } from './interval.ts';

/** What a verdict is judged on: a run's Summary or a class's ClassSummary, each with its single-run verdicts. */
export type SloJudged = SloValueSource & { slo?: { verdicts: SloVerdict[] } };

export function replicatedSloVerdicts(summaries: readonly SloJudged[]): SloVerdict[] {
  const targets = summaries[0]?.slo?.verdicts ?? [];
  return targets.map(({ metric, percentile, target }, j) => {
    const t = { metric, percentile, target };
    // A replication with nothing measured for this target (its own verdict: missed, no value)
    // misses it for the study too.
    const empty = summaries.some((s) => Number.isNaN(s.slo?.verdicts[j]?.value ?? 0) && s.slo?.verdicts[j]?.verdict === 'missed');
    if (empty) return { ...t, value: NaN, ciLow: NaN, ciHigh: NaN, verdict: 'missed' as const };
    const { mean, ciLow, ciHigh } = tInterval(summaries.map((s) => sloValue(s, t)));
    return sloVerdict(t, { value: mean, ciLow, ciHigh });
  });
}
