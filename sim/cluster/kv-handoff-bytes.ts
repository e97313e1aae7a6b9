// Disaggregated serving: how many bytes of KV cache a prefilled request hands to its decode
// replica. The prompt's KV, every layer, every KV head, at the DECODE pool's KV dtype (the decode
// side allocates its blocks in its own format and the prefill side writes in it, as vLLM's
// NixlConnector requires matching KV layouts on both ends).
// Invariants: bytes = numPromptTokens × kvBytesPerToken(model, kvBytes) (hardware/model-math.ts:
// 2·L·H_kv·d·bytes, or MLA's latent L·(r + d_rope)·bytes); the first output token's KV is not
// sent (the decode replica computes it with its first decode step).
// NOTE: whole-model bytes over one link: with tensor parallelism each GPU sends its own heads'
// share over its own NIC, in parallel; a scenario with tp > 1 should give the link the sum of
// the per-GPU rates (tp × one NIC), which a preset does not do for it.

import { kvBytesPerToken, type ModelSpec } from '../hardware/index.ts';

export function kvHandoffBytes(model: ModelSpec, kvBytesPerElement: number, numPromptTokens: number): number {
  if (!Number.isInteger(numPromptTokens) || numPromptTokens < 0) throw new RangeError(`numPromptTokens must be an integer ≥ 0, got ${numPromptTokens}`);
  return numPromptTokens * kvBytesPerToken(model, kvBytesPerElement);
}
