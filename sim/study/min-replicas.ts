// The fewest replicas that meet every SLO target at a target arrival rate: a search over the
// integer fleet size r in [1, maxReplicas], each probe the configuration with
// hardware.numReplicas = r at the target rate (rate-probe.ts: met on the replication intervals,
// not overloaded; undecided is not met).
// Start at a guess (plan-point.ts: ceil(target ÷ per-replica max rate), from the max-rate search
// at the configured fleet, or the capacity bound): met there → try r − 1 (the guess is usually
// right or one too many), then bisect below; missed → gallop up (r + 1, r + 2, r + 4, …, capped at
// maxReplicas) until met, then bisect between the last miss and the first met.
// Invariants: the answer r is met and r − 1 was probed and missed (or r = 1); every r is probed at
// most once; gpus = r × tp × pp.
// NOTE: assumes the verdict is monotone in r (more replicas never hurt at a fixed rate), true of
// every router here up to noise. Probes at other fleet sizes are not on the latency-vs-load
// curve (which is the configured fleet's), but they count as simulations.

import type { Scenario } from '../scenario/index.ts';
import { probeRate, type Probe, type ProbeContext } from './rate-probe.ts';

export interface MinReplicasSearch {
  minReplicas?: number;
  gpus?: number;
  /** The probe at minReplicas: the operating point at the target. */
  atMin?: Probe;
  reason?: string;
  simulations: number;
}

export interface MinReplicasOptions extends ProbeContext {
  maxReplicas: number;
}

export async function searchMinReplicas(scenario: Scenario, targetRatePerSecond: number, guess: number, o: MinReplicasOptions): Promise<MinReplicasSearch> {
  if (!Number.isSafeInteger(o.maxReplicas) || o.maxReplicas < 1) throw new RangeError(`searchMinReplicas: maxReplicas ${o.maxReplicas} is not a positive integer`);
  const cap = o.maxReplicas;
  const probes = new Map<number, Probe>();
  let simulations = 0;
  const met = async (r: number): Promise<boolean> => {
    let p = probes.get(r);
    if (p === undefined) {
      p = await probeRate(scenario, targetRatePerSecond, o, r);
      probes.set(r, p);
      simulations += p.summaries.length;
    }
    return p.point.met;
  };

  const g = Math.min(cap, Math.max(1, Number.isFinite(guess) ? Math.ceil(guess) : 1));
  // Invariant of the bisection: `missed` < `hit`, `missed` missed (0: none below 1), `hit` met.
  let missed = 0;
  let hit: number | undefined;
  if (await met(g)) {
    hit = g;
    if (g > 1 && !(await met(g - 1))) missed = g - 1;
    else if (g > 1) hit = g - 1;
  } else {
    missed = g;
    for (let step = 1; hit === undefined && missed < cap; step *= 2) {
      const r = Math.min(cap, missed + step);
      if (await met(r)) hit = r;
      else missed = r;
    }
    if (hit === undefined) {
      return { reason: `SLO missed at ${targetRatePerSecond} req/s with every fleet up to maxReplicas ${cap}`, simulations };
    }
  }
  while (hit - missed > 1) {
    const mid = Math.floor((missed + hit) / 2);
    if (await met(mid)) hit = mid;
    else missed = mid;
  }
  const { tp } = scenario.config.hardware;
  const pp = scenario.config.hardware.pp ?? 1;
  return { minReplicas: hit, gpus: hit * tp * pp, atMin: probes.get(hit)!, simulations };
}
