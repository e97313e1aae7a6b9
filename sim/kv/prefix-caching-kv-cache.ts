// A paged KV cache with automatic prefix caching (vLLM v1 KVCacheManager with
// enable_prefix_caching): full blocks that lie entirely inside a request's shared prefix (a
// prefix group's system prompt) are identified by a hash, kept after their requests finish, and
// shared by reference count with later requests of the same group.
// Block identity: the simulator has no token ids, so a block's hash is its place in the chain
// (group g, block index i), encoded as the number g·2^24 + i. Block i of group g is cacheable
// only when its tokens [i·bs, (i+1)·bs) lie inside the group's prefix; as in vLLM's hash chain
// (each block's hash covers its parent's), a hit on block i implies blocks 0..i−1 of the same
// chain, so a lookup walks i = 0, 1, … and stops at the first miss.
// Sessions (multi-turn chat): a session's turns extend one token sequence — turn k + 1's prompt
// is turn k's prompt and output followed by new tokens — so block i of any of its turns holds
// the same tokens. Its chain is the group's keys for the blocks fully inside the group's prefix
// (shared with every session of the group), then the session's own keys (session s, block i),
// encoded as −2 − (s·2^24 + i). A turn registers its block i under the session's key once the
// block is full of tokens computed or scheduled (allocateSlots covers (i+1)·bs tokens, as vLLM
// caches a block when the step that fills it is scheduled), and only within the tokens its KV
// holds when it ends (`sessionTokens` = prompt + output − 1; the last sampled token is never
// computed). Decodes call allocateSlots only when they cross into a new block, so the block a
// turn's last decode fills would never be seen full: the block ending exactly at sessionTokens is
// registered when it is allocated. No request can hit it early: a session has one turn in flight,
// and that turn's own lookup after a preemption stops at ⌊(numTokens − 1)/bs⌋ blocks, all computed.
// A session key already held by an older copy (an unreferenced leftover of a preempted or
// partly evicted chain) moves to the new block, so the freshest copy serves the next turn.
// Lifecycle: a block's reference count is the number of block tables holding it. free() drops
// each count; a block reaching 0 goes to the free-queue tail (in reverse table order, as the
// base class), *keeping its hash*: it is free (counted by numFreeBlocks) but still hittable, and
// the free queue's order is the LRU eviction order. A hit on such a block takes it out of the
// free queue (FreeKVCacheBlockQueue.remove). Allocation pops the queue head; a popped block with a hash
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
// NOTE: a request swapped out and back in (preemptionMode 'swap') is not bound again: blocks it
// fills after the swap-in get no hash (for groups as for sessions).

import { PagedKvCache } from './paged-kv-cache.ts';

const GROUP_STRIDE = 2 ** 24;
/** hashOf value of a block without a hash. */
const NO_HASH = -1;

/** What a request's blocks are cached under (set by computeCachedPrefix, dropped by free). */
interface Binding {
  /** Prefix group, −1 for none (a session without a shared prefix). */
  group: number;
  /** The group's prefix length in tokens (0 without a group). */
  tokens: number;
  /** Session, −1 for none. */
  session: number;
  /** Session: tokens its KV holds when the turn ends; blocks within them get session keys. */
  sessionTokens: number;
  /** Session: the first block index not yet registered under a session key. */
  next: number;
}

export class PrefixCachingKvCache extends PagedKvCache {
  /** Tables holding each block (0: in the free queue). */
  private readonly refCount: Int32Array;
  /** Hash of each block, NO_HASH when none. */
  private readonly hashOf: Float64Array;
  /** Hash → block id of every cached block (held or evictable). */
  private readonly cached = new Map<number, number>();
  /** Per bound request: its prefix group and session. */
  private readonly prefixOf = new Map<number, Binding>();
  /** Bindings with a session (so the plain paths skip the session work when there are none). */
  private numSessionBindings = 0;

  constructor(numGpuBlocks: number, blockSize: number) {
    super(numGpuBlocks, blockSize);
    this.refCount = new Int32Array(numGpuBlocks);
    this.hashOf = new Float64Array(numGpuBlocks).fill(NO_HASH);
  }

  /** The hash of block `index` of prefix group `group`. */
  static blockHash(group: number, index: number): number {
    return group * GROUP_STRIDE + index;
  }

  /** The hash of block `index` of session `session` (negative: disjoint from group hashes and NO_HASH). */
  static sessionBlockHash(session: number, index: number): number {
    return -2 - (session * GROUP_STRIDE + index);
  }

  /**
   * Binds the request (which must hold no blocks) to its prefix group (and session) and takes
   * the longest run of cached blocks 0..k−1 of its chain into its table (reference counts +1;
   * evictable blocks leave the free queue). Returns the cached tokens k·blockSize, with k at
   * most ⌊min(prefixTokens, numTokens − 1) / blockSize⌋ for a group alone, and at most
   * ⌊(numTokens − 1) / blockSize⌋ for a session turn (group −1 if it has no prefix group).
   */
  computeCachedPrefix(requestId: number, group: number, prefixTokens: number, numTokens: number, session = -1, sessionTokens = 0): number {
    if (this.tables.has(requestId)) throw new Error(`computeCachedPrefix: request ${requestId} already holds blocks`);
    const bs = this.blockSize;
    if (session < 0 || group !== -1) {
      if (!Number.isInteger(group) || group < 0 || group >= 2 ** 28) throw new RangeError(`prefix group must be an integer in [0, 2^28), got ${group}`);
    }
    if (prefixTokens >= GROUP_STRIDE) throw new RangeError(`prefix of ${prefixTokens} tokens is longer than 2^24`);
    if (session >= 0) {
      if (!Number.isInteger(session) || session >= 2 ** 28) throw new RangeError(`session must be an integer in [0, 2^28), got ${session}`);
      if (Math.max(numTokens, sessionTokens) > GROUP_STRIDE * bs) throw new RangeError(`a session sequence of ${Math.max(numTokens, sessionTokens)} tokens spans more than 2^24 blocks`);
    }
    const binding: Binding = { group, tokens: group >= 0 ? prefixTokens : 0, session, sessionTokens, next: 0 };
    if (this.prefixOf.has(requestId)) throw new Error(`computeCachedPrefix: request ${requestId} is already bound (free it first)`);
    if (session >= 0) this.numSessionBindings++;
    this.prefixOf.set(requestId, binding);
    const maxBlocks = session < 0 ? Math.floor(Math.min(prefixTokens, numTokens - 1) / bs) : Math.floor((numTokens - 1) / bs);
    const groupBlocks = group >= 0 ? Math.floor(prefixTokens / bs) : 0;
    let k = 0;
    let table: number[] | undefined;
    const queue = this.blockPool.freeBlockQueue;
    for (; k < maxBlocks; k++) {
      const block = this.cached.get(k < groupBlocks ? PrefixCachingKvCache.blockHash(group, k) : PrefixCachingKvCache.sessionBlockHash(session, k));
      if (block === undefined) break;
      if (table === undefined) {
        table = this.spareTables.pop() ?? [];
        this.tables.set(requestId, table);
      }
      if (this.refCount[block] === 0) queue.remove(block);
      this.refCount[block]++;
      table.push(block);
    }
    binding.next = k;
    return k * bs;
  }

  override allocateSlots(requestId: number, numTokens: number): number | null {
    const before = this.tables.get(requestId)?.length ?? 0;
    const n = super.allocateSlots(requestId, numTokens);
    if (n === null) return n;
    if (n === 0) {
      // No new block, but a chunk may have filled a session block.
      if (this.numSessionBindings > 0) {
        const b = this.prefixOf.get(requestId);
        const table = this.tables.get(requestId);
        if (b !== undefined && b.session >= 0 && table !== undefined) this.registerSessionBlocks(b, table, numTokens);
      }
      return n;
    }
    const table = this.tables.get(requestId)!;
    const prefix = this.prefixOf.get(requestId);
    const bs = this.blockSize;
    for (let i = before; i < table.length; i++) {
      const block = table[i];
      this.refCount[block] = 1;
      const old = this.hashOf[block];
      if (old !== NO_HASH) {
        // Evict: the block was the least recently used free block with a hash.
        this.cached.delete(old);
        this.hashOf[block] = NO_HASH;
      }
      if (prefix !== undefined && (i + 1) * bs <= prefix.tokens) {
        const h = PrefixCachingKvCache.blockHash(prefix.group, i);
        if (!this.cached.has(h)) {
          this.cached.set(h, block);
          this.hashOf[block] = h;
        }
      }
    }
    if (prefix !== undefined && prefix.session >= 0) this.registerSessionBlocks(prefix, table, numTokens);
    return n;
  }

  /**
   * Registers, under the session's keys, the bound request's blocks past the group's prefix that
   * are now full (within numTokens) and within its sessionTokens, or end exactly at sessionTokens.
   */
  private registerSessionBlocks(b: Binding, table: readonly number[], numTokens: number): void {
    const bs = this.blockSize;
    let i = Math.max(b.next, b.group >= 0 ? Math.floor(b.tokens / bs) : 0);
    for (; i < table.length; i++) {
      const end = (i + 1) * bs;
      if (end > b.sessionTokens || (end > numTokens && end !== b.sessionTokens)) break;
      const h = PrefixCachingKvCache.sessionBlockHash(b.session, i);
      const block = table[i];
      const holder = this.cached.get(h);
      if (holder === block) continue;
      if (holder !== undefined) this.hashOf[holder] = NO_HASH;
      this.cached.set(h, block);
      this.hashOf[block] = h;
    }
    b.next = i;
  }

  override free(requestId: number): void {
    const binding = this.prefixOf.get(requestId);
    if (binding !== undefined) {
      if (binding.session >= 0) this.numSessionBindings--;
      this.prefixOf.delete(requestId);
    }
    super.free(requestId);
  }

  /** A shared block goes back to the free queue only when its last holder lets go. */
  protected override releaseBlock(block: number): void {
    if (--this.refCount[block] === 0) this.blockPool.freeBlock(block);
  }

  /** The block holding hash (group, index), or undefined (for tests). */
  cachedBlock(group: number, index: number): number | undefined {
    return this.cached.get(PrefixCachingKvCache.blockHash(group, index));
  }

  /** The block holding session `session`'s block `index`, or undefined (for tests). */
  cachedSessionBlock(session: number, index: number): number | undefined {
    return this.cached.get(PrefixCachingKvCache.sessionBlockHash(session, index));
  }

  /** Tables holding the block (for tests). */
  refCountOf(block: number): number {
    return this.refCount[block];
  }
}
