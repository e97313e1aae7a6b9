// Build, step 1: from a resolved scenario to what every replica of it is made of — the number
// format, the KV-cache size (kvCapacity: weights, activations and the proposer's memory out of
// each GPU), the generation strategy, the cost model, the scheduler settings — and which kind of
// replica to make (replica-factory.ts makes them). Also the notes that describe those choices,
// in the order the run reports them: engine, precision, KV cache, pipeline, generation,
// speculative decoding.
// Invariants: numGpuBlocks is one replica's whole pool; at pp > 1 it is split evenly over pp
// virtual engines (vLLM v0), so it is ⌊capacity / pp⌋ × pp.
// NOTE: the fit checks (the KV cache does not fit, too few blocks for pp engines, n > 1 with
// static batching) ran in scenario/resolve.ts before any run; a resolved scenario always plans.

import { ppPartition, resolvePrecision, type CostModel, type CostModelParams } from '../hardware/index.ts';
import { replicaKvCapacity, requestClassesOf, type ResolvedEngine, type Scenario } from '../scenario/index.ts';
import type { SchedulerConfig } from '../scheduler/index.ts';
import { createCostModel } from './cost-model-factory.ts';
import { generationNote, generationSettings, type GenerationSettings } from './generation.ts';
import type { ReplicaKind, ReplicaParts } from './replica-factory.ts';
import { Speculation } from './speculation.ts';

export interface ReplicaPlan {
  readonly kind: ReplicaKind;
  readonly parts: ReplicaParts;
  /** GPUs per replica: tp per stage × pp stages. */
  readonly gpusPerReplica: number;
  /** Weight bytes one GPU holds (the proposer's included; at pp > 1 the stage that sets the KV size): what a cold start loads. */
  readonly weightBytesPerGpu: number;
  readonly generation: GenerationSettings;
  readonly speculation: Speculation | null;
  /** Whether some request can hit a prefix cache (shared prefixes or multi-turn sessions). */
  readonly cacheableWorkload: boolean;
  /** What the build chose, for the run's notes. */
  readonly notes: string[];
}

export function planReplica(scenario: Scenario, costModelOverrides?: Partial<CostModelParams>): ReplicaPlan {
  const { config, model, gpu, engine } = scenario;
  const { tp } = config.hardware;
  const pp = config.hardware.pp ?? 1;
  const notes: string[] = [`engine: ${engine.preset} preset (${describeEngine(engine)})`];
  if (engine.releaseNote !== undefined) notes.push(`engine release: ${engine.releaseNote}`);

  const precision = resolvePrecision(gpu, config.precision);
  notes.push(...precision.notes);
  // Speculative decoding: the proposer's memory, cost and acceptance draws (speculation.ts).
  const speculation = config.speculative === undefined ? null : new Speculation(config.speculative, scenario, precision);

  const capacity = replicaKvCapacity(config, engine, model, gpu, precision, speculation?.memory());
  // resolveScenario (scenario/fit-checks.ts) refused every scenario that does not fit.
  if (!capacity.ok) throw new Error(`bug: resolveScenario checks the fit, yet ${capacity.message}`);
  const blocksPerEngine = Math.floor(capacity.numGpuBlocks / pp);
  const numGpuBlocks = blocksPerEngine * pp;
  notes.push(
    `KV cache: ${capacity.numGpuBlocks} blocks × ${engine.blockSize} tokens = ${capacity.maxTokensInCache} tokens per replica ` +
      `(${(capacity.kvBytesPerGpu / 2 ** 30).toFixed(1)} GiB per GPU after ${(capacity.weightBytesPerGpu / 2 ** 30).toFixed(1)} GiB of weights)`,
  );
  if (pp > 1) {
    notes.push(
      `pipeline parallel: ${pp} stages of ${ppPartition(model.numLayers, pp).join('/')} layers (tp ${tp} each, ${tp * pp} GPUs per replica), ` +
        `run as ${pp} virtual engines of ${blocksPerEngine} KV blocks each`,
    );
  }

  const generation = generationSettings(config.generation);
  const genNote = generationNote(config.generation, config.costModel.kind);
  if (genNote !== null) notes.push(genNote);

  const costModel: CostModel = createCostModel(scenario, precision, costModelOverrides, generation.samplingOverheadSeconds, speculation);
  if (speculation !== null) notes.push(speculation.note());

  // Swap preemption: host space per GPU in blocks, and one block's copy time over the host link
  // (per-GPU bytes; the tp (and pp) GPUs copy their shares in parallel).
  const blockBytesPerGpu = engine.blockSize * capacity.kvBytesPerTokenPerGpu;
  const scheduler: SchedulerConfig = {
    maxNumSeqs: engine.maxNumSeqs,
    maxNumBatchedTokens: engine.maxNumBatchedTokens,
    enableChunkedPrefill: engine.enableChunkedPrefill,
    kvAdmission: engine.kvAdmission,
    preemptionMode: engine.preemptionMode,
    swapSpaceBlocks: Math.floor((engine.swapSpaceGiB * 2 ** 30) / blockBytesPerGpu),
    swapSecondsPerBlock: blockBytesPerGpu / gpu.hostLinkBandwidth,
    ...(engine.schedulingPolicy === 'priority' ? { schedulingPolicy: 'priority' as const, classPriorities: requestClassesOf(config).classes.map((c) => c.priority) } : {}),
    ...(engine.batchSizeTuning === true ? { batchSizeTuning: true } : {}),
  };
  // Prefix caching takes the PrefixCachingKvCache only when some request can hit (a workload with
  // shared prefixes or multi-turn sessions, the workload's or a class's): without one no block ever gets a hash, so the plain
  // PagedKvCache gives the same result (test/kv and test/cluster check both) and is 15–40 % faster
  // in a 16-replica run.
  const cacheableWorkload =
    config.workload.sharedPrefix !== undefined ||
    config.workload.sessions !== undefined ||
    config.workload.trace?.mapping?.prefixGroup !== undefined ||
    (config.workload.classes?.some((c) => c.sessions !== undefined || c.sharedPrefix !== undefined) ?? false);
  const kind: ReplicaKind = pp > 1 ? { kind: 'pipelined', pp } : speculation !== null ? { kind: 'speculative', speculation } : { kind: 'plain' };
  return {
    kind,
    parts: { engine, numGpuBlocks, prefixCaching: engine.enablePrefixCaching && cacheableWorkload, scheduler, costModel },
    gpusPerReplica: tp * pp,
    weightBytesPerGpu: capacity.weightBytesPerGpu,
    generation,
    speculation,
    cacheableWorkload,
    notes,
  };
}

/** The engine settings in force, in one line (the first note of a run). */
export function describeEngine(e: ResolvedEngine): string {
  const memory = e.kvCacheFreeMemoryFraction !== undefined ? `KV ${e.kvCacheFreeMemoryFraction} of free memory` : `gpuMemoryUtilization ${e.gpuMemoryUtilization}`;
  return `blockSize ${e.blockSize}, ${memory}, maxNumSeqs ${e.maxNumSeqs}, maxNumBatchedTokens ${e.maxNumBatchedTokens}, chunked prefill ${e.enableChunkedPrefill ? 'on' : 'off'}, KV admission ${e.kvAdmission}${e.kvLayout === 'paged' ? '' : `, KV layout ${e.kvLayout}`}${e.batching.kind === 'static' ? `, static batching (B ${e.batching.maxBatchSize}, timeout ${e.batching.batchTimeoutSeconds} s)` : ''}${e.preemptionMode === 'swap' ? `, swap preemption (${e.swapSpaceGiB} GiB host per GPU)` : ''}${e.schedulingPolicy === 'priority' ? ', priority scheduling' : ''}${e.batchSizeTuning === true ? ', batch-size tuning' : ''}`;
}
