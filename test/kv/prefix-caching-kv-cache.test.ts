import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PrefixCachingKvCache } from '../../sim/kv/index.ts';

describe('PrefixCachingKvCache', () => {
  it('shares cached prefix blocks by reference count, keeps them evictable after free, and evicts LRU', () => {
    // 8 blocks of 4 tokens; group 0's prefix is 10 tokens: blocks 0 and 1 are cacheable, the
    // third block (tokens 8..11) is not (it holds prefix and private tokens).
    const kv = new PrefixCachingKvCache(8, 4);
    expect(kv.computeCachedPrefix(1, 0, 10, 14)).toBe(0); // cold cache
    expect(kv.allocateSlots(1, 14)).toBe(4);
    expect(kv.blockTable(1)).toEqual([0, 1, 2, 3]);
    expect(kv.cachedBlock(0, 0)).toBe(0);
    expect(kv.cachedBlock(0, 1)).toBe(1);
    expect(kv.cachedBlock(0, 2)).toBeUndefined();

    // Request 2 of the same group hits both prefix blocks and takes 2 new ones.
    expect(kv.computeCachedPrefix(2, 0, 10, 13)).toBe(8);
    expect(kv.blockTable(2)).toEqual([0, 1]);
    expect(kv.refCountOf(0)).toBe(2);
    expect(kv.allocateSlots(2, 13)).toBe(2);
    expect(kv.blockTable(2)).toEqual([0, 1, 4, 5]);
    expect(kv.numFreeBlocks()).toBe(2);

    // Freeing request 1 releases only its private blocks; the shared ones stay held by request 2.
    kv.free(1);
    expect(kv.refCountOf(0)).toBe(1);
    expect(kv.blockPool.freeBlockQueue.toArray()).toEqual([6, 7, 3, 2]);
    // Freeing request 2: everything free, tail in reverse table order; the prefix blocks keep their hash.
    kv.free(2);
    expect(kv.numFreeBlocks()).toBe(8);
    expect(kv.blockPool.freeBlockQueue.toArray()).toEqual([6, 7, 3, 2, 5, 4, 1, 0]);
    expect(kv.cachedBlock(0, 0)).toBe(0);

    // A hit on a free cached block takes it out of the middle of the free queue.
    expect(kv.computeCachedPrefix(3, 0, 10, 20)).toBe(8);
    expect(kv.blockPool.freeBlockQueue.toArray()).toEqual([6, 7, 3, 2, 5, 4]);
    expect(kv.numFreeBlocks()).toBe(6);
    kv.free(3);
    expect(kv.blockPool.freeBlockQueue.toArray()).toEqual([6, 7, 3, 2, 5, 4, 1, 0]);

    // A request of another group fills the pool: the LRU head is reused first, and popping the
    // cached blocks 1 and 0 (the queue's tail) evicts them.
    expect(kv.computeCachedPrefix(4, 1, 4, 32)).toBe(0);
    expect(kv.allocateSlots(4, 28)).toBe(7);
    expect(kv.blockTable(4)).toEqual([6, 7, 3, 2, 5, 4, 1]);
    expect(kv.cachedBlock(0, 1)).toBeUndefined(); // evicted: block 1 now holds group 1's prefix
    expect(kv.cachedBlock(1, 0)).toBe(6);
    expect(kv.cachedBlock(0, 0)).toBe(0); // still cached (free, at the tail)
    expect(kv.computeCachedPrefix(5, 0, 10, 20)).toBe(4); // only block 0 of group 0 left
    expect(kv.blockTable(5)).toEqual([0]);
    expect(kv.numFreeBlocks()).toBe(0);
    expect(kv.allocateSlots(5, 8)).toBeNull();
  });

  it('never serves the whole prompt from cache: the last token is computed', () => {
    const kv = new PrefixCachingKvCache(8, 4);
    kv.computeCachedPrefix(1, 0, 8, 8);
    kv.allocateSlots(1, 8);
    kv.free(1);
    expect(kv.computeCachedPrefix(2, 0, 8, 8)).toBe(4); // ⌊(8 − 1) / 4⌋ blocks
    expect(kv.computeCachedPrefix(3, 0, 8, 9)).toBe(8);
  });

  it('keeps the pool invariants under random allocation, hits and frees', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(5), fc.nat(3), fc.integer({ min: 1, max: 40 }), fc.boolean()), { maxLength: 60 }),
        (ops) => {
          const n = 12;
          const kv = new PrefixCachingKvCache(n, 4);
          const live = new Set<number>();
          for (const [id, group, tokens, doFree] of ops) {
            if (doFree || live.has(id)) {
              kv.free(id);
              live.delete(id);
              continue;
            }
            const hit = kv.computeCachedPrefix(id, group, 12, tokens);
            live.add(id);
            if (kv.allocateSlots(id, tokens) === null) {
              kv.free(id);
              live.delete(id);
            } else {
              expect(hit % 4).toBe(0);
              expect(kv.blockTable(id).length).toBe(Math.ceil(tokens / 4));
            }
            // Every block is either free (refcount 0) or held by refCount tables.
            const holders = new Map<number, number>();
            for (const r of live) for (const b of kv.blockTable(r)) holders.set(b, (holders.get(b) ?? 0) + 1);
            const free = new Set(kv.blockPool.freeBlockQueue.toArray());
            expect(free.size + holders.size).toBe(n);
            for (let b = 0; b < n; b++) expect(kv.refCountOf(b)).toBe(free.has(b) ? 0 : holders.get(b));
          }
        },
      ),
    );
  });
});

describe('PrefixCachingKvCache without prefix groups', () => {
  it('hands out exactly the blocks PagedKvCache does', async () => {
    const { PagedKvCache } = await import('../../sim/kv/index.ts');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(6), fc.integer({ min: 1, max: 30 }), fc.boolean()), { maxLength: 80 }), (ops) => {
        const a = new PagedKvCache(16, 4);
        const b = new PrefixCachingKvCache(16, 4);
        for (const [id, tokens, doFree] of ops) {
          if (doFree) {
            a.free(id);
            b.free(id);
          } else {
            expect(b.allocateSlots(id, tokens)).toBe(a.allocateSlots(id, tokens));
          }
          expect(b.blockTable(id)).toEqual(a.blockTable(id));
          expect(b.blockPool.freeBlockQueue.toArray()).toEqual(a.blockPool.freeBlockQueue.toArray());
        }
      }),
    );
  });
});
