// Number formats: how many bytes an element takes in storage, and which format a GEMM and the
// attention kernel actually compute in on a given GPU. `resolvePrecision` turns the scenario's
// precision request (weights, optional attention-projection weights, activations and KV cache)
// into storage formats, byte sizes and math formats per GEMM family, and says in `notes` every
// time the hardware forces a fallback.
// Invariants: storage formats never change because of the GPU (a checkpoint quantised to fp8 is
// 1 byte per weight on any GPU) except a 4-bit KV cache (nvfp4 / mxfp4 only on FP4-capable GPUs,
// int4 nowhere); every math format is one the GPU runs natively (`gpu.peakFlops[math]` is
// defined); without `attentionWeights` both GEMM families resolve identically.
// GEMM families: `attentionGemm` = the attention projections (QKV and O; MLA's q_a, q_b, kv_a,
// kv_b and o), `mlpGemm` = the MLP (dense gate/up/down, routed and shared experts). The FP4/FP8
// hybrid (weights nvfp4, attentionWeights fp8) keeps the attention projections in fp8 and the
// MLP in FP4, the layout of NVIDIA's MIXED_PRECISION ModelOpt checkpoints (e.g.
// nvidia/DeepSeek-V4-Pro-NVFP4: routed experts NVFP4, attention kept at the FP8 base precision;
// https://github.com/NVIDIA/TensorRT-LLM/pull/16276). NOTE: shared experts belong to the MLP
// family here (those checkpoints keep them in FP8 too: 1 of the 9 experts a DeepSeek-V3 token uses).
// The LM head, the embedding and the MoE router stay 16-bit in every case.
// GEMM math of one family, from its weight format w and activation format a:
//   - a 16-bit (weight-only: W8A16, W4A16 AWQ/GPTQ via Marlin, fp8/fp4 weight-only): fp16 —
//     weights are upcast as they load;
//   - w 16-bit and a narrow: fp16 and a note (no engine quantises activations for 16-bit weights);
//   - w and a both floating-point narrow (fp8, nvfp4, mxfp4): the weight format — W8A8 runs in
//     fp8, W4A4/W4A8 NVFP4 and MXFP4 recipes in FP4 on Blackwell (activations quantised per
//     block inside the GEMM); MXFP4 uses the same FP4 tensor-core rate as NVFP4 (Blackwell's
//     block-scaled MMA takes both scale types; NVIDIA Blackwell architecture technical brief);
//   - w and a both integer (int8, int4): int8 — W8A8 SmoothQuant (Xiao et al. 2023,
//     arXiv:2211.10438) runs INT8 tensor-core GEMMs at the GPU's int8 TOPS; W4A8 integer (QServe,
//     Lin et al. 2024, arXiv:2405.04532) also computes in int8; INT4 tensor-core math (W4A4) is not
//     modelled and runs in int8 with a note;
//   - w int4 and a floating-point narrow: fp8 (TensorRT-LLM "W4A8 AWQ": INT4 weights dequantised
//     to FP8 and multiplied with FP8 activations on Ada/Hopper,
//     https://nvidia.github.io/TensorRT-LLM/reference/support-matrix.html);
//   - any other integer/float pairing (int8 weights with fp8 activations, fp8/fp4 weights with
//     int8 activations): no engine runs it, so fp16 (weight-only) with a note.
// Then the math falls back to what the GPU supports, as engines do:
//   - no FP8 tensor cores (Ampere): fp8 weights stay 1 byte, GEMMs run in fp16 (vLLM docs, "FP8
//     W8A8": FP8 computation needs compute capability >= 8.9; older GPUs run FP8 checkpoints as
//     weight-only W8A16 with FP8 Marlin, https://docs.vllm.ai/en/stable/features/quantization/fp8/;
//     vLLM PR #5975);
//   - no FP4 before Blackwell: nvfp4 and mxfp4 weights keep their 4.5 / 4.25 bits, GEMMs run in
//     fp8 on Hopper/Ada/CDNA3 (as if the checkpoint were W8A8) and fp16 on Ampere (weight-only);
//   - no fast INT8 (Blackwell Ultra, B300/GB300: INT8 is "heavily cut", gpu_specs.csv): int8 and
//     int4 weights keep their size, GEMMs run in fp16 (weight-only);
//   - fp8 KV cache stays 1 byte everywhere (vLLM kv_cache_dtype=fp8 works on Ampere by
//     dequantising in the attention kernel: https://docs.vllm.ai/en/latest/features/quantization/quantized_kvcache.html);
//   - a 4-bit float KV cache (nvfp4, mxfp4) is kept only on FP4-capable GPUs, else stored in fp8;
//   - an int4 KV cache is stored in int8: neither vLLM (fp8 only) nor TensorRT-LLM (fp8, int8,
//     nvfp4) stores an int4 KV cache.
// NOTE: attention math is fp8 when the KV cache is a float format of 8 bits or fewer and the GPU
// has FP8 tensor cores (TensorRT-LLM's FP8 context FMHA, FlashAttention-3 FP8), else fp16; an
// int8 KV cache is dequantised to 16 bits inside the attention kernel (TensorRT-LLM INT8 KV).
// NOTE: fp16 and bf16 are the same cost everywhere; `math` names the 16-bit class 'fp16' and the
// FP4 class 'nvfp4'; a GEMM's input is read at the width of its math format.

import type { Dtype, GpuSpec, Precision } from './types.ts';

/**
 * Bytes per element in storage.
 * - nvfp4: 4-bit E2M1 values plus one FP8 (E4M3) scale per 16 values = 4 + 8/16 = 4.5 bits =
 *   0.5625 bytes (NVIDIA, "Introducing NVFP4 for efficient and accurate low-precision inference",
 *   https://developer.nvidia.com/blog/introducing-nvfp4-for-efficient-and-accurate-low-precision-inference/;
 *   the per-tensor FP32 scale is negligible and left out).
 * - mxfp4: 4-bit E2M1 values plus one E8M0 (8-bit power-of-two) scale per block of 32 =
 *   4 + 8/32 = 4.25 bits = 0.53125 bytes (OCP Microscaling Formats (MX) Specification v1.0, 2023,
 *   §5 "MXFP4: k = 32, scale E8M0, element FP4 E2M1",
 *   https://www.opencompute.org/documents/ocp-microscaling-formats-mx-v1-0-spec-final-pdf).
 * - int8: 8 bits; the scales are per output channel (SmoothQuant W8A8, compressed-tensors
 *   channel-wise W8A16) or per tensor, so negligible.
 * - int4: AWQ/GPTQ with group size 128: 4-bit values, one fp16 scale and one 4-bit zero point per
 *   group of 128 input elements = 4 + (16 + 4)/128 = 4.15625 bits = 0.51953125 bytes. The layout is
 *   vLLM's AWQLinearMethod.create_weights (qweight int32 [in, out/8], qzeros int32 [in/128, out/8]
 *   — eight 4-bit zeros per int32 — and scales fp16 [in/128, out]),
 *   https://github.com/vllm-project/vllm/blob/main/vllm/model_executor/layers/quantization/awq.py;
 *   GPTQ's qzeros/scales have the same shapes (Frantar et al. 2023, arXiv:2210.17323; Lin et al.
 *   2024, AWQ, arXiv:2306.00978).
 */
export const BYTES_PER_ELEMENT: Readonly<Record<Dtype, number>> = {
  fp32: 4,
  fp16: 2,
  bf16: 2,
  fp8: 1,
  nvfp4: 4.5 / 8,
  mxfp4: 4.25 / 8,
  int8: 1,
  int4: (4 + (16 + 4) / 128) / 8,
};

export function bytesPerElement(dtype: Dtype): number {
  return BYTES_PER_ELEMENT[dtype];
}

/** The format a tensor-core operation runs in: the 16-bit class, fp8, the FP4 class (nvfp4, mxfp4) or int8. */
export type MathFormat = 'fp16' | 'fp8' | 'nvfp4' | 'int8';

/** The scenario's request: every field optional (weights default to bf16). */
export interface PrecisionRequest {
  /** Storage format of the linear layers' weights (all of them, or the MLP's when attentionWeights is set). */
  weights?: Dtype;
  /** Storage format of the attention projections (QKV and O; MLA's projections): the hybrid. Default: weights. */
  attentionWeights?: Dtype;
  activations?: Dtype;
  kvCache?: Dtype;
}

/** How one GEMM family stores and computes. */
export interface GemmPrecision {
  /** Storage format of the family's weights. */
  weights: Dtype;
  /** Storage bytes per weight element. */
  weightBytes: number;
  /** Activation format at the family's GEMM inputs. */
  activations: Dtype;
  activationBytes: number;
  /** The format the family's GEMMs run in on this GPU. */
  math: MathFormat;
  /** Bytes per GEMM input element as the kernel reads it (the width of `math`). */
  inputBytes: number;
}

export interface ResolvedPrecision extends Precision {
  /** Storage format of the attention projections (equals `weights` unless hybrid). */
  attentionWeights: Dtype;
  /** Storage bytes per weight element of the MLP's linear layers (= mlpGemm.weightBytes). */
  weightBytes: number;
  /** Storage bytes per activation element at the MLP's GEMM inputs (= mlpGemm.activationBytes). */
  activationBytes: number;
  /** Storage bytes per KV-cache element. */
  kvBytes: number;
  /** The format the MLP's GEMMs run in on this GPU (= mlpGemm.math). */
  gemmMath: MathFormat;
  /** The format the attention kernel computes QKᵀ and PV in. */
  attentionMath: MathFormat;
  /** The attention projections: QKV and O (MLA: q_a, q_b, kv_a, kv_b, o). */
  attentionGemm: GemmPrecision;
  /** The MLP: dense gate/up/down and the experts' GEMMs. */
  mlpGemm: GemmPrecision;
  /** One sentence per fallback or default worth knowing, for the report. */
  notes: string[];
}

type Family = 'wide' | 'float' | 'int';

const FAMILY: Readonly<Record<Dtype, Family>> = {
  fp32: 'wide',
  fp16: 'wide',
  bf16: 'wide',
  fp8: 'float',
  nvfp4: 'float',
  mxfp4: 'float',
  int8: 'int',
  int4: 'int',
};

/** Nominal width in bits, for messages. */
const NOMINAL_BITS: Readonly<Record<Dtype, number>> = { fp32: 32, fp16: 16, bf16: 16, fp8: 8, nvfp4: 4, mxfp4: 4, int8: 8, int4: 4 };

function supports(gpu: GpuSpec, math: MathFormat): boolean {
  return gpu.peakFlops[math] !== undefined;
}

/** The fallback chains FP4 → fp8 → fp16 and int8 → fp16, to what the GPU supports. */
function fallback(gpu: GpuSpec, wanted: MathFormat): MathFormat {
  if (wanted === 'int8') return supports(gpu, 'int8') ? 'int8' : 'fp16';
  if (wanted === 'nvfp4' && supports(gpu, 'nvfp4')) return 'nvfp4';
  if (wanted !== 'fp16' && supports(gpu, 'fp8')) return 'fp8';
  return 'fp16';
}

const MATH_NAME: Readonly<Record<MathFormat, string>> = { fp16: 'fp16', fp8: 'fp8', nvfp4: 'FP4', int8: 'int8' };

/** Activations of a family when the request names none: fp8 for float-quantised weights, 16-bit for integer (weight-only). */
function defaultActivations(weights: Dtype): Dtype {
  const f = FAMILY[weights];
  return f === 'float' ? 'fp8' : f === 'int' ? 'bf16' : weights;
}

/** The KV cache when the request names none: fp8 next to float-quantised attention, else 16-bit. */
function defaultKvCache(attentionWeights: Dtype): Dtype {
  const f = FAMILY[attentionWeights];
  return f === 'float' ? 'fp8' : f === 'int' ? 'bf16' : attentionWeights;
}

/** The math a family asks for before the GPU is consulted, and why when it is not what the formats suggest. */
function wantedMath(weights: Dtype, activations: Dtype, label: string): { math: MathFormat; note?: string } {
  const w = FAMILY[weights];
  const a = FAMILY[activations];
  if (a === 'wide') return { math: 'fp16' };
  if (w === 'wide') {
    return {
      math: 'fp16',
      note: `${activations} activations with ${weights} ${label}: no engine runs 16-bit weights against ${NOMINAL_BITS[activations]}-bit activations, so GEMMs run in fp16`,
    };
  }
  if (w === 'float' && a === 'float') return { math: weights === 'fp8' ? 'fp8' : 'nvfp4' };
  if (w === 'int' && a === 'int') {
    if (activations === 'int4') {
      return {
        math: 'int8',
        note: `int4 activations with ${weights} ${label}: INT4 tensor-core math (W4A4) is not modelled, so GEMMs run in int8`,
      };
    }
    return { math: 'int8' };
  }
  if (weights === 'int4') return { math: 'fp8' }; // W4A8 AWQ: int4 weights, fp8 activations
  return {
    math: 'fp16',
    note: `${activations} activations with ${weights} ${label}: no engine pairs these formats, so GEMMs run in fp16 (weight-only: weights are upcast as they load)`,
  };
}

function resolveGemm(
  gpu: GpuSpec,
  weights: Dtype,
  requestedActivations: Dtype | undefined,
  label: string,
  notes: string[],
): GemmPrecision {
  const activations = requestedActivations ?? defaultActivations(weights);
  const wanted = wantedMath(weights, activations, label);
  if (wanted.note !== undefined) notes.push(wanted.note);
  const math = fallback(gpu, wanted.math);
  if (math !== wanted.math) {
    const missing =
      wanted.math === 'nvfp4' ? (math === 'fp16' ? 'FP4 or FP8' : 'FP4') : wanted.math === 'int8' ? 'fast INT8' : 'FP8';
    const how = math === 'fp16' ? ' (weight-only: weights are upcast as they load)' : '';
    notes.push(
      `${gpu.id} has no ${missing} tensor cores: ${weights} ${label} are stored in ${formatBytes(bytesPerElement(weights))} ` +
        `but GEMMs run in ${MATH_NAME[math]}${how}`,
    );
  }
  return {
    weights,
    weightBytes: bytesPerElement(weights),
    activations,
    activationBytes: bytesPerElement(activations),
    math,
    inputBytes: BYTES_PER_ELEMENT[math],
  };
}

export function resolvePrecision(gpu: GpuSpec, request: PrecisionRequest): ResolvedPrecision {
  const weights: Dtype = request.weights ?? 'bf16';
  const attentionWeights: Dtype = request.attentionWeights ?? weights;
  const hybrid = attentionWeights !== weights;
  let kvCache: Dtype = request.kvCache ?? defaultKvCache(attentionWeights);
  const notes: string[] = [];

  if ((kvCache === 'nvfp4' || kvCache === 'mxfp4') && !supports(gpu, 'nvfp4')) {
    notes.push(
      `${gpu.id} has no FP4 tensor cores: an ${kvCache} KV cache is not supported there, so the KV cache is stored in fp8 (1 byte)`,
    );
    kvCache = 'fp8';
  }
  if (kvCache === 'int4') {
    notes.push(
      'an int4 KV cache is not supported by vLLM (fp8 only) or TensorRT-LLM (fp8, int8, nvfp4), so the KV cache is stored in int8 (1 byte)',
    );
    kvCache = 'int8';
  }

  const mlpGemm = resolveGemm(gpu, weights, request.activations, hybrid ? 'MLP weights' : 'weights', notes);
  const attentionGemm = hybrid
    ? resolveGemm(gpu, attentionWeights, request.activations, 'attention-projection weights', notes)
    : mlpGemm;

  const wantedAttention: MathFormat = FAMILY[kvCache] === 'float' ? 'fp8' : 'fp16';
  const attentionMath: MathFormat = wantedAttention === 'fp8' && supports(gpu, 'fp8') ? 'fp8' : 'fp16';
  if (wantedAttention !== attentionMath) {
    notes.push(
      `${gpu.id} has no FP8 tensor cores: the ${kvCache} KV cache is stored in ${formatBytes(bytesPerElement(kvCache))} ` +
        `per element but attention is computed in fp16`,
    );
  }

  return {
    weights,
    attentionWeights,
    activations: mlpGemm.activations,
    kvCache,
    weightBytes: mlpGemm.weightBytes,
    activationBytes: mlpGemm.activationBytes,
    kvBytes: bytesPerElement(kvCache),
    gemmMath: mlpGemm.math,
    attentionMath,
    attentionGemm,
    mlpGemm,
    notes,
  };
}

function formatBytes(bytes: number): string {
  return bytes === 1 ? '1 byte' : bytes < 1 ? `${bytes * 8} bits` : `${bytes} bytes`;
}
