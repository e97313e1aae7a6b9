// Build, step 2: makes the replicas of a plan (replica-plan.ts). One exhaustive switch over the
// replica kinds; each kind is one union member and one case:
//   plain        one engine (scheduler + KV cache) on tp GPUs: Replica;
//   speculative  a plain replica whose scheduler verifies drafts, its acceptance draws from its
//                own stream 'acceptance/<index>' (speculation.ts);
//   pipelined    pp virtual engines, each a scheduler over ⌊numGpuBlocks / pp⌋ blocks:
//                PipelineReplica.
// Next kinds plug in here the same way (one more member of ReplicaKind and one more case below).
// Disaggregated prefill/decode is not a kind: its replicas are plain ones of pools with roles,
// joined by a cluster hook (disagg.ts).
// The step planner comes from engine.batching (continuous: Scheduler; static:
// StaticBatchScheduler), the KV cache from engine.kvLayout (paged, with prefix caching when the
// plan asks for it; contiguous).
// With declared classes (createReplicas' `classes`) every KV cache is wrapped in a ClassKvCache,
// which counts blocks per class (summary.classes.<name>.kvUsage); without, nothing is wrapped.
// Invariants: replica i has index i (with pools: numbered pool by pool, createReplicas' `first`)
// and knows its pool; every replica of a plan is built the same way, so replicas of one pool
// differ only in their random streams.

import type { CostModel } from '../hardware/index.ts';
import { ContiguousKvCache, PagedKvCache, PrefixCachingKvCache, type KvCacheManager } from '../kv/index.ts';
import type { RandomStreams } from '../random/index.ts';
import type { ResolvedEngine } from '../scenario/index.ts';
import { Scheduler, StaticBatchScheduler, type RequestEvents, type SchedulerConfig, type StepPlanner } from '../scheduler/index.ts';
import { PipelineReplica } from './pipeline-replica.ts';
import { Replica, type ServingReplica } from './replica.ts';
import type { Speculation } from './speculation.ts';
import { ClassKvCache } from './class-kv.ts';
import type { StepObserver } from './step-observer.ts';

/** How a replica is put together from its parts. */
export type ReplicaKind =
  | { readonly kind: 'plain' }
  | { readonly kind: 'speculative'; readonly speculation: Speculation }
  | { readonly kind: 'pipelined'; readonly pp: number };

/** What every replica of a plan is made of, whatever its kind. */
export interface ReplicaParts {
  /** Batching, KV layout, block size, sequence and token caps in force. */
  readonly engine: ResolvedEngine;
  /** One replica's whole KV pool in blocks (pipelined: split evenly over its virtual engines). */
  readonly numGpuBlocks: number;
  /** Whether the paged cache keeps a prefix cache. */
  readonly prefixCaching: boolean;
  /** Continuous batching's settings (swap space and copy time included). */
  readonly scheduler: SchedulerConfig;
  readonly costModel: CostModel;
}

/** Where replicas report: request events (the scheduler's) and step observations (the replica's). */
export type ReplicaObserver = RequestEvents & StepObserver;

/** Random streams and the seed, for what a replica draws (speculative acceptance). */
export interface ReplicaRandom {
  readonly streams: RandomStreams;
  readonly seed: number;
}

/** Declared request classes: each KV cache then counts blocks per class (class-kv.ts); classOf(id) names a request's class. */
export interface ReplicaClasses {
  readonly count: number;
  readonly classOf: (requestId: number) => number;
}

/** `first`: the index of the first replica and the pool of all (a pool's replicas are numbered after the pools before it). */
export function createReplicas(
  numReplicas: number,
  kind: ReplicaKind,
  parts: ReplicaParts,
  observer: ReplicaObserver,
  random: ReplicaRandom,
  first: { index: number; pool: number } = { index: 0, pool: 0 },
  classes?: ReplicaClasses,
): ServingReplica[] {
  return Array.from({ length: numReplicas }, (_, i) => {
    const replica = createReplica(first.index + i, kind, parts, observer, random, classes);
    replica.pool = first.pool;
    return replica;
  });
}

export function createReplica(index: number, kind: ReplicaKind, parts: ReplicaParts, observer: ReplicaObserver, random: ReplicaRandom, classes?: ReplicaClasses): ServingReplica {
  const { engine, costModel } = parts;
  // Rows a step's output must hold: a static batch may exceed maxNumSeqs.
  const maxSeqsPerStep = engine.batching.kind === 'static' ? Math.max(engine.maxNumSeqs, engine.batching.maxBatchSize) : engine.maxNumSeqs;
  switch (kind.kind) {
    case 'plain': {
      const kv = withClasses(createKvCache(parts, parts.numGpuBlocks), classes);
      return new Replica(index, createPlanner(parts, parts.scheduler, kv, observer), kv, costModel, observer, maxSeqsPerStep, classKvOf(kv));
    }
    case 'speculative': {
      const kv = withClasses(createKvCache(parts, parts.numGpuBlocks), classes);
      const config = { ...parts.scheduler, speculative: kind.speculation.schedulerConfig(index, random.streams, random.seed) };
      return new Replica(index, createPlanner(parts, config, kv, observer), kv, costModel, observer, maxSeqsPerStep, classKvOf(kv));
    }
    case 'pipelined': {
      const blocksPerEngine = Math.floor(parts.numGpuBlocks / kind.pp);
      const engines = Array.from({ length: kind.pp }, () => {
        const kv = withClasses(createKvCache(parts, blocksPerEngine), classes);
        const classKv = classKvOf(kv);
        return { kv, scheduler: createPlanner(parts, parts.scheduler, kv, observer), ...(classKv === undefined ? {} : { classKv, stepClassBlocks: new Float64Array(classKv.blocks.length) }) };
      });
      return new PipelineReplica(index, engines, costModel, observer, maxSeqsPerStep);
    }
    default: {
      const never: never = kind;
      throw new Error(`unknown replica kind ${JSON.stringify(never)}`);
    }
  }
}

function createPlanner(parts: ReplicaParts, config: SchedulerConfig, kv: KvCacheManager, events: RequestEvents): StepPlanner {
  const { engine } = parts;
  const b = engine.batching;
  switch (b.kind) {
    case 'continuous':
      return new Scheduler(config, kv, events);
    case 'static':
      return new StaticBatchScheduler(
        { maxBatchSize: b.maxBatchSize, batchTimeoutSeconds: b.batchTimeoutSeconds, maxNumBatchedTokens: engine.maxNumBatchedTokens, enableChunkedPrefill: engine.enableChunkedPrefill },
        kv,
        events,
      );
    default: {
      const never: never = b;
      throw new Error(`unknown batching ${JSON.stringify(never)}`);
    }
  }
}

/** The cache itself, or (declared classes) wrapped to count blocks per class. */
function withClasses(kv: KvCacheManager, classes: ReplicaClasses | undefined): KvCacheManager {
  return classes === undefined ? kv : new ClassKvCache(kv, classes.count, classes.classOf);
}

function classKvOf(kv: KvCacheManager): ClassKvCache | undefined {
  return kv instanceof ClassKvCache ? kv : undefined;
}

function createKvCache(parts: ReplicaParts, numGpuBlocks: number): KvCacheManager {
  const { kvLayout, blockSize } = parts.engine;
  switch (kvLayout) {
    case 'paged':
      return parts.prefixCaching ? new PrefixCachingKvCache(numGpuBlocks, blockSize) : new PagedKvCache(numGpuBlocks, blockSize);
    case 'contiguous':
      return new ContiguousKvCache(numGpuBlocks, blockSize);
    default: {
      const never: never = kvLayout;
      throw new Error(`unknown KV layout ${JSON.stringify(never)}`);
    }
  }
}
