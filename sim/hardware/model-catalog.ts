// The model catalog: decoder-only transformers as the fields of their Hugging Face config.json.
// Dense Llama-style models (RMSNorm, GQA attention, gated SiLU MLP), mixture-of-experts models
// (Mixtral, Qwen3-MoE, DeepSeek-V3/R1: `moe`) and multi-head latent attention (DeepSeek-V3/R1:
// `mla`). Each entry's `source` is the config it was transcribed from.
// Invariants: ids are unique and lower-case, and those of data/validation/README.md where
// it names the model; numKeyValueHeads divides numAttentionHeads; headDim × numAttentionHeads =
// hiddenSize for the Llama and Mistral entries (Qwen3 sets head_dim = 128 explicitly, so its
// attention width differs from hidden_size; MLA's headDim is qkNope + qkRope).
// NOTE: Mistral-7B is v0.1, whose config sets a 4096-token sliding attention window; the window
// is not modelled (attention attends the whole context), which overstates decode attention
// traffic beyond 4096 tokens of context.
// NOTE: llama-3.2-1b and llama-3.2-3b (tied embeddings) are here mainly as draft models for
// speculative decoding: they share the Llama 3 tokenizer (vocabulary 128,256) with the 8B–405B.
// NOTE: llama-3.3-70b has the architecture of llama-3.1-70b (same config.json numbers);
// deepseek-r1 has the architecture of deepseek-v3 (same config.json numbers).
// NOTE: DeepSeek-V3/R1: 3 dense leading layers (first_k_dense_replace) of intermediate_size 18432,
// then 58 MoE layers of 256 routed experts (top 8) and 1 shared expert, all of 2048; the
// multi-token-prediction module (num_nextn_predict_layers: 1, 14B parameters) is left out: it
// serves only speculative decoding. The checkpoints are fp8 (block-scaled 128×128): choose
// precision weights fp8 for them. Qwen3's per-head q_norm/k_norm are left out (negligible).
// NOTE: qwen3-30b-a3b's and qwen3-235b-a22b's intermediate_size (6144, 12288) is unused: every
// layer is MoE (decoder_sparse_step 1, mlp_only_layers []).

import type { ModelSpec } from './types.ts';

const hf = (repo: string) => `Hugging Face ${repo} config.json, https://huggingface.co/${repo}/blob/main/config.json`;

/** DeepSeek-V3 and DeepSeek-R1 share one config.json (DeepseekV3ForCausalLM). */
function deepseekV3(id: string, name: string, repo: string): ModelSpec {
  return {
    id,
    name,
    numLayers: 61,
    hiddenSize: 7168,
    numAttentionHeads: 128,
    numKeyValueHeads: 128,
    headDim: 128 + 64, // qk_nope_head_dim + qk_rope_head_dim
    intermediateSize: 18432,
    vocabSize: 129280,
    tieWordEmbeddings: false,
    maxPositionEmbeddings: 163840,
    source: hf(repo),
    moe: {
      numExperts: 256,
      numExpertsPerToken: 8,
      expertIntermediateSize: 2048,
      numSharedExperts: 1,
      sharedExpertIntermediateSize: 2048,
      numDenseLayers: 3,
    },
    mla: { kvLoraRank: 512, qkRopeHeadDim: 64, qkNopeHeadDim: 128, vHeadDim: 128, qLoraRank: 1536 },
  };
}

export const MODELS: readonly ModelSpec[] = [
  {
    id: 'llama-3.1-8b',
    name: 'Llama 3.1 8B',
    numLayers: 32,
    hiddenSize: 4096,
    numAttentionHeads: 32,
    numKeyValueHeads: 8,
    headDim: 128,
    intermediateSize: 14336,
    vocabSize: 128256,
    tieWordEmbeddings: false,
    maxPositionEmbeddings: 131072,
    source: hf('meta-llama/Llama-3.1-8B'),
  },
  {
    id: 'llama-3.1-70b',
    name: 'Llama 3.1 70B',
    numLayers: 80,
    hiddenSize: 8192,
    numAttentionHeads: 64,
    numKeyValueHeads: 8,
    headDim: 128,
    intermediateSize: 28672,
    vocabSize: 128256,
    tieWordEmbeddings: false,
    maxPositionEmbeddings: 131072,
    source: hf('meta-llama/Llama-3.1-70B'),
  },
  {
    id: 'llama-3.3-70b',
    name: 'Llama 3.3 70B Instruct',
    numLayers: 80,
    hiddenSize: 8192,
    numAttentionHeads: 64,
    numKeyValueHeads: 8,
    headDim: 128,
    intermediateSize: 28672,
    vocabSize: 128256,
    tieWordEmbeddings: false,
    maxPositionEmbeddings: 131072,
    source: hf('meta-llama/Llama-3.3-70B-Instruct'),
  },
  {
    id: 'llama-3.2-1b',
    name: 'Llama 3.2 1B',
    numLayers: 16,
    hiddenSize: 2048,
    numAttentionHeads: 32,
    numKeyValueHeads: 8,
    headDim: 64,
    intermediateSize: 8192,
    vocabSize: 128256,
    tieWordEmbeddings: true,
    maxPositionEmbeddings: 131072,
    source: hf('meta-llama/Llama-3.2-1B'),
  },
  {
    id: 'llama-3.2-3b',
    name: 'Llama 3.2 3B',
    numLayers: 28,
    hiddenSize: 3072,
    numAttentionHeads: 24,
    numKeyValueHeads: 8,
    headDim: 128,
    intermediateSize: 8192,
    vocabSize: 128256,
    tieWordEmbeddings: true,
    maxPositionEmbeddings: 131072,
    source: hf('meta-llama/Llama-3.2-3B'),
  },
  {
    id: 'llama-3.1-405b',
    name: 'Llama 3.1 405B',
    numLayers: 126,
    hiddenSize: 16384,
    numAttentionHeads: 128,
    numKeyValueHeads: 8,
    headDim: 128,
    intermediateSize: 53248,
    vocabSize: 128256,
    tieWordEmbeddings: false,
    maxPositionEmbeddings: 131072,
    source: hf('meta-llama/Llama-3.1-405B'),
  },
  {
    id: 'mistral-7b',
    name: 'Mistral 7B v0.1',
    numLayers: 32,
    hiddenSize: 4096,
    numAttentionHeads: 32,
    numKeyValueHeads: 8,
    headDim: 128,
    intermediateSize: 14336,
    vocabSize: 32000,
    tieWordEmbeddings: false,
    maxPositionEmbeddings: 32768,
    source: hf('mistralai/Mistral-7B-v0.1'),
  },
  {
    id: 'llama-2-7b',
    name: 'Llama 2 7B',
    numLayers: 32,
    hiddenSize: 4096,
    numAttentionHeads: 32,
    numKeyValueHeads: 32,
    headDim: 128,
    intermediateSize: 11008,
    vocabSize: 32000,
    tieWordEmbeddings: false,
    maxPositionEmbeddings: 4096,
    source: hf('meta-llama/Llama-2-7b-hf'),
  },
  {
    id: 'llama-2-70b',
    name: 'Llama 2 70B',
    numLayers: 80,
    hiddenSize: 8192,
    numAttentionHeads: 64,
    numKeyValueHeads: 8,
    headDim: 128,
    intermediateSize: 28672,
    vocabSize: 32000,
    tieWordEmbeddings: false,
    maxPositionEmbeddings: 4096,
    source: hf('meta-llama/Llama-2-70b-hf'),
  },
  {
    id: 'qwen3-32b',
    name: 'Qwen3 32B',
    numLayers: 64,
    hiddenSize: 5120,
    numAttentionHeads: 64,
    numKeyValueHeads: 8,
    headDim: 128,
    intermediateSize: 25600,
    vocabSize: 151936,
    tieWordEmbeddings: false,
    maxPositionEmbeddings: 40960,
    source: hf('Qwen/Qwen3-32B'),
  },
  {
    id: 'mixtral-8x7b',
    name: 'Mixtral 8x7B v0.1',
    numLayers: 32,
    hiddenSize: 4096,
    numAttentionHeads: 32,
    numKeyValueHeads: 8,
    headDim: 128,
    intermediateSize: 14336,
    vocabSize: 32000,
    tieWordEmbeddings: false,
    maxPositionEmbeddings: 32768,
    source: hf('mistralai/Mixtral-8x7B-v0.1'),
    moe: {
      numExperts: 8,
      numExpertsPerToken: 2,
      expertIntermediateSize: 14336,
      numSharedExperts: 0,
      sharedExpertIntermediateSize: 0,
      numDenseLayers: 0,
    },
  },
  {
    id: 'qwen3-30b-a3b',
    name: 'Qwen3 30B-A3B',
    numLayers: 48,
    hiddenSize: 2048,
    numAttentionHeads: 32,
    numKeyValueHeads: 4,
    headDim: 128,
    intermediateSize: 6144,
    vocabSize: 151936,
    tieWordEmbeddings: false,
    maxPositionEmbeddings: 40960,
    source: hf('Qwen/Qwen3-30B-A3B'),
    moe: {
      numExperts: 128,
      numExpertsPerToken: 8,
      expertIntermediateSize: 768,
      numSharedExperts: 0,
      sharedExpertIntermediateSize: 0,
      numDenseLayers: 0,
    },
  },
  {
    id: 'qwen3-235b-a22b',
    name: 'Qwen3 235B-A22B',
    numLayers: 94,
    hiddenSize: 4096,
    numAttentionHeads: 64,
    numKeyValueHeads: 4,
    headDim: 128,
    intermediateSize: 12288,
    vocabSize: 151936,
    tieWordEmbeddings: false,
    maxPositionEmbeddings: 40960,
    source: hf('Qwen/Qwen3-235B-A22B'),
    moe: {
      numExperts: 128,
      numExpertsPerToken: 8,
      expertIntermediateSize: 1536,
      numSharedExperts: 0,
      sharedExpertIntermediateSize: 0,
      numDenseLayers: 0,
    },
  },
  deepseekV3('deepseek-v3', 'DeepSeek-V3', 'deepseek-ai/DeepSeek-V3'),
  deepseekV3('deepseek-r1', 'DeepSeek-R1', 'deepseek-ai/DeepSeek-R1'),
];

export const MODEL_IDS: readonly string[] = MODELS.map((m) => m.id);

const BY_ID: ReadonlyMap<string, ModelSpec> = new Map(MODELS.map((m) => [m.id, m]));

/** The catalog entry with this exact id, or undefined (callers suggest the nearest id). */
export function findModel(id: string): ModelSpec | undefined {
  return BY_ID.get(id);
}
