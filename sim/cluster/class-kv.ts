// Per-class KV blocks: a KvCacheManager that wraps a replica's (or a virtual engine's) KV cache
// and keeps, per request class, the blocks its requests hold — updated on every allocate, cached
// prefix taken and free, so reading a class's count is O(1) (the collector integrates them over
// each step like the fleet's used blocks: summary.classes.<name>.kvUsage).
// Only built when the scenario declares classes; a request's class comes from `classOf(id)` (the
// collector's in-flight record) the first time the request takes blocks, and the request is
// forgotten when it frees them all, so memory is bounded by the requests holding blocks.
// Invariants: blocks[k] = Σ over class k's requests of the blocks in their block tables; without
// prefix caching every used block is in exactly one table, so Σ_k blocks[k] = numUsedBlocks().
// NOTE: with prefix caching a block held by several requests at once (a shared prefix, a
// session's turns) counts for each of them, so Σ_k blocks[k] can exceed numUsedBlocks(); a cached
// block no request holds counts for no class (nor in numUsedBlocks()).

import type { KvCacheManager } from '../kv/index.ts';

export class ClassKvCache implements KvCacheManager {
  /** Blocks held by each class's requests, by classIndex. */
  readonly blocks: Float64Array;
  /** Per request holding blocks: its class and its block count. */
  private readonly held = new Map<number, { cls: number; blocks: number }>();
  readonly setMaxTokens?: (requestId: number, maxTokens: number) => void;
  readonly computeCachedPrefix?: KvCacheManager['computeCachedPrefix'];

  constructor(
    private readonly inner: KvCacheManager,
    numClasses: number,
    private readonly classOf: (requestId: number) => number,
  ) {
    this.blocks = new Float64Array(numClasses);
    if (inner.setMaxTokens !== undefined) this.setMaxTokens = (id, maxTokens) => inner.setMaxTokens!(id, maxTokens);
    if (inner.computeCachedPrefix !== undefined) {
      this.computeCachedPrefix = (id, group, prefixTokens, numTokens, session, sessionTokens) => {
        const tokens = inner.computeCachedPrefix!(id, group, prefixTokens, numTokens, session, sessionTokens);
        this.add(id, inner.blockTable(id).length - (this.held.get(id)?.blocks ?? 0));
        return tokens;
      };
    }
  }

  get blockSize(): number {
    return this.inner.blockSize;
  }

  get numGpuBlocks(): number {
    return this.inner.numGpuBlocks;
  }

  numFreeBlocks(): number {
    return this.inner.numFreeBlocks();
  }

  numUsedBlocks(): number {
    return this.inner.numUsedBlocks();
  }

  allocateSlots(requestId: number, numTokens: number): number | null {
    const n = this.inner.allocateSlots(requestId, numTokens);
    if (n !== null && n > 0) this.add(requestId, n);
    return n;
  }

  numBlocksToAllocate(requestId: number, numTokens: number): number {
    return this.inner.numBlocksToAllocate(requestId, numTokens);
  }

  blockTable(requestId: number): readonly number[] {
    return this.inner.blockTable(requestId);
  }

  free(requestId: number): void {
    this.inner.free(requestId);
    const h = this.held.get(requestId);
    if (h === undefined) return;
    this.blocks[h.cls] -= h.blocks;
    this.held.delete(requestId);
  }

  private add(requestId: number, n: number): void {
    if (n === 0) return;
    let h = this.held.get(requestId);
    if (h === undefined) {
      h = { cls: this.classOf(requestId), blocks: 0 };
      this.held.set(requestId, h);
    }
    h.blocks += n;
    this.blocks[h.cls] += n;
  }
}
