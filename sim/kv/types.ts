// The contract of the KV-cache room: a pool of fixed-size blocks and per-request block tables.
// It knows nothing of scheduling; failure to fit is a value (null), never an exception.

export interface KvCacheManager {
  readonly blockSize: number;
  readonly numGpuBlocks: number;
  numFreeBlocks(): number;
  numUsedBlocks(): number;
  /**
   * Make the request's block table cover `numTokens` tokens in total (vLLM: computed + new).
   * Returns the ids of the newly allocated blocks (possibly empty), or null — changing
   * nothing — when the free pool cannot cover them.
   */
  allocateSlots(requestId: number, numTokens: number): readonly number[] | null;
  /** Blocks the request would need to cover `numTokens` tokens, beyond what it holds. */
  numBlocksToAllocate(requestId: number, numTokens: number): number;
  /** The request's block ids in order (empty if none). */
  blockTable(requestId: number): readonly number[];
  /** Release all the request's blocks to the free queue. */
  free(requestId: number): void;
}
