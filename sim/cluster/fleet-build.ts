// Build, step 3 (only for scenarios with hardware.autoscale or failures): the fleet's availability
// over the replicas built (autoscale: maxReplicas, of which hardware.numReplicas are active at
// t = 0; else every replica, all active), the autoscaler with its cold start, and the failure
// settings — each replica in a ReplicaSlot so that a failed engine can be replaced — all under
// one FleetControl the cluster drives. Without either section: null, and the run is as before.

import type { Simulation } from '../engine/index.ts';
import { RecoveryFold } from '../metrics/index.ts';
import type { RandomStreams } from '../random/index.ts';
import type { ScenarioConfig } from '../scenario/index.ts';
import { Availability } from './availability.ts';
import { Autoscaler, coldStartSeconds } from './autoscaler.ts';
import type { Collector } from './collector.ts';
import { FleetControl } from './fleet-control.ts';
import type { ServingReplica } from './replica.ts';
import { ReplicaSlot } from './replica-slot.ts';

export interface FleetBuild {
  /** The replicas the cluster routes to (slots when failures can replace engines). */
  readonly replicas: ServingReplica[];
  readonly fleet: FleetControl;
  readonly recovery: RecoveryFold | undefined;
  /** The cold start in force (autoscaled), seconds. */
  readonly coldStartSeconds: number | undefined;
}

export function buildFleet(
  config: ScenarioConfig,
  built: ServingReplica[],
  plan: { gpusPerReplica: number; weightBytesPerGpu: number },
  rebuild: (index: number) => ServingReplica,
  sim: Simulation,
  collector: Collector,
  streams: RandomStreams,
): FleetBuild | null {
  const a = config.hardware.autoscale;
  const f = config.failures;
  if (a === undefined && f === undefined) return null;
  const replicas: ServingReplica[] = f === undefined ? built : built.map((r) => new ReplicaSlot(r));
  const availability = new Availability(replicas, a === undefined ? replicas.length : config.hardware.numReplicas, plan.gpusPerReplica);
  const cold = a === undefined ? undefined : coldStartSeconds(a, plan.weightBytesPerGpu);
  const autoscaler =
    a === undefined
      ? undefined
      : new Autoscaler(
          {
            policy: a.policy,
            ...(a.target === undefined ? {} : { target: a.target }),
            minReplicas: a.minReplicas,
            maxReplicas: a.maxReplicas,
            intervalSeconds: a.intervalSeconds,
            coldStartSeconds: cold!,
            scaleDownDelaySeconds: a.scaleDownDelaySeconds,
            ...(a.schedule === undefined ? {} : { schedule: a.schedule }),
          },
          availability,
          replicas,
        );
  const recovery = f === undefined ? undefined : new RecoveryFold();
  if (recovery !== undefined) collector.onRecord = (rec) => recovery.add(rec);
  const failures =
    f === undefined
      ? undefined
      : {
          events: (f.events ?? []).map((e) => ({ replica: e.replica, atSeconds: e.atSeconds, repairSeconds: e.repairSeconds ?? f.repairSeconds! })),
          ...(f.mtbfSeconds === undefined ? {} : { mtbfSeconds: f.mtbfSeconds }),
          ...(f.repairSeconds === undefined ? {} : { repairSeconds: f.repairSeconds }),
          onFailure: f.onFailure,
          rebuild,
          streams,
          recovery: recovery!,
        };
  return { replicas, fleet: new FleetControl(sim, availability, replicas, collector, autoscaler, failures), recovery, coldStartSeconds: cold };
}
