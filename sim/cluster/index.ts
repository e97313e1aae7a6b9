// The cluster room: the replica plan and factory (scheduler + KV cache + cost model, any replica
// kind), replicas behind a router, fed by the workload and driven by the event engine under the
// drain limit; the collector that turns events into records.
export { Cluster, MAX_REJECTION_STREAK, type Warmup } from './cluster.ts';
export { Collector } from './collector.ts';
export { Replica, type ServingReplica } from './replica.ts';
export { PipelineReplica, type VirtualEngine } from './pipeline-replica.ts';
export { createRouter, type Router, type RoutableReplica, type RoutedRequest } from './router.ts';
export { createPoolRouter, type PoolRouting } from './router-pools.ts';
export { queueGrowth, type QueueGrowth } from '../metrics/index.ts';
export { forwarding, type StepObserver } from './step-observer.ts';
export { DEFAULT_TRACE_MAX_STEPS, StepTrace, type TraceEvent } from './step-trace.ts';
export { Speculation, DEFAULT_NGRAM_SECONDS_PER_SEQ } from './speculation.ts';
export { planReplica, describeEngine, type ReplicaPlan } from './replica-plan.ts';
export { planPools, type PoolPlan } from './pool-plan.ts';
export { createReplica, createReplicas, type ReplicaKind, type ReplicaObserver, type ReplicaParts, type ReplicaRandom } from './replica-factory.ts';
export { createCostModel } from './cost-model-factory.ts';
export { classGenerations, generationMetrics, generationNote, generationSettings, type GenerationSettings } from './generation.ts';
export { drive, MIN_DRAIN_SECONDS, type Drivable, type DriveResult } from './drive.ts';
export { buildFleet, type FleetBuild, type FleetPool } from './fleet-build.ts';
export { Availability, ACTIVE, STARTING, DRAINING, RELEASED, FAILED } from './availability.ts';
export { Autoscaler, coldStartSeconds } from './autoscaler.ts';
export { FleetControl } from './fleet-control.ts';
export { Disaggregation, decodeKvBytesPerToken, kvLinkSpecOf, type DisaggSummary, type PoolRole } from './disagg.ts';
export type { ClusterHook } from './cluster.ts';
