// Number formats: how many bytes an element takes in storage, and which format a GEMM and the
// attention kernel actually compute in on a given GPU. `resolvePrecision` turns the scenario's
// precision request (weights, optional activations, optional KV cache) into storage formats,
// byte sizes and math formats, and says in `notes` every time the hardware forces a fallback.
// Invariants: storage formats never change because of the GPU (a checkpoint quantised to fp8 is
// 1 byte per weight on any GPU) except an nvfp4 KV cache, which only FP4-capable GPUs read;
// the math format is always one the GPU runs natively (`gpu.peakFlops[gemmMath]` is defined).
// NOTE: the math format of a GEMM is the weight format when activations are 8-bit or narrower
// (W8A8 runs in fp8, W4A4/W4A8 NVFP4 recipes run in fp4 on Blackwell, activations being
// quantised per 16-element block inside the GEMM), and fp16 when activations are 16-bit
// (weight-only quantisation, e.g. W8A16 Marlin: weights are upcast on load). It then falls back
// fp4 → fp8 → fp16 to what the GPU supports, as engines do:
//   - no FP8 tensor cores (Ampere): fp8 weights stay 1 byte, GEMMs run in fp16 (vLLM docs, "FP8
//     W8A8": FP8 computation needs compute capability >= 8.9; older GPUs run FP8 checkpoints as
//     weight-only W8A16 with FP8 Marlin, https://docs.vllm.ai/en/stable/features/quantization/fp8/;
//     vLLM PR #5975);
//   - no FP4 before Blackwell: nvfp4 weights stay 4.5 bits, GEMMs run in fp8 on Hopper/Ada/CDNA3
//     (as if the checkpoint were W8A8) and fp16 on Ampere (weight-only);
//   - fp8 KV cache stays 1 byte everywhere (vLLM kv_cache_dtype=fp8 works on Ampere by
//     dequantising in the attention kernel: https://docs.vllm.ai/en/latest/features/quantization/quantized_kvcache.html).
// NOTE: attention math is fp8 when the KV cache is 8-bit or narrower and the GPU has FP8 tensor
// cores (TensorRT-LLM's FP8 context FMHA, FlashAttention-3 FP8), else fp16.
// NOTE: fp16 and bf16 are the same cost everywhere; `gemmMath` names the 16-bit class 'fp16'.

import type { Dtype, GpuSpec, Precision } from './types.ts';

/**
 * Bytes per element in storage.
 * nvfp4: 4-bit E2M1 values plus one FP8 (E4M3) scale per 16 values = 4 + 8/16 = 4.5 bits =
 * 0.5625 bytes (NVIDIA, "Introducing NVFP4 for efficient and accurate low-precision inference",
 * https://developer.nvidia.com/blog/introducing-nvfp4-for-efficient-and-accurate-low-precision-inference/;
 * the per-tensor FP32 scale is negligible and left out).
 */
export const BYTES_PER_ELEMENT: Readonly<Record<Dtype, number>> = {
  fp32: 4,
  fp16: 2,
  bf16: 2,
  fp8: 1,
  nvfp4: 4.5 / 8,
};

export function bytesPerElement(dtype: Dtype): number {
  return BYTES_PER_ELEMENT[dtype];
}

/** The format a tensor-core operation runs in: the 16-bit class, fp8 or nvfp4. */
export type MathFormat = 'fp16' | 'fp8' | 'nvfp4';

/** The scenario's request: every field optional (weights default to bf16). */
export interface PrecisionRequest {
  weights?: Dtype;
  activations?: Dtype;
  kvCache?: Dtype;
}

export interface ResolvedPrecision extends Precision {
  /** Storage bytes per weight element of the quantised linear layers. */
  weightBytes: number;
  /** Storage bytes per activation element at GEMM inputs. */
  activationBytes: number;
  /** Storage bytes per KV-cache element. */
  kvBytes: number;
  /** The format GEMMs actually run in on this GPU. */
  gemmMath: MathFormat;
  /** The format the attention kernel computes QKᵀ and PV in. */
  attentionMath: MathFormat;
  /** One sentence per fallback or default worth knowing, for the report. */
  notes: string[];
}

const WIDTH_BITS: Readonly<Record<Dtype, number>> = { fp32: 32, fp16: 16, bf16: 16, fp8: 8, nvfp4: 4.5 };

function mathClass(dtype: Dtype): MathFormat {
  if (dtype === 'nvfp4') return 'nvfp4';
  if (dtype === 'fp8') return 'fp8';
  return 'fp16';
}

function supports(gpu: GpuSpec, math: MathFormat): boolean {
  return gpu.peakFlops[math] !== undefined;
}

/** The widest-supported fallback chain fp4 → fp8 → fp16. */
function fallback(gpu: GpuSpec, wanted: MathFormat): MathFormat {
  if (wanted === 'nvfp4' && supports(gpu, 'nvfp4')) return 'nvfp4';
  if (wanted !== 'fp16' && supports(gpu, 'fp8')) return 'fp8';
  return 'fp16';
}

const MATH_NAME: Readonly<Record<MathFormat, string>> = { fp16: 'fp16', fp8: 'fp8', nvfp4: 'FP4' };

export function resolvePrecision(gpu: GpuSpec, request: PrecisionRequest): ResolvedPrecision {
  const weights: Dtype = request.weights ?? 'bf16';
  const quantised = weights === 'fp8' || weights === 'nvfp4';
  const activations: Dtype = request.activations ?? (quantised ? 'fp8' : weights);
  let kvCache: Dtype = request.kvCache ?? (weights === 'nvfp4' ? 'fp8' : weights);
  const notes: string[] = [];

  if (kvCache === 'nvfp4' && !supports(gpu, 'nvfp4')) {
    notes.push(
      `${gpu.id} has no FP4 tensor cores: an nvfp4 KV cache is not supported there, so the KV cache is stored in fp8 (1 byte)`,
    );
    kvCache = 'fp8';
  }

  // Requested GEMM math: the weight format when activations are 8-bit or narrower, else 16-bit.
  let wanted: MathFormat = 'fp16';
  if (WIDTH_BITS[activations] <= 8 && quantised) wanted = mathClass(weights);
  if (WIDTH_BITS[activations] <= 8 && !quantised) {
    notes.push(
      `${activations} activations with ${weights} weights: no engine runs 16-bit weights against 8-bit activations, so GEMMs run in fp16`,
    );
  }
  const gemmMath = fallback(gpu, wanted);
  if (gemmMath !== wanted) {
    const missing = wanted === 'nvfp4' ? (gemmMath === 'fp16' ? 'FP4 or FP8' : 'FP4') : 'FP8';
    const how = gemmMath === 'fp16' ? ' (weight-only: weights are upcast as they load)' : '';
    notes.push(
      `${gpu.id} has no ${missing} tensor cores: ${weights} weights are stored in ${formatBytes(bytesPerElement(weights))} ` +
        `but GEMMs run in ${MATH_NAME[gemmMath]}${how}`,
    );
  }

  const wantedAttention: MathFormat = WIDTH_BITS[kvCache] <= 8 ? 'fp8' : 'fp16';
  const attentionMath: MathFormat = wantedAttention === 'fp8' && supports(gpu, 'fp8') ? 'fp8' : 'fp16';
  if (wantedAttention !== attentionMath) {
    notes.push(
      `${gpu.id} has no FP8 tensor cores: the ${kvCache} KV cache is stored in ${formatBytes(bytesPerElement(kvCache))} ` +
        `per element but attention is computed in fp16`,
    );
  }

  return {
    weights,
    activations,
    kvCache,
    weightBytes: bytesPerElement(weights),
    activationBytes: bytesPerElement(activations),
    kvBytes: bytesPerElement(kvCache),
    gemmMath,
    attentionMath,
    notes,
  };
}

function formatBytes(bytes: number): string {
  return bytes === 1 ? '1 byte' : bytes < 1 ? `${bytes * 8} bits` : `${bytes} bytes`;
}
