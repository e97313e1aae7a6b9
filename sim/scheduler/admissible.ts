// Whether a request could ever complete on a replica, whatever the load: the check both
// schedulers run at arrival, so a request that cannot fit is rejected and counted, never queued.

import type { KvCacheManager } from '../kv/index.ts';

/**
 * KV tokens a request holds at its end: prompt + output − 1 stored (the last token is sampled,
 * not stored), or prompt + output when reserved up front; plus `lookahead` slots (γ under
 * speculative decoding: the drafts verified in its last step).
 */
export function finalKvTokens(numPromptTokens: number, numOutputTokens: number, upFront: boolean, lookahead = 0): number {
  return numPromptTokens + numOutputTokens - (upFront ? 0 : 1) + lookahead;
}

/**
 * The token count to ask a KV manager for so that `numSeqs` sequences hold `tokens` computed
 * tokens each: `tokens` itself for one sequence or within the prompt; else the prompt's
 * S = ⌊prompt / blockSize⌋ full blocks shared, plus one block per sequence per block of the
 * rest from the partial prompt block on — (S + k·⌈(tokens − S·blockSize) / blockSize⌉) blocks.
 */
export function kvSlots(numPromptTokens: number, numSeqs: number, tokens: number, blockSize: number): number {
  if (numSeqs === 1 || tokens <= numPromptTokens) return tokens;
  const shared = Math.floor(numPromptTokens / blockSize);
  return (shared + numSeqs * Math.ceil((tokens - shared * blockSize) / blockSize)) * blockSize;
}

/**
 * Why a request with these lengths could never complete, or null if it can. KV must hold
 * prompt + output − 1 tokens at the end (the last token is sampled, not stored); an up-front
 * reservation (contiguous layout) holds prompt + output.
 */
export function whyNeverFits(
  kv: KvCacheManager,
  upFront: boolean,
  config: { enableChunkedPrefill: boolean; maxNumBatchedTokens: number },
  numPromptTokens: number,
  numOutputTokens: number,
  numSeqs = 1,
  /** Extra KV slots the request holds at its end: γ under speculative decoding (draft tokens verified in its last step). */
  lookahead = 0,
): string | null {
  const capacity = kv.numGpuBlocks * kv.blockSize;
  const need = finalKvTokens(numPromptTokens, numOutputTokens, upFront, lookahead);
  if (numSeqs === 1 && need > capacity) {
    return `prompt + output${upFront ? '' : ' − 1'}${lookahead > 0 ? ` + ${lookahead} speculative lookahead` : ''} exceeds the ${capacity} tokens of the whole KV cache`;
  }
  if (numSeqs > 1) {
    // k sequences share the prompt's full blocks; each holds its own blocks from the partial
    // prompt block on (kvSlots).
    const blocks = Math.ceil(kvSlots(numPromptTokens, numSeqs, need, kv.blockSize) / kv.blockSize);
    if (blocks > kv.numGpuBlocks) {
      return `prompt + ${numSeqs} × (output${upFront ? '' : ' − 1'}) needs ${blocks} KV blocks, more than the ${kv.numGpuBlocks} of the whole KV cache`;
    }
  }
  if (!config.enableChunkedPrefill && numPromptTokens > config.maxNumBatchedTokens) {
    return `prompt exceeds maxNumBatchedTokens (${config.maxNumBatchedTokens}) with chunked prefill off`;
  }
  return null;
}
