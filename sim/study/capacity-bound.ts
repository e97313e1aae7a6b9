// Where the max-rate search starts: an estimate of the fleet's saturated throughput (requests/s),
// which no rate under any latency SLO can exceed for long.
// - Closed form, for the constant cost model (every step c seconds) with greedy generation and no
//   speculative decoding: a request needs at least E[output] steps (its prefill step emits the
//   first token, each decode step one more) and a step serves at most maxNumSeqs requests, so a
//   replica finishes at most maxNumSeqs / (c · E[output]) requests/s (× pp: a full pipeline
//   completes pp micro-batches per c). Exact for maxNumSeqs 1 (the M/D/1 service rate μ = 1/D).
//   Only for output laws with a known mean (fixed, uniform, empirical).
// - Otherwise one short saturated run through the real simulator: every request at t = 0
//   (arrival kind max), n = min(stop.numRequests, clamp(4 · maxNumSeqs · replicas, 256, 4096))
//   requests, no warm-up; its throughput (requests/s over the whole run) is the estimate. It
//   sees prefill, chunking, KV limits and preemption as the search's own runs do.
// Invariants: the result is positive and finite; `simulations` is 0 or 1.
// NOTE: the saturated run's throughput includes its drain tail (the batch thins out at the end),
// so it slightly underestimates the saturated rate. The search does not trust either figure as
// proven: it probes the start rate and moves up when the SLO is met there (max-rate.ts).

import { builtReplicas, type LengthDistributionConfig, type Scenario } from '../scenario/index.ts';
import type { ProbeContext } from './rate-probe.ts';

export interface CapacityBound {
  /** Requests/s the whole fleet (numReplicas replicas; autoscaled: maxReplicas) can finish at most, as estimated. */
  ratePerSecond: number;
  source: 'closed-form' | 'saturated-run';
  simulations: number;
}

/** Smallest and largest request counts of the saturated run. */
export const SATURATED_RUN_MIN_REQUESTS = 256;
export const SATURATED_RUN_MAX_REQUESTS = 4096;

/** The mean of a length law, when it is known in closed form. */
function meanTokens(d: LengthDistributionConfig): number | undefined {
  switch (d.kind) {
    case 'fixed':
      return d.tokens;
    case 'uniform':
      return (d.minTokens + d.maxTokens) / 2;
    case 'empirical':
      return d.tokens.reduce((a, t) => a + t, 0) / d.tokens.length;
    case 'lognormal':
      return undefined; // truncation and integer draws move the mean away from meanTokens
  }
}

/** The closed-form bound of a constant-cost-model scenario (see the file comment), else undefined. */
export function closedFormCapacity(scenario: Scenario): number | undefined {
  const { config, engine } = scenario;
  if (config.costModel.kind !== 'constant') return undefined;
  if (scenario.pools !== undefined) return undefined; // pools: the saturated run
  if (config.speculative !== undefined) return undefined;
  if (config.generation !== undefined && config.generation.kind !== 'greedy') return undefined;
  if (config.workload.classes?.some((c) => c.generation !== undefined && c.generation.kind !== 'greedy')) return undefined; // a class's own generation
  if (config.workload.outputTokens === undefined) return undefined;
  const meanOut = meanTokens(config.workload.outputTokens);
  if (meanOut === undefined) return undefined;
  const pp = config.hardware.pp ?? 1;
  // Autoscaled: the most replicas the fleet can hold (maxReplicas), the ceiling it may reach.
  return (builtReplicas(config.hardware) * pp * engine.maxNumSeqs) / (config.costModel.stepSeconds * meanOut);
}

/** The saturated run of the file comment: the scenario with every request at t = 0. */
export function saturatedScenario(scenario: Scenario): Scenario {
  const { config } = scenario;
  // Every pool's sequence slots (a fleet without pools: its own).
  const slots = (scenario.pools?.map((p) => p.scenario) ?? [scenario]).reduce((n, s) => n + s.engine.maxNumSeqs * builtReplicas(s.config.hardware), 0);
  const wanted = Math.min(SATURATED_RUN_MAX_REQUESTS, Math.max(SATURATED_RUN_MIN_REQUESTS, 4 * slots));
  const numRequests = Math.min(config.workload.stop?.numRequests ?? wanted, wanted);
  return {
    ...scenario,
    config: {
      ...config,
      workload: { ...config.workload, arrival: { kind: 'max' }, stop: { numRequests } },
      metrics: { ...config.metrics, warmupRequests: 0, warmupSeconds: 0 },
    },
  };
}

export async function capacityBound(scenario: Scenario, ctx: ProbeContext): Promise<CapacityBound> {
  const closed = closedFormCapacity(scenario);
  if (closed !== undefined) return { ratePerSecond: closed, source: 'closed-form', simulations: 0 };
  const [result] = await ctx.runner.run([{ scenario: saturatedScenario(scenario), seed: scenario.config.seed }], () => ctx.onSimulation?.());
  const rate = result.summary.throughput.requestsPerSecond;
  // A run that finished nothing (it cannot happen for a scenario that resolves) still gives the search a start.
  return { ratePerSecond: rate > 0 && Number.isFinite(rate) ? rate : 1, source: 'saturated-run', simulations: 1 };
}
