// A replica's paged KV cache (PagedAttention, Kwon et al., SOSP 2023) with vLLM v1
// KVCacheManager semantics: a pool of `numGpuBlocks` blocks of `blockSize` tokens and, per
// request, a block table of the blocks that hold its tokens in order.
// Invariants (checked by the property test in test/kv):
//   - every block is in exactly one of: the free queue, one request's block table;
//   - numFreeBlocks() + Σ table lengths = numGpuBlocks;
//   - a table of length L covers at most L·blockSize tokens; allocateSlots(r, n) leaves the
//     table covering ⌈n / blockSize⌉ blocks (it never shrinks a table).
// allocateSlots is all-or-nothing: when the free queue cannot cover the need it returns null and
// changes nothing (the scheduler then preempts). free returns a table's blocks to the free-queue
// tail in reverse order, as vLLM does, so a sequence's tail blocks (least likely to be shared as
// a prefix) are reused first.
// NOTE: prefix caching lives in the subclass PrefixCachingKvCache (this path stays unchanged);
// no sliding windows; speculative decoding's lookahead slots are simply more tokens asked of
// allocateSlots by the scheduler. allocateSlots returns a count of new blocks (or null), never
// the ids, so it allocates no array (blockTable gives the ids). Block tables are plain number[]
// in a Map keyed by request id, recycled after free, so steady state allocates nothing.

import { BlockPool } from './block-pool.ts';
import type { KvCacheManager } from './types.ts';

const EMPTY: readonly number[] = Object.freeze([]);

export class PagedKvCache implements KvCacheManager {
  readonly blockPool: BlockPool;
  protected readonly tables = new Map<number, number[]>();
  /** Emptied tables kept for reuse. */
  protected readonly spareTables: number[][] = [];

  constructor(readonly numGpuBlocks: number, readonly blockSize: number) {
    if (!Number.isInteger(numGpuBlocks) || numGpuBlocks < 0) throw new RangeError(`numGpuBlocks must be an integer ≥ 0, got ${numGpuBlocks}`);
    if (!Number.isInteger(blockSize) || blockSize < 1) throw new RangeError(`blockSize must be an integer ≥ 1, got ${blockSize}`);
    this.blockPool = new BlockPool(numGpuBlocks);
  }

  numFreeBlocks(): number {
    return this.blockPool.numFreeBlocks();
  }

  numUsedBlocks(): number {
    return this.numGpuBlocks - this.blockPool.numFreeBlocks();
  }

  /** Blocks the request's table must hold to cover numTokens (a layout may reserve more). */
  protected targetBlocks(_requestId: number, numTokens: number, _hasTable: boolean): number {
    return Math.ceil(numTokens / this.blockSize);
  }

  numBlocksToAllocate(requestId: number, numTokens: number): number {
    const table = this.tables.get(requestId);
    const need = this.targetBlocks(requestId, numTokens, table !== undefined) - (table === undefined ? 0 : table.length);
    return need > 0 ? need : 0;
  }

  /**
   * Returns the number of newly allocated blocks (0 when the table
   * already covers `numTokens`), or null (state unchanged) when too few blocks are free.
   */
  allocateSlots(requestId: number, numTokens: number): number | null {
    let table = this.tables.get(requestId);
    const held = table === undefined ? 0 : table.length;
    const need = this.targetBlocks(requestId, numTokens, table !== undefined) - held;
    if (need <= 0) return 0;
    if (need > this.blockPool.numFreeBlocks()) return null;
    if (table === undefined) {
      table = this.spareTables.pop() ?? [];
      this.tables.set(requestId, table);
    }
    this.blockPool.getNewBlocks(need, table);
    return need;
  }

  /** The live block table (empty if none): valid until the next allocateSlots or free. */
  blockTable(requestId: number): readonly number[] {
    return this.tables.get(requestId) ?? EMPTY;
  }

  free(requestId: number): void {
    const table = this.tables.get(requestId);
    if (table === undefined) return;
    for (let i = table.length - 1; i >= 0; i--) this.releaseBlock(table[i]);
    this.tables.delete(requestId);
    table.length = 0;
    this.spareTables.push(table);
  }

  /** Gives one of a freed request's blocks back (the prefix cache counts its sharers first). */
  protected releaseBlock(block: number): void {
    this.blockPool.freeBlock(block);
  }
}
