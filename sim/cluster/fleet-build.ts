// Build, step 3 (only for scenarios with autoscaling or failures): the fleet's availability over
// the replicas built, the autoscalers with their cold starts, and the failure settings — each
// replica in a ReplicaSlot so that a failed engine can be replaced — all under one FleetControl
// the cluster drives. Without either: null, and the run is as before.
// Pools: every pool is a range of the fleet (FleetPool), built to its autoscale.maxReplicas
// (else its numReplicas), of which its hardware.numReplicas are active at t = 0; each autoscaled
// pool gets its own Autoscaler over its range, cold start from that pool's weight bytes per GPU.
// A fleet without pools is one FleetPool over every replica (byte-identical to before pools).
// Failures: events name a replica in the fleet's numbering (failures.events[i].pool + replica
// within the pool, mapped here to firstReplica + replica); mtbfSeconds applies to every replica
// of every pool (one MTBF fleet-wide: a replica of any pool fails at that rate while it is up).

import type { Simulation } from '../engine/index.ts';
import { RecoveryFold } from '../metrics/index.ts';
import type { RandomStreams } from '../random/index.ts';
import type { AutoscaleConfig, FailuresConfig } from '../scenario/index.ts';
import { Availability } from './availability.ts';
import { Autoscaler, coldStartSeconds } from './autoscaler.ts';
import type { Collector } from './collector.ts';
import { FleetControl } from './fleet-control.ts';
import type { ServingReplica } from './replica.ts';
import { ReplicaSlot } from './replica-slot.ts';

/** One pool of the fleet as built (the whole fleet without pools). */
export interface FleetPool {
  readonly name: string;
  readonly firstReplica: number;
  /** Replicas built: autoscale.maxReplicas, else hardware.numReplicas. */
  readonly numReplicas: number;
  /** hardware.numReplicas: active at t = 0. */
  readonly initiallyActive: number;
  readonly gpusPerReplica: number;
  readonly weightBytesPerGpu: number;
  readonly autoscale?: AutoscaleConfig | undefined;
}

export interface FleetBuild {
  /** The replicas the cluster routes to (slots when failures can replace engines). */
  readonly replicas: ServingReplica[];
  readonly fleet: FleetControl;
  readonly recovery: RecoveryFold | undefined;
  /** Per pool: the cold start in force (autoscaled pools), seconds, else undefined. */
  readonly coldStartSeconds: readonly (number | undefined)[];
  readonly pools: readonly FleetPool[];
}

export function buildFleet(
  pools: readonly FleetPool[],
  failuresConfig: FailuresConfig | undefined,
  built: ServingReplica[],
  rebuild: (index: number) => ServingReplica,
  sim: Simulation,
  collector: Collector,
  streams: RandomStreams,
  /** Per class index: the pools it may go to (router.poolRules); null: every pool. */
  allowedPools: readonly (readonly number[])[] | null = null,
  /** The pools the router sees (disaggregation: the prefill pools); null: every pool. */
  routedPools: readonly number[] | null = null,
): FleetBuild | null {
  const f = failuresConfig;
  if (pools.every((p) => p.autoscale === undefined) && f === undefined) return null;
  const replicas: ServingReplica[] = f === undefined ? built : built.map((r) => new ReplicaSlot(r));
  const availability =
    pools.length === 1
      ? new Availability(replicas, pools[0].autoscale === undefined ? replicas.length : pools[0].initiallyActive, pools[0].gpusPerReplica)
      : new Availability(
          replicas,
          pools.map((p) => ({ firstReplica: p.firstReplica, numReplicas: p.numReplicas, initiallyActive: p.autoscale === undefined ? p.numReplicas : p.initiallyActive, gpusPerReplica: p.gpusPerReplica })),
        );
  const cold = pools.map((p) => (p.autoscale === undefined ? undefined : coldStartSeconds(p.autoscale, p.weightBytesPerGpu)));
  const autoscalers: Autoscaler[] = [];
  pools.forEach((p, k) => {
    const a = p.autoscale;
    if (a === undefined) return;
    autoscalers.push(
      new Autoscaler(
        {
          policy: a.policy,
          ...(a.target === undefined ? {} : { target: a.target }),
          minReplicas: a.minReplicas,
          maxReplicas: a.maxReplicas,
          intervalSeconds: a.intervalSeconds,
          coldStartSeconds: cold[k]!,
          scaleDownDelaySeconds: a.scaleDownDelaySeconds,
          ...(a.schedule === undefined ? {} : { schedule: a.schedule }),
        },
        availability,
        replicas.slice(p.firstReplica, p.firstReplica + p.numReplicas),
        k,
      ),
    );
  });
  const recovery = f === undefined ? undefined : new RecoveryFold();
  if (recovery !== undefined) collector.onRecord = (rec) => recovery.add(rec);
  const firstOf = (pool: string | undefined): number => (pool === undefined ? 0 : pools.find((p) => p.name === pool)!.firstReplica);
  const failures =
    f === undefined
      ? undefined
      : {
          events: (f.events ?? []).map((e) => ({ replica: firstOf(e.pool) + e.replica, atSeconds: e.atSeconds, repairSeconds: e.repairSeconds ?? f.repairSeconds! })),
          ...(f.mtbfSeconds === undefined ? {} : { mtbfSeconds: f.mtbfSeconds }),
          ...(f.repairSeconds === undefined ? {} : { repairSeconds: f.repairSeconds }),
          onFailure: f.onFailure,
          rebuild,
          streams,
          recovery: recovery!,
        };
  return {
    replicas,
    fleet: new FleetControl(sim, availability, replicas, collector, autoscalers, failures, pools.length === 1 ? null : (allowedPools ?? [pools.map((_, k) => k)]), routedPools),
    recovery,
    coldStartSeconds: cold,
    pools,
  };
}
