import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContiguousKvCache, PagedKvCache, type KvCacheManager } from '../../sim/kv/index.ts';
import { Scheduler, Request, type RequestEvents } from '../../sim/scheduler/index.ts';
import { makeSchedulerOutput } from '../../sim/step/index.ts';

const quiet: RequestEvents = { scheduled() {}, firstToken() {}, resumedToken() {}, finished() {}, preempted() {} };
const config = { maxNumSeqs: 8, maxNumBatchedTokens: 64, enableChunkedPrefill: true, kvAdmission: 'on-demand' as const };

function admitOneStep(kv: KvCacheManager) {
  const scheduler = new Scheduler(config, kv, quiet);
  scheduler.add(new Request(0, 0, 5, 7, true)); // prompt 5 + output 7
  scheduler.add(new Request(1, 0, 20, 10, true)); // prompt 20 + output 10
  scheduler.schedule(0, makeSchedulerOutput(config.maxNumSeqs));
  return scheduler;
}

describe('ContiguousKvCache', () => {
  it('setMaxTokens then allocateSlots reserves the whole length at once; later calls take nothing', () => {
    const kv = new ContiguousKvCache(10, 4);
    kv.setMaxTokens(0, 12);
    expect(kv.numBlocksToAllocate(0, 5)).toBe(3);
    expect(kv.allocateSlots(0, 5)).toBe(3); // ⌈12/4⌉, not ⌈5/4⌉
    expect(kv.blockTable(0)).toEqual([0, 1, 2]);
    expect(kv.allocateSlots(0, 11)).toBe(0);
    expect(kv.numBlocksToAllocate(0, 12)).toBe(0);
    kv.setMaxTokens(1, 30);
    expect(kv.allocateSlots(1, 20)).toBeNull(); // 8 blocks wanted, 7 free: nothing changes
    expect(kv.numFreeBlocks()).toBe(7);
    expect(kv.blockTable(1)).toEqual([]);
    kv.free(0);
    expect(kv.allocateSlots(1, 20)).toBe(8);
  });

  it('in a 10-block pool of 4 tokens: prompt 5 + output 7 holds 3 blocks at admission (paged: 2); prompt 20 + output 10 then fits paged only', () => {
    const paged = new PagedKvCache(10, 4);
    const p = admitOneStep(paged);
    expect(paged.blockTable(0)).toHaveLength(2); // ⌈5/4⌉
    expect(paged.blockTable(1)).toHaveLength(5); // ⌈20/4⌉: 7 of 10 blocks
    expect(p.numRunning).toBe(2);
    expect(p.stepStoredTokens).toBe(25);
    expect(p.stepReservedTokens).toBe(25);

    const contiguous = new ContiguousKvCache(10, 4);
    const c = admitOneStep(contiguous);
    expect(contiguous.blockTable(0)).toHaveLength(3); // ⌈(5 + 7)/4⌉
    expect(contiguous.blockTable(1)).toHaveLength(0); // needs ⌈30/4⌉ = 8 > 7 free: waits
    expect(c.numRunning).toBe(1);
    expect(c.numWaiting).toBe(1);
    expect(c.stepStoredTokens).toBe(5);
    expect(c.stepReservedTokens).toBe(12);
  });

  it('admissible: an up-front reservation needs prompt + output tokens, one more than paged', () => {
    expect(new Scheduler(config, new PagedKvCache(10, 4), quiet).admissible(30, 11)).toBeNull(); // 40 stored
    expect(new Scheduler(config, new ContiguousKvCache(10, 4), quiet).admissible(30, 11)).toMatch(/whole KV cache/);
    expect(new Scheduler(config, new ContiguousKvCache(10, 4), quiet).admissible(30, 10)).toBeNull();
  });

  it('conserves blocks under any sequence of setMaxTokens / allocateSlots / free', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('alloc' as const), id: fc.integer({ min: 0, max: 5 }), max: fc.integer({ min: 0, max: 40 }), n: fc.integer({ min: 0, max: 40 }) }),
      fc.record({ kind: fc.constant('free' as const), id: fc.integer({ min: 0, max: 5 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const kv = new ContiguousKvCache(12, 4);
        for (const o of ops) {
          if (o.kind === 'free') {
            kv.free(o.id);
          } else {
            const before = kv.blockTable(o.id).length;
            const freeBefore = kv.numFreeBlocks();
            if (before === 0) kv.setMaxTokens(o.id, o.max);
            const want = kv.numBlocksToAllocate(o.id, o.n);
            const got = kv.allocateSlots(o.id, o.n);
            if (got === null) {
              expect(want).toBeGreaterThan(freeBefore);
              expect(kv.blockTable(o.id).length).toBe(before);
              expect(kv.numFreeBlocks()).toBe(freeBefore);
            } else {
              expect(got).toBe(want);
              const len = kv.blockTable(o.id).length;
              expect(len * 4).toBeGreaterThanOrEqual(o.n);
              if (before === 0 && got > 0) expect(len).toBe(Math.ceil(Math.max(o.n, o.max) / 4));
            }
          }
          const free = kv.blockPool.freeBlockQueue.toArray();
          const seen = new Set<number>(free);
          let held = 0;
          for (let id = 0; id <= 5; id++) {
            for (const b of kv.blockTable(id)) {
              expect(seen.has(b)).toBe(false);
              seen.add(b);
            }
            held += kv.blockTable(id).length;
          }
          expect(seen.size).toBe(12);
          expect(free.length + held).toBe(12);
          expect(kv.numUsedBlocks()).toBe(held);
        }
      }),
    );
  });
});
