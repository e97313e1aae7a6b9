// Sizes that follow from a model's shape: parameter count, weight bytes per GPU under tensor
// parallelism, KV-cache bytes per token.
// Parameter count of a Llama-style decoder (Touvron et al. 2023, arXiv:2302.13971; GQA: Ainslie
// et al. 2023, arXiv:2305.13245), per layer:
//   attention  hidden·(heads + 2·kvHeads)·headDim  (Q, K, V)  +  heads·headDim·hidden  (O)
//   MLP        3·hidden·intermediate  (gate, up, down)
//   norms      2·hidden  (two RMSNorm weight vectors)
// plus the embedding vocab·hidden, the final norm hidden, and the LM head vocab·hidden unless
// tied to the embedding. No biases (Llama has none). Llama-3.1-8B: 8,030,261,248.
// Tensor parallelism (Megatron-LM, Shoeybi et al. 2019, arXiv:1909.08053): every linear layer's
// weight is split over tp GPUs; the embedding and LM head are split over the vocabulary
// (vLLM VocabParallelEmbedding / ParallelLMHead); norms are replicated.
// KV cache per token: 2 (K and V) · layers · kvHeads · headDim · bytes. Under tp each GPU holds
// kvHeads/tp heads, and at least one: when tp > kvHeads vLLM replicates KV heads so that every
// GPU has the head its query heads need (vLLM QKVParallelLinear, num_kv_head_replicas).
// NOTE: quantised checkpoints (fp8, nvfp4) keep the embedding and the LM head in 16 bits
// (vLLM fp8 docs: "all Linear modules (except for the final lm_head) have their weights
// quantized", https://docs.vllm.ai/en/v0.5.4/quantization/fp8.html; TensorRT-LLM ModelOpt
// checkpoints list lm_head under exclude_modules), so only the transformer layers' linear
// weights take the quantised size. Quantisation scales other than NVFP4's per-16 scale (which is
// in its 4.5 bits) are per-tensor or per-channel and negligible.

import type { Bytes } from '../units.ts';
import type { ModelSpec } from './types.ts';

/** Storage of the embedding, LM head and norms: 16-bit even in quantised checkpoints. */
export const UNQUANTISED_BYTES = 2;

export interface ParameterBreakdown {
  /** Q, K, V and O projection weights of one layer. */
  attentionPerLayer: number;
  /** gate, up and down projection weights of one layer. */
  mlpPerLayer: number;
  /** RMSNorm weights of one layer. */
  normsPerLayer: number;
  embedding: number;
  /** 0 when tied to the embedding. */
  lmHead: number;
  finalNorm: number;
  /** Everything. */
  total: number;
}

export function parameterBreakdown(m: ModelSpec): ParameterBreakdown {
  const qkv = m.hiddenSize * (m.numAttentionHeads + 2 * m.numKeyValueHeads) * m.headDim;
  const o = m.numAttentionHeads * m.headDim * m.hiddenSize;
  const attentionPerLayer = qkv + o;
  const mlpPerLayer = 3 * m.hiddenSize * m.intermediateSize;
  const normsPerLayer = 2 * m.hiddenSize;
  const embedding = m.vocabSize * m.hiddenSize;
  const lmHead = m.tieWordEmbeddings ? 0 : m.vocabSize * m.hiddenSize;
  const finalNorm = m.hiddenSize;
  const total = m.numLayers * (attentionPerLayer + mlpPerLayer + normsPerLayer) + embedding + lmHead + finalNorm;
  return { attentionPerLayer, mlpPerLayer, normsPerLayer, embedding, lmHead, finalNorm, total };
}

export function modelParameterCount(m: ModelSpec): number {
  return parameterBreakdown(m).total;
}

/**
 * Weight bytes one GPU holds at tensor-parallel degree tp: the layers' linear weights at
 * `weightBytes` per element, split tp ways; embedding and LM head at 16 bits, split tp ways
 * over the vocabulary; norms at 16 bits, replicated.
 */
export function weightBytesPerGpu(m: ModelSpec, weightBytes: number, tp: number): Bytes {
  const p = parameterBreakdown(m);
  const unquantised = Math.max(weightBytes, UNQUANTISED_BYTES);
  const linear = (m.numLayers * (p.attentionPerLayer + p.mlpPerLayer) * weightBytes) / tp;
  const vocab = ((p.embedding + p.lmHead) * unquantised) / tp;
  const norms = (m.numLayers * p.normsPerLayer + p.finalNorm) * unquantised;
  return linear + vocab + norms;
}

/** KV heads one GPU stores at tensor-parallel degree tp (replicated when tp > kvHeads). */
export function kvHeadsPerGpu(m: ModelSpec, tp: number): number {
  return Math.max(1, Math.ceil(m.numKeyValueHeads / tp));
}

/** KV-cache bytes of one token over the whole model: 2 · layers · kvHeads · headDim · kvBytes. */
export function kvBytesPerToken(m: ModelSpec, kvBytes: number): Bytes {
  return 2 * m.numLayers * m.numKeyValueHeads * m.headDim * kvBytes;
}

/** KV-cache bytes of one token on one GPU at tensor-parallel degree tp. */
export function kvBytesPerTokenPerGpu(m: ModelSpec, kvBytes: number, tp: number): Bytes {
  return 2 * m.numLayers * kvHeadsPerGpu(m, tp) * m.headDim * kvBytes;
}
