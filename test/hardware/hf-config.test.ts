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
