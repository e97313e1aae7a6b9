// The duration of one forward pass of a tensor-parallel replica, from the step's shape alone: a
// roofline (Williams, Waterman & Patterson 2009, CACM 52(4)) over every GEMM, attention kernel
// and collective of the step, with efficiency factors for what real kernels reach.
// Per layer, with T = numDecodeSeqs + Σ prefill chunk tokens (every token of the step):
//   GEMMs  QKV, O, gate+up, down over T tokens. For y[T×N] = x[T×K]·W[K×N] on one GPU:
//            FLOPs f = 2·T·K·N,  bytes b = K·N·weightBytes + T·K·inputBytes + T·N·2
//            tc = f / (peak(gemmMath)·gemmComputeEfficiency),  tm = b / (bandwidth·memoryBandwidthEfficiency)
//            t  = max(tc + gemmUnhiddenLoadFraction·tm, tm) + kernelLatencySeconds
//   attention, per prefill chunk of c new tokens after p cached ones (causal; QKᵀ and PV):
//            FLOPs 4·(heads/tp)·headDim·c·(p + (c+1)/2), bytes (p + c)·2·kvHeadsPerGpu·headDim·kvBytes
//          decode sequences, summed: FLOPs 4·(heads/tp)·headDim·decodeContextSum,
//            bytes kvBytesPerTokenPerGpu/numLayers × decodeContextSum
//          each max(FLOPs/(peak(attentionMath)·attentionComputeEfficiency),
//                   bytes/(bandwidth·attentionMemoryEfficiency)), plus one kernelLatencySeconds
//   all-reduce (Megatron-LM tensor parallelism, Shoeybi et al. 2019, arXiv:1909.08053: one after
//          attention's O projection, one after the MLP's down projection) of T·hidden·2 bytes:
//            latency + 2(tp−1)/tp · bytes/(interconnect·allReduceBandwidthEfficiency)  (ring
//            all-reduce bus traffic, Patarasuk & Yuan 2009; NCCL's busbw convention); zero at tp=1.
// Once per step: the LM head over numDecodeSeqs + numPrefillChunks rows (vLLM computes logits
// only at each sequence's last scheduled token), 16-bit weights and math, plus the embedding
// lookup's T·hidden·2 bytes in its memory term; at tp>1 one more all-reduce of T·hidden·2 bytes
// (vocab-parallel embedding) and the all-gather of the logits, (tp−1)/tp · rows·vocab·2 bytes;
// and stepOverheadSeconds.
// The small-M shape term: achieved GEMM efficiency falls for few tokens because part of the
// weight-streaming time is not hidden under the math (tile prologue/epilogue, pipeline fill).
// In tc + β·tm that is eff(M) = eff·M/(M + M½) with M½ = β × the effective ridge point
// (peak·eff)/(bandwidth·memEff): ≈ 65 tokens on A100, ≈ 125 on H100 at 16 bits. Checked against
// vidur_profiling_mlp_sample.csv (2,000 measured fp16 GEMMs: 1,160 on A100, 840 on H100; 8 models,
// 1–4096 tokens, tp 1–8): a joint least-squares fit in log time gives gemmComputeEfficiency 0.78,
// memoryBandwidthEfficiency 0.82, β 0.45, kernelLatencySeconds 5 µs, RMS error 10% (A100) / 12%
// (H100); the plain roofline max(tc, tm) fits at best 20% / 24% RMS, and a fitted M½ without the
// latency 18% / 23%. Separate per-GPU fits of M½ gave 64 (A100) and 128 (H100), which the single
// β reproduces — M½ scales with the ridge point, so it carries over to GPUs outside the sample.
// Rounding M up to 64/128-row tiles changes nothing at the sampled sizes (1, 8, 32, then powers
// of two from 64) and was not kept. The residual spread is per-shape kernel selection.
// Invariants: stepTime allocates nothing and does not loop over layers (one layer's time × numLayers);
// out.computeSeconds + memorySeconds + communicationSeconds + overheadSeconds = totalSeconds and
// out.gemmSeconds + attentionSeconds + communicationSeconds + overheadSeconds = totalSeconds;
// time is non-decreasing in every token count and in decodeContextSum; an empty step takes 0.
// NOTE: elementwise kernels (RMSNorm, RoPE, SiLU·mul, residual add) are not modelled: engines
// fuse most of them, and the Vidur sample puts them at ~4% of layer time at 4096 tokens (Qwen-72B
// on A100: 1.4 ms of 32 ms); at small T their launch cost is part of what kernelLatencySeconds
// and stepOverheadSeconds absorb. KV-cache writes (T·2·kvHeadsPerGpu·headDim·kvBytes per layer)
// are likewise left out: 1 MiB per layer for 256 Llama-3-8B decode tokens against 436 MB of
// layer weights, and prefill, where they are larger, is compute-bound.
// NOTE: all-reduce payloads are 16-bit: GEMM outputs are bf16 in every engine even when the GEMM
// inputs are fp8 or fp4.

import type { Seconds } from '../units.ts';
import type { ResolvedPrecision } from './dtype.ts';
import { BYTES_PER_ELEMENT } from './dtype.ts';
import { UNQUANTISED_BYTES, kvHeadsPerGpu } from './model-math.ts';
import type { CostModel, GpuSpec, ModelSpec, StepBreakdown, StepShape } from './types.ts';

export interface CostModelParams {
  /** Achieved fraction of peak tensor FLOP/s in large GEMMs. */
  gemmComputeEfficiency: number;
  /**
   * Fraction β of a GEMM's memory time that is not hidden under its math (the small-M shape
   * term: efficiency at M tokens is eff·M/(M + β·ridge)).
   */
  gemmUnhiddenLoadFraction: number;
  /** Achieved fraction of peak HBM bandwidth when streaming weights and activations. */
  memoryBandwidthEfficiency: number;
  /** Fixed time of each GEMM and attention kernel (fill, drain, launch inside a CUDA graph). */
  kernelLatencySeconds: number;
  /** Achieved fraction of peak FLOP/s in prefill attention. */
  attentionComputeEfficiency: number;
  /** Achieved fraction of peak HBM bandwidth when attention reads the KV cache. */
  attentionMemoryEfficiency: number;
  /** Fixed time of one all-reduce (or the logits gather). */
  allReduceLatencySeconds: number;
  /** Achieved fraction of unidirectional interconnect bandwidth as all-reduce bus bandwidth. */
  allReduceBandwidthEfficiency: number;
  /** Fixed per-step cost: scheduling, input preparation, sampling not overlapped with the GPU. */
  stepOverheadSeconds: number;
}

/** A GPU whose collectives cross PCIe (no NVLink): below this unidirectional bandwidth. */
const PCIE_CLASS_BANDWIDTH = 100e9;

/**
 * Defaults, to be fitted to calibration.csv in a later issue.
 * - gemmComputeEfficiency 0.78, memoryBandwidthEfficiency 0.82, gemmUnhiddenLoadFraction 0.45,
 *   kernelLatencySeconds 5 µs: the joint fit to vidur_profiling_mlp_sample.csv described above.
 * - attentionComputeEfficiency 0.5: FlashAttention-2 reaches 50–73% of peak in the forward pass
 *   on A100 (Dao 2023, arXiv:2307.08691), FlashAttention-3 75% in fp16 on H100 (Shah et al. 2024,
 *   arXiv:2407.08608); serving kernels run varlen, paged, causal attention over shorter chunks
 *   than those benchmarks, so the low end is taken.
 * - attentionMemoryEfficiency 0.75: vidur_profiling_attention_sample.csv, FlashInfer decode on
 *   A100 (Llama-3-8B, tp 4, 14,080-token contexts, batch 8–81) reads the KV cache at 0.68–0.77
 *   of the 2.039 TB/s peak.
 * - allReduce*: vidur_profiling_network_sample.csv. NVLink (DGX H100, tp 2–8): 32 MiB all-reduces
 *   reach 247–301 GB/s bus bandwidth = 0.55–0.67 of 450 GB/s (DGX A100: 0.45–0.53 of 300), and
 *   2 KiB–1 MiB messages take 7–43 µs, so 0.6 and 20 µs. PCIe (A100 PCIe VMs, tp 4): 23.7 GB/s
 *   bus bandwidth = 0.74 of 32 GB/s, ~60 µs for small messages.
 * - stepOverheadSeconds 1 ms: the CPU work per step not overlapped with the GPU. vLLM V1 overlaps
 *   scheduling with execution because a Llama-8B step on H100 can be ~5 ms of GPU time
 *   (vLLM V1 blog, https://blog.vllm.ai/2025/01/27/v1-alpha-release.html); Hugging Face measured
 *   24% GPU idle without overlap (8B, batch 32, H200; ≈ 2 ms per step), and TensorRT-LLM's C++
 *   runtime (the calibration source) has less; 1 ms sits between.
 */
export function defaultCostModelParams(gpu: GpuSpec): CostModelParams {
  const pcie = gpu.interconnectBandwidth < PCIE_CLASS_BANDWIDTH;
  return {
    gemmComputeEfficiency: 0.78,
    gemmUnhiddenLoadFraction: 0.45,
    memoryBandwidthEfficiency: 0.82,
    kernelLatencySeconds: 5e-6,
    attentionComputeEfficiency: 0.5,
    attentionMemoryEfficiency: 0.75,
    allReduceLatencySeconds: pcie ? 60e-6 : 20e-6,
    allReduceBandwidthEfficiency: pcie ? 0.74 : 0.6,
    stepOverheadSeconds: 1e-3,
  };
}

export interface RooflineCostModelInput {
  model: ModelSpec;
  gpu: GpuSpec;
  precision: ResolvedPrecision;
  tp: number;
  params: CostModelParams;
}

/** The four GEMMs of a layer, each as two lines in T: compute branch and memory branch. */
const NUM_LAYER_GEMMS = 4;

export class RooflineCostModel implements CostModel {
  readonly numLayers: number;
  readonly tp: number;
  // Per layer GEMM g: time(T) = max(cA[g] + cB[g]·T, mA[g] + mB[g]·T) + kernelLatency.
  private readonly gemmComputeIntercept = new Float64Array(NUM_LAYER_GEMMS);
  private readonly gemmComputeSlope = new Float64Array(NUM_LAYER_GEMMS);
  private readonly gemmMemoryIntercept = new Float64Array(NUM_LAYER_GEMMS);
  private readonly gemmMemorySlope = new Float64Array(NUM_LAYER_GEMMS);
  // LM head (once per step) over R rows; the embedding lookup adds per-token memory time.
  private readonly lmComputeIntercept: number;
  private readonly lmComputeSlope: number;
  private readonly lmMemoryIntercept: number;
  private readonly lmMemorySlope: number;
  private readonly embeddingSecondsPerToken: number;
  // Attention, one layer: seconds per unit of work.
  private readonly attentionSecondsPerFlop: number;
  private readonly attentionSecondsPerKvToken: number;
  /** 4·(heads/tp)·headDim: FLOPs per (query, key) pair per layer. */
  private readonly attentionFlopsPerPair: number;
  private readonly kernelLatency: number;
  // Communication.
  private readonly allReduceLatency: number;
  /** Seconds per token of one all-reduce of T·hidden·2 bytes (bandwidth part). */
  private readonly allReduceSecondsPerToken: number;
  private readonly numAllReducesPerStep: number;
  /** Seconds per logits row of the vocab-parallel LM head's gather (bandwidth part). */
  private readonly logitsGatherSecondsPerRow: number;
  private readonly stepOverhead: number;

  constructor(input: RooflineCostModelInput) {
    const { model: m, gpu, precision, tp, params: p } = input;
    if (!Number.isInteger(tp) || tp < 1) throw new RangeError(`tp must be a positive integer, got ${tp}`);
    const gemmPeak = gpu.peakFlops[precision.gemmMath];
    const attentionPeak = gpu.peakFlops[precision.attentionMath];
    if (gemmPeak === undefined || attentionPeak === undefined) {
      throw new Error(`${gpu.id} has no ${precision.gemmMath}/${precision.attentionMath} peak: resolve the precision with resolvePrecision first`);
    }
    this.numLayers = m.numLayers;
    this.tp = tp;
    const bw = gpu.memoryBandwidth * p.memoryBandwidthEfficiency;
    const flops = gemmPeak * p.gemmComputeEfficiency;
    const beta = p.gemmUnhiddenLoadFraction;
    const weightBytes = precision.weightBytes;
    const inputBytes = BYTES_PER_ELEMENT[precision.gemmMath];
    const outputBytes = UNQUANTISED_BYTES;

    const headsPerGpu = m.numAttentionHeads / tp;
    const kvHeads = kvHeadsPerGpu(m, tp);
    // [K, N] of y = x·W on one GPU.
    const shapes: ReadonlyArray<readonly [number, number]> = [
      [m.hiddenSize, (headsPerGpu + 2 * kvHeads) * m.headDim], // QKV (column parallel)
      [headsPerGpu * m.headDim, m.hiddenSize], // O (row parallel)
      [m.hiddenSize, (2 * m.intermediateSize) / tp], // gate+up (column parallel)
      [m.intermediateSize / tp, m.hiddenSize], // down (row parallel)
    ];
    shapes.forEach(([k, n], g) => {
      const memIntercept = (k * n * weightBytes) / bw;
      const memSlope = (k * inputBytes + n * outputBytes) / bw;
      this.gemmMemoryIntercept[g] = memIntercept;
      this.gemmMemorySlope[g] = memSlope;
      this.gemmComputeIntercept[g] = beta * memIntercept;
      this.gemmComputeSlope[g] = (2 * k * n) / flops + beta * memSlope;
    });

    // LM head: 16-bit weights and math (quantised checkpoints leave lm_head unquantised).
    const lmFlops = gpu.peakFlops.fp16 * p.gemmComputeEfficiency;
    const vocabPerGpu = m.vocabSize / tp;
    this.lmMemoryIntercept = (m.hiddenSize * vocabPerGpu * UNQUANTISED_BYTES) / bw;
    this.lmMemorySlope = ((m.hiddenSize + vocabPerGpu) * UNQUANTISED_BYTES) / bw;
    this.lmComputeIntercept = beta * this.lmMemoryIntercept;
    this.lmComputeSlope = (2 * m.hiddenSize * vocabPerGpu) / lmFlops + beta * this.lmMemorySlope;
    this.embeddingSecondsPerToken = (m.hiddenSize * UNQUANTISED_BYTES) / bw;

    this.attentionFlopsPerPair = 4 * headsPerGpu * m.headDim;
    this.attentionSecondsPerFlop = 1 / (attentionPeak * p.attentionComputeEfficiency);
    this.attentionSecondsPerKvToken =
      (2 * kvHeads * m.headDim * precision.kvBytes) / (gpu.memoryBandwidth * p.attentionMemoryEfficiency);
    this.kernelLatency = p.kernelLatencySeconds;

    const link = gpu.interconnectBandwidth * p.allReduceBandwidthEfficiency;
    this.allReduceLatency = tp > 1 ? p.allReduceLatencySeconds : 0;
    this.allReduceSecondsPerToken = tp > 1 ? ((2 * (tp - 1)) / tp) * ((m.hiddenSize * UNQUANTISED_BYTES) / link) : 0;
    this.numAllReducesPerStep = tp > 1 ? 2 * m.numLayers + 1 : 0;
    this.logitsGatherSecondsPerRow = tp > 1 ? (((tp - 1) / tp) * (m.vocabSize * UNQUANTISED_BYTES)) / link : 0;
    this.stepOverhead = p.stepOverheadSeconds;
  }

  stepTime(shape: StepShape, out: StepBreakdown): Seconds {
    const numDecode = shape.numDecodeSeqs;
    const numChunks = shape.numPrefillChunks;
    const chunkTokens = shape.prefillChunkTokens;
    const chunkContext = shape.prefillChunkContext;
    let prefillTokens = 0;
    for (let i = 0; i < numChunks; i++) prefillTokens += chunkTokens[i];
    const T = numDecode + prefillTokens;
    if (T <= 0) {
      out.totalSeconds = 0;
      out.computeSeconds = 0;
      out.memorySeconds = 0;
      out.communicationSeconds = 0;
      out.overheadSeconds = 0;
      out.gemmSeconds = 0;
      out.attentionSeconds = 0;
      return 0;
    }

    // One layer's GEMMs.
    let layerCompute = 0;
    let layerMemory = 0;
    for (let g = 0; g < NUM_LAYER_GEMMS; g++) {
      const c = this.gemmComputeIntercept[g] + this.gemmComputeSlope[g] * T;
      const m = this.gemmMemoryIntercept[g] + this.gemmMemorySlope[g] * T;
      if (c > m) layerCompute += c + this.kernelLatency;
      else layerMemory += m + this.kernelLatency;
    }
    const layerGemm = layerCompute + layerMemory;

    // One layer's attention: each prefill chunk, then the decode sequences together.
    let attnCompute = 0;
    let attnMemory = 0;
    const flopsPerPair = this.attentionFlopsPerPair;
    const secPerFlop = this.attentionSecondsPerFlop;
    const secPerKvToken = this.attentionSecondsPerKvToken;
    for (let i = 0; i < numChunks; i++) {
      const c = chunkTokens[i];
      const prior = chunkContext[i];
      const tc = flopsPerPair * c * (prior + (c + 1) / 2) * secPerFlop;
      const tm = (prior + c) * secPerKvToken;
      if (tc > tm) attnCompute += tc;
      else attnMemory += tm;
    }
    if (numDecode > 0) {
      const ctx = shape.decodeContextSum;
      const tc = flopsPerPair * ctx * secPerFlop;
      const tm = ctx * secPerKvToken;
      if (tc > tm) attnCompute += tc;
      else attnMemory += tm;
    }
    // One attention kernel per layer; its fixed time goes with the bound that dominates.
    if (attnCompute > attnMemory) attnCompute += this.kernelLatency;
    else attnMemory += this.kernelLatency;
    const layerAttention = attnCompute + attnMemory;

    // LM head over the rows that produce logits, plus the embedding lookup's traffic.
    const rows = numDecode + numChunks;
    const lmC = this.lmComputeIntercept + this.lmComputeSlope * rows;
    const lmM = this.lmMemoryIntercept + this.lmMemorySlope * rows + this.embeddingSecondsPerToken * T;
    let headCompute = 0;
    let headMemory = 0;
    if (lmC > lmM) headCompute = lmC + this.kernelLatency;
    else headMemory = lmM + this.kernelLatency;

    const L = this.numLayers;
    const communication =
      this.numAllReducesPerStep * (this.allReduceLatency + this.allReduceSecondsPerToken * T) +
      (this.numAllReducesPerStep > 0 ? this.allReduceLatency + this.logitsGatherSecondsPerRow * rows : 0);
    const overhead = this.stepOverhead;

    const computeSeconds = L * (layerCompute + attnCompute) + headCompute;
    const memorySeconds = L * (layerMemory + attnMemory) + headMemory;
    const total = computeSeconds + memorySeconds + communication + overhead;
    out.totalSeconds = total;
    out.computeSeconds = computeSeconds;
    out.memorySeconds = memorySeconds;
    out.communicationSeconds = communication;
    out.overheadSeconds = overhead;
    out.gemmSeconds = L * layerGemm + headCompute + headMemory;
    out.attentionSeconds = L * layerAttention;
    return total;
  }
}
