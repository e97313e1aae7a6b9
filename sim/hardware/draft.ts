// What a speculative proposer is, as hardware: the model whose forward passes draft tokens, and
// the memory it takes beside the target on every GPU of the replica.
//   draft-model       a separate, smaller model (e.g. Llama-3.2-1B for Llama-3.1-70B): its whole
//                     weights and its own KV for every cached token, same tp and precision as the
//                     target (vLLM runs the draft at the target's tensor-parallel degree by
//                     default and keeps draft KV in the same block tables as the target's).
//   self-speculative  EAGLE/MTP-style heads (Li et al. 2024, arXiv:2401.15077; DeepSeek-V3's MTP
//                     module): a stack of `draftLayers` decoder layers of the target's shape that
//                     reuses the target's embedding and LM head; a fractional count states a
//                     cheaper head. It is costed as the target's architecture with draftLayers
//                     layers (MoE targets: every head layer is an MoE layer, as DeepSeek's MTP),
//                     and holds draftLayers layers' weights and KV.
//   ngram             prompt lookup on the host: no weights, no KV, no forward pass.
// Extra bytes per GPU: weights W_draft (draft-model: all; heads: W(d layers) − W(0 layers), i.e.
// without the shared embedding and LM head) and KV per token kvBytesPerTokenPerGpu(draft).
// NOTE: heads share the target's embedding and LM head (EAGLE-1/2); EAGLE-3 has its own smaller
// vocabulary head, not modelled.

import type { Bytes } from '../units.ts';
import type { ResolvedPrecision } from './dtype.ts';
import { kvBytesPerTokenPerGpu, weightBytesPerGpu } from './model-math.ts';
import type { ModelSpec } from './types.ts';

export type DraftMethod = 'draft-model' | 'self-speculative' | 'ngram';

export interface DraftFootprint {
  /** The model whose passes propose tokens; null for n-gram lookup. */
  passModel: ModelSpec | null;
  /** Weight bytes per GPU beyond the target's. */
  weightBytesPerGpu: Bytes;
  /** KV bytes per cached token per GPU beyond the target's. */
  kvBytesPerTokenPerGpu: Bytes;
}

/** The target's architecture cut to `layers` decoder layers (a draft head stack). */
export function draftHeadModel(target: ModelSpec, layers: number): ModelSpec {
  return {
    ...target,
    id: `${target.id}+draft-head`,
    name: `${target.name} draft head (${layers} layer${layers === 1 ? '' : 's'})`,
    numLayers: layers,
    ...(target.moe ? { moe: { ...target.moe, numDenseLayers: 0 } } : {}),
  };
}

export function draftFootprint(
  method: DraftMethod,
  target: ModelSpec,
  precision: ResolvedPrecision,
  tp: number,
  options: { draftModel?: ModelSpec; draftLayers?: number } = {},
): DraftFootprint {
  const weights = (m: ModelSpec): Bytes => weightBytesPerGpu(m, precision.weightBytes, tp, precision.attentionGemm.weightBytes);
  switch (method) {
    case 'ngram':
      return { passModel: null, weightBytesPerGpu: 0, kvBytesPerTokenPerGpu: 0 };
    case 'draft-model': {
      const m = options.draftModel;
      if (m === undefined) throw new RangeError("method 'draft-model' needs a draft model");
      return { passModel: m, weightBytesPerGpu: weights(m), kvBytesPerTokenPerGpu: kvBytesPerTokenPerGpu(m, precision.kvBytes, tp) };
    }
    case 'self-speculative': {
      const head = draftHeadModel(target, options.draftLayers ?? 1);
      const shared = weights({ ...head, numLayers: 0 });
      return { passModel: head, weightBytesPerGpu: weights(head) - shared, kvBytesPerTokenPerGpu: kvBytesPerTokenPerGpu(head, precision.kvBytes, tp) };
    }
  }
}
