// The summary.json (and `run --json`) object of a replicated run — the stable contract of a
// replicated report (add keys, never rename):
//   { scenario, seed, replications, seeds, seedRule, stop, simulatedSeconds, events, summary,
//     perReplication: [{ seed, overloaded, simulatedSeconds, events, notes }], notes }
// `seed` is the base seed; `summary` has the run Summary's shape with every metric as
// { mean, ciLow, ciHigh, halfWidth, relativeHalfWidth, n, values } (replicated-summary.ts);
// `stop` says why the study stopped ({ reason: 'replications' | 'precision' | 'max-replications',
// precision?, maxReplications?, checks? }). `notes` are the study's own, then replication 0's.
// Invariants: a pure function of the ReplicatedRun, key order fixed here; no machine-dependent
// value (thread count, wall time, memory), so the file is byte-identical whatever --jobs is.
// NaN (a metric without samples, an interval of fewer than 2 values) and Infinity are written
// as null by JSON.stringify.

import type { ReplicatedRun } from './replications.ts';
import { replicatedMetric } from './replicated-summary.ts';

/** The replication seed rule in words (README: "Replications"). */
export const SEED_RULE_TEXT = 'replication i runs with seed + i (replication 0 with the seed itself); rerun one alone with --seed <seed + i>';

export function replicatedFile(run: ReplicatedRun): Record<string, unknown> {
  const n = run.replications.length;
  const overloaded = run.replications.filter((r) => r.overloaded).map((r) => r.seed);
  const notes = [
    `requests.csv, windows.csv, summary.windows and the charts are replication 0's (seed ${run.baseSeed}); the other ${n - 1} replications are summarised only`,
    ...(overloaded.length === 0 ? [] : [`OVERLOADED in ${overloaded.length} of ${n} replications (seeds ${overloaded.join(', ')}): latencies grow with the run length`]),
    ...run.first.notes,
  ];
  return {
    scenario: run.scenarioName,
    seed: run.baseSeed,
    replications: n,
    seeds: run.seeds,
    seedRule: SEED_RULE_TEXT,
    stop: run.stop,
    simulatedSeconds: replicatedMetric(run.replications.map((r) => r.simulatedSeconds)),
    events: replicatedMetric(run.replications.map((r) => r.events)),
    summary: run.summary,
    perReplication: run.replications,
    notes,
  };
}
