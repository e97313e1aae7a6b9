// A ModelSpec from a Hugging Face config.json (already parsed: this module reads no file).
// Field names and defaults follow transformers' configuration classes:
//   - dense Llama-style (LlamaConfig, MistralConfig, Qwen2Config, Qwen3Config,
//     https://github.com/huggingface/transformers/blob/main/src/transformers/models/llama/configuration_llama.py):
//     num_key_value_heads defaults to num_attention_heads (multi-head attention), head_dim to
//     hidden_size / num_attention_heads (Qwen3 gives it explicitly: 128 with hidden 2048 or 5120),
//     tie_word_embeddings to false;
//   - Mixtral (MixtralConfig): num_local_experts routed experts of intermediate_size, top
//     num_experts_per_tok, every layer MoE;
//   - Qwen2-MoE / Qwen3-MoE (Qwen3MoeConfig): num_experts experts of moe_intermediate_size, top
//     num_experts_per_tok; layer i is MoE when i is not in mlp_only_layers (default []) and
//     (i + 1) % decoder_sparse_step == 0 (default 1), else dense of intermediate_size;
//     Qwen2-MoE's one shared expert of shared_expert_intermediate_size;
//   - DeepSeek-V2/V3/R1 (DeepseekV3Config): n_routed_experts of moe_intermediate_size, top
//     num_experts_per_tok, n_shared_experts shared experts of moe_intermediate_size; layer i is MoE
//     when i >= first_k_dense_replace and i % moe_layer_freq == 0 (defaults 0 and 1), else dense of
//     intermediate_size; MLA when kv_lora_rank is set: kv_lora_rank, q_lora_rank (null = no query
//     bottleneck), qk_rope_head_dim, qk_nope_head_dim, v_head_dim (headDim = qk_nope + qk_rope,
//     numKeyValueHeads = num_attention_heads).
// Invariants: a returned model has positive integer sizes, numKeyValueHeads divides
// numAttentionHeads, moe.numExpertsPerToken <= moe.numExperts, 0 <= moe.numDenseLayers <
// numLayers; every problem found is reported (not only the first), each naming its field.
// NOTE: sliding-window, multimodal and router details (scoring function, grouped top-k,
// norm_topk_prob) are ignored; so is DeepSeek-V3's multi-token-prediction module
// (num_nextn_predict_layers): it serves only speculative decoding and is not part of the model.
// NOTE: max_position_embeddings is required: it bounds the context a request may reach.

import type { MlaSpec, ModelSpec, MoeSpec } from './types.ts';

export type HfConfigResult = { ok: true; model: ModelSpec } | { ok: false; errors: string[] };

const REQUIRED = [
  'hidden_size',
  'num_hidden_layers',
  'num_attention_heads',
  'intermediate_size',
  'vocab_size',
  'max_position_embeddings',
] as const;

/** The fields naming the number of routed experts, in the order they are looked for. */
const EXPERT_COUNT_FIELDS = ['num_local_experts', 'num_experts', 'n_routed_experts'] as const;

export function modelFromHfConfig(json: unknown, id: string): HfConfigResult {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, errors: [`expected a JSON object (a Hugging Face config.json), got ${describe(json)}`] };
  }
  const c = json as Record<string, unknown>;
  const errors: string[] = [];

  /** A positive integer (or, with allowZero, a non-negative one); undefined when absent or null. */
  const int = (field: string, required: boolean, allowZero = false): number | undefined => {
    const v = c[field];
    if (v === undefined || v === null) {
      if (required) errors.push(`missing required field '${field}' (a positive integer)`);
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || (v === 0 && !allowZero)) {
      errors.push(`field '${field}' must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${describe(v)}`);
      return undefined;
    }
    return v;
  };

  const values: Partial<Record<(typeof REQUIRED)[number], number>> = {};
  for (const field of REQUIRED) values[field] = int(field, true);
  const kvHeadsRaw = int('num_key_value_heads', false);
  const headDimRaw = int('head_dim', false);

  let tie = false;
  const tieRaw = c['tie_word_embeddings'];
  if (tieRaw !== undefined && tieRaw !== null) {
    if (typeof tieRaw !== 'boolean') errors.push(`field 'tie_word_embeddings' must be true or false, got ${describe(tieRaw)}`);
    else tie = tieRaw;
  }

  const hidden = values.hidden_size;
  const heads = values.num_attention_heads;
  const layers = values.num_hidden_layers;
  const mla = readMla(c, int);
  let kvHeads = kvHeadsRaw ?? heads;
  let headDim = headDimRaw;
  if (mla !== undefined) {
    // MLA: every query head has its own decompressed key and value (no grouping).
    kvHeads = heads;
    headDim = mla.qkNopeHeadDim + mla.qkRopeHeadDim;
  } else {
    if (heads !== undefined && kvHeadsRaw !== undefined && heads % kvHeadsRaw !== 0) {
      errors.push(
        `field 'num_key_value_heads' (${kvHeadsRaw}) must divide 'num_attention_heads' (${heads}): each KV head serves a whole group of query heads`,
      );
    }
    if (headDim === undefined && hidden !== undefined && heads !== undefined) {
      if (hidden % heads !== 0) {
        errors.push(
          `field 'head_dim' is absent and 'hidden_size' (${hidden}) is not a multiple of 'num_attention_heads' (${heads}); give 'head_dim'`,
        );
      } else {
        headDim = hidden / heads;
      }
    }
  }
  const moe = readMoe(c, int, errors, layers, values.intermediate_size);

  if (errors.length > 0) return { ok: false, errors };
  const name = typeof c['_name_or_path'] === 'string' && c['_name_or_path'] !== '' ? (c['_name_or_path'] as string) : id;
  const model: ModelSpec = {
    id,
    name,
    numLayers: layers!,
    hiddenSize: hidden!,
    numAttentionHeads: heads!,
    numKeyValueHeads: kvHeads!,
    headDim: headDim!,
    intermediateSize: values.intermediate_size!,
    vocabSize: values.vocab_size!,
    tieWordEmbeddings: tie,
    maxPositionEmbeddings: values.max_position_embeddings!,
    source: `Hugging Face config.json supplied by the scenario (${id})`,
  };
  if (moe !== undefined) model.moe = moe;
  if (mla !== undefined) model.mla = mla;
  return { ok: true, model };
}

type IntReader = (field: string, required: boolean, allowZero?: boolean) => number | undefined;

/** MLA fields when kv_lora_rank is set (problems go to the reader's error list). */
function readMla(c: Record<string, unknown>, int: IntReader): MlaSpec | undefined {
  if (c['kv_lora_rank'] === undefined || c['kv_lora_rank'] === null) return undefined;
  const kvLoraRank = int('kv_lora_rank', true);
  const qkRopeHeadDim = int('qk_rope_head_dim', true);
  const qkNopeHeadDim = int('qk_nope_head_dim', true);
  const vHeadDim = int('v_head_dim', true);
  const qLoraRank = int('q_lora_rank', false);
  if (kvLoraRank === undefined || qkRopeHeadDim === undefined || qkNopeHeadDim === undefined || vHeadDim === undefined) {
    return undefined;
  }
  const mla: MlaSpec = { kvLoraRank, qkRopeHeadDim, qkNopeHeadDim, vHeadDim };
  if (qLoraRank !== undefined) mla.qLoraRank = qLoraRank;
  return mla;
}

/** MoE fields when a routed-expert count is set and positive (problems go to `errors`). */
function readMoe(
  c: Record<string, unknown>,
  int: IntReader,
  errors: string[],
  layers: number | undefined,
  intermediateSize: number | undefined,
): MoeSpec | undefined {
  const countField = EXPERT_COUNT_FIELDS.find((f) => c[f] !== undefined && c[f] !== null);
  if (countField === undefined) return undefined;
  const numExperts = int(countField, false, true);
  if (numExperts === undefined || numExperts === 0) return undefined;
  const k = int('num_experts_per_tok', true);
  if (k !== undefined && k > numExperts) {
    errors.push(`field 'num_experts_per_tok' (${k}) must be at most '${countField}' (${numExperts})`);
  }
  const expertIntermediate = int('moe_intermediate_size', false) ?? intermediateSize;

  // Shared experts: DeepSeek's n_shared_experts of moe_intermediate_size, or Qwen2-MoE's one of
  // shared_expert_intermediate_size.
  let numSharedExperts = 0;
  let sharedExpertIntermediateSize = 0;
  const nShared = int('n_shared_experts', false, true);
  const qwenShared = int('shared_expert_intermediate_size', false, true);
  if (nShared !== undefined && nShared > 0 && expertIntermediate !== undefined) {
    numSharedExperts = nShared;
    sharedExpertIntermediateSize = expertIntermediate;
  } else if (qwenShared !== undefined && qwenShared > 0) {
    numSharedExperts = 1;
    sharedExpertIntermediateSize = qwenShared;
  }

  // Which layers are MoE: DeepSeek's first_k_dense_replace / moe_layer_freq, Qwen's
  // decoder_sparse_step / mlp_only_layers (each defaults to "every layer").
  const firstDense = int('first_k_dense_replace', false, true) ?? 0;
  const layerFreq = int('moe_layer_freq', false) ?? 1;
  const sparseStep = int('decoder_sparse_step', false) ?? 1;
  const mlpOnly = new Set<number>();
  const mlpOnlyRaw = c['mlp_only_layers'];
  if (mlpOnlyRaw !== undefined && mlpOnlyRaw !== null) {
    if (!Array.isArray(mlpOnlyRaw) || mlpOnlyRaw.some((v) => typeof v !== 'number' || !Number.isInteger(v) || v < 0)) {
      errors.push(`field 'mlp_only_layers' must be a list of layer indices (non-negative integers), got ${describe(mlpOnlyRaw)}`);
    } else {
      for (const v of mlpOnlyRaw as number[]) mlpOnly.add(v);
    }
  }
  if (layers === undefined || k === undefined || expertIntermediate === undefined) return undefined;
  let numMoeLayers = 0;
  for (let i = 0; i < layers; i++) {
    if (i >= firstDense && i % layerFreq === 0 && (i + 1) % sparseStep === 0 && !mlpOnly.has(i)) numMoeLayers++;
  }
  if (numMoeLayers === 0) return undefined;
  return {
    numExperts,
    numExpertsPerToken: k,
    expertIntermediateSize: expertIntermediate,
    numSharedExperts,
    sharedExpertIntermediateSize,
    numDenseLayers: layers - numMoeLayers,
  };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
