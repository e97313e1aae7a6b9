// Whether a request could ever complete on a replica, whatever the load: the check both
// schedulers run at arrival, so a request that cannot fit is rejected and counted, never queued.

import type { KvCacheManager } from '../kv/index.ts';

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
  const need = numPromptTokens + numOutputTokens - (upFront ? 0 : 1) + lookahead;
  if (numSeqs === 1 && need > capacity) {
    return `prompt + output${upFront ? '' : ' − 1'}${lookahead > 0 ? ` + ${lookahead} speculative lookahead` : ''} exceeds the ${capacity} tokens of the whole KV cache`;
  }
  if (numSeqs > 1) {
    // k sequences share the prompt's full blocks; each holds its own blocks from the partial
    // prompt block on (Scheduler.slots): blocks of prompt + k × (output − 1) tokens, per block.
    const bs = kv.blockSize;
    const shared = Math.floor(numPromptTokens / bs);
    const blocks = need <= numPromptTokens ? Math.ceil(need / bs) : shared + numSeqs * Math.ceil((need - shared * bs) / bs);
    if (blocks > kv.numGpuBlocks) {
      return `prompt + ${numSeqs} × (output${upFront ? '' : ' − 1'}) needs ${blocks} KV blocks, more than the ${kv.numGpuBlocks} of the whole KV cache`;
    }
  }
  if (!config.enableChunkedPrefill && numPromptTokens > config.maxNumBatchedTokens) {
    return `prompt exceeds maxNumBatchedTokens (${config.maxNumBatchedTokens}) with chunked prefill off`;
  }
  return null;
}
