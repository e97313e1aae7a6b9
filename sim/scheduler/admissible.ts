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
): string | null {
  const capacity = kv.numGpuBlocks * kv.blockSize;
  const need = numPromptTokens + numOutputTokens - (upFront ? 0 : 1);
  if (need > capacity) {
    return `prompt + output${upFront ? '' : ' − 1'} exceeds the ${capacity} tokens of the whole KV cache`;
  }
  if (!config.enableChunkedPrefill && numPromptTokens > config.maxNumBatchedTokens) {
    return `prompt exceeds maxNumBatchedTokens (${config.maxNumBatchedTokens}) with chunked prefill off`;
  }
  return null;
}
