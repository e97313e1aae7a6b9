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

import { PagedKvCache } from './paged-kv-cache.ts';

/** The paged pool's tables and free queue, with a reservation taken whole on first allocation. */
export class ContiguousKvCache extends PagedKvCache {
  private readonly maxTokens = new Map<number, number>();

  /** Registers the request's maximum KV length, reserved whole by its first allocateSlots. */
  setMaxTokens(requestId: number, maxTokens: number): void {
    if (!Number.isInteger(maxTokens) || maxTokens < 0) throw new RangeError(`maxTokens must be an integer ≥ 0, got ${maxTokens}`);
    this.maxTokens.set(requestId, maxTokens);
  }

  /** A request without a table yet takes its whole reservation. */
  protected override targetBlocks(requestId: number, numTokens: number, hasTable: boolean): number {
    const tokens = hasTable ? numTokens : Math.max(numTokens, this.maxTokens.get(requestId) ?? 0);
    return Math.ceil(tokens / this.blockSize);
  }

  /** Releases the reservation (and forgets maxTokens: a resumed request registers again). */
  override free(requestId: number): void {
    this.maxTokens.delete(requestId);
    super.free(requestId);
  }
}
