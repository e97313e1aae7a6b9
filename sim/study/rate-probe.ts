// One probe of a plan's search: a configuration at one arrival rate (and fleet size), run for R
// replications, its SLO judged on the replication intervals. The max-rate and fewest-replicas
// searches are sequences of probes.
// Verdict: met ⇔ every SLO target's replicated verdict is `met` and no replication is
// overloaded. `undecided` (the interval straddles the target) counts as NOT met: a found rate is
// one the SLO is met at with 95% confidence, so the searches err on the safe side.
// Seeds: replication i runs with replicationSeed(scenario seed, i) at every rate and fleet size
// (common random numbers: neighbouring probes differ by the rate, not by the draws, which keeps
// the verdict nearly monotone in the rate).
// Rebuilding a scenario at another rate or fleet size copies it with the new config: the rate
// and numReplicas enter no other resolved field (engine, model, gpu and draft model do not depend
// on them, and no fit check reads them), so a full resolveScenario would only repeat the same
// answers (and would need file access again for an hfConfig model).
// NOTE: a scenario without SLO targets is met whenever no replication is overloaded.

import type { SloVerdict, Summary } from '../metrics/index.ts';
import type { Scenario } from '../scenario/index.ts';
import type { RatePoint } from './plan-types.ts';
import { replicatedSloVerdicts } from './replicated-slo.ts';
import type { JobRunner } from './run-many.ts';
import { replicationSeed } from './seeds.ts';

/** How probes run: the thread pool, the replications per probe, a callback per finished simulation. */
export interface ProbeContext {
  runner: JobRunner;
  replications: number;
  onSimulation?: () => void;
}

export interface Probe {
  point: RatePoint;
  /** Replications' summaries, in replication order. */
  summaries: Summary[];
  verdicts: SloVerdict[];
  numReplicas: number;
}

/** The mean of the replications' values; NaN when any is NaN (e.g. TPOT of 1-token outputs). */
export function meanOf(summaries: readonly Summary[], value: (s: Summary) => number): number {
  let sum = 0;
  for (const s of summaries) sum += value(s);
  return summaries.length === 0 ? NaN : sum / summaries.length;
}

/** The arrival rate a scenario's arrival process has, or undefined (max, closed-loop, and the time-varying kinds: on-off's ratePerSecond is only its quiet rate). */
export function arrivalRate(scenario: Scenario): number | undefined {
  const arrival = scenario.config.workload.arrival;
  return arrival !== undefined && 'ratePerSecond' in arrival && arrival.kind !== 'on-off' ? arrival.ratePerSecond : undefined;
}

/** The scenario at another arrival rate and/or fleet size (rate-driven arrival kinds only). */
export function scenarioAt(scenario: Scenario, change: { ratePerSecond?: number; numReplicas?: number }): Scenario {
  const { config } = scenario;
  const arrival = config.workload.arrival;
  let nextArrival = arrival;
  if (change.ratePerSecond !== undefined) {
    if (arrival === undefined || !('ratePerSecond' in arrival) || arrival.kind === 'on-off') throw new Error(`internal: arrival kind '${arrival?.kind ?? 'none (a trace replay or per-class arrivals)'}' has no rate to change`);
    if (!(change.ratePerSecond > 0) || !Number.isFinite(change.ratePerSecond)) throw new RangeError(`scenarioAt: rate ${change.ratePerSecond} is not a positive finite number`);
    nextArrival = { ...arrival, ratePerSecond: change.ratePerSecond };
  }
  const numReplicas = change.numReplicas ?? config.hardware.numReplicas;
  if (!Number.isSafeInteger(numReplicas) || numReplicas < 1) throw new RangeError(`scenarioAt: numReplicas ${numReplicas} is not a positive integer`);
  return {
    ...scenario,
    config: {
      ...config,
      hardware: { ...config.hardware, numReplicas },
      workload: { ...config.workload, arrival: nextArrival },
    },
  };
}

/** R replications of the scenario at `ratePerSecond` with `numReplicas` (default: the scenario's), judged. */
export async function probeRate(scenario: Scenario, ratePerSecond: number, ctx: ProbeContext, numReplicas?: number): Promise<Probe> {
  const at = scenarioAt(scenario, { ratePerSecond, ...(numReplicas === undefined ? {} : { numReplicas }) });
  const base = scenario.config.seed;
  const jobs = Array.from({ length: ctx.replications }, (_, i) => ({ scenario: at, seed: replicationSeed(base, i) }));
  const results = await ctx.runner.run(jobs, () => ctx.onSimulation?.());
  const summaries = results.map((r) => r.summary);
  const verdicts = replicatedSloVerdicts(summaries);
  const overloaded = summaries.some((s) => s.overloaded);
  const met = !overloaded && verdicts.every((v) => v.verdict === 'met');
  return {
    point: {
      ratePerSecond,
      p95TtftSeconds: meanOf(summaries, (s) => s.ttftSeconds.p95),
      p95TpotSeconds: meanOf(summaries, (s) => s.tpotSeconds.p95),
      met,
      overloaded,
    },
    summaries,
    verdicts,
    numReplicas: at.config.hardware.numReplicas,
  };
}
