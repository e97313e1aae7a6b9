// runScenario: the composition root. Builds the hardware model, the replicas (scheduler + KV
// cache + cost model; at pp > 1 a PipelineReplica of pp virtual engines), the router and the workload from a Scenario, drives the event loop and
// turns the records into a RunResult. No I/O: it returns a value.
// Stop rule: arrivals end by the workload's stop condition; the run then drains until every
// admitted request finishes, or until `maxDrainSeconds` after the last arrival (default: the
// arrival span, at least 600 s), after which leftovers are reported unfinished and the run
// overloaded — so an overloaded scenario ends with a verdict instead of running on.

import { Simulation } from './engine/index.ts';
import {
  ConstantCostModel,
  RooflineCostModel,
  defaultCostModelParams,
  kvCapacity,
  ppPartition,
  resolvePrecision,
  type CostModel,
  type CostModelParams,
} from './hardware/index.ts';
import { ContiguousKvCache, PagedKvCache, PrefixCachingKvCache, type KvCacheManager } from './kv/index.ts';
import { measure, type RequestSink, type RunResult } from './metrics/index.ts';
import { createStreams } from './random/index.ts';
import type { Scenario } from './scenario/index.ts';
import { Scheduler, StaticBatchScheduler, type RequestEvents, type StepPlanner } from './scheduler/index.ts';
import { createWorkload } from './workload/index.ts';
import { Cluster, Collector, MAX_REJECTION_STREAK, PipelineReplica, Replica, Speculation, createRouter, type ServingReplica } from './cluster/index.ts';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides cost-model parameters after every other source (for calibration sweeps). */
  costModelParams?: Partial<CostModelParams>;
  /**
   * Receives every request's record as the request leaves the run (finished, rejected, or left
   * unfinished at the end), in that order: how the CLI streams requests.csv.
   */
  requestSink?: RequestSink;
  /** Keep every record in RunResult.requests (memory grows with the request count). */
  keepRequests?: boolean;
}

const MIN_DRAIN_SECONDS = 600;

export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const { config, model, gpu, engine } = scenario;
  const seed = options.seed ?? config.seed;
  const { tp, numReplicas } = config.hardware;
  const pp = config.hardware.pp ?? 1;
  /** GPUs per replica: tp per stage × pp stages. */
  const gpusPerReplica = tp * pp;
  const notes: string[] = [];

  const precision = resolvePrecision(gpu, config.precision);
  notes.push(...precision.notes);
  // Speculative decoding: the proposer's memory, cost and acceptance draws (cluster/speculation.ts).
  const speculation = config.speculative === undefined ? null : new Speculation(config.speculative, scenario, precision);

  const capacityInput = {
    model,
    gpu,
    precision,
    tp,
    ...(pp > 1 ? { pp } : {}),
    gpuMemoryUtilization: engine.gpuMemoryUtilization,
    kvCacheFreeMemoryFraction: engine.kvCacheFreeMemoryFraction,
    blockSize: engine.blockSize,
    maxNumBatchedTokens: engine.maxNumBatchedTokens,
    maxNumSeqs: engine.maxNumSeqs,
    ...(speculation !== null ? { draft: speculation.memory() } : {}),
  };
  const capacity = kvCapacity(capacityInput);
  if (!capacity.ok) throw new Error(`bug: resolveScenario checks the fit, yet ${capacity.message}`);
  // At pp > 1 the pool is split evenly over pp virtual engines (vLLM v0); the replica's pool is their sum.
  const blocksPerEngine = Math.floor(capacity.numGpuBlocks / pp);
  const numGpuBlocks = blocksPerEngine * pp;
  notes.push(
    `KV cache: ${capacity.numGpuBlocks} blocks × ${engine.blockSize} tokens = ${capacity.maxTokensInCache} tokens per replica ` +
      `(${(capacity.kvBytesPerGpu / 2 ** 30).toFixed(1)} GiB per GPU after ${(capacity.weightBytesPerGpu / 2 ** 30).toFixed(1)} GiB of weights)`,
  );
  if (pp > 1) {
    notes.push(
      `pipeline parallel: ${pp} stages of ${ppPartition(model.numLayers, pp).join('/')} layers (tp ${tp} each, ${gpusPerReplica} GPUs per replica), ` +
        `run as ${pp} virtual engines of ${blocksPerEngine} KV blocks each`,
    );
  }

  // Generation strategy (default greedy): k sequences per request decoded in lock-step.
  const gen = config.generation ?? { kind: 'greedy' as const };
  const numSeqs = gen.kind === 'sampling' ? gen.n : gen.kind === 'beam' ? gen.width : 1;
  const outputLengthFactor = gen.kind === 'beam' ? (gen.lengthPenaltyFactor ?? 1) : 1;
  const samplingOverheadSeconds = gen.kind === 'sampling' ? (gen.samplingOverheadSeconds ?? 0) : 0;
  if (gen.kind !== 'greedy') {
    notes.push(
      gen.kind === 'sampling'
        ? `generation: sampling, n ${gen.n} (${gen.n} sequences per request share the prompt's KV blocks; output tokens count all ${gen.n} completions)` +
            (samplingOverheadSeconds > 0 ? `, +${samplingOverheadSeconds} s sampling overhead per step${config.costModel.kind === 'constant' ? ' (ignored by the constant cost model)' : ''}` : '')
        : `generation: beam search, width ${gen.width} (${gen.width} decode tokens per request per step, prompt blocks shared copy-on-write; output tokens count the 1 returned sequence)` +
            (outputLengthFactor !== 1 ? `, output lengths × ${outputLengthFactor} (length penalty)` : ''),
    );
  }

  const costModel = createCostModel(scenario, precision, options.costModelParams, samplingOverheadSeconds, speculation);
  if (speculation !== null) notes.push(speculation.note());
  notes.unshift(`engine: ${engine.preset} preset (${describeEngine(engine)})`);
  const streams = createStreams(seed);
  const workload = createWorkload(config.workload, streams);
  const router = createRouter(config.router, streams.stream('router'));
  const collector = new Collector(numGpuBlocks, numReplicas, {
    slo: config.slo,
    ...(options.requestSink !== undefined ? { requestSink: options.requestSink } : {}),
    ...(options.keepRequests === true ? { keepRequests: true } : {}),
  });
  const schedulerConfig = {
    maxNumSeqs: engine.maxNumSeqs,
    maxNumBatchedTokens: engine.maxNumBatchedTokens,
    enableChunkedPrefill: engine.enableChunkedPrefill,
    kvAdmission: engine.kvAdmission,
    // Swap preemption: host space per GPU in blocks, and one block's copy time over the host link
    // (per-GPU bytes; the tp (and pp) GPUs copy their shares in parallel).
    preemptionMode: engine.preemptionMode,
    swapSpaceBlocks: Math.floor((engine.swapSpaceGiB * 2 ** 30) / (engine.blockSize * capacity.kvBytesPerTokenPerGpu)),
    swapSecondsPerBlock: (engine.blockSize * capacity.kvBytesPerTokenPerGpu) / gpu.hostLinkBandwidth,
  };
  const createPlanner = (kv: KvCacheManager, events: RequestEvents, replica: number): StepPlanner => {
    const b = engine.batching;
    switch (b.kind) {
      case 'continuous':
        return new Scheduler(speculation === null ? schedulerConfig : { ...schedulerConfig, speculative: speculation.schedulerConfig(replica, streams, seed) }, kv, events);
      case 'static':
        return new StaticBatchScheduler(
          { maxBatchSize: b.maxBatchSize, batchTimeoutSeconds: b.batchTimeoutSeconds, maxNumBatchedTokens: engine.maxNumBatchedTokens, enableChunkedPrefill: engine.enableChunkedPrefill },
          kv,
          events,
        );
    }
  };
  /** Rows a step shape must hold: a static batch may exceed maxNumSeqs. */
  const maxSeqsPerStep = engine.batching.kind === 'static' ? Math.max(engine.maxNumSeqs, engine.batching.maxBatchSize) : engine.maxNumSeqs;
  // Prefix caching takes the PrefixCachingKvCache only when some request can hit (a workload with
  // shared prefixes or multi-turn sessions): without one no block ever gets a hash, so the plain
  // PagedKvCache gives the same result (test/kv and test/cluster check both) and is 15–40 % faster
  // in a 16-replica run.
  const cacheableWorkload = config.workload.sharedPrefix !== undefined || config.workload.sessions !== undefined;
  const prefixCaching = engine.enablePrefixCaching && cacheableWorkload;
  const replicas: ServingReplica[] = [];
  for (let i = 0; i < numReplicas; i++) {
    if (pp === 1) {
      const kv = createKvCache(engine.kvLayout, numGpuBlocks, engine.blockSize, prefixCaching);
      const scheduler = createPlanner(kv, collector, i);
      replicas.push(new Replica(i, scheduler, kv, costModel, collector, maxSeqsPerStep));
    } else {
      const engines = Array.from({ length: pp }, () => {
        const kv = createKvCache(engine.kvLayout, blocksPerEngine, engine.blockSize, prefixCaching);
        return { kv, scheduler: createPlanner(kv, collector, i) };
      });
      replicas.push(new PipelineReplica(i, engines, costModel, collector, maxSeqsPerStep));
    }
  }

  const sim = new Simulation();
  const closedLoop = config.workload.arrival.kind === 'closed-loop';
  const cluster = new Cluster(sim, replicas, router, workload, collector, config.metrics, closedLoop, engine.frontendLatencySeconds, { numSeqs, outputLengthFactor, maxModelLen: engine.maxModelLen });
  cluster.start();

  let horizon = Infinity;
  let truncated = false;
  for (;;) {
    const next = sim.peekTime();
    if (next === Infinity) break;
    if (horizon === Infinity && cluster.arrivalsDone) {
      const drain = config.simulation.maxDrainSeconds ?? Math.max(MIN_DRAIN_SECONDS, cluster.lastArrivalAt);
      horizon = cluster.lastArrivalAt + drain;
    }
    if (next > horizon) {
      truncated = true;
      break;
    }
    sim.step(cluster);
  }

  const runSeconds = truncated ? horizon : Math.max(collector.lastEventAt, cluster.lastArrivalAt);
  collector.finishRun();
  const sessions = workload.sessionStats();
  const measured = measure({
    collector,
    replicas,
    cluster: { lastArrivalAt: cluster.lastArrivalAt, rejectReasons: cluster.rejectReasons, rejectionStreakStoppedAt: cluster.rejectionStreakStoppedAt, maxRejectionStreak: MAX_REJECTION_STREAK, lengthCapped: cluster.lengthCapped, maxModelLen: engine.maxModelLen },
    run: { runSeconds, truncated, horizon, closedLoop },
    fleet: { gpuId: gpu.id, tdpWatts: gpu.tdpWatts, usdPerGpuHour: config.hardware.usdPerGpuHour ?? gpu.usdPerGpuHour, tp, pp, numReplicas, numGpuBlocks, blockSize: engine.blockSize },
    power: config.power,
    cacheableWorkload,
    sessions,
    generation: gen.kind === 'greedy' ? null : { kind: gen.kind, numSeqs, deliveredSeqs: gen.kind === 'sampling' ? numSeqs : 1 },
    speculative: speculation === null ? null : { method: speculation.config.method, numSpeculativeTokens: speculation.config.numSpeculativeTokens },
  });
  notes.push(...measured.notes);
  const requests = collector.requests();

  return {
    scenarioName: scenario.name,
    seed,
    summary: measured.summary,
    replicas: measured.replicas,
    notes,
    timeSeries: measured.timeSeries,
    latencyCdf: measured.latencyCdf,
    ...(requests === undefined ? {} : { requests }),
    simulatedSeconds: runSeconds,
    events: sim.handled,
    inSystemSeconds: collector.inSystemArea,
  };
}

function createKvCache(layout: Scenario['engine']['kvLayout'], numGpuBlocks: number, blockSize: number, prefixCaching: boolean): KvCacheManager {
  switch (layout) {
    case 'paged':
      return prefixCaching ? new PrefixCachingKvCache(numGpuBlocks, blockSize) : new PagedKvCache(numGpuBlocks, blockSize);
    case 'contiguous':
      return new ContiguousKvCache(numGpuBlocks, blockSize);
    default: {
      const never: never = layout;
      throw new Error(`unknown KV layout ${JSON.stringify(never)}`);
    }
  }
}

function createCostModel(
  scenario: Scenario,
  precision: ReturnType<typeof resolvePrecision>,
  overrides: Partial<CostModelParams> | undefined,
  samplingOverheadSeconds: number,
  speculation: Speculation | null,
): CostModel {
  const { config, model, gpu } = scenario;
  const c = config.costModel;
  switch (c.kind) {
    case 'roofline': {
      const params = { ...defaultCostModelParams(gpu) };
      if (c.gemmComputeEfficiency !== undefined) params.gemmComputeEfficiency = c.gemmComputeEfficiency;
      if (c.memoryBandwidthEfficiency !== undefined) params.memoryBandwidthEfficiency = c.memoryBandwidthEfficiency;
      if (c.attentionComputeEfficiency !== undefined) params.attentionComputeEfficiency = c.attentionComputeEfficiency;
      if (scenario.engine.stepOverheadSeconds !== undefined) params.stepOverheadSeconds = scenario.engine.stepOverheadSeconds;
      if (overrides) Object.assign(params, overrides);
      // Sampling's extra per-step cost rides on the fixed step overhead (every step that decodes samples).
      if (samplingOverheadSeconds > 0) params.stepOverheadSeconds += samplingOverheadSeconds;
      const pp = config.hardware.pp ?? 1;
      const target = new RooflineCostModel({ model, gpu, precision, tp: config.hardware.tp, ...(pp > 1 ? { pp } : {}), params });
      return speculation === null ? target : speculation.costModel(target, params);
    }
    case 'constant':
      return new ConstantCostModel(c.stepSeconds);
    default: {
      const never: never = c;
      throw new Error(`unknown cost model ${JSON.stringify(never)}`);
    }
  }
}

function describeEngine(e: Scenario['engine']): string {
  const memory = e.kvCacheFreeMemoryFraction !== undefined ? `KV ${e.kvCacheFreeMemoryFraction} of free memory` : `gpuMemoryUtilization ${e.gpuMemoryUtilization}`;
  return `blockSize ${e.blockSize}, ${memory}, maxNumSeqs ${e.maxNumSeqs}, maxNumBatchedTokens ${e.maxNumBatchedTokens}, chunked prefill ${e.enableChunkedPrefill ? 'on' : 'off'}, KV admission ${e.kvAdmission}${e.kvLayout === 'paged' ? '' : `, KV layout ${e.kvLayout}`}${e.batching.kind === 'static' ? `, static batching (B ${e.batching.maxBatchSize}, timeout ${e.batching.batchTimeoutSeconds} s)` : ''}${e.preemptionMode === 'swap' ? `, swap preemption (${e.swapSpaceGiB} GiB host per GPU)` : ''}`;
}
