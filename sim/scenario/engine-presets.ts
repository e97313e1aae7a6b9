// Engine presets: the defaults in which serving engines differ, as data with sources. A
// scenario names a preset (`engine.preset`, default 'vllm') and may override any field; the
// resolved engine is what the simulator uses.
// NOTE: SGLang runs prefill and decode batches separately unless --enable-mixed-chunk; the
// simulator batches them together for every preset (vLLM v1 semantics), so the 'sglang' preset
// carries SGLang's memory and batch limits but not its batch-formation order.

import type { ReserveModel } from '../hardware/index.ts';
import type { EngineConfig } from './schema.ts';
import { ENGINE_RELEASES, engineIdOf, type EnginePresetChoice, type EnginePresetId, type EnginePresetRef } from './engine-releases.ts';

// The option types are the schema's (schema.ts is the only definition of the format).
export type { EnginePresetId, EnginePresetRef };
export type KvAdmission = NonNullable<EngineConfig['kvAdmission']>;
export type KvLayout = NonNullable<EngineConfig['kvLayout']>;
export type Batching = NonNullable<EngineConfig['batching']>;
export type PreemptionMode = NonNullable<EngineConfig['preemptionMode']>;
export type SchedulingPolicy = NonNullable<EngineConfig['schedulingPolicy']>;
/** vLLM v0 CacheConfig swap_space default, GiB per GPU (--swap-space, engine args docs). */
export const DEFAULT_SWAP_SPACE_GIB = 4;

export interface ResolvedEngine {
  /** The preset in force: the engine, with `@release` when a fitted release is in force (engine-releases.ts). */
  preset: EnginePresetRef;
  blockSize: number;
  /** KV memory = memory × gpuMemoryUtilization − weights − activations (vLLM, SGLang)… */
  gpuMemoryUtilization: number;
  /** …or, when set, (memory − weights − activations) × this fraction (TensorRT-LLM). */
  kvCacheFreeMemoryFraction: number | undefined;
  /**
   * What the engine holds besides weights and KV (sim/hardware/kv-capacity.ts): absent =
   * 'profiled' (a profiling forward pass: vLLM, SGLang, TensorRT-LLM's PyTorch backend);
   * 'tensorrt-engine' = TensorRT-LLM's TensorRT backend (sim/hardware/trtllm-memory.ts).
   * A preset field only; present only when a preset sets it.
   */
  kvReserve?: ReserveModel;
  maxNumSeqs: number;
  maxNumBatchedTokens: number;
  enableChunkedPrefill: boolean;
  kvAdmission: KvAdmission;
  /** 'paged' (PagedAttention block tables) or 'contiguous' (whole prompt + output reserved at admission; pre-paged engines). Not a preset field: every preset is paged. */
  kvLayout: KvLayout;
  /** Continuous (iteration-level) or static (request-level) batching. Not a preset field: every preset batches continuously. */
  batching: Batching;
  /** Per-step overhead the engine adds (scheduling, input preparation, sampling); undefined = the cost model's default. */
  stepOverheadSeconds: number | undefined;
  /** From a request's arrival to the scheduler's queue: HTTP, tokenization, hand-off (adds to TTFT and E2E). */
  frontendLatencySeconds: number;
  /** 'recompute' (vLLM v1, the default) or 'swap' to host memory (vLLM v0). Not a preset field. */
  preemptionMode: PreemptionMode;
  /** Host memory per GPU for swapped KV, GiB (vLLM v0 --swap-space default 4). Not a preset field. */
  swapSpaceGiB: number;
  /** Automatic prefix caching (vLLM v1 default on); only the paged layout caches. Not a preset field. */
  enablePrefixCaching: boolean;
  /** Most tokens (prompt + output) a request may reach: engine.maxModelLen, else the model's max_position_embeddings. Not a preset field. */
  maxModelLen: number;
  /**
   * Waiting-queue order and preemption victims: 'fcfs' (every preset's default) or 'priority'
   * (SCHEDULING_POLICIES says which engines offer it). Present only when the file sets it, so a
   * file without it resolves (and reports its engine) as before; absent means 'fcfs'.
   */
  schedulingPolicy?: SchedulingPolicy;
  /** TensorRT-LLM's dynamic batch-size tuner (sim/scheduler/batch-size-tuner.ts). Present only when the file turns it on. Not a preset field. */
  batchSizeTuning?: true;
  /** Present only with a fitted release: multiplies the calibrated compute efficiencies (engine-releases.ts). */
  computeEfficiencyFactor?: number;
  /** Present only with a fitted release: multiplies the calibrated memory efficiencies. */
  memoryEfficiencyFactor?: number;
  /** Present only when the release asked for is not the one in force: says which was taken and why. */
  releaseNote?: string;
}

type Preset = Omit<ResolvedEngine, 'preset' | 'kvLayout' | 'batching' | 'preemptionMode' | 'swapSpaceGiB' | 'enablePrefixCaching' | 'maxModelLen' | 'schedulingPolicy' | 'batchSizeTuning'> & { sources: string };

/** The latest fitted TensorRT-LLM release (engine-releases.ts lists releases oldest first). */
const LATEST_TRTLLM = ENGINE_RELEASES['tensorrt-llm'][ENGINE_RELEASES['tensorrt-llm'].length - 1];

export const ENGINE_PRESETS: Record<EnginePresetId, Preset> = {
  vllm: {
    blockSize: 16, // CacheConfig.DEFAULT_BLOCK_SIZE (docs.vllm.ai, vllm/config/cache.py)
    gpuMemoryUtilization: 0.9, // long-standing default (the 2026 docs show 0.92 in the newest release)
    kvCacheFreeMemoryFraction: undefined,
    maxNumSeqs: 256, // --max-num-seqs default (engine args docs)
    maxNumBatchedTokens: 8192, // v1 default for the OpenAI server on large-memory GPUs
    enableChunkedPrefill: true, // always on in the v1 engine
    kvAdmission: 'on-demand', // blocks on demand, recompute preemption (v1 scheduler)
    // the cost model's default (1 ms, vLLM V1 blog). NOTE: bench/calibrate.ts data/validation/vllm-sglang.csv
    // --exclude-gpu mi300x --release-only fits 1.25 ms to the vLLM dashboard's three H200 batch-8 latency rows
    // (MAPE 5.2% → 3.8%; 2026-12-06), not applied: three light-load rows of an unnamed nightly, whose step
    // overhead would absorb what the small-batch physics misses, and it moves every bundled scenario.
    stepOverheadSeconds: undefined,
    frontendLatencySeconds: 0, // NOTE: no server-measured vLLM row yet (every row is offline: benchmark_latency/throughput)
    sources: 'vLLM engine args and CacheConfig (docs.vllm.ai), vLLM V1 scheduler',
  },
  'tensorrt-llm': {
    blockSize: 32, // KvCacheConfig.tokens_per_block default 32 (nvidia.github.io/TensorRT-LLM, llm-api reference)
    gpuMemoryUtilization: 0.9, // unused: KV is sized from free memory below
    kvCacheFreeMemoryFraction: 0.9, // KvCacheConfig.free_gpu_memory_fraction default 0.9 of free memory after load
    // kvReserve: unset = 'profiled', right for the PyTorch backend (trtllm-bench's from v0.19, the
    // v0.20 rows). The TensorRT-engine backend's reserve (≤ v0.18, the v0.14 rows;
    // sim/hardware/trtllm-memory.ts, 'tensorrt-engine') is modelled but set by no preset or
    // release: on the calibration rows it made the memory-tight rows worse (16.6% → 21.4%, the
    // README's "Engine memory"), so it stays a study that a preset can switch on.
    maxNumSeqs: 2048, // max_batch_size default of the LLM API build config
    maxNumBatchedTokens: 8192, // max_num_tokens default
    enableChunkedPrefill: true, // NOTE: trtllm-bench enables context chunking for long inputs; assumed on
    kvAdmission: 'reserve-full', // CapacitySchedulerPolicy default GUARANTEED_NO_EVICT
    // Unused while every TensorRT-LLM name resolves to a fitted release (whose own values win,
    // resolveEngine); they are the latest release's (engine-releases.ts), so nothing can disagree.
    stepOverheadSeconds: LATEST_TRTLLM.stepOverheadSeconds,
    frontendLatencySeconds: LATEST_TRTLLM.frontendLatencySeconds,
    sources: 'TensorRT-LLM KvCacheConfig and SchedulerConfig reference (nvidia.github.io/TensorRT-LLM)',
  },
  sglang: {
    blockSize: 1, // --page-size default 1 (token-granular radix cache)
    gpuMemoryUtilization: 0.88, // --mem-fraction-static, ≈ 0.88 chosen automatically on 80 GB GPUs
    kvCacheFreeMemoryFraction: undefined,
    maxNumSeqs: 4096, // --max-running-requests: unset means limited by the KV pool; a large cap stands for that
    maxNumBatchedTokens: 8192, // --chunked-prefill-size 8192 on large-memory GPUs
    enableChunkedPrefill: true,
    kvAdmission: 'on-demand', // retracts (preempts) requests when the pool runs out
    stepOverheadSeconds: 0.0005, // overlap scheduler hides most CPU work (SGLang v0.4 blog): half of vLLM's
    frontendLatencySeconds: 0, // NOTE: not yet measured for SGLang
    sources: 'SGLang server arguments (docs.sglang.io, sgl-project/sglang server_args)',
  },
};

/**
 * The KV block sizes (tokens) each engine offers, checked by resolveScenario with this text:
 * - vLLM: CacheConfig.block_size is `BlockSize = Literal[1, 8, 16, 32, 64, 128, 256]`
 *   (vllm/config/cache.py; 256 joined in 2025, earlier releases stop at 128);
 * - TensorRT-LLM: KvCacheConfig.tokens_per_block must be a power of two (the paged-KV kernels
 *   index blocks by shift and mask);
 * - SGLang: --page-size is a plain integer (server_args.py, default 1): any size.
 */
export const BLOCK_SIZES: Record<EnginePresetId, { allows(n: number): boolean; text: string }> = {
  vllm: { allows: (n) => [1, 8, 16, 32, 64, 128, 256].includes(n), text: 'one of 1, 8, 16, 32, 64, 128, 256 (vLLM --block-size)' },
  'tensorrt-llm': { allows: (n) => Number.isInteger(Math.log2(n)), text: 'a power of two: 1, 2, 4, …, 64, 128, … (TensorRT-LLM tokens_per_block)' },
  sglang: { allows: (n) => Number.isInteger(n) && n >= 1, text: 'a positive integer (SGLang --page-size)' },
};

/**
 * The scheduling policies each engine offers (engine.schedulingPolicy; default 'fcfs' everywhere),
 * checked by resolveScenario with this text:
 * - vLLM: --scheduling-policy fcfs | priority (SchedulerConfig.policy, docs.vllm.ai engine args);
 *   v1 orders the waiting queue by (priority, arrival_time) (vllm/v1/core/sched/request_queue.py,
 *   PriorityRequestQueue) and preempts max(running, key=(priority, arrival_time))
 *   (vllm/v1/core/sched/scheduler.py, schedule(), the allocate_slots retry loop);
 * - SGLang: --enable-priority-scheduling (server_args.py; lower value first by default,
 *   --schedule-low-priority-values-first);
 * - TensorRT-LLM: SchedulerConfig.waiting_queue_policy is WaitingQueuePolicy, whose only member
 *   is FCFS (tensorrt_llm/llmapi/llm_args.py; nvidia.github.io/TensorRT-LLM SchedulerConfig
 *   reference): no request-priority ordering, so 'priority' is refused.
 */
export const SCHEDULING_POLICIES: Record<EnginePresetId, { allows(p: SchedulingPolicy): boolean; text: string }> = {
  vllm: { allows: () => true, text: "'fcfs' or 'priority' (vLLM --scheduling-policy)" },
  'tensorrt-llm': { allows: (p) => p === 'fcfs', text: "'fcfs' only (TensorRT-LLM's WaitingQueuePolicy has FCFS alone)" },
  sglang: { allows: () => true, text: "'fcfs' or 'priority' (SGLang --enable-priority-scheduling)" },
};

/** The engine in force; `modelMaxLen` is the model's max_position_embeddings (the default maxModelLen). */
/** vLLM's DEFAULT_MAX_NUM_BATCHED_TOKENS (vllm/config/scheduler.py): the floor of the chunked-prefill-off default. */
export const VLLM_MIN_DEFAULT_BATCHED_TOKENS = 2048;

/**
 * The step token budget when the file does not set one. vLLM's SchedulerConfig: with chunked
 * prefill off a whole prompt must fit one step, so the default becomes max(max_model_len, 2048)
 * instead of the preset's chunked budget (vllm/config/scheduler.py, __post_init__).
 */
function defaultBatchedTokens(preset: EnginePresetId, chunked: boolean, maxModelLen: number, presetBudget: number): number {
  if (preset !== 'vllm' || chunked || !Number.isFinite(maxModelLen)) return presetBudget;
  return Math.max(maxModelLen, VLLM_MIN_DEFAULT_BATCHED_TOKENS);
}

/** `choice` is the parsed `engine.preset` (engine-releases.ts parseEnginePreset). */
export function resolveEngine(engine: EngineConfig, choice: EnginePresetChoice, costModelStepOverhead: number | undefined, modelMaxLen: number): ResolvedEngine {
  const id = choice.id;
  const r = choice.release;
  const p = { ...ENGINE_PRESETS[id], ...(r === undefined ? {} : { stepOverheadSeconds: r.stepOverheadSeconds, frontendLatencySeconds: r.frontendLatencySeconds }) };
  const enableChunkedPrefill = engine.enableChunkedPrefill ?? p.enableChunkedPrefill;
  const maxModelLen = engine.maxModelLen ?? modelMaxLen;
  return {
    preset: choice.ref,
    blockSize: engine.blockSize ?? p.blockSize,
    gpuMemoryUtilization: engine.gpuMemoryUtilization ?? p.gpuMemoryUtilization,
    kvCacheFreeMemoryFraction:
      engine.kvCacheFreeMemoryFraction ?? (engine.gpuMemoryUtilization !== undefined ? undefined : p.kvCacheFreeMemoryFraction),
    maxNumSeqs: engine.maxNumSeqs ?? p.maxNumSeqs,
    maxNumBatchedTokens: engine.maxNumBatchedTokens ?? defaultBatchedTokens(id, enableChunkedPrefill, maxModelLen, p.maxNumBatchedTokens),
    enableChunkedPrefill,
    kvAdmission: engine.kvAdmission ?? p.kvAdmission,
    kvLayout: engine.kvLayout ?? 'paged',
    batching: engine.batching ?? { kind: 'continuous' },
    stepOverheadSeconds: costModelStepOverhead ?? engine.stepOverheadSeconds ?? p.stepOverheadSeconds,
    frontendLatencySeconds: engine.frontendLatencySeconds ?? p.frontendLatencySeconds,
    preemptionMode: engine.preemptionMode ?? 'recompute',
    swapSpaceGiB: engine.swapSpaceGiB ?? DEFAULT_SWAP_SPACE_GIB,
    enablePrefixCaching: engine.enablePrefixCaching ?? true,
    maxModelLen,
    ...(engine.schedulingPolicy !== undefined ? { schedulingPolicy: engine.schedulingPolicy } : {}),
    ...(engine.batchSizeTuning === true ? { batchSizeTuning: true as const } : {}),
    ...(p.kvReserve !== undefined ? { kvReserve: p.kvReserve } : {}),
    ...(r === undefined ? {} : { computeEfficiencyFactor: r.computeEfficiencyFactor, memoryEfficiencyFactor: r.memoryEfficiencyFactor }),
    ...(choice.note === undefined ? {} : { releaseNote: choice.note }),
  };
}

/** The engine id of a resolved engine (its preset without the release). */
export function engineOf(engine: Pick<ResolvedEngine, 'preset'>): EnginePresetId {
  return engineIdOf(engine.preset);
}
