import { describe, expect, it } from 'vitest';
import { findModel, modelFromHfConfig } from '../../sim/hardware/index.ts';

/** The fields of meta-llama/Llama-3.1-8B config.json that matter here. */
const LLAMA_31_8B = {
  architectures: ['LlamaForCausalLM'],
  hidden_size: 4096,
  intermediate_size: 14336,
  max_position_embeddings: 131072,
  model_type: 'llama',
  num_attention_heads: 32,
  num_hidden_layers: 32,
  num_key_value_heads: 8,
  rope_theta: 500000.0,
  tie_word_embeddings: false,
  torch_dtype: 'bfloat16',
  vocab_size: 128256,
};

describe('modelFromHfConfig', () => {
  it('parses a Llama-3.1-8B config.json into the catalog entry', () => {
    const r = modelFromHfConfig(LLAMA_31_8B, 'my-llama');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { id: _a, name: _b, source: _c, ...shape } = r.model;
    const { id: _d, name: _e, source: _f, ...catalog } = findModel('llama-3.1-8b')!;
    expect(shape).toEqual(catalog);
    expect(r.model.id).toBe('my-llama');
  });

  it('defaults num_key_value_heads to num_attention_heads, head_dim to hidden/heads, tie_word_embeddings to false', () => {
    const { num_key_value_heads: _kv, tie_word_embeddings: _t, ...rest } = LLAMA_31_8B;
    const r = modelFromHfConfig(rest, 'mha');
    expect(r).toMatchObject({ ok: true, model: { numKeyValueHeads: 32, headDim: 128, tieWordEmbeddings: false } });
  });

  it('takes an explicit head_dim and tie_word_embeddings', () => {
    const r = modelFromHfConfig({ ...LLAMA_31_8B, head_dim: 256, tie_word_embeddings: true }, 'x');
    expect(r).toMatchObject({ ok: true, model: { headDim: 256, tieWordEmbeddings: true } });
  });

  it('reports every missing required field by name', () => {
    const r = modelFromHfConfig({ hidden_size: 4096 }, 'x');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      "missing required field 'num_hidden_layers' (a positive integer)",
      "missing required field 'num_attention_heads' (a positive integer)",
      "missing required field 'intermediate_size' (a positive integer)",
      "missing required field 'vocab_size' (a positive integer)",
      "missing required field 'max_position_embeddings' (a positive integer)",
    ]);
  });

  it('rejects a non-integer or non-positive size, naming the field and the value', () => {
    const r = modelFromHfConfig({ ...LLAMA_31_8B, hidden_size: '4096', num_hidden_layers: 0 }, 'x');
    expect(r).toEqual({
      ok: false,
      errors: [
        'field \'hidden_size\' must be a positive integer, got the string "4096"',
        "field 'num_hidden_layers' must be a positive integer, got number 0",
      ],
    });
  });

  it('rejects KV heads that do not divide the attention heads', () => {
    const r = modelFromHfConfig({ ...LLAMA_31_8B, num_key_value_heads: 6 }, 'x');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/'num_key_value_heads' \(6\) must divide 'num_attention_heads' \(32\)/);
  });

  it('rejects a non-boolean tie_word_embeddings and a non-object input', () => {
    expect(modelFromHfConfig({ ...LLAMA_31_8B, tie_word_embeddings: 'no' }, 'x')).toEqual({
      ok: false,
      errors: ['field \'tie_word_embeddings\' must be true or false, got the string "no"'],
    });
    expect(modelFromHfConfig([1, 2], 'x')).toEqual({
      ok: false,
      errors: ['expected a JSON object (a Hugging Face config.json), got an array'],
    });
  });
});

/** mistralai/Mixtral-8x7B-v0.1 config.json (the fields that matter). */
const MIXTRAL_8X7B = {
  architectures: ['MixtralForCausalLM'],
  hidden_size: 4096,
  intermediate_size: 14336,
  max_position_embeddings: 32768,
  model_type: 'mixtral',
  num_attention_heads: 32,
  num_experts_per_tok: 2,
  num_hidden_layers: 32,
  num_key_value_heads: 8,
  num_local_experts: 8,
  sliding_window: null,
  tie_word_embeddings: false,
  vocab_size: 32000,
};

/** Qwen/Qwen3-30B-A3B config.json (the fields that matter). */
const QWEN3_30B_A3B = {
  architectures: ['Qwen3MoeForCausalLM'],
  decoder_sparse_step: 1,
  head_dim: 128,
  hidden_size: 2048,
  intermediate_size: 6144,
  max_position_embeddings: 40960,
  mlp_only_layers: [],
  model_type: 'qwen3_moe',
  moe_intermediate_size: 768,
  norm_topk_prob: true,
  num_attention_heads: 32,
  num_experts: 128,
  num_experts_per_tok: 8,
  num_hidden_layers: 48,
  num_key_value_heads: 4,
  tie_word_embeddings: false,
  vocab_size: 151936,
};

/** deepseek-ai/DeepSeek-V3 config.json (the fields that matter). */
const DEEPSEEK_V3 = {
  architectures: ['DeepseekV3ForCausalLM'],
  first_k_dense_replace: 3,
  hidden_size: 7168,
  intermediate_size: 18432,
  kv_lora_rank: 512,
  max_position_embeddings: 163840,
  model_type: 'deepseek_v3',
  moe_intermediate_size: 2048,
  moe_layer_freq: 1,
  n_group: 8,
  n_routed_experts: 256,
  n_shared_experts: 1,
  num_attention_heads: 128,
  num_experts_per_tok: 8,
  num_hidden_layers: 61,
  num_key_value_heads: 128,
  num_nextn_predict_layers: 1,
  q_lora_rank: 1536,
  qk_nope_head_dim: 128,
  qk_rope_head_dim: 64,
  tie_word_embeddings: false,
  topk_group: 4,
  v_head_dim: 128,
  vocab_size: 129280,
};

/** Qwen/Qwen3-32B config.json (the fields that matter): head_dim is explicit and 64 × 128 ≠ 5120. */
const QWEN3_32B = {
  architectures: ['Qwen3ForCausalLM'],
  head_dim: 128,
  hidden_size: 5120,
  intermediate_size: 25600,
  max_position_embeddings: 40960,
  model_type: 'qwen3',
  num_attention_heads: 64,
  num_hidden_layers: 64,
  num_key_value_heads: 8,
  tie_word_embeddings: false,
  vocab_size: 151936,
};

function shapeOf(r: ReturnType<typeof modelFromHfConfig>) {
  if (!r.ok) throw new Error(r.errors.join('; '));
  const { id: _a, name: _b, source: _c, ...shape } = r.model;
  return shape;
}

function catalogShape(id: string) {
  const { id: _a, name: _b, source: _c, ...shape } = findModel(id)!;
  return shape;
}

describe('modelFromHfConfig: MoE and MLA', () => {
  it('parses a Mixtral config (num_local_experts, num_experts_per_tok) into the catalog entry', () => {
    expect(shapeOf(modelFromHfConfig(MIXTRAL_8X7B, 'x'))).toEqual(catalogShape('mixtral-8x7b'));
  });

  it('parses a Qwen3-MoE config (num_experts, moe_intermediate_size, explicit head_dim) into the catalog entry', () => {
    expect(shapeOf(modelFromHfConfig(QWEN3_30B_A3B, 'x'))).toEqual(catalogShape('qwen3-30b-a3b'));
  });

  it('parses a DeepSeek-V3 config (routed + shared experts, 3 dense layers, MLA) into the catalog entry', () => {
    const shape = shapeOf(modelFromHfConfig(DEEPSEEK_V3, 'x'));
    expect(shape).toEqual(catalogShape('deepseek-v3'));
    expect(shape.moe).toEqual({
      numExperts: 256,
      numExpertsPerToken: 8,
      expertIntermediateSize: 2048,
      numSharedExperts: 1,
      sharedExpertIntermediateSize: 2048,
      numDenseLayers: 3,
    });
    expect(shape.mla).toEqual({ kvLoraRank: 512, qkRopeHeadDim: 64, qkNopeHeadDim: 128, vHeadDim: 128, qLoraRank: 1536 });
    expect([shape.headDim, shape.numKeyValueHeads]).toEqual([192, 128]);
  });

  it('parses a dense Qwen3 config with an explicit head_dim into the catalog entry, with no moe or mla', () => {
    const shape = shapeOf(modelFromHfConfig(QWEN3_32B, 'x'));
    expect(shape).toEqual(catalogShape('qwen3-32b'));
    expect(shape.headDim * shape.numAttentionHeads).not.toBe(shape.hiddenSize);
  });

  it('counts Qwen dense layers from mlp_only_layers and decoder_sparse_step', () => {
    const only = shapeOf(modelFromHfConfig({ ...QWEN3_30B_A3B, mlp_only_layers: [0, 47] }, 'x'));
    expect(only.moe?.numDenseLayers).toBe(2);
    const everySecond = shapeOf(modelFromHfConfig({ ...QWEN3_30B_A3B, decoder_sparse_step: 2 }, 'x'));
    expect(everySecond.moe?.numDenseLayers).toBe(24);
  });

  it("reads Qwen2-MoE's one shared expert of shared_expert_intermediate_size", () => {
    const shape = shapeOf(modelFromHfConfig({ ...QWEN3_30B_A3B, shared_expert_intermediate_size: 5632 }, 'x'));
    expect(shape.moe).toMatchObject({ numSharedExperts: 1, sharedExpertIntermediateSize: 5632 });
  });

  it('a q_lora_rank of null means queries are projected directly (DeepSeek-V2-Lite)', () => {
    const shape = shapeOf(modelFromHfConfig({ ...DEEPSEEK_V3, q_lora_rank: null }, 'x'));
    expect(shape.mla).toEqual({ kvLoraRank: 512, qkRopeHeadDim: 64, qkNopeHeadDim: 128, vHeadDim: 128 });
  });

  it('zero experts is a dense model', () => {
    expect(shapeOf(modelFromHfConfig({ ...QWEN3_30B_A3B, num_experts: 0 }, 'x')).moe).toBeUndefined();
  });

  it('reports a missing or oversized num_experts_per_tok, bad mlp_only_layers and missing MLA dimensions by field', () => {
    const { num_experts_per_tok: _k, ...noTopK } = MIXTRAL_8X7B;
    expect(modelFromHfConfig(noTopK, 'x')).toEqual({ ok: false, errors: ["missing required field 'num_experts_per_tok' (a positive integer)"] });
    expect(modelFromHfConfig({ ...MIXTRAL_8X7B, num_experts_per_tok: 9 }, 'x')).toEqual({
      ok: false,
      errors: ["field 'num_experts_per_tok' (9) must be at most 'num_local_experts' (8)"],
    });
    expect(modelFromHfConfig({ ...QWEN3_30B_A3B, mlp_only_layers: [1, 'a'] }, 'x')).toEqual({
      ok: false,
      errors: ["field 'mlp_only_layers' must be a list of layer indices (non-negative integers), got an array"],
    });
    const { qk_rope_head_dim: _r, ...noRope } = DEEPSEEK_V3;
    expect(modelFromHfConfig(noRope, 'x')).toEqual({ ok: false, errors: ["missing required field 'qk_rope_head_dim' (a positive integer)"] });
  });
});
