// Sizes that follow from a model's shape: parameter counts (total and active per token), weight
// bytes per GPU under tensor parallelism, KV-cache bytes per token.
// Parameter count of a Llama-style decoder (Touvron et al. 2023, arXiv:2302.13971; GQA: Ainslie
// et al. 2023, arXiv:2305.13245), per layer:
//   attention  hidden·(heads + 2·kvHeads)·headDim  (Q, K, V)  +  heads·headDim·hidden  (O)
//   MLP        3·hidden·intermediate  (gate, up, down)
//   norms      2·hidden  (two RMSNorm weight vectors)
// plus the embedding vocab·hidden, the final norm hidden, and the LM head vocab·hidden unless
// tied to the embedding. No biases (Llama has none). Llama-3.1-8B: 8,030,261,248.
// Mixture of experts (ModelSpec.moe): numDenseLayers layers keep the dense MLP above; every other
// layer has numExperts routed experts of 3·hidden·expertIntermediate each, numSharedExperts
// shared experts of 3·hidden·sharedExpertIntermediate, and a router of hidden·numExperts. Total
// parameters (memory) count every expert; active parameters (what one token runs through, the
// "activated" count of model cards) count numExpertsPerToken routed experts plus the shared
// ones, and everything outside the MLP including the embedding and LM head (Mixtral-8x7B:
// 46.7B / 12.9B, Jiang et al. 2024, arXiv:2401.04088; DeepSeek-V3: 671B / 37B, arXiv:2412.19437).
// MLA attention (ModelSpec.mla; DeepSeek-V2, arXiv:2405.04434 §2.1), per layer, with H heads:
//   q_a hidden·qLoraRank + q_b qLoraRank·H·(qkNope + qkRope)   (or q hidden·H·(qkNope + qkRope))
//   kv_a hidden·(kvLoraRank + qkRope)   kv_b kvLoraRank·H·(qkNope + vHead)   o H·vHead·hidden
//   norms 2·hidden + qLoraRank + kvLoraRank (q_a_layernorm, kv_a_layernorm)
// Tensor parallelism (Megatron-LM, Shoeybi et al. 2019, arXiv:1909.08053): every linear layer's
// weight is split over tp GPUs; the embedding and LM head are split over the vocabulary
// (vLLM VocabParallelEmbedding / ParallelLMHead); norms are replicated. MoE experts are split tp
// ways along their intermediate dimension (vLLM FusedMoE without expert parallelism: the same
// bytes per GPU as expert parallelism would give); the router is replicated (vLLM ReplicatedLinear
// / GateLinear), and so are MLA's q_a and kv_a (vLLM DeepseekV2MLAAttention: ReplicatedLinear).
// KV cache per token: 2 (K and V) · layers · kvHeads · headDim · bytes. Under tp each GPU holds
// kvHeads/tp heads, and at least one: when tp > kvHeads vLLM replicates KV heads so that every
// GPU has the head its query heads need (vLLM QKVParallelLinear, num_kv_head_replicas) — their
// cache and their K and V projection weights, so a GPU's QKV weight has (heads/tp +
// 2·kvHeadsPerGpu)·headDim columns (Qwen3-30B-A3B at tp = 8: 1 K/V head per GPU, not 0.5).
// Pipeline parallelism (pp stages): stage s holds the layers [start_s, end_s) of ppPartition —
// vLLM's get_pp_indices (vllm/distributed/utils.py): ⌊L/pp⌋ layers each, and the L mod pp
// remainder layers one each to the stages just before the last, counting backwards (the last
// stage, with the final norm and LM head, is spared; L = 5 over pp = 2 gives [3, 2], L = 6 over
// pp = 4 gives [1, 2, 2, 1]). The first stage also holds the embedding, the last the final norm
// and the LM head — a separate copy even when tied to the embedding, since the embedding lives on
// another GPU (vLLM builds ParallelLMHead on the last rank and loads the tied weight into it).
// MoE dense-MLP layers are taken to be the leading ones (DeepSeek-V3 first_k_dense_replace).
// MLA caches one latent per token and layer: (kvLoraRank + qkRopeHeadDim) elements, i.e. 576 for
// DeepSeek-V3 (512 + 64): 61 · 576 · 2 B = 70,272 B per token in bf16. It is NOT divided by tp:
// the latent is shared by all heads, so every GPU of the tp group holds all of it (vLLM's
// MLAAttentionSpec has num_kv_heads = 1 and replicates it on every TP rank).
// NOTE: quantised checkpoints (fp8, nvfp4, mxfp4, int8, int4) keep the embedding, the LM head and
// the MoE router in 16 bits (vLLM fp8 docs: "all Linear modules (except for the final lm_head)
// have their weights quantized", https://docs.vllm.ai/en/v0.5.4/quantization/fp8.html;
// TensorRT-LLM ModelOpt checkpoints list lm_head under exclude_modules; vLLM's MoE gate is built
// without a quant_config), so only the layers' linear weights take the quantised size. Scales
// other than those counted in BYTES_PER_ELEMENT are per-tensor or per-channel and negligible.
// NOTE: left out as negligible: Qwen3's per-head q_norm/k_norm (2·headDim per layer), Qwen2's QKV
// biases, DeepSeek-V3's e_score_correction_bias (numExperts per layer). DeepSeek-V3's multi-token
// prediction module (num_nextn_predict_layers, 14B of the 685B checkpoint) is not part of the
// model here: it only serves speculative decoding.

import type { Bytes } from '../units.ts';
import type { ModelSpec } from './types.ts';

/** Storage of the embedding, LM head, MoE router and norms: 16-bit even in quantised checkpoints. */
export const UNQUANTISED_BYTES = 2;

export interface ParameterBreakdown {
  /** Attention projection weights of one layer (GQA: Q, K, V, O; MLA: q_a, q_b, kv_a, kv_b, o). */
  attentionPerLayer: number;
  /** The part of attentionPerLayer every GPU holds whole under tp (MLA's q_a and kv_a); 0 for GQA. */
  attentionReplicatedPerLayer: number;
  /** gate, up and down projection weights of one dense MLP (intermediateSize). */
  mlpPerLayer: number;
  /** Layers with a dense MLP: numLayers for a dense model, moe.numDenseLayers for an MoE one. */
  numDenseMlpLayers: number;
  /** Layers with an MoE MLP (0 for a dense model). */
  numMoeLayers: number;
  /** One routed expert: 3·hidden·expertIntermediateSize (0 for a dense model). */
  expertPerExpert: number;
  /** Every routed expert of one MoE layer. */
  routedExpertsPerLayer: number;
  /** Every shared expert of one MoE layer. */
  sharedExpertsPerLayer: number;
  /** The router of one MoE layer: hidden × numExperts. */
  routerPerLayer: number;
  /** RMSNorm weights of one layer. */
  normsPerLayer: number;
  embedding: number;
  /** 0 when tied to the embedding. */
  lmHead: number;
  finalNorm: number;
  /** Everything: what the weights take in memory. */
  total: number;
  /** What one token runs through: total minus the routed experts it is not sent to. */
  active: number;
}

/** Attention projection parameters of one layer, and the replicated part of them. */
function attentionParameters(m: ModelSpec): { all: number; replicated: number } {
  const mla = m.mla;
  if (mla === undefined) {
    const qkv = m.hiddenSize * (m.numAttentionHeads + 2 * m.numKeyValueHeads) * m.headDim;
    const o = m.numAttentionHeads * m.headDim * m.hiddenSize;
    return { all: qkv + o, replicated: 0 };
  }
  const H = m.numAttentionHeads;
  const qkHead = mla.qkNopeHeadDim + mla.qkRopeHeadDim;
  const qA = mla.qLoraRank !== undefined ? m.hiddenSize * mla.qLoraRank : 0;
  const qB = mla.qLoraRank !== undefined ? mla.qLoraRank * H * qkHead : m.hiddenSize * H * qkHead;
  const kvA = m.hiddenSize * (mla.kvLoraRank + mla.qkRopeHeadDim);
  const kvB = mla.kvLoraRank * H * (mla.qkNopeHeadDim + mla.vHeadDim);
  const o = H * mla.vHeadDim * m.hiddenSize;
  return { all: qA + qB + kvA + kvB + o, replicated: qA + kvA };
}

export function parameterBreakdown(m: ModelSpec): ParameterBreakdown {
  const attention = attentionParameters(m);
  const attentionPerLayer = attention.all;
  const mlpPerLayer = 3 * m.hiddenSize * m.intermediateSize;
  const normsPerLayer = 2 * m.hiddenSize + (m.mla ? (m.mla.qLoraRank ?? 0) + m.mla.kvLoraRank : 0);
  const embedding = m.vocabSize * m.hiddenSize;
  const lmHead = m.tieWordEmbeddings ? 0 : m.vocabSize * m.hiddenSize;
  const finalNorm = m.hiddenSize;
  const moe = m.moe;
  const numDenseMlpLayers = moe ? moe.numDenseLayers : m.numLayers;
  const numMoeLayers = m.numLayers - numDenseMlpLayers;
  const expertPerExpert = moe ? 3 * m.hiddenSize * moe.expertIntermediateSize : 0;
  const routedExpertsPerLayer = moe ? moe.numExperts * expertPerExpert : 0;
  const sharedExpertsPerLayer = moe ? moe.numSharedExperts * 3 * m.hiddenSize * moe.sharedExpertIntermediateSize : 0;
  const routerPerLayer = moe ? m.hiddenSize * moe.numExperts : 0;
  const outside = m.numLayers * (attentionPerLayer + normsPerLayer) + numDenseMlpLayers * mlpPerLayer + embedding + lmHead + finalNorm;
  const total = outside + numMoeLayers * (routedExpertsPerLayer + sharedExpertsPerLayer + routerPerLayer);
  const active = moe
    ? outside + numMoeLayers * (moe.numExpertsPerToken * expertPerExpert + sharedExpertsPerLayer + routerPerLayer)
    : total;
  return {
    attentionPerLayer,
    attentionReplicatedPerLayer: attention.replicated,
    mlpPerLayer,
    numDenseMlpLayers,
    numMoeLayers,
    expertPerExpert,
    routedExpertsPerLayer,
    sharedExpertsPerLayer,
    routerPerLayer,
    normsPerLayer,
    embedding,
    lmHead,
    finalNorm,
    total,
    active,
  };
}

/** Every parameter: what the weights take in memory. */
export function modelParameterCount(m: ModelSpec): number {
  return parameterBreakdown(m).total;
}

/** Parameters one token runs through (equal to the total for a dense model). */
export function activeParameterCount(m: ModelSpec): number {
  return parameterBreakdown(m).active;
}

/**
 * Expected number of distinct routed experts that T tokens touch in one MoE layer when each token
 * picks k of E experts uniformly at random and tokens route independently: an expert is missed by
 * one token with probability 1 − k/E, by all T with (1 − k/E)^T, so E·(1 − (1 − k/E)^T).
 * It is k at T = 1 and tends to E as T grows.
 * NOTE: real routers are not uniform (load imbalance, correlated tokens of one sequence), which
 * touches fewer distinct experts than this; uniform routing is the assumption of the weight
 * traffic the cost model charges an MoE layer.
 */
export function expectedDistinctExperts(numExperts: number, numExpertsPerToken: number, numTokens: number): number {
  if (numTokens <= 0) return 0;
  return numExperts * (1 - Math.pow(1 - numExpertsPerToken / numExperts, numTokens));
}

/**
 * Weight bytes one GPU holds at tensor-parallel degree tp: the layers' linear weights split tp
 * ways — the attention projections at `attentionWeightBytes` per element (default: weightBytes;
 * MLA's q_a and kv_a replicated; K and V of kvHeadsPerGpu heads, replicated when tp > kvHeads),
 * the MLP and experts at `weightBytes`; embedding and LM head at 16 bits, split tp ways over the
 * vocabulary; MoE routers and norms at 16 bits, replicated.
 */
export function weightBytesPerGpu(m: ModelSpec, weightBytes: number, tp: number, attentionWeightBytes: number = weightBytes): Bytes {
  return layerRangeWeightBytes(m, weightBytes, tp, attentionWeightBytes, 0, m.numLayers, true, true);
}

/**
 * Weight bytes one GPU holds for the `n` layers from `start`, at tensor-parallel degree tp, with
 * the embedding when `first` and the final norm and LM head when `last`. The head is counted
 * apart from the embedding only when untied or on another GPU (not both first and last).
 */
function layerRangeWeightBytes(
  m: ModelSpec,
  weightBytes: number,
  tp: number,
  attentionWeightBytes: number,
  start: number,
  n: number,
  first: boolean,
  last: boolean,
): Bytes {
  const p = parameterBreakdown(m);
  const unquantised = Math.max(weightBytes, attentionWeightBytes, UNQUANTISED_BYTES);
  // Dense-MLP layers are the leading numDenseMlpLayers (all of them for a dense model).
  const dense = Math.max(0, Math.min(start + n, p.numDenseMlpLayers) - start);
  const moeLayers = n - dense;
  // Split tp ways; K and V as kvHeadsPerGpu·tp heads (kvHeads, or tp when replicated: vLLM
  // QKVParallelLinear), so that each GPU holds heads/tp query and kvHeadsPerGpu K/V heads.
  const kvReplicas = m.mla === undefined ? 2 * m.hiddenSize * m.headDim * (kvHeadsPerGpu(m, tp) * tp - m.numKeyValueHeads) : 0;
  const shardedAttention = p.attentionPerLayer - p.attentionReplicatedPerLayer + kvReplicas;
  const linear =
    (n * shardedAttention * attentionWeightBytes +
      (dense * p.mlpPerLayer + moeLayers * (p.routedExpertsPerLayer + p.sharedExpertsPerLayer)) * weightBytes) /
    tp;
  const replicated = n * p.attentionReplicatedPerLayer * attentionWeightBytes + moeLayers * p.routerPerLayer * unquantised;
  const head = last ? (first ? p.lmHead : m.vocabSize * m.hiddenSize) : 0;
  const vocab = (((first ? p.embedding : 0) + head) * unquantised) / tp;
  const norms = (n * p.normsPerLayer + (last ? p.finalNorm : 0)) * unquantised;
  return linear + replicated + vocab + norms;
}

/** KV heads one GPU stores at tensor-parallel degree tp (replicated when tp > kvHeads). */
export function kvHeadsPerGpu(m: ModelSpec, tp: number): number {
  return Math.max(1, Math.ceil(m.numKeyValueHeads / tp));
}

/** KV-cache bytes of one token over the whole model: 2 · layers · kvHeads · headDim · kvBytes (MLA: layers · latent · kvBytes). */
export function kvBytesPerToken(m: ModelSpec, kvBytes: number): Bytes {
  if (m.mla) return m.numLayers * (m.mla.kvLoraRank + m.mla.qkRopeHeadDim) * kvBytes;
  return 2 * m.numLayers * m.numKeyValueHeads * m.headDim * kvBytes;
}

/** KV-cache bytes of one token on one GPU at tensor-parallel degree tp (MLA: the whole latent on every GPU). */
export function kvBytesPerTokenPerGpu(m: ModelSpec, kvBytes: number, tp: number): Bytes {
  if (m.mla) return kvBytesPerToken(m, kvBytes);
  return 2 * m.numLayers * kvHeadsPerGpu(m, tp) * m.headDim * kvBytes;
}

/**
 * Layers of each pipeline stage, vLLM's get_pp_indices: ⌊L/pp⌋ each, the remainder one each to
 * stages pp−2, pp−3, … (the last stage is spared). Requires 1 ≤ pp ≤ L.
 */
export function ppPartition(numLayers: number, pp: number): number[] {
  if (!Number.isInteger(pp) || pp < 1 || pp > numLayers) throw new RangeError(`pp must be an integer in [1, ${numLayers}], got ${pp}`);
  const parts = new Array<number>(pp).fill(Math.floor(numLayers / pp));
  const remaining = numLayers % pp;
  for (let i = 2; i < remaining + 2; i++) parts[pp - i]++;
  return parts;
}

/**
 * Weight bytes one GPU of pipeline stage `stage` (of pp) holds at tensor-parallel degree tp: the
 * linear weights and norms of its layers (as weightBytesPerGpu, per layer), the embedding on the
 * first stage, the final norm and the LM head on the last (the head counted even when tied, when
 * pp > 1: see the header). At pp = 1 it is weightBytesPerGpu.
 */
export function stageWeightBytesPerGpu(
  m: ModelSpec,
  weightBytes: number,
  tp: number,
  pp: number,
  stage: number,
  attentionWeightBytes: number = weightBytes,
): Bytes {
  const parts = ppPartition(m.numLayers, pp);
  let start = 0;
  for (let s = 0; s < stage; s++) start += parts[s];
  return layerRangeWeightBytes(m, weightBytes, tp, attentionWeightBytes, start, parts[stage], stage === 0, stage === pp - 1);
}
