// A ModelSpec from a Hugging Face config.json (already parsed: this module reads no file).
// Field names and defaults follow transformers' LlamaConfig
// (https://github.com/huggingface/transformers/blob/main/src/transformers/models/llama/configuration_llama.py):
// num_key_value_heads defaults to num_attention_heads (multi-head attention), head_dim to
// hidden_size / num_attention_heads, tie_word_embeddings to false.
// Invariants: a returned model has positive integer sizes, numKeyValueHeads divides
// numAttentionHeads; every problem found is reported (not only the first), each naming its field.
// NOTE: only the dense Llama-style shape is read (GQA attention, gated MLP). Mixture-of-experts,
// sliding-window and multimodal fields are ignored; the message list says nothing about them.
// NOTE: max_position_embeddings is required: it bounds the context a request may reach.

import type { ModelSpec } from './types.ts';

export type HfConfigResult = { ok: true; model: ModelSpec } | { ok: false; errors: string[] };

const REQUIRED = [
  'hidden_size',
  'num_hidden_layers',
  'num_attention_heads',
  'intermediate_size',
  'vocab_size',
  'max_position_embeddings',
] as const;

export function modelFromHfConfig(json: unknown, id: string): HfConfigResult {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, errors: [`expected a JSON object (a Hugging Face config.json), got ${describe(json)}`] };
  }
  const c = json as Record<string, unknown>;
  const errors: string[] = [];

  const int = (field: string, required: boolean): number | undefined => {
    const v = c[field];
    if (v === undefined || v === null) {
      if (required) errors.push(`missing required field '${field}' (a positive integer)`);
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      errors.push(`field '${field}' must be a positive integer, got ${describe(v)}`);
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
  const kvHeads = kvHeadsRaw ?? heads;
  if (heads !== undefined && kvHeadsRaw !== undefined && heads % kvHeadsRaw !== 0) {
    errors.push(
      `field 'num_key_value_heads' (${kvHeadsRaw}) must divide 'num_attention_heads' (${heads}): each KV head serves a whole group of query heads`,
    );
  }
  let headDim = headDimRaw;
  if (headDim === undefined && hidden !== undefined && heads !== undefined) {
    if (hidden % heads !== 0) {
      errors.push(
        `field 'head_dim' is absent and 'hidden_size' (${hidden}) is not a multiple of 'num_attention_heads' (${heads}); give 'head_dim'`,
      );
    } else {
      headDim = hidden / heads;
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  const name = typeof c['_name_or_path'] === 'string' && c['_name_or_path'] !== '' ? (c['_name_or_path'] as string) : id;
  return {
    ok: true,
    model: {
      id,
      name,
      numLayers: values.num_hidden_layers!,
      hiddenSize: hidden!,
      numAttentionHeads: heads!,
      numKeyValueHeads: kvHeads!,
      headDim: headDim!,
      intermediateSize: values.intermediate_size!,
      vocabSize: values.vocab_size!,
      tieWordEmbeddings: tie,
      maxPositionEmbeddings: values.max_position_embeddings!,
      source: `Hugging Face config.json supplied by the scenario (${id})`,
    },
  };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
