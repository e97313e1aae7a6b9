// The cluster room: replicas (scheduler + KV cache + cost model) behind a router, fed by the
// workload and driven by the event engine; the collector that turns events into records.
export { Cluster, MAX_REJECTION_STREAK, type Warmup } from './cluster.ts';
export { Collector } from './collector.ts';
export { Replica, type ServingReplica } from './replica.ts';
export { PipelineReplica, type VirtualEngine } from './pipeline-replica.ts';
export { createRouter, type Router, type RoutableReplica } from './router.ts';
export { queueGrowth, type QueueGrowth } from '../metrics/index.ts';
export type { StepObserver } from './step-observer.ts';
export { Speculation, DEFAULT_NGRAM_SECONDS_PER_SEQ } from './speculation.ts';
