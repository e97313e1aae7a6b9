// The model catalog: dense decoder-only transformers (Llama-style: RMSNorm, GQA attention,
// gated SiLU MLP), as the fields of their Hugging Face config.json. Each entry's `source` is the
// config it was transcribed from.
// Invariants: ids are unique and lower-case, and those of shared/data/validation/README.md;
// headDim × numAttentionHeads = hiddenSize for every entry here; numKeyValueHeads divides
// numAttentionHeads.
// NOTE: Mistral-7B is v0.1, whose config sets a 4096-token sliding attention window; the window
// is not modelled (attention attends the whole context), which overstates decode attention
// traffic beyond 4096 tokens of context.
// NOTE: llama-3.3-70b has the architecture of llama-3.1-70b (same config.json numbers).

import type { ModelSpec } from './types.ts';

const hf = (repo: string) => `Hugging Face ${repo} config.json, https://huggingface.co/${repo}/blob/main/config.json`;

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
];

export const MODEL_IDS: readonly string[] = MODELS.map((m) => m.id);

const BY_ID: ReadonlyMap<string, ModelSpec> = new Map(MODELS.map((m) => [m.id, m]));

/** The catalog entry with this exact id, or undefined (callers suggest the nearest id). */
export function findModel(id: string): ModelSpec | undefined {
  return BY_ID.get(id);
}
