// One configuration of a plan, answered: its max rate under the SLO (max-rate.ts), the fewest
// replicas for the target rate (min-replicas.ts), and the figures at its operating point.
// Operating point: the target rate with minReplicas replicas when the plan has a target (and it
// was reachable), else the max rate with the configured fleet. There: usdPer1kOutputTokens,
// joulesPerOutputToken, p95 TTFT and p95 TPOT are means over the probe's replications (the
// summary's windowed cost and energy; definitions.md).
// headroom = target ÷ the max rate of the minReplicas fleet, that max rate scaled linearly from
// the configured fleet's (maxRate × minReplicas ÷ configured replicas) rather than searched again.
// NOTE: the linear scaling is conservative for round-robin routing (a larger fleet splits the
// arrivals into smoother per-replica streams), so the headroom is, if anything, understated.
// Skipped points (the sweep's invalid combinations) and arrival kinds without a rate (max,
// closed-loop) come back as status 'skipped' with the reason, after no simulation. A point
// whose SLO no rate meets is 'ok' with `reason` and no max rate.
// Pools: GPUs are summed over the pools; the fewest-replicas search (one replica kind's
// hardware.numReplicas) is refused with a reason: a plan sweeps pools.<i>.hardware.numReplicas.
// Autoscaling (hardware.autoscale, or pools[i].hardware.autoscale): a plan answers for the
// autoscaled fleet as written — its max rate with the autoscaler choosing the count, its cost
// over the GPU-seconds it actually held (summary.cost), its GPUs those of its peak (maxReplicas
// × tp × pp: what it may hold at once). The fewest-replicas search is refused with a reason: it
// sizes a fixed fleet, and with an autoscaler the count is the policy's, not the plan's.
// Invariants: simulations = capacity run (0 or 1) + every probe's replications; onSimulation is
// called once per finished simulation.

import type { PlanOptions, PlanPoint, PointResult } from './plan-types.ts';
import { capacityBound, closedFormCapacity, type CapacityBound } from './capacity-bound.ts';
import { searchMaxRate, type MaxRateSearch } from './max-rate.ts';
import { searchMinReplicas, type MinReplicasSearch } from './min-replicas.ts';
import { arrivalRate, meanOf, type Probe, type ProbeContext } from './rate-probe.ts';
import type { JobRunner } from './run-many.ts';
import { builtReplicas, type Scenario } from '../scenario/index.ts';

export interface PointSearchOptions {
  options: PlanOptions;
  runner: JobRunner;
  onSimulation?: () => void;
  /**
   * Where the searches start, from the screening pass (plan-screen.ts): its max rate replaces the
   * capacity bound (the closed form still sets the ceiling) and the steps begin at `growth`; its
   * fewest replicas is the first fleet probed. Absent: the capacity bound and doubling.
   */
  start?: SearchStart;
}

export interface SearchStart {
  maxRatePerSecond?: number;
  minReplicas?: number;
  growth: number;
}

function skipped(point: PlanPoint, reason: string): PointResult {
  return { index: point.index, key: point.key, config: point.config, status: 'skipped', reason, curve: [], simulations: 0 };
}

export async function planPoint(point: PlanPoint, o: PointSearchOptions): Promise<PointResult> {
  if (point.skipped !== undefined || point.scenario === undefined) return skipped(point, point.skipped ?? 'no scenario');
  const scenario = point.scenario;
  if (arrivalRate(scenario) === undefined) {
    return skipped(point, `arrival kind '${scenario.config.workload.arrival?.kind ?? 'none (a trace replay or per-class arrivals)'}' has no ratePerSecond to search; use poisson, gamma or constant`);
  }
  const { options } = o;
  if (scenario.pools !== undefined && options.target !== undefined) {
    return skipped(point, 'the fewest-replicas search scales hardware.numReplicas of one replica kind; with pools, sweep pools.<i>.hardware.numReplicas instead (and leave out plan.target)');
  }
  if (options.target !== undefined && scenario.config.hardware.autoscale !== undefined) {
    return skipped(
      point,
      'the fewest-replicas search sizes a fixed fleet (hardware.numReplicas), but hardware.autoscale lets its policy choose the count; remove hardware.autoscale to size the fixed fleet for plan.target (then give the autoscaler that count as maxReplicas), or leave out plan.target to get the autoscaled fleet’s max rate and its cost over the GPU-seconds it held',
    );
  }
  const ctx: ProbeContext = { runner: o.runner, replications: options.replications, ...(o.onSimulation ? { onSimulation: o.onSimulation } : {}) };
  const configured = scenario.config.hardware.numReplicas;
  const target = options.target?.ratePerSecond;

  const start = o.start;
  const closed = closedFormCapacity(scenario);
  // A screened start needs no saturated run; the closed form (no simulation) still sets the ceiling.
  const bound: CapacityBound =
    start?.maxRatePerSecond !== undefined && closed === undefined ? { ratePerSecond: start.maxRatePerSecond, source: 'saturated-run', simulations: 0 } : await capacityBound(scenario, ctx);
  const startRate = start?.maxRatePerSecond !== undefined ? Math.min(start.maxRatePerSecond, bound.ratePerSecond) : bound.ratePerSecond;
  let simulations = bound.simulations;
  let maxRate: MaxRateSearch | undefined;
  if (options.maxRate) {
    maxRate = await searchMaxRate(scenario, startRate, {
      ...ctx,
      tolerance: options.tolerance,
      ...(bound.source === 'closed-form' ? { ceiling: bound.ratePerSecond } : {}),
      ...(start !== undefined ? { growth: start.growth } : {}),
    });
    simulations += maxRate.simulations;
  }
  let minReplicas: MinReplicasSearch | undefined;
  if (target !== undefined) {
    // Per-replica rate: the found max rate if any, else the capacity bound (an optimistic start).
    const perReplica = (maxRate?.maxRatePerSecond ?? bound.ratePerSecond) / configured;
    const guess = start?.minReplicas ?? target / perReplica;
    minReplicas = await searchMinReplicas(scenario, target, guess, { ...ctx, maxReplicas: options.maxReplicas });
    simulations += minReplicas.simulations;
  }

  const operating: Probe | undefined = target !== undefined ? minReplicas?.atMin : maxRate?.atMax;
  const result: PointResult = { index: point.index, key: point.key, config: point.config, status: 'ok', curve: maxRate?.curve ?? [], simulations };
  const reason = [maxRate?.reason, minReplicas?.reason].filter((r): r is string => r !== undefined).join('; ');
  if (reason !== '') result.reason = reason;
  if (maxRate?.maxRatePerSecond !== undefined) {
    result.maxRatePerSecond = maxRate.maxRatePerSecond;
    result.maxRateCi = maxRate.maxRateCi;
    result.maxRateGpus = fleetGpus(scenario);
  }
  if (minReplicas?.minReplicas !== undefined) {
    result.minReplicas = minReplicas.minReplicas;
    result.gpus = minReplicas.gpus;
  } else if (target === undefined && operating !== undefined) {
    result.gpus = fleetGpus(scenario);
  }
  if (operating !== undefined) {
    result.usdPer1kOutputTokens = meanOf(operating.summaries, (s) => s.cost.usdPer1kOutputTokens);
    result.joulesPerOutputToken = meanOf(operating.summaries, (s) => s.energy.joulesPerOutputToken);
    result.p95TtftSeconds = operating.point.p95TtftSeconds;
    result.p95TpotSeconds = operating.point.p95TpotSeconds;
  }
  if (target !== undefined && result.minReplicas !== undefined && result.maxRatePerSecond !== undefined) {
    result.headroom = target / ((result.maxRatePerSecond * result.minReplicas) / configured);
  }
  return result;
}

/** GPUs of the configured fleet: tp × pp × replicas built (maxReplicas when autoscaled: its peak), summed over the pools when it has pools. */
export function fleetGpus(scenario: Scenario): number {
  const kinds = scenario.pools?.map((p) => p.scenario) ?? [scenario];
  return kinds.reduce((n, s) => n + builtReplicas(s.config.hardware) * s.config.hardware.tp * (s.config.hardware.pp ?? 1), 0);
}
