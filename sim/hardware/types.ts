// The contracts of the hardware room: what a GPU and a model are, and what a cost model sees.
// The cost model sees only the scheduler's output (how many tokens, over which contexts; see
// step/scheduler-output.ts), never requests, so that the scheduler and the hardware model can
// change independently.

import type { SchedulerOutput } from '../step/index.ts';
import type { Bytes, BytesPerSecond, FlopsPerSecond, Seconds } from '../units.ts';

/**
 * Storage / math formats. `fp16` and `bf16` are the same cost; `nvfp4` is 4-bit E2M1 + one FP8
 * scale per 16; `mxfp4` (OCP MX) is 4-bit E2M1 + one E8M0 scale per 32; `int8` is 8-bit integer
 * (weight-only W8A16, or W8A8 with int8 activations); `int4` is AWQ/GPTQ-style 4-bit integer
 * weights with a 16-bit scale and a 4-bit zero per group of 128. Sizes: dtype.ts.
 */
export type Dtype = 'fp32' | 'fp16' | 'bf16' | 'fp8' | 'nvfp4' | 'mxfp4' | 'int8' | 'int4';

export type GpuArch = 'ampere' | 'ada' | 'hopper' | 'blackwell' | 'blackwell-ultra' | 'cdna3';
/** The memory's technology (datasheet): stacked HBM on the package, or GDDR on the board. */
export type MemoryTechnology = 'HBM2' | 'HBM2e' | 'HBM3' | 'HBM3e' | 'GDDR6' | 'GDDR7';
/** The matrix units' generation (datasheet): NVIDIA tensor cores by generation, AMD CDNA 3 matrix cores. */
export type TensorCoreGeneration = 'nvidia-3' | 'nvidia-4' | 'nvidia-5' | 'amd-cdna3';

export interface GpuSpec {
  id: string; // e.g. 'h100-sxm' (ids of data/validation/README.md)
  name: string; // datasheet name
  arch: GpuArch;
  /** Memory technology (datasheet, cited in memorySource): calibration factors transfer by it, not by arch name. */
  memoryTechnology: MemoryTechnology;
  /** Tensor-core generation (datasheet): calibration's compute factors transfer by it. */
  tensorCoreGeneration: TensorCoreGeneration;
  /** The datasheet that states memoryTechnology and tensorCoreGeneration. */
  memorySource: string;
  /**
   * Dense peak tensor throughput per math format, FLOP/s (int8: integer OP/s); absent = not
   * native (or, for int8 on Blackwell Ultra, too slow to be used). `nvfp4` is the FP4 tensor-core
   * rate, which MXFP4 shares.
   */
  peakFlops: { fp16: FlopsPerSecond; fp8?: FlopsPerSecond; nvfp4?: FlopsPerSecond; int8?: FlopsPerSecond };
  memoryBytes: Bytes; // HBM capacity, decimal GB as stated by the datasheet
  memoryBandwidth: BytesPerSecond; // HBM bandwidth, decimal TB/s as stated
  /** Per-GPU unidirectional interconnect bandwidth for collectives (NVLink / PCIe), B/s. */
  interconnectBandwidth: BytesPerSecond;
  /**
   * GPU ↔ host-memory link, one direction, B/s (PCIe x16, or NVLink-C2C on Grace superchips): the
   * rate of KV swap-out/swap-in under engine.preemptionMode 'swap'. Nominal (datasheet) figures.
   */
  hostLinkBandwidth: BytesPerSecond;
  /**
   * The NVLink generation joining the GPUs of a node through NVSwitch (datasheet: A100 SXM NVLink 3,
   * Hopper NVLink 4, Blackwell NVLink 5); absent where collectives cross PCIe or another fabric.
   * Collectives differ by generation beyond the link's bandwidth (nvlink-collectives.ts nvlinkAllReduceFactors).
   */
  nvlinkGeneration?: 3 | 4 | 5;
  /**
   * A board that runs the same die at the same stated tensor peak as another catalog GPU, under a
   * lower power limit (the A100 PCIe 80GB at 300 W against the A100 SXM4 80GB at 400 W): that
   * sibling's id. Its sustained clock, hence compute, is lower (power-limit.ts).
   */
  fullPowerSibling?: string;
  tdpWatts: number;
  usdPerGpuHour: number; // default price, overridable per scenario
  source: string; // citation for the row
  priceSource: string;
}

export interface ModelSpec {
  id: string;
  name: string;
  numLayers: number;
  hiddenSize: number;
  numAttentionHeads: number;
  numKeyValueHeads: number;
  headDim: number;
  intermediateSize: number;
  vocabSize: number;
  tieWordEmbeddings: boolean;
  maxPositionEmbeddings: number;
  source: string;
  /** Mixture-of-experts MLP (Mixtral, Qwen3-MoE, DeepSeek-V3); absent = every MLP is dense. */
  moe?: MoeSpec;
  /** Multi-head latent attention (DeepSeek-V2/V3/R1); absent = GQA/MHA attention. */
  mla?: MlaSpec;
}

/**
 * A mixture-of-experts MLP (Shazeer et al. 2017, arXiv:1701.06538; Mixtral: Jiang et al. 2024,
 * arXiv:2401.04088; DeepSeekMoE: Dai et al. 2024, arXiv:2401.06066). Every expert is a gated
 * SiLU MLP (gate, up, down); a token goes to `numExpertsPerToken` routed experts chosen by a
 * router GEMM (hidden × numExperts), plus every shared expert.
 */
export interface MoeSpec {
  /** Routed experts per MoE layer (E). */
  numExperts: number;
  /** Routed experts each token is sent to (k, top-k). */
  numExpertsPerToken: number;
  /** Intermediate size of one routed expert. */
  expertIntermediateSize: number;
  /** Shared experts that every token passes through (0 for Mixtral and Qwen3-MoE). */
  numSharedExperts: number;
  /** Intermediate size of one shared expert (0 when there are none). */
  sharedExpertIntermediateSize: number;
  /**
   * Layers whose MLP is dense, of `intermediateSize` (DeepSeek-V3's first_k_dense_replace = 3
   * leading layers; Qwen3-MoE's mlp_only_layers). Their position does not change sizes or cost.
   */
  numDenseLayers: number;
}

/**
 * Multi-head latent attention (DeepSeek-V2, arXiv:2405.04434, §2.1): keys and values are
 * projected down to a `kvLoraRank` latent that is cached together with one shared RoPE key of
 * `qkRopeHeadDim`; queries go through a `qLoraRank` bottleneck. Per head, queries and keys have
 * qkNopeHeadDim + qkRopeHeadDim dimensions and values vHeadDim. For an MLA model `headDim` is
 * qkNopeHeadDim + qkRopeHeadDim and numKeyValueHeads equals numAttentionHeads.
 */
export interface MlaSpec {
  kvLoraRank: number;
  qkRopeHeadDim: number;
  qkNopeHeadDim: number;
  vHeadDim: number;
  /** Rank of the query bottleneck; absent (DeepSeek-V2-Lite) = queries projected directly. */
  qLoraRank?: number;
}

export interface Precision {
  weights: Dtype;
  activations: Dtype;
  kvCache: Dtype;
}

/** Where a step's time went. Written into a caller-owned object: no allocation per step. */
export interface StepBreakdown {
  totalSeconds: Seconds;
  /** Time in operators whose roofline bound is compute (FLOPs / effective peak). */
  computeSeconds: Seconds;
  /** Time in operators whose roofline bound is memory traffic (bytes / effective bandwidth). */
  memorySeconds: Seconds;
  /** Tensor-parallel collectives. */
  communicationSeconds: Seconds;
  /** Fixed per-step overhead (scheduling, kernel launch, sampling). */
  overheadSeconds: Seconds;
  /** The same time split by operator family: gemm + attention + communication + overhead = totalSeconds. */
  gemmSeconds: Seconds;
  attentionSeconds: Seconds;
  /**
   * Of totalSeconds, the time of speculative decoding's proposer (draft-model or draft-head
   * passes, n-gram lookup); already inside the sums above. 0 without speculative decoding.
   */
  draftSeconds: Seconds;
}

/**
 * The timing of one micro-batch through a pipeline of stageSeconds.length stages, written into a
 * caller-owned object (no allocation per step).
 */
export interface StageTimes {
  /** GPU time of each stage: its layers (with their collectives), the embedding on the first, the LM head on the last. */
  readonly stageSeconds: Float64Array;
  /** CPU-side per-step overhead (scheduling, input preparation), paid once before stage 0. */
  overheadSeconds: Seconds;
  /** One activation send from a stage to the next (T·hidden·2 bytes over the interconnect, plus a latency). */
  transferSeconds: Seconds;
}

export interface CostModel {
  /** Duration of one forward pass of the given shape; fills `out` and returns out.totalSeconds. */
  stepTime(shape: SchedulerOutput, out: StepBreakdown): Seconds;
  /**
   * Pipeline-parallel form (pp = out.stageSeconds.length > 1): fills `out` and `breakdown`
   * (summed over the stages, the overhead and the pp − 1 transfers). Absent: no pipeline support.
   */
  stageTimes?(shape: SchedulerOutput, out: StageTimes, breakdown: StepBreakdown): void;
}

export function makeStageTimes(pp: number): StageTimes {
  return { stageSeconds: new Float64Array(pp), overheadSeconds: 0, transferSeconds: 0 };
}

export function emptyBreakdown(): StepBreakdown {
  return {
    totalSeconds: 0,
    computeSeconds: 0,
    memorySeconds: 0,
    communicationSeconds: 0,
    overheadSeconds: 0,
    gemmSeconds: 0,
    attentionSeconds: 0,
    draftSeconds: 0,
  };
}

/** Adds `b` into the running totals `into` (every field). */
export function addBreakdown(into: StepBreakdown, b: StepBreakdown): void {
  into.totalSeconds += b.totalSeconds;
  into.computeSeconds += b.computeSeconds;
  into.memorySeconds += b.memorySeconds;
  into.communicationSeconds += b.communicationSeconds;
  into.overheadSeconds += b.overheadSeconds;
  into.gemmSeconds += b.gemmSeconds;
  into.attentionSeconds += b.attentionSeconds;
  into.draftSeconds += b.draftSeconds;
}
