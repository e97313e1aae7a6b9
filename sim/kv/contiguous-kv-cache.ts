// A replica's KV cache laid out the pre-PagedAttention way (FasterTransformer, Orca — Yu et al.,
// OSDI 2022; the motivation of Kwon et al., SOSP 2023, §3): each request reserves, at admission,
// room for its whole maximum length, and holds it until it finishes. The pool is still counted
// in `blockSize`-token blocks so the two layouts share one capacity and one metric.
// Contract extension: the scheduler calls setMaxTokens(r, maxTokens) before r's first
// allocateSlots (again after a preemption); that first allocateSlots then takes
// ⌈max(maxTokens, numTokens) / blockSize⌉ blocks at once, or returns null changing nothing.
// maxTokens = prompt + max output tokens (what FasterTransformer's per-sequence buffer of
// input + output length holds; reserving the engine's max model length would be worse still).
// Later calls return 0 while the reservation covers numTokens (always, when maxTokens is
// honest); past it the table grows as a paged one would, so the contract still holds.
// Invariants (property test in test/kv): every block is in exactly one of the free queue or one
// request's table; numFreeBlocks() + Σ table lengths = numGpuBlocks; a table never shrinks
// until free.
// NOTE: contiguity itself is not modelled: block ids come from the same free queue as the paged
// pool, so external fragmentation (a free run too short for a reservation although enough
// blocks are free in total) is not simulated — only the capacity held from admission to finish,
// which is what limits concurrency. The waste shows up as reserved-but-unused slots.

import { BlockPool } from './block-pool.ts';
import type { KvCacheManager } from './types.ts';

const EMPTY: readonly number[] = Object.freeze([]);

export class ContiguousKvCache implements KvCacheManager {
  readonly blockPool: BlockPool;
  private readonly tables = new Map<number, number[]>();
  private readonly maxTokens = new Map<number, number>();
  private readonly spareTables: number[][] = [];

  constructor(readonly numGpuBlocks: number, readonly blockSize: number) {
    if (!Number.isInteger(numGpuBlocks) || numGpuBlocks < 0) throw new RangeError(`numGpuBlocks must be an integer ≥ 0, got ${numGpuBlocks}`);
    if (!Number.isInteger(blockSize) || blockSize < 1) throw new RangeError(`blockSize must be an integer ≥ 1, got ${blockSize}`);
    this.blockPool = new BlockPool(numGpuBlocks);
  }

  /** Registers the request's maximum KV length, reserved whole by its first allocateSlots. */
  setMaxTokens(requestId: number, maxTokens: number): void {
    if (!Number.isInteger(maxTokens) || maxTokens < 0) throw new RangeError(`maxTokens must be an integer ≥ 0, got ${maxTokens}`);
    this.maxTokens.set(requestId, maxTokens);
  }

  numFreeBlocks(): number {
    return this.blockPool.numFreeBlocks();
  }

  numUsedBlocks(): number {
    return this.numGpuBlocks - this.blockPool.numFreeBlocks();
  }

  /** Blocks the table must hold to cover numTokens: the whole reservation for a request without one. */
  private target(requestId: number, numTokens: number, table: number[] | undefined): number {
    const tokens = table === undefined ? Math.max(numTokens, this.maxTokens.get(requestId) ?? 0) : numTokens;
    return Math.ceil(tokens / this.blockSize);
  }

  numBlocksToAllocate(requestId: number, numTokens: number): number {
    const table = this.tables.get(requestId);
    const need = this.target(requestId, numTokens, table) - (table === undefined ? 0 : table.length);
    return need > 0 ? need : 0;
  }

  allocateSlots(requestId: number, numTokens: number): number | null {
    let table = this.tables.get(requestId);
    const need = this.target(requestId, numTokens, table) - (table === undefined ? 0 : table.length);
    if (need <= 0) return 0;
    if (need > this.blockPool.numFreeBlocks()) return null;
    if (table === undefined) {
      table = this.spareTables.pop() ?? [];
      this.tables.set(requestId, table);
    }
    this.blockPool.getNewBlocks(need, table);
    return need;
  }

  blockTable(requestId: number): readonly number[] {
    return this.tables.get(requestId) ?? EMPTY;
  }

  /** Releases the reservation (and forgets maxTokens: a resumed request registers again). */
  free(requestId: number): void {
    this.maxTokens.delete(requestId);
    const table = this.tables.get(requestId);
    if (table === undefined) return;
    for (let i = table.length - 1; i >= 0; i--) this.blockPool.freeBlock(table[i]);
    this.tables.delete(requestId);
    table.length = 0;
    this.spareTables.push(table);
  }
}
