// The pool of a replica's KV-cache blocks, as vLLM v1's BlockPool: it owns the free-block queue
// and hands out and takes back block ids. It knows nothing of requests; PagedKvCache keeps the
// per-request block tables.
// Invariants: every block id in 0..numGpuBlocks−1 is either in the free queue or handed out
// (and then held by exactly one owner, which the caller guarantees); numFreeBlocks() +
// handed-out blocks = numGpuBlocks. All operations O(1) per block, allocation-free.
// NOTE: no reference counts or block hashes here; a freed block is simply free. Prefix caching
// (PrefixCachingKvCache) keeps both beside the pool and uses FreeKVCacheBlockQueue.remove on a hit.

import { FreeKVCacheBlockQueue } from './free-kv-cache-block-queue.ts';

export class BlockPool {
  readonly freeBlockQueue: FreeKVCacheBlockQueue;

  constructor(readonly numGpuBlocks: number) {
    this.freeBlockQueue = new FreeKVCacheBlockQueue(numGpuBlocks);
  }

  numFreeBlocks(): number {
    return this.freeBlockQueue.numFreeBlocks();
  }

  /** Pops `n` blocks from the head of the free queue and pushes their ids onto `out`. */
  getNewBlocks(n: number, out: number[]): void {
    if (n > this.freeBlockQueue.numFreeBlocks()) throw new Error(`getNewBlocks: ${n} blocks wanted, ${this.numFreeBlocks()} free`);
    for (let i = 0; i < n; i++) out.push(this.freeBlockQueue.popLeft());
  }

  /** Returns one block to the tail of the free queue. */
  freeBlock(blockId: number): void {
    this.freeBlockQueue.append(blockId);
  }
}
