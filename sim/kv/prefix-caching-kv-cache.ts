// A paged KV cache with automatic prefix caching (vLLM v1 KVCacheManager with
// enable_prefix_caching): full blocks that lie entirely inside a request's shared prefix (a
// prefix group's system prompt) are identified by a hash, kept after their requests finish, and
// shared by reference count with later requests of the same group.
// Block identity: the simulator has no token ids, so a block's hash is its place in the chain
// (group g, block index i), encoded as the number g·2^24 + i. Block i of group g is cacheable
// only when its tokens [i·bs, (i+1)·bs) lie inside the group's prefix; as in vLLM's hash chain
// (each block's hash covers its parent's), a hit on block i implies blocks 0..i−1 of the same
// chain, so a lookup walks i = 0, 1, … and stops at the first miss.
// Lifecycle: a block's reference count is the number of block tables holding it. free() drops
// each count; a block reaching 0 goes to the free-queue tail (in reverse table order, as the
// base class), *keeping its hash*: it is free (counted by numFreeBlocks) but still hittable, and
// the free queue's order is the LRU eviction order. A hit on such a block takes it out of the
// free queue (FreeBlockQueue.remove). Allocation pops the queue head; a popped block with a hash
// is evicted (its hash dropped) before reuse.
// Invariants: every block is either in the free queue (refCount 0) or in ≥ 1 block tables
// (refCount = the number of tables holding it); cached maps hash → block and hashOf is its
// inverse; numFreeBlocks() + distinct held blocks = numGpuBlocks.
// NOTE: a prefix block's hash is registered when it is allocated to a request of a known group
// (before its tokens are computed), so a request admitted in the same step as the one computing
// the prefix hits already; vLLM registers at the end of the step that computes it. If two
// requests allocate the same prefix block concurrently, the first keeps the hash and the other's
// copy stays unhashed (vLLM likewise keeps one block per hash).
// NOTE: the whole prompt is never served from cache: at most numTokens − 1 tokens, rounded down
// to a block, so the last token is computed (vLLM recomputes it to get logits).

import { PagedKvCache } from './paged-kv-cache.ts';

const GROUP_STRIDE = 2 ** 24;

export class PrefixCachingKvCache extends PagedKvCache {
  /** Tables holding each block (0: in the free queue). */
  private readonly refCount: Int32Array;
  /** Hash of each block, −1 when none. */
  private readonly hashOf: Float64Array;
  /** Hash → block id of every cached block (held or evictable). */
  private readonly cached = new Map<number, number>();
  /** Per request with a prefix group: the group and its prefix length in tokens. */
  private readonly prefixOf = new Map<number, { group: number; tokens: number }>();

  constructor(numGpuBlocks: number, blockSize: number) {
    super(numGpuBlocks, blockSize);
    this.refCount = new Int32Array(numGpuBlocks);
    this.hashOf = new Float64Array(numGpuBlocks).fill(-1);
  }

  /** The hash of block `index` of prefix group `group`. */
  static blockHash(group: number, index: number): number {
    return group * GROUP_STRIDE + index;
  }

  /**
   * Binds the request (which must hold no blocks) to its prefix group and takes the longest run
   * of cached blocks 0..k−1 of that group into its table (reference counts +1; evictable blocks
   * leave the free queue). Returns the cached tokens k·blockSize, with k at most
   * ⌊min(prefixTokens, numTokens − 1) / blockSize⌋.
   */
  computeCachedPrefix(requestId: number, group: number, prefixTokens: number, numTokens: number): number {
    if (this.tables.has(requestId)) throw new Error(`computeCachedPrefix: request ${requestId} already holds blocks`);
    if (!Number.isInteger(group) || group < 0 || group >= 2 ** 28) throw new RangeError(`prefix group must be an integer in [0, 2^28), got ${group}`);
    if (prefixTokens >= GROUP_STRIDE) throw new RangeError(`prefix of ${prefixTokens} tokens is longer than 2^24`);
    this.prefixOf.set(requestId, { group, tokens: prefixTokens });
    const bs = this.blockSize;
    const maxBlocks = Math.floor(Math.min(prefixTokens, numTokens - 1) / bs);
    let k = 0;
    let table: number[] | undefined;
    const queue = this.blockPool.freeBlockQueue;
    for (; k < maxBlocks; k++) {
      const block = this.cached.get(PrefixCachingKvCache.blockHash(group, k));
      if (block === undefined) break;
      if (table === undefined) {
        table = this.spareTables.pop() ?? [];
        this.tables.set(requestId, table);
      }
      if (this.refCount[block] === 0) queue.remove(block);
      this.refCount[block]++;
      table.push(block);
    }
    return k * bs;
  }

  override allocateSlots(requestId: number, numTokens: number): number | null {
    const before = this.tables.get(requestId)?.length ?? 0;
    const n = super.allocateSlots(requestId, numTokens);
    if (n === null || n === 0) return n;
    const table = this.tables.get(requestId)!;
    const prefix = this.prefixOf.get(requestId);
    const bs = this.blockSize;
    for (let i = before; i < table.length; i++) {
      const block = table[i];
      this.refCount[block] = 1;
      const old = this.hashOf[block];
      if (old >= 0) {
        // Evict: the block was the least recently used free block with a hash.
        this.cached.delete(old);
        this.hashOf[block] = -1;
      }
      if (prefix !== undefined && (i + 1) * bs <= prefix.tokens) {
        const h = PrefixCachingKvCache.blockHash(prefix.group, i);
        if (!this.cached.has(h)) {
          this.cached.set(h, block);
          this.hashOf[block] = h;
        }
      }
    }
    return n;
  }

  override free(requestId: number): void {
    this.prefixOf.delete(requestId);
    const table = this.tables.get(requestId);
    if (table === undefined) return;
    for (let i = table.length - 1; i >= 0; i--) {
      const block = table[i];
      if (--this.refCount[block] === 0) this.blockPool.freeBlock(block);
    }
    this.tables.delete(requestId);
    table.length = 0;
    this.spareTables.push(table);
  }

  /** The block holding hash (group, index), or undefined (for tests). */
  cachedBlock(group: number, index: number): number | undefined {
    return this.cached.get(PrefixCachingKvCache.blockHash(group, index));
  }

  /** Tables holding the block (for tests). */
  refCountOf(block: number): number {
    return this.refCount[block];
  }
}
