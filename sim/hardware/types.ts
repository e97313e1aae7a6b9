// The contracts of the hardware room: what a GPU and a model are, and what a cost model sees.
// The cost model sees only a step's *shape* (how many tokens, over which contexts), never
// requests, so that the scheduler and the hardware model can change independently.

import type { Bytes, BytesPerSecond, FlopsPerSecond, Seconds } from '../units.ts';

/** Storage / math formats. `fp16` and `bf16` are the same cost; `nvfp4` is 4-bit + one FP8 scale per 16. */
export type Dtype = 'fp32' | 'fp16' | 'bf16' | 'fp8' | 'nvfp4';

export type GpuArch = 'ampere' | 'ada' | 'hopper' | 'blackwell' | 'blackwell-ultra' | 'cdna3';

export interface GpuSpec {
  id: string; // e.g. 'h100-sxm' (ids of shared/data/validation/README.md)
  name: string; // datasheet name
  arch: GpuArch;
  /** Dense peak tensor throughput per math format, FLOP/s; absent = not native. */
  peakFlops: { fp16: FlopsPerSecond; fp8?: FlopsPerSecond; nvfp4?: FlopsPerSecond };
  memoryBytes: Bytes; // HBM capacity, decimal GB as stated by the datasheet
  memoryBandwidth: BytesPerSecond; // HBM bandwidth, decimal TB/s as stated
  /** Per-GPU unidirectional interconnect bandwidth for collectives (NVLink / PCIe), B/s. */
  interconnectBandwidth: BytesPerSecond;
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
}

export interface Precision {
  weights: Dtype;
  activations: Dtype;
  kvCache: Dtype;
}

/**
 * A step's shape: the only thing a cost model sees. Decode sequences are summarised by their
 * count and the sum of their attended context lengths (attention cost is linear in it);
 * prefill chunks are listed, since causal attention over a chunk is not linear in its size.
 */
export interface StepShape {
  /** Sequences that run exactly one new token (decode). */
  numDecodeSeqs: number;
  /** Σ over decode sequences of tokens attended (KV length including the new token). */
  decodeContextSum: number;
  /** Number of prefill chunks in the step; entries [0, numPrefillChunks) of the arrays are valid. */
  numPrefillChunks: number;
  /** New tokens of each prefill chunk. */
  prefillChunkTokens: Int32Array;
  /** Tokens already in the KV cache before each chunk (its prior context). */
  prefillChunkContext: Int32Array;
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
}

export interface CostModel {
  /** Duration of one forward pass of the given shape; fills `out` and returns out.totalSeconds. */
  stepTime(shape: StepShape, out: StepBreakdown): Seconds;
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
  };
}

export function makeStepShape(capacity: number): StepShape {
  return {
    numDecodeSeqs: 0,
    decodeContextSum: 0,
    numPrefillChunks: 0,
    prefillChunkTokens: new Int32Array(capacity),
    prefillChunkContext: new Int32Array(capacity),
  };
}
