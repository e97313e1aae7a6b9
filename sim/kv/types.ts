// The contract of the KV-cache room: a pool of fixed-size blocks and per-request block tables,
// laid out paged (PagedKvCache) or as whole up-front reservations (ContiguousKvCache).
// It knows nothing of scheduling; failure to fit is a value (null), never an exception.

export interface KvCacheManager {
  readonly blockSize: number;
  readonly numGpuBlocks: number;
  numFreeBlocks(): number;
  numUsedBlocks(): number;
  /**
   * Make the request's block table cover `numTokens` tokens in total (vLLM: computed + new).
   * Returns how many blocks were newly allocated (possibly 0), or null — changing nothing —
   * when the free pool cannot cover them. (A count, not the ids: this is the simulator's
   * hottest call and must not allocate; `blockTable` gives the ids.)
   */
  allocateSlots(requestId: number, numTokens: number): number | null;
  /** Blocks the request would need to cover `numTokens` tokens, beyond what it holds. */
  numBlocksToAllocate(requestId: number, numTokens: number): number;
  /** The request's block ids in order (empty if none). */
  blockTable(requestId: number): readonly number[];
  /** Release all the request's blocks to the free queue. */
  free(requestId: number): void;
  /**
   * Present only on managers that reserve a request's whole length at admission
   * (ContiguousKvCache); absent on the paged pool. The scheduler calls it before the request's
   * first allocateSlots (and again when a preempted request resumes) with maxTokens = prompt +
   * max output tokens; that allocateSlots then takes the whole reservation, so the request's
   * table never grows afterwards and the scheduler skips per-step decode allocation.
   */
  setMaxTokens?(requestId: number, maxTokens: number): void;
  /**
   * Present only on a prefix-caching manager (PrefixCachingKvCache). Called at admission of a
   * request that holds no blocks and starts with prefix group `group`'s `prefixTokens` tokens:
   * takes the longest cached run of that prefix's full blocks into its table and returns the
   * tokens they cover (a multiple of blockSize, at most numTokens − 1). Undone by free().
   * A turn of multi-turn session `session` (>= 0; group −1 when it has no prefix group) also
   * matches the session's cached blocks past the prefix, and registers its own full blocks
   * within its first `sessionTokens` tokens (the KV it holds when it ends) for the next turn.
   */
  computeCachedPrefix?(requestId: number, group: number, prefixTokens: number, numTokens: number, session?: number, sessionTokens?: number): number;
}
