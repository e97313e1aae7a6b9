// TEMPORARY (plan branch): replaced at merge by the "search" engineer's planPoint.
// planPoint(point, { options, runner, onSimulation }): one replicated run (options.replications)
// at the configuration's own arrival rate; met when every SLO verdict on the replication
// intervals is met and no replication overloaded. A skipped point costs no simulation.
// NOTE: no rate search, no fewest-replicas search: maxRatePerSecond is the configured rate when met.

import { sloValue } from '../metrics/index.ts';
import type { JobRunner } from './run-many.ts';
import { replicatedSloVerdicts } from './replicated-slo.ts';
import { replicationSeed } from './seeds.ts';
import { tInterval } from './interval.ts';
import type { PlanOptions, PlanPoint, PointResult } from './plan-types.ts';

export interface PlanPointContext {
  options: PlanOptions;
  runner: JobRunner;
  /** Called after each finished simulation. */
  onSimulation?: () => void;
}

export async function planPoint(point: PlanPoint, { options, runner, onSimulation }: PlanPointContext): Promise<PointResult> {
  const { index, key, config } = point;
  if (point.scenario === undefined) return { index, key, config, status: 'skipped', reason: point.skipped ?? 'not simulated', curve: [], simulations: 0 };
  const scenario = point.scenario;
  const jobs = Array.from({ length: options.replications }, (_, i) => ({ scenario, seed: replicationSeed(scenario.config.seed, i) }));
  const results = await runner.run(jobs, () => onSimulation?.());
  const summaries = results.map((r) => r.summary);
  const overloaded = summaries.some((s) => s.overloaded);
  const met = !overloaded && replicatedSloVerdicts(summaries).every((v) => v.verdict === 'met');
  const mean = (xs: number[]): number => tInterval(xs).mean;
  const ttft = mean(summaries.map((s) => sloValue(s, { metric: 'ttft', percentile: 'p95', target: 0 })));
  const tpot = mean(summaries.map((s) => sloValue(s, { metric: 'tpot', percentile: 'p95', target: 0 })));
  const arrival = scenario.config.workload.arrival as { ratePerSecond?: number };
  const rate = arrival.ratePerSecond ?? 0;
  const hw = scenario.config.hardware;
  return {
    index,
    key,
    config,
    status: 'ok',
    ...(met ? { maxRatePerSecond: rate } : {}),
    minReplicas: hw.numReplicas,
    gpus: hw.tp * hw.pp * hw.numReplicas,
    usdPer1kOutputTokens: mean(summaries.map((s) => s.cost.usdPer1kOutputTokens)),
    joulesPerOutputToken: mean(summaries.map((s) => s.energy.joulesPerOutputToken)),
    p95TtftSeconds: ttft,
    p95TpotSeconds: tpot,
    ...(options.target !== undefined && met && rate > 0 ? { headroom: options.target.ratePerSecond / rate } : {}),
    curve: [{ ratePerSecond: rate, p95TtftSeconds: ttft, p95TpotSeconds: tpot, met, overloaded }],
    simulations: jobs.length,
  };
}
