import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PagedKvCache } from '../../sim/kv/index.ts';

/** Checks that every block is in exactly one place: the free queue or one of the tables. */
function expectConservation(kv: PagedKvCache, requestIds: readonly number[]): void {
  const free = kv.blockPool.freeBlockQueue.toArray();
  const owner = new Map<number, string>();
  for (const b of free) {
    expect(owner.has(b), `block ${b} twice`).toBe(false);
    owner.set(b, 'free');
  }
  let held = 0;
  for (const r of requestIds) {
    for (const b of kv.blockTable(r)) {
      expect(owner.get(b), `block ${b} in request ${r}`).toBeUndefined();
      owner.set(b, `request ${r}`);
    }
    held += kv.blockTable(r).length;
  }
  expect(owner.size).toBe(kv.numGpuBlocks);
  expect(free.length + held).toBe(kv.numGpuBlocks);
  expect(kv.numFreeBlocks()).toBe(free.length);
  expect(kv.numUsedBlocks()).toBe(held);
}

describe('PagedKvCache.allocateSlots / free', () => {
  it('allocates from the head of the free queue: the first request gets [0, 1, 2]', () => {
    const kv = new PagedKvCache(10, 4);
    expect(kv.allocateSlots(0, 9)).toBe(3); // ⌈9/4⌉ = 3 blocks
    expect(kv.blockTable(0)).toEqual([0, 1, 2]);
    expect(kv.allocateSlots(1, 4)).toBe(1);
    expect(kv.blockTable(1)).toEqual([3]);
    expect(kv.blockTable(0)).toEqual([0, 1, 2]);
    expect(kv.numFreeBlocks()).toBe(6);
    expect(kv.numUsedBlocks()).toBe(4);
  });

  it('extends a table only at block boundaries and allocates nothing otherwise', () => {
    const kv = new PagedKvCache(10, 4);
    kv.allocateSlots(0, 5);
    expect(kv.allocateSlots(0, 8)).toBe(0);
    expect(kv.allocateSlots(0, 3)).toBe(0);
    expect(kv.blockTable(0)).toEqual([0, 1]);
    expect(kv.numBlocksToAllocate(0, 9)).toBe(1);
    expect(kv.numBlocksToAllocate(7, 9)).toBe(3);
    expect(kv.allocateSlots(0, 9)).toBe(1);
    expect(kv.blockTable(0)).toEqual([0, 1, 2]);
  });

  it('free returns blocks to the tail in reverse, so reallocation follows the LRU tail rule', () => {
    const kv = new PagedKvCache(10, 4);
    kv.allocateSlots(0, 12); // [0, 1, 2]
    kv.allocateSlots(1, 8); // [3, 4]
    kv.free(0);
    expect(kv.blockPool.freeBlockQueue.toArray()).toEqual([5, 6, 7, 8, 9, 2, 1, 0]);
    expect(kv.blockTable(0)).toEqual([]);
    expect(kv.allocateSlots(2, 24)).toBe(6);
    expect(kv.blockTable(2)).toEqual([5, 6, 7, 8, 9, 2]);
    kv.free(1);
    expect(kv.blockPool.freeBlockQueue.toArray()).toEqual([1, 0, 4, 3]);
    expect(kv.allocateSlots(3, 12)).toBe(3);
    expect(kv.blockTable(3)).toEqual([1, 0, 4]);
    expect(kv.numFreeBlocks()).toBe(1);
  });

  it('returns null and changes nothing when the free pool cannot cover the need', () => {
    const kv = new PagedKvCache(10, 4);
    kv.allocateSlots(0, 28); // 7 blocks
    kv.allocateSlots(1, 4); // 1 block
    const before = kv.blockPool.freeBlockQueue.toArray();
    expect(kv.allocateSlots(1, 16)).toBeNull(); // needs 3 more, 2 free
    expect(kv.allocateSlots(2, 12)).toBeNull(); // a new request needing 3
    expect(kv.blockTable(1)).toEqual([7]);
    expect(kv.blockTable(2)).toEqual([]);
    expect(kv.blockPool.freeBlockQueue.toArray()).toEqual(before);
    expect(kv.numFreeBlocks()).toBe(2);
    expect(kv.allocateSlots(1, 12)).toBe(2); // exactly the free blocks still fit
    expect(kv.blockTable(1)).toEqual([7, 8, 9]);
    expect(kv.numFreeBlocks()).toBe(0);
  });

  it('free of a request without blocks is a no-op', () => {
    const kv = new PagedKvCache(3, 2);
    kv.free(42);
    expect(kv.numFreeBlocks()).toBe(3);
  });

  it('rejects a bad pool shape', () => {
    expect(() => new PagedKvCache(-1, 4)).toThrow(RangeError);
    expect(() => new PagedKvCache(10, 0)).toThrow(RangeError);
  });

  it('conserves blocks under any sequence of allocate and free over several requests', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('allocate' as const), request: fc.integer({ min: 0, max: 4 }), numTokens: fc.integer({ min: 0, max: 60 }) }),
      fc.record({ kind: fc.constant('free' as const), request: fc.integer({ min: 0, max: 4 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 80 }), (numBlocks, blockSize, ops) => {
        const kv = new PagedKvCache(numBlocks, blockSize);
        const ids = [0, 1, 2, 3, 4];
        for (const o of ops) {
          if (o.kind === 'free') {
            kv.free(o.request);
            expect(kv.blockTable(o.request)).toEqual([]);
          } else {
            const before = [...kv.blockTable(o.request)];
            const freeBefore = kv.numFreeBlocks();
            const need = kv.numBlocksToAllocate(o.request, o.numTokens);
            const got = kv.allocateSlots(o.request, o.numTokens);
            if (got === null) {
              expect(need).toBeGreaterThan(freeBefore);
              expect(kv.blockTable(o.request)).toEqual(before);
              expect(kv.numFreeBlocks()).toBe(freeBefore);
            } else {
              expect(got).toBe(need);
              expect(kv.blockTable(o.request).slice(0, before.length)).toEqual(before);
              expect(kv.blockTable(o.request).length).toBe(Math.max(before.length, Math.ceil(o.numTokens / blockSize)));
            }
          }
          expectConservation(kv, ids);
        }
        for (const r of ids) kv.free(r);
        expect(kv.numFreeBlocks()).toBe(numBlocks);
      }),
    );
  });
});
