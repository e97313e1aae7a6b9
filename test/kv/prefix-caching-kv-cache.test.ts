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

describe('PrefixCachingKvCache with sessions', () => {
  // A turn as the scheduler drives it: bind and look up at admission, prefill the prompt in one
  // chunk, then decode; a decode calls allocateSlots only when it crosses into a new block (with
  // computed + 1 tokens). The turn ends holding prompt + output − 1 computed tokens.
  function runTurn(kv: PrefixCachingKvCache, id: number, session: number, prompt: number, output: number, group = -1, prefixTokens = 0): number {
    const bs = kv.blockSize;
    const hit = kv.computeCachedPrefix(id, group, prefixTokens, prompt, session, prompt + output - 1);
    expect(kv.allocateSlots(id, prompt)).not.toBeNull();
    for (let computed = prompt; computed < prompt + output - 1; computed++) {
      if (computed % bs === 0) expect(kv.allocateSlots(id, computed + 1)).toBe(1);
    }
    kv.free(id);
    return hit;
  }

  it('turn 2 hits exactly ⌊(prompt₁ + output₁ − 1) / blockSize⌋ blocks of turn 1', () => {
    // Turn 1: 10 prompt + 5 output tokens; its KV ends with 14 computed tokens: 3 full blocks.
    const kv = new PrefixCachingKvCache(16, 4);
    expect(runTurn(kv, 1, 0, 10, 5)).toBe(0);
    expect([0, 1, 2, 3].map((i) => kv.cachedSessionBlock(0, i))).toEqual([0, 1, 2, undefined]);
    // Turn 2 repeats those 15 tokens and adds 6: 21 tokens, 12 of them served from cache.
    expect(runTurn(kv, 2, 0, 21, 4)).toBe(12);
    expect(kv.blockTable(2)).toEqual([]);
    // Turn 2 ended with 24 computed tokens: the block that its last decode filled counts too.
    expect([3, 4, 5].map((i) => kv.cachedSessionBlock(0, i) !== undefined)).toEqual([true, true, true]);
    expect(runTurn(kv, 3, 0, 30, 2)).toBe(24);
    // Another session shares nothing with it.
    expect(runTurn(kv, 4, 1, 30, 2)).toBe(0);
  });

  it('registers a block when the chunk that fills it is scheduled, never beyond the turn', () => {
    const kv = new PrefixCachingKvCache(16, 4);
    kv.computeCachedPrefix(1, -1, 0, 10, 0, 12);
    expect(kv.allocateSlots(1, 6)).toBe(2); // chunk of 6: block 0 full, block 1 half
    expect(kv.cachedSessionBlock(0, 0)).toBe(0);
    expect(kv.cachedSessionBlock(0, 1)).toBeUndefined();
    expect(kv.allocateSlots(1, 8)).toBe(0); // chunk fills block 1 without a new block
    expect(kv.cachedSessionBlock(0, 1)).toBe(1);
    expect(kv.allocateSlots(1, 10)).toBe(1); // block 2 ends at 12 = sessionTokens: registered at allocation
    expect(kv.cachedSessionBlock(0, 2)).toBe(2);
    expect(kv.allocateSlots(1, 13)).toBe(1); // past the turn's KV (12 tokens): never cached
    expect(kv.cachedSessionBlock(0, 3)).toBeUndefined();
  });

  it('keeps whole blocks of a shared system prompt under the group key, shared across sessions', () => {
    // Group 0's prefix is 6 tokens: block 0 (tokens 0..3) is the group's; block 1 (4..7) mixes
    // prefix and session tokens, so it is the session's.
    const kv = new PrefixCachingKvCache(16, 4);
    expect(runTurn(kv, 1, 0, 10, 5, 0, 6)).toBe(0);
    expect(kv.cachedBlock(0, 0)).toBe(0);
    expect(kv.cachedSessionBlock(0, 0)).toBeUndefined();
    expect(kv.cachedSessionBlock(0, 1)).toBe(1);
    // A first turn of another session of the group hits the group block only.
    expect(runTurn(kv, 2, 1, 10, 5, 0, 6)).toBe(4);
    // Session 0's turn 2 follows its own chain through the group block.
    expect(runTurn(kv, 3, 0, 21, 4, 0, 6)).toBe(12);
    // A request of the group without a session still hits the group block.
    expect(kv.computeCachedPrefix(9, 0, 6, 20)).toBe(4);
  });

  it('eviction under pressure takes the chain from its end and lowers the next turn\'s hits', () => {
    const hitsAfter = (pressureBlocks: number): number => {
      // 8 blocks of 4 tokens; turn 1 (10 + 7 tokens) leaves 4 full blocks: 0..3.
      const kv = new PrefixCachingKvCache(8, 4);
      runTurn(kv, 1, 0, 10, 7);
      expect(kv.blockPool.freeBlockQueue.toArray()).toEqual([4, 5, 6, 7, 3, 2, 1, 0]);
      if (pressureBlocks > 0) {
        expect(kv.allocateSlots(2, pressureBlocks * 4)).toBe(pressureBlocks); // another request, no session
        kv.free(2);
      }
      return kv.computeCachedPrefix(3, -1, 0, 20, 0, 25);
    };
    expect(hitsAfter(0)).toBe(16);
    expect(hitsAfter(4)).toBe(16); // the never-used blocks go first
    expect(hitsAfter(5)).toBe(12); // then the LRU end of the chain: its last block
    expect(hitsAfter(6)).toBe(8);
    expect(hitsAfter(8)).toBe(0);
  });

  it('after a preemption the turn re-hits only computed blocks, and its new copy takes over the key', () => {
    const kv = new PrefixCachingKvCache(16, 4);
    // Prompt 10, output 7: the block ending at 16 is registered when the decode enters it.
    kv.computeCachedPrefix(1, -1, 0, 10, 0, 16);
    kv.allocateSlots(1, 10);
    kv.allocateSlots(1, 13);
    expect(kv.cachedSessionBlock(0, 3)).toBe(3);
    kv.free(1); // preempted with 13 computed tokens (numTokens 14)
    expect(kv.computeCachedPrefix(1, -1, 0, 14, 0, 16)).toBe(12); // ⌊13 / 4⌋ blocks, not block 3
    expect(kv.allocateSlots(1, 14)).toBe(1);
    const copy = kv.blockTable(1)[3];
    expect(copy).not.toBe(3);
    expect(kv.cachedSessionBlock(0, 3)).toBe(copy);
  });

  it('keeps the pool invariants under random session turns, group hits, preemptions and frees', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(5), fc.integer({ min: -1, max: 2 }), fc.integer({ min: -1, max: 1 }), fc.integer({ min: 1, max: 40 }), fc.nat(8), fc.boolean()), { maxLength: 60 }),
        (ops) => {
          const n = 12;
          const kv = new PrefixCachingKvCache(n, 4);
          const live = new Map<number, number>();
          for (const [id, session, group, tokens, extra, doFree] of ops) {
            if (doFree || live.has(id)) {
              // Grow a live request once (a decode or chunk), then free it.
              if (live.has(id) && !doFree) kv.allocateSlots(id, live.get(id)! + extra);
              kv.free(id);
              live.delete(id);
              continue;
            }
            if (session < 0 && group < 0) continue;
            const hit = kv.computeCachedPrefix(id, group, 6, tokens, session, tokens + extra);
            expect(hit % 4).toBe(0);
            expect(hit).toBeLessThanOrEqual(tokens - 1);
            if (kv.allocateSlots(id, tokens) === null) {
              kv.free(id);
            } else {
              live.set(id, tokens);
              expect(kv.blockTable(id).length).toBe(Math.ceil(tokens / 4));
            }
            const holders = new Map<number, number>();
            for (const r of live.keys()) for (const b of kv.blockTable(r)) holders.set(b, (holders.get(b) ?? 0) + 1);
            const free = new Set(kv.blockPool.freeBlockQueue.toArray());
            expect(free.size + holders.size).toBe(n);
            for (let b = 0; b < n; b++) expect(kv.refCountOf(b)).toBe(free.has(b) ? 0 : holders.get(b));
            // No block holds two keys.
            const keyed = [];
            for (let s = 0; s < 3; s++) for (let i = 0; i < 12; i++) keyed.push(kv.cachedSessionBlock(s, i));
            for (let g = 0; g < 2; g++) for (let i = 0; i < 12; i++) keyed.push(kv.cachedBlock(g, i));
            const blocks = keyed.filter((b) => b !== undefined);
            expect(new Set(blocks).size).toBe(blocks.length);
          }
        },
      ),
    );
  });
});
