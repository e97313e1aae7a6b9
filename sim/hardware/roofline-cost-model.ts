// The duration of one forward pass of a tensor-parallel replica, from the step's shape alone: a
// roofline (Williams, Waterman & Patterson 2009, CACM 52(4)) over every GEMM, attention kernel
// and collective of the step, with efficiency factors for what real kernels reach.
// Per layer, with T = numDecodeSeqs·q + Σ prefill chunk tokens (every token of the step; q =
// decodeQueryTokens, 1 except in a speculative verify step, where each sequence runs 1 + γ):
//   GEMMs  QKV, O, gate+up, down over T tokens. For y[T×N] = x[T×K]·W[K×N] on one GPU:
//            FLOPs f = 2·T·K·N,  bytes b = K·N·weightBytes + T·K·inputBytes + T·N·2
//            tc = f / (peak(gemmMath)·gemmComputeEfficiency),  tm = b / (bandwidth·memoryBandwidthEfficiency)
//            t  = max(tc + gemmUnhiddenLoadFraction·tm, tm) + kernelLatencySeconds
//   attention, per prefill chunk of c new tokens after p cached ones (causal; QKᵀ and PV):
//            FLOPs 4·(heads/tp)·headDim·c·(p + (c+1)/2), bytes (p + c)·2·kvHeadsPerGpu·headDim·kvBytes
//          decode sequences, summed: FLOPs 4·(heads/tp)·headDim·P, P = q·decodeContextSum −
//            numDecodeSeqs·q(q−1)/2 (query j of q attends ctx − q + 1 + j keys; decodeContextSum
//            at q = 1), bytes kvBytesPerTokenPerGpu/numLayers × decodeContextSum (the
//            q queries of a sequence share one read of its KV, as FlashInfer/FlashAttention decode
//            kernels with several query tokens do)
//          each max(FLOPs/(peak(attentionMath)·attentionComputeEfficiency),
//                   bytes/(bandwidth·attentionMemoryEfficiency)), plus one kernelLatencySeconds
//   all-reduce (Megatron-LM tensor parallelism, Shoeybi et al. 2019, arXiv:1909.08053: one after
//          attention's O projection, one after the MLP's down projection) of T·hidden·2 bytes:
//            latency + 2(tp−1)/tp · bytes/(interconnect·allReduceBandwidthEfficiency)  (ring
//            all-reduce bus traffic, Patarasuk & Yuan 2009; NCCL's busbw convention); zero at tp=1.
//          The latency: allReduceLatencySeconds at tp = 2 (one direct exchange);
//          allReduceMultiGpuLatencySeconds among 3+ GPUs (a ring or two-shot collective takes
//          several dependent steps), except for small messages: with allReduceSmallMessageBytes
//          S > 0 it is  min(multi, one + (multi − one)·bytes/S)  — TensorRT-LLM's custom
//          all-reduce runs a one-shot kernel (every GPU reads its peers' buffers in one step)
//          for messages up to 128 tokens (kOneShotMaxToken in its allreduce kernels), so a
//          batch-1 decode pays about one exchange, not the multi-step latency; S is fitted
//          (calibration.ts), 0 (NCCL's flat latency below 1 MiB, vidur_profiling_network_sample)
//          before calibration.
// GEMM formats per family (dtype.ts): QKV and O (MLA: q_a, q_b, kv_a, kv_b, o) stream
// attentionGemm.weightBytes and run at peak(attentionGemm.math); the MLP's and experts' GEMMs use
// mlpGemm — the FP4/FP8 hybrid is two families. inputBytes is the width of the family's math.
// Mixture of experts (ModelSpec.moe): numDenseLayers layers run the dense gate+up and down above;
// every other layer runs, over its T tokens, the router (hidden × E, 16-bit, replicated), the
// shared experts as a dense MLP of numShared·sharedIntermediate for all T tokens, and the routed
// experts as two grouped GEMMs (gate+up, down; split tp ways along the intermediate dimension,
// vLLM FusedMoE) over the T·k (token, expert) pairs:
//            FLOPs T·k·2·K·N,  bytes D(T)·K·N·weightBytes + T·k·(K·inputBytes + N·2),
//            D(T) = E·(1 − (1 − k/E)^T)  the expected number of distinct experts T tokens touch
//            when each token picks k of E experts uniformly and independently (ASSUMPTION:
//            uniform routing; real routers are skewed and touch fewer, so decode weight traffic
//            is an upper bound). D(1) = k: batch-1 decode streams k experts; D(∞) = E.
//          each grouped GEMM: t = max(tc + β·tm, tm) + kernelLatencySeconds, as a dense GEMM.
// MLA attention (ModelSpec.mla; DeepSeek-V2, arXiv:2405.04434): projections as GEMMs over T tokens
// (q_a and kv_a replicated, q_b, kv_b, o split by heads); the KV cache holds one latent of
// (kvLoraRank + qkRope) elements per token, read whole by every GPU. Two forms, as vLLM's MLA
// backend (vllm/v1/attention/backends/mla/common.py) and FlashMLA run them:
//   prefill (naive form: the latent is decompressed through kv_b into per-head keys and values):
//            FLOPs 2·(heads/tp)·(qkNope + qkRope + vHead)·c·(p + (c+1)/2), plus, for the p tokens
//            of prior context, kv_b's 2·p·kvLoraRank·(heads/tp)·(qkNope + vHead) at GEMM rate;
//            bytes (p + c)·(kvLoraRank + qkRope)·kvBytes;
//   decode (absorbed form: W_UK folded into the query, W_UV applied after attention; multi-query
//            attention over the latent): FLOPs 2·(heads/tp)·(2·kvLoraRank + qkRope)·decodeContextSum,
//            bytes (kvLoraRank + qkRope)·kvBytes·decodeContextSum.
//   kv_b's GEMM over the T new tokens is costed once, as [kvLoraRank → (heads/tp)·(qkNope + vHead)]
//   in both forms (the absorbed form's two per-head products have the same FLOPs and weights).
// Once per step: the LM head over numDecodeSeqs·q + numPrefillChunks rows (vLLM computes logits
// only at each sequence's last scheduled token, and at every verified position under
// speculative decoding), one GEMM [hidden → vocab/tp] with 16-bit weights and math; the
// embedding lookup's T·hidden·2 bytes as a memory term of its own, whatever the head's bound (a
// separate gather kernel); at tp>1 one more all-reduce of T·hidden·2 bytes (vocab-parallel
// embedding) and the all-gather of the logits, (tp−1)/tp · rows·vocab·2 bytes; and
// stepOverheadSeconds.
// Pipeline parallelism (stageTimes, pp stages with n_s layers from ppPartition = vLLM's
// get_pp_indices; for MoE, d_s dense-MLP and e_s MoE layers with the dense ones leading): stage s
// takes t_s = n_s·(one layer's GEMMs + attention) + d_s·denseMLP + e_s·MoE + 2·n_s all-reduces,
// plus on s = 0 the embedding lookup's T·hidden·2 bytes and its all-reduce, and on s = pp − 1 the
// LM head and the logits gather. The step overhead is returned apart (CPU side, once per
// micro-batch) and so is one stage-to-stage activation send,
// p2p = allReduceLatencySeconds + T·hidden·2 / (interconnect·allReduceBandwidthEfficiency).
// stepTime is unchanged by pp: it is the whole model as one stage (s = 0 = pp − 1), so at pp = 1
// stageTimes' one stage plus the overhead is stepTime's total exactly.
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
// Small-M streaming: weights stream at a higher fraction of peak bandwidth when a GEMM has few
// rows (a GEMV-like pass reading each weight once, little activation traffic, no tile-shape
// waste) than in the batched steps the calibration is dominated by. Every GEMM's memory time
// (and the β·tm part of its compute time) is multiplied by
//   s(M) = 1 / (1 + g·K/(K + M)),   M = the GEMM's rows (T for the layers' GEMMs and the experts,
//                                   the logits rows for the LM head),
// so the achieved fraction is memoryBandwidthEfficiency·(1 + g·K/(K + M)): ≈ (1 + g) at one token,
// (1 + g/2) at M = K, → memoryBandwidthEfficiency (the calibrated, batched value) as M grows;
// s rises with M, so memory time stays non-decreasing in M. g = 0.2, K = 32 from the same
// vidur_profiling_mlp_sample.csv: fitting t = W/(bandwidth·e(M)) + 5 µs to its memory-bound
// GEMMs (QKV, O, up, down at M ≤ 64 on A100, ≤ 128 on H100) gives, at K = 32, g = 0.17 (A100,
// 464 GEMMs, RMS log error 8.35% against 9.0% for a constant e) and g = 0.24 (H100, 420 GEMMs,
// 10.5% against 11.5%); K trades against g (K 16–128 fit within 0.1 point), so K = 32 and the
// mean g. The medians of the large (≥ 50 MB) GEMMs show the same fall: 0.82 of peak at M = 1–8
// on H100, 0.77–0.78 at 32–64, 0.75 at 128 (A100: 0.76 at 1, 0.71–0.72 at 8–64; kernel latency
// included). At the calibrated 0.72 and g = 0.2 batch-1 weights would stream at 0.86 of peak; the
// calibration in force sets g = 0 (off: sim/hardware/calibration.ts says why), so s = 1.
// NOTE: the KV-cache reads of attention keep attentionMemoryEfficiency at any batch (their
// bytes grow with context, not rows), and so does the embedding gather.
// Invariants: stepTime allocates nothing and does not loop over layers (one layer's time × numLayers,
// or, for MoE, × the number of dense and MoE layers); it is O(prefill chunks);
// out.computeSeconds + memorySeconds + communicationSeconds + overheadSeconds = totalSeconds and
// out.gemmSeconds + attentionSeconds + communicationSeconds + overheadSeconds = totalSeconds;
// time is non-decreasing in every token count and in decodeContextSum; an empty step takes 0.
// NOTE: elementwise kernels (RMSNorm, RoPE, SiLU·mul, residual add) are not modelled: engines
// fuse most of them, and the Vidur sample puts them at ~4% of layer time at 4096 tokens (Qwen-72B
// on A100: 1.4 ms of 32 ms); at small T their launch cost is part of what kernelLatencySeconds
// and stepOverheadSeconds absorb. The same sample measures them launch-bound at few tokens: the
// median per-layer sum of its five unfused PyTorch kernels is 19–22 µs on H100 and 25–27 µs on
// A100 at T = 1–64, flat in T. Charging that per layer (tried with the small-M streaming term,
// before any refit) moved calibration.csv from 10.15% to 9.99% MAPE but holdout.csv from 10.08% to
// 10.76% and cancelled the light-load ITL gain; TensorRT-LLM, the calibration's engine, fuses
// most of them (residual + RMSNorm, RoPE into attention), so it is left to the fitted overheads. KV-cache writes (T·2·kvHeadsPerGpu·headDim·kvBytes per layer)
// are likewise left out: 1 MiB per layer for 256 Llama-3-8B decode tokens against 436 MB of
// layer weights, and prefill, where they are larger, is compute-bound.
// NOTE: all-reduce payloads are 16-bit: GEMM outputs are bf16 in every engine even when the GEMM
// inputs are fp8 or fp4.
// NOTE: MoE is tensor-parallel only: expert parallelism (all-to-all dispatch), the routing
// kernels (top-k, token permutation) and load imbalance between experts are not modelled.
// NOTE: MLA's kv_b (and vLLM's 16-bit W_UK/W_UV copies for the absorbed decode form) is costed at
// the attention family's weight format; its weight bytes are small (32 MiB per layer in bf16 at tp=1).

import type { Seconds } from '../units.ts';
import { CALIBRATION, paramsFromCalibration, pcieClass } from './calibration.ts';
import { nvlinkAllReduceFactors } from './nvlink-collectives.ts';
import type { ResolvedPrecision } from './dtype.ts';
import { UNQUANTISED_BYTES, kvBytesPerTokenPerGpu, kvHeadsPerGpu, ppPartition } from './model-math.ts';
import type { CostModel, GpuSpec, ModelSpec, StageTimes, StepBreakdown } from './types.ts';
import type { SchedulerOutput } from '../step/index.ts';

export interface CostModelParams {
  /** Achieved fraction of peak tensor FLOP/s in large GEMMs. */
  gemmComputeEfficiency: number;
  /**
   * Fraction β of a GEMM's memory time that is not hidden under its math (the small-M shape
   * term: efficiency at M tokens is eff·M/(M + β·ridge)).
   */
  gemmUnhiddenLoadFraction: number;
  /** Achieved fraction of peak HBM bandwidth when streaming weights and activations (large M). */
  memoryBandwidthEfficiency: number;
  /**
   * How much faster GEMMs stream their operands at few tokens than at many: at M tokens the
   * achieved fraction is memoryBandwidthEfficiency·(1 + g·K/(K + M)), g this gain (0: none).
   */
  smallBatchStreamingGain: number;
  /** K of smallBatchStreamingGain: the token count at which half of the gain is left. */
  smallBatchStreamingTokens: number;
  /** Fixed time of each GEMM and attention kernel (fill, drain, launch inside a CUDA graph). */
  kernelLatencySeconds: number;
  /** Achieved fraction of peak FLOP/s in prefill attention. */
  attentionComputeEfficiency: number;
  /** Achieved fraction of peak HBM bandwidth when attention reads the KV cache. */
  attentionMemoryEfficiency: number;
  /** Fixed time of one all-reduce (or the logits gather) between 2 GPUs: one direct exchange. */
  allReduceLatencySeconds: number;
  /** The same for 4 or more GPUs, where the collective takes several dependent steps. */
  allReduceMultiGpuLatencySeconds: number;
  /** Achieved fraction of unidirectional interconnect bandwidth as all-reduce bus bandwidth. */
  allReduceBandwidthEfficiency: number;
  /**
   * Among 3+ GPUs, the message size (bytes) up to which the all-reduce's fixed time is below
   * allReduceMultiGpuLatencySeconds: it rises linearly from allReduceLatencySeconds (one direct
   * exchange) at 0 bytes to the multi-GPU latency at this size (the header's small-message
   * all-reduce). 0: the multi-GPU latency at any size (NCCL).
   */
  allReduceSmallMessageBytes: number;
  /** Fixed per-step cost: scheduling, input preparation, sampling not overlapped with the GPU. */
  stepOverheadSeconds: number;
  /**
   * Per-step cost of each sequence in the batch (each decoding sequence and prefill chunk):
   * sampling, logits processing, bookkeeping. Once per sequence also in a speculative verify
   * step, whatever its 1 + γ positions (fitted on plain decoding; the rejection sampler runs on
   * the GPU, batched over the positions).
   */
  perSequenceOverheadSeconds: number;
}

/**
 * g and K of the small-M streaming term (header): fitted to the Vidur GEMM sample, see there.
 */
export const SMALL_BATCH_STREAMING_GAIN = 0.2;
export const SMALL_BATCH_STREAMING_TOKENS = 32;

/**
 * Measured defaults (measuredCostModelParams); defaultCostModelParams overlays the fields that
 * calibration.ts fitted to calibration.csv.
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
 *   2 KiB–1 MiB messages take 7 µs between 2 GPUs and 34–43 µs among 4–8 (DGX A100: 10 and
 *   61–64 µs), so 0.6, 7 µs and 38 µs; an NVLink 3 GPU (A100 SXM) takes DGX A100's own 10 µs
 *   between 2, and among 3+ these figures times nvlink-collectives.ts's factors, as calibrated
 *   (one rule for both: 69 µs and 0.44). PCIe (A100 PCIe VMs with NVLink-bridged pairs): 7 µs for a
 *   pair, 66 µs among 4, 23.7 GB/s bus bandwidth = 0.74 of 32 GB/s.
 * - smallBatchStreamingGain 0.2, smallBatchStreamingTokens 32: the small-M streaming term (header).
 * - perSequenceOverheadSeconds 0 before calibration (no isolated measurement; calibration.ts fits it).
 * - stepOverheadSeconds 1 ms: the CPU work per step not overlapped with the GPU. vLLM V1 overlaps
 *   scheduling with execution because a Llama-8B step on H100 can be ~5 ms of GPU time
 *   (vLLM V1 blog, https://blog.vllm.ai/2025/01/27/v1-alpha-release.html); Hugging Face measured
 *   24% GPU idle without overlap (8B, batch 32, H200; ≈ 2 ms per step), and TensorRT-LLM's C++
 *   runtime (the calibration source) has less; 1 ms sits between.
 */
export function defaultCostModelParams(gpu: GpuSpec): CostModelParams {
  return { ...measuredCostModelParams(gpu), ...paramsFromCalibration(gpu, CALIBRATION) };
}

/** The parameters before calibration: each from its measurement source above. */
export function measuredCostModelParams(gpu: GpuSpec): CostModelParams {
  const pcie = pcieClass(gpu);
  const nvlink = nvlinkAllReduceFactors(gpu);
  return {
    gemmComputeEfficiency: 0.78,
    gemmUnhiddenLoadFraction: 0.45,
    memoryBandwidthEfficiency: 0.82,
    smallBatchStreamingGain: SMALL_BATCH_STREAMING_GAIN,
    smallBatchStreamingTokens: SMALL_BATCH_STREAMING_TOKENS,
    kernelLatencySeconds: 5e-6,
    attentionComputeEfficiency: 0.5,
    attentionMemoryEfficiency: 0.75,
    allReduceLatencySeconds: gpu.nvlinkGeneration === 3 ? 10e-6 : 7e-6,
    allReduceMultiGpuLatencySeconds: pcie ? 66e-6 : 38e-6 * nvlink.latency,
    allReduceBandwidthEfficiency: pcie ? 0.74 : 0.6 * nvlink.efficiency,
    allReduceSmallMessageBytes: 0,
    stepOverheadSeconds: 1e-3,
    perSequenceOverheadSeconds: 0,
  };
}

export interface RooflineCostModelInput {
  model: ModelSpec;
  gpu: GpuSpec;
  precision: ResolvedPrecision;
  tp: number;
  /** Pipeline stages (default 1): only stageTimes uses them; stepTime is the whole model. */
  pp?: number;
  params: CostModelParams;
}

/** One GEMM on one GPU, y[T×N] = x[T×K]·W[K×N], with the formats it stores and computes in. */
interface GemmShape {
  k: number;
  n: number;
  weightBytes: number;
  inputBytes: number;
  /** Peak FLOP/s of its math format. */
  peak: number;
}

/**
 * GEMMs as lines in T: memory m(T) = (mA + mB·T)·s(T), compute c(T) = β·m(T) + cB·T, and
 * time(T) = max(c, m) + kernelLatency, one entry per GEMM (s(T): streamingScale).
 */
class GemmGroup {
  readonly count: number;
  /** Seconds per token of math alone: 2·K·N / (peak·gemmComputeEfficiency). */
  readonly computeSlope: Float64Array;
  readonly memoryIntercept: Float64Array;
  readonly memorySlope: Float64Array;

  constructor(shapes: readonly GemmShape[], bw: number, p: CostModelParams) {
    this.count = shapes.length;
    this.computeSlope = new Float64Array(shapes.length);
    this.memoryIntercept = new Float64Array(shapes.length);
    this.memorySlope = new Float64Array(shapes.length);
    shapes.forEach(({ k, n, weightBytes, inputBytes, peak }, g) => {
      this.memoryIntercept[g] = (k * n * weightBytes) / bw;
      this.memorySlope[g] = (k * inputBytes + n * UNQUANTISED_BYTES) / bw;
      this.computeSlope[g] = (2 * k * n) / (peak * p.gemmComputeEfficiency);
    });
  }
}

/** The two grouped GEMMs of the routed experts (gate+up, down). */
const NUM_EXPERT_GEMMS = 2;

export class RooflineCostModel implements CostModel {
  readonly numLayers: number;
  readonly tp: number;
  /** GEMMs of every layer: the attention projections, and the dense MLP of a dense model. */
  private readonly layerGemms: GemmGroup;
  /** MoE models: the dense MLP of the numDenseLayers layers (empty otherwise). */
  private readonly denseMlpGemms: GemmGroup;
  private readonly numDenseMlpLayers: number;
  /** MoE models: router and shared experts of each MoE layer (empty otherwise). */
  private readonly moeDenseGemms: GemmGroup;
  private readonly numMoeLayers: number;
  // Routed experts, per grouped GEMM e: memory = D(T)·weightSeconds[e] + T·k·pairMemory[e],
  // compute = β·memory + T·k·pairCompute[e].
  private readonly numExperts: number;
  private readonly numExpertsPerToken: number;
  /** ln(1 − k/E): the log-probability that one token misses a given expert (−∞ when k = E). */
  private readonly logExpertMissProbability: number;
  private readonly expertWeightSeconds = new Float64Array(NUM_EXPERT_GEMMS);
  private readonly expertPairMemorySeconds = new Float64Array(NUM_EXPERT_GEMMS);
  private readonly expertPairComputeSeconds = new Float64Array(NUM_EXPERT_GEMMS);
  private readonly beta: number;
  /** g and K of the small-M streaming term (streamingScale). */
  private readonly streamingGain: number;
  private readonly streamingTokens: number;
  /** streamingScale(T) of the step's T tokens (layerCosts sets it; the GEMMs over T use it). */
  private streamScale = 1;
  // LM head (once per step) over R rows; the embedding lookup adds per-token memory time.
  /** Seconds per logits row of the LM head's math alone. */
  private readonly lmComputeSlope: number;
  private readonly lmMemoryIntercept: number;
  private readonly lmMemorySlope: number;
  private readonly embeddingSecondsPerToken: number;
  // Attention, one layer: seconds per unit of work.
  private readonly attentionSecondsPerFlop: number;
  private readonly attentionSecondsPerKvToken: number;
  /** FLOPs per (query, key) pair per layer in prefill: 4·(heads/tp)·headDim (MLA: 2·(heads/tp)·(qkNope + qkRope + vHead)). */
  private readonly prefillFlopsPerPair: number;
  /** FLOPs per (query, key) pair per layer in decode: as prefill (MLA absorbed: 2·(heads/tp)·(2·kvLoraRank + qkRope)). */
  private readonly decodeFlopsPerPair: number;
  /** MLA: seconds per prior-context token of a prefill chunk to decompress its latent through kv_b; 0 otherwise. */
  private readonly contextSecondsPerToken: number;
  private readonly kernelLatency: number;
  // Communication.
  private readonly allReduceLatency: number;
  /** Under the small-message ramp (tp ≥ 3): the fixed time at 0 bytes and its rise per token; else 0. */
  private readonly allReduceLatencyFloor: number;
  private readonly allReduceLatencyPerToken: number;
  /** Seconds per token of one all-reduce of T·hidden·2 bytes (bandwidth part). */
  private readonly allReduceSecondsPerToken: number;
  /** Seconds per logits row of the vocab-parallel LM head's gather (bandwidth part). */
  private readonly logitsGatherSecondsPerRow: number;
  private readonly stepOverhead: number;
  private readonly perSequenceOverhead: number;
  // Scratch results of gemmGroup (fields, so that stepTime allocates nothing).
  private groupCompute = 0;
  private groupMemory = 0;
  // Scratch results of layerCosts: one layer's GEMM and attention time by bound, rows of logits.
  private layerCompute = 0;
  private layerMemory = 0;
  private denseCompute = 0;
  private denseMemory = 0;
  private moeCompute = 0;
  private moeMemory = 0;
  private attnCompute = 0;
  private attnMemory = 0;
  private rows = 0;
  /** Sequences of the step (decoding sequences + prefill chunks): the per-sequence overhead count. */
  private sequences = 0;
  // Also from layerCosts: the embedding lookup's memory time, one all-reduce of the step's T
  // tokens and the logits gather (both 0 at tp = 1).
  private embedding = 0;
  private allReduce = 0;
  private gather = 0;
  // Scratch results of lmHead and stage.
  private headCompute = 0;
  private headMemory = 0;
  private stageCompute = 0;
  private stageMemory = 0;
  private stageCommunication = 0;
  private stageGemm = 0;
  private stageAttention = 0;
  // Pipeline parallelism: stages, their layers (all, dense-MLP, MoE), the activation send.
  readonly pp: number;
  private readonly stageLayers: Int32Array;
  private readonly stageDenseMlpLayers: Int32Array;
  private readonly stageMoeLayers: Int32Array;
  private readonly p2pLatency: number;
  private readonly p2pSecondsPerToken: number;

  constructor(input: RooflineCostModelInput) {
    const { model: m, gpu, precision, tp, params: p } = input;
    if (!Number.isInteger(tp) || tp < 1) throw new RangeError(`tp must be a positive integer, got ${tp}`);
    const pp = input.pp ?? 1;
    const parts = ppPartition(m.numLayers, pp);
    this.pp = pp;
    this.stageLayers = Int32Array.from(parts);
    this.stageDenseMlpLayers = new Int32Array(pp);
    this.stageMoeLayers = new Int32Array(pp);
    const numDense = m.moe === undefined ? 0 : m.moe.numDenseLayers;
    for (let s = 0, start = 0; s < pp; start += parts[s], s++) {
      // MoE models: the dense-MLP layers are the leading ones (DeepSeek-V3 first_k_dense_replace).
      const dense = m.moe === undefined ? 0 : Math.max(0, Math.min(start + parts[s], numDense) - start);
      this.stageDenseMlpLayers[s] = dense;
      this.stageMoeLayers[s] = m.moe === undefined ? 0 : parts[s] - dense;
    }
    const attentionGemm = precision.attentionGemm;
    const mlpGemm = precision.mlpGemm;
    const attentionGemmPeak = gpu.peakFlops[attentionGemm.math];
    const mlpGemmPeak = gpu.peakFlops[mlpGemm.math];
    const attentionPeak = gpu.peakFlops[precision.attentionMath];
    if (attentionGemmPeak === undefined || mlpGemmPeak === undefined || attentionPeak === undefined) {
      throw new Error(
        `${gpu.id} has no ${mlpGemm.math}/${attentionGemm.math}/${precision.attentionMath} peak: resolve the precision with resolvePrecision first`,
      );
    }
    this.numLayers = m.numLayers;
    this.tp = tp;
    const bw = gpu.memoryBandwidth * p.memoryBandwidthEfficiency;
    this.beta = p.gemmUnhiddenLoadFraction;
    this.streamingGain = p.smallBatchStreamingGain;
    this.streamingTokens = p.smallBatchStreamingTokens;
    const attn = (k: number, n: number): GemmShape => ({
      k,
      n,
      weightBytes: attentionGemm.weightBytes,
      inputBytes: attentionGemm.inputBytes,
      peak: attentionGemmPeak,
    });
    const mlp = (k: number, n: number): GemmShape => ({
      k,
      n,
      weightBytes: mlpGemm.weightBytes,
      inputBytes: mlpGemm.inputBytes,
      peak: mlpGemmPeak,
    });

    const headsPerGpu = m.numAttentionHeads / tp;
    const kvHeads = kvHeadsPerGpu(m, tp);
    const mla = m.mla;
    // [K, N] of y = x·W on one GPU.
    const attentionShapes: GemmShape[] =
      mla === undefined
        ? [
            attn(m.hiddenSize, (headsPerGpu + 2 * kvHeads) * m.headDim), // QKV (column parallel)
            attn(headsPerGpu * m.headDim, m.hiddenSize), // O (row parallel)
          ]
        : [
            ...(mla.qLoraRank !== undefined
              ? [
                  attn(m.hiddenSize, mla.qLoraRank), // q_a (replicated)
                  attn(mla.qLoraRank, headsPerGpu * (mla.qkNopeHeadDim + mla.qkRopeHeadDim)), // q_b (column parallel)
                ]
              : [attn(m.hiddenSize, headsPerGpu * (mla.qkNopeHeadDim + mla.qkRopeHeadDim))]), // q (column parallel)
            attn(m.hiddenSize, mla.kvLoraRank + mla.qkRopeHeadDim), // kv_a (replicated)
            attn(mla.kvLoraRank, headsPerGpu * (mla.qkNopeHeadDim + mla.vHeadDim)), // kv_b (column parallel)
            attn(headsPerGpu * mla.vHeadDim, m.hiddenSize), // o (row parallel)
          ];
    const denseMlpShapes = [
      mlp(m.hiddenSize, (2 * m.intermediateSize) / tp), // gate+up (column parallel)
      mlp(m.intermediateSize / tp, m.hiddenSize), // down (row parallel)
    ];
    const moe = m.moe;
    this.layerGemms = new GemmGroup(moe === undefined ? [...attentionShapes, ...denseMlpShapes] : attentionShapes, bw, p);
    this.denseMlpGemms = new GemmGroup(moe === undefined ? [] : denseMlpShapes, bw, p);
    this.numDenseMlpLayers = moe === undefined ? 0 : moe.numDenseLayers;
    this.numMoeLayers = moe === undefined ? 0 : m.numLayers - moe.numDenseLayers;
    const moeDenseShapes: GemmShape[] = [];
    if (moe !== undefined) {
      // Router: 16-bit weights and math, replicated (vLLM GateLinear / ReplicatedLinear).
      moeDenseShapes.push({
        k: m.hiddenSize,
        n: moe.numExperts,
        weightBytes: UNQUANTISED_BYTES,
        inputBytes: UNQUANTISED_BYTES,
        peak: gpu.peakFlops.fp16,
      });
      const shared = moe.numSharedExperts * moe.sharedExpertIntermediateSize;
      if (shared > 0) moeDenseShapes.push(mlp(m.hiddenSize, (2 * shared) / tp), mlp(shared / tp, m.hiddenSize));
      const expertShapes = [
        mlp(m.hiddenSize, (2 * moe.expertIntermediateSize) / tp), // experts' gate+up (grouped, column parallel)
        mlp(moe.expertIntermediateSize / tp, m.hiddenSize), // experts' down (grouped, row parallel)
      ];
      expertShapes.forEach(({ k, n, weightBytes, inputBytes, peak }, e) => {
        this.expertWeightSeconds[e] = (k * n * weightBytes) / bw;
        this.expertPairMemorySeconds[e] = (k * inputBytes + n * UNQUANTISED_BYTES) / bw;
        this.expertPairComputeSeconds[e] = (2 * k * n) / (peak * p.gemmComputeEfficiency);
      });
    }
    this.moeDenseGemms = new GemmGroup(moeDenseShapes, bw, p);
    this.numExperts = moe === undefined ? 0 : moe.numExperts;
    this.numExpertsPerToken = moe === undefined ? 0 : moe.numExpertsPerToken;
    this.logExpertMissProbability = moe === undefined ? 0 : Math.log(1 - moe.numExpertsPerToken / moe.numExperts);

    // LM head: 16-bit weights and math (quantised checkpoints leave lm_head unquantised).
    const lmFlops = gpu.peakFlops.fp16 * p.gemmComputeEfficiency;
    const vocabPerGpu = m.vocabSize / tp;
    this.lmMemoryIntercept = (m.hiddenSize * vocabPerGpu * UNQUANTISED_BYTES) / bw;
    this.lmMemorySlope = ((m.hiddenSize + vocabPerGpu) * UNQUANTISED_BYTES) / bw;
    this.lmComputeSlope = (2 * m.hiddenSize * vocabPerGpu) / lmFlops;
    this.embeddingSecondsPerToken = (m.hiddenSize * UNQUANTISED_BYTES) / bw;

    this.attentionSecondsPerFlop = 1 / (attentionPeak * p.attentionComputeEfficiency);
    // One token's KV on this GPU in one layer: 2·kvHeadsPerGpu·headDim·kvBytes (MLA: the latent).
    const kvBytesPerLayer = kvBytesPerTokenPerGpu(m, precision.kvBytes, tp) / m.numLayers;
    this.attentionSecondsPerKvToken = kvBytesPerLayer / (gpu.memoryBandwidth * p.attentionMemoryEfficiency);
    if (mla === undefined) {
      this.prefillFlopsPerPair = 4 * headsPerGpu * m.headDim;
      this.decodeFlopsPerPair = this.prefillFlopsPerPair;
      this.contextSecondsPerToken = 0;
    } else {
      this.prefillFlopsPerPair = 2 * headsPerGpu * (mla.qkNopeHeadDim + mla.qkRopeHeadDim + mla.vHeadDim);
      this.decodeFlopsPerPair = 2 * headsPerGpu * (2 * mla.kvLoraRank + mla.qkRopeHeadDim);
      this.contextSecondsPerToken =
        (2 * mla.kvLoraRank * headsPerGpu * (mla.qkNopeHeadDim + mla.vHeadDim)) / (attentionGemmPeak * p.gemmComputeEfficiency);
    }
    this.kernelLatency = p.kernelLatencySeconds;

    const link = gpu.interconnectBandwidth * p.allReduceBandwidthEfficiency;
    this.allReduceLatency = tp <= 1 ? 0 : tp === 2 ? p.allReduceLatencySeconds : p.allReduceMultiGpuLatencySeconds;
    const ramp = tp >= 3 && p.allReduceSmallMessageBytes > 0 && p.allReduceMultiGpuLatencySeconds > p.allReduceLatencySeconds;
    this.allReduceLatencyFloor = ramp ? p.allReduceLatencySeconds : 0;
    this.allReduceLatencyPerToken = ramp
      ? ((p.allReduceMultiGpuLatencySeconds - p.allReduceLatencySeconds) * m.hiddenSize * UNQUANTISED_BYTES) / p.allReduceSmallMessageBytes
      : 0;
    this.allReduceSecondsPerToken = tp > 1 ? ((2 * (tp - 1)) / tp) * ((m.hiddenSize * UNQUANTISED_BYTES) / link) : 0;
    this.logitsGatherSecondsPerRow = tp > 1 ? (((tp - 1) / tp) * (m.vocabSize * UNQUANTISED_BYTES)) / link : 0;
    this.stepOverhead = p.stepOverheadSeconds;
    this.perSequenceOverhead = p.perSequenceOverheadSeconds;
    // Stage-to-stage activation send: T·hidden·2 bytes point to point, plus a 2-GPU latency.
    this.p2pLatency = pp > 1 ? p.allReduceLatencySeconds : 0;
    this.p2pSecondsPerToken = pp > 1 ? (m.hiddenSize * UNQUANTISED_BYTES) / link : 0;
  }

  /**
   * 1 / (1 + g·K/(K + M)): the factor on a GEMM's memory time at M tokens (g = 0: 1). Rises
   * towards 1 with M, so memory time stays non-decreasing in M.
   */
  private streamingScale(M: number): number {
    return this.streamingGain === 0 ? 1 : 1 / (1 + (this.streamingGain * this.streamingTokens) / (this.streamingTokens + M));
  }

  /** Sums a group's GEMM times at T tokens into groupCompute / groupMemory by their bound. */
  private gemmGroup(group: GemmGroup, T: number): void {
    let compute = 0;
    let memory = 0;
    const cB = group.computeSlope;
    const mA = group.memoryIntercept;
    const mB = group.memorySlope;
    const s = this.streamScale;
    const beta = this.beta;
    for (let g = 0; g < group.count; g++) {
      const m = (mA[g] + mB[g] * T) * s;
      const c = beta * m + cB[g] * T;
      if (c > m) compute += c + this.kernelLatency;
      else memory += m + this.kernelLatency;
    }
    this.groupCompute = compute;
    this.groupMemory = memory;
  }

  /**
   * One forward pass's per-layer and per-step costs into the scratch fields (no allocation);
   * returns T, the step's tokens (0: an empty step, nothing else written).
   */
  private layerCosts(shape: SchedulerOutput): number {
    const numDecode = shape.numDecodeSeqs;
    const q = shape.decodeQueryTokens;
    const decodeTokens = numDecode * q;
    const numChunks = shape.numPrefillChunks;
    const chunkTokens = shape.prefillChunkTokens;
    const chunkContext = shape.prefillChunkContext;
    let prefillTokens = 0;
    for (let i = 0; i < numChunks; i++) prefillTokens += chunkTokens[i];
    const T = decodeTokens + prefillTokens;
    if (T <= 0) return 0;

    // The GEMMs every layer has.
    this.streamScale = this.streamingScale(T);
    this.gemmGroup(this.layerGemms, T);
    this.layerCompute = this.groupCompute;
    this.layerMemory = this.groupMemory;

    // MoE models: the dense-MLP layers, and each MoE layer's router, shared and routed experts.
    let denseCompute = 0;
    let denseMemory = 0;
    let moeCompute = 0;
    let moeMemory = 0;
    if (this.numDenseMlpLayers > 0) {
      this.gemmGroup(this.denseMlpGemms, T);
      denseCompute = this.groupCompute;
      denseMemory = this.groupMemory;
    }
    if (this.numMoeLayers > 0) {
      this.gemmGroup(this.moeDenseGemms, T);
      moeCompute = this.groupCompute;
      moeMemory = this.groupMemory;
      // Expected distinct experts touched by T tokens under uniform routing: E·(1 − (1 − k/E)^T),
      // as exp(T·ln(1 − k/E)) (Math.exp is several times cheaper than Math.pow here).
      const experts = this.numExperts * (1 - Math.exp(T * this.logExpertMissProbability));
      const pairs = T * this.numExpertsPerToken;
      for (let e = 0; e < NUM_EXPERT_GEMMS; e++) {
        const m = (experts * this.expertWeightSeconds[e] + pairs * this.expertPairMemorySeconds[e]) * this.streamScale;
        const c = this.beta * m + pairs * this.expertPairComputeSeconds[e];
        if (c > m) moeCompute += c + this.kernelLatency;
        else moeMemory += m + this.kernelLatency;
      }
    }
    this.denseCompute = denseCompute;
    this.denseMemory = denseMemory;
    this.moeCompute = moeCompute;
    this.moeMemory = moeMemory;

    // One layer's attention: each prefill chunk, then the decode sequences together.
    let attnCompute = 0;
    let attnMemory = 0;
    const prefillFlopsPerPair = this.prefillFlopsPerPair;
    const secPerFlop = this.attentionSecondsPerFlop;
    const secPerKvToken = this.attentionSecondsPerKvToken;
    const secPerContextToken = this.contextSecondsPerToken;
    for (let i = 0; i < numChunks; i++) {
      const c = chunkTokens[i];
      const prior = chunkContext[i];
      const tc = prefillFlopsPerPair * c * (prior + (c + 1) / 2) * secPerFlop + prior * secPerContextToken;
      const tm = (prior + c) * secPerKvToken;
      if (tc > tm) attnCompute += tc;
      else attnMemory += tm;
    }
    if (numDecode > 0) {
      const ctx = shape.decodeContextSum;
      // q query tokens per sequence attend ctx, ctx − 1, …, ctx − q + 1 keys; the KV is read once.
      const pairs = q * ctx - (numDecode * q * (q - 1)) / 2;
      const tc = this.decodeFlopsPerPair * pairs * secPerFlop;
      const tm = ctx * secPerKvToken;
      if (tc > tm) attnCompute += tc;
      else attnMemory += tm;
    }
    // One attention kernel per layer; its fixed time goes with the bound that dominates.
    if (attnCompute > attnMemory) attnCompute += this.kernelLatency;
    else attnMemory += this.kernelLatency;
    this.attnCompute = attnCompute;
    this.attnMemory = attnMemory;
    const rows = decodeTokens + numChunks;
    this.rows = rows;
    this.sequences = numDecode + numChunks;
    this.embedding = this.embeddingSecondsPerToken * T;
    // At tp = 1 the latency and the per-token and per-row costs are 0.
    const latency = this.allReduceLatencyPerToken > 0 ? Math.min(this.allReduceLatency, this.allReduceLatencyFloor + this.allReduceLatencyPerToken * T) : this.allReduceLatency;
    this.allReduce = latency + this.allReduceSecondsPerToken * T;
    this.gather = this.allReduceLatency + this.logitsGatherSecondsPerRow * rows;
    return T;
  }

  /**
   * The LM head over this.rows logit rows into headCompute / headMemory, its kernel latency with
   * the bound that dominates; `embedding` (the lookup's memory time when on the same GPU, else 0)
   * joins the memory side whatever the head's bound.
   */
  private lmHead(embedding: number): void {
    const rows = this.rows;
    // The LM head is a GEMM over `rows` rows: its own small-M streaming factor.
    const m = (this.lmMemoryIntercept + this.lmMemorySlope * rows) * this.streamingScale(rows);
    const c = this.beta * m + this.lmComputeSlope * rows;
    if (c > m) {
      this.headCompute = c + this.kernelLatency;
      this.headMemory = embedding;
    } else {
      this.headCompute = 0;
      this.headMemory = m + embedding + this.kernelLatency;
    }
  }

  /**
   * One stage of the step layerCosts costed, into the stage* scratch fields: n layers (d with a
   * dense MLP, e MoE; see the header) with 2·n all-reduces, the embedding and its all-reduce when
   * `first`, the LM head and the logits gather when `last`. The whole model is (L, dense, MoE
   * layers, true, true).
   */
  private stage(n: number, d: number, e: number, first: boolean, last: boolean): void {
    let c = n * (this.layerCompute + this.attnCompute) + d * this.denseCompute + e * this.moeCompute;
    let m = n * (this.layerMemory + this.attnMemory) + d * this.denseMemory + e * this.moeMemory;
    let g = n * (this.layerCompute + this.layerMemory) + d * (this.denseCompute + this.denseMemory) + e * (this.moeCompute + this.moeMemory);
    let comm = (2 * n + (first ? 1 : 0)) * this.allReduce;
    const embedding = first ? this.embedding : 0;
    if (last) {
      this.lmHead(embedding);
      c += this.headCompute;
      m += this.headMemory;
      g += this.headCompute + this.headMemory;
      comm += this.gather;
    } else {
      m += embedding;
      g += embedding;
    }
    this.stageCompute = c;
    this.stageMemory = m;
    this.stageCommunication = comm;
    this.stageGemm = g;
    this.stageAttention = n * (this.attnCompute + this.attnMemory);
  }

  stepTime(shape: SchedulerOutput, out: StepBreakdown): Seconds {
    const T = this.layerCosts(shape);
    if (T <= 0) {
      out.totalSeconds = 0;
      out.computeSeconds = 0;
      out.memorySeconds = 0;
      out.communicationSeconds = 0;
      out.overheadSeconds = 0;
      out.gemmSeconds = 0;
      out.attentionSeconds = 0;
      out.draftSeconds = 0;
      return 0;
    }
    this.stage(this.numLayers, this.numDenseMlpLayers, this.numMoeLayers, true, true);
    const overhead = this.stepOverhead + this.perSequenceOverhead * this.sequences;
    const total = this.stageCompute + this.stageMemory + this.stageCommunication + overhead;
    out.totalSeconds = total;
    out.computeSeconds = this.stageCompute;
    out.memorySeconds = this.stageMemory;
    out.communicationSeconds = this.stageCommunication;
    out.overheadSeconds = overhead;
    out.gemmSeconds = this.stageGemm;
    out.attentionSeconds = this.stageAttention;
    out.draftSeconds = 0;
    return total;
  }

  /**
   * Pipeline-parallel timing of one micro-batch over the pp stages given at construction (see
   * the header): each stage's layers and their all-reduces, the embedding (and its all-reduce)
   * on stage 0, the LM head and logits gather on stage pp − 1; the overhead once; one transfer.
   */
  stageTimes(shape: SchedulerOutput, out: StageTimes, breakdown: StepBreakdown): void {
    const pp = this.pp;
    const stages = out.stageSeconds;
    if (stages.length !== pp) throw new Error(`internal: stageTimes for ${stages.length} stages on a model built for pp=${pp}`);
    const T = this.layerCosts(shape);
    if (T <= 0) {
      stages.fill(0);
      out.overheadSeconds = 0;
      out.transferSeconds = 0;
      this.stepTime(shape, breakdown);
      return;
    }
    let compute = 0;
    let memory = 0;
    let communication = 0;
    let gemm = 0;
    let attention = 0;
    for (let s = 0; s < pp; s++) {
      this.stage(this.stageLayers[s], this.stageDenseMlpLayers[s], this.stageMoeLayers[s], s === 0, s === pp - 1);
      stages[s] = this.stageCompute + this.stageMemory + this.stageCommunication;
      compute += this.stageCompute;
      memory += this.stageMemory;
      communication += this.stageCommunication;
      gemm += this.stageGemm;
      attention += this.stageAttention;
    }
    const overhead = this.stepOverhead + this.perSequenceOverhead * this.sequences;
    const transfer = this.p2pLatency + this.p2pSecondsPerToken * T;
    out.overheadSeconds = overhead;
    out.transferSeconds = transfer;
    communication += (pp - 1) * transfer;
    breakdown.computeSeconds = compute;
    breakdown.memorySeconds = memory;
    breakdown.communicationSeconds = communication;
    breakdown.overheadSeconds = overhead;
    breakdown.gemmSeconds = gemm;
    breakdown.attentionSeconds = attention;
    breakdown.draftSeconds = 0;
    breakdown.totalSeconds = compute + memory + communication + overhead;
  }
}
