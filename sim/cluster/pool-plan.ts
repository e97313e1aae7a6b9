// Build, step 1 for a scenario with pools: one replica plan per pool (planReplica on the pool's
// merged scenario: its GPU, tp/pp, precision, engine, cost model), and where its replicas sit in
// the cluster's global numbering (pool by pool, in file order).
// Invariants: pools[k].firstReplica = Σ numReplicas of the pools before k, where a pool's
// numReplicas is the replicas BUILT (its autoscale.maxReplicas when it autoscales, of which its
// hardware.numReplicas are active at t = 0: fleet-build.ts); every pool shares the
// scenario's workload, generation and router (only the pool sections differ), so the generation
// settings and cacheableWorkload of every plan are pool 0's.
// NOTE: a scenario without pools never comes here (run.ts plans its one replica kind directly).

import type { CostModelParams } from '../hardware/index.ts';
import { builtReplicas, type Scenario } from '../scenario/index.ts';
import { planReplica, type ReplicaPlan } from './replica-plan.ts';

export interface PoolPlan {
  readonly name: string;
  readonly scenario: Scenario;
  readonly plan: ReplicaPlan;
  readonly firstReplica: number;
  readonly numReplicas: number;
}

/** The plans of a scenario's pools, or null when it declares none. */
export function planPools(scenario: Scenario, costModelOverrides?: Partial<CostModelParams>): PoolPlan[] | null {
  if (scenario.pools === undefined) return null;
  let first = 0;
  return scenario.pools.map(({ name, scenario: s }) => {
    const numReplicas = builtReplicas(s.config.hardware);
    const pool: PoolPlan = { name, scenario: s, plan: planReplica(s, costModelOverrides), firstReplica: first, numReplicas };
    first += numReplicas;
    return pool;
  });
}
