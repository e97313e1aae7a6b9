// Per-class KV blocks (ClassKvCache) and summary.classes.<name>.kvUsage, by construction: exact
// block counts on a 10-block pool; Σ over classes = the fleet's under overlapping load
// (preemptions included, at pp = 1 and pp = 2); one class alone = the fleet.
import { describe, expect, it } from 'vitest';
import { ClassKvCache } from '../../sim/cluster/class-kv.ts';
import { PagedKvCache, PrefixCachingKvCache } from '../../sim/kv/index.ts';
import { runScenario } from '../fixtures/run.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

describe('ClassKvCache', () => {
  it('counts each class’s blocks on allocate and free, and forwards to the wrapped cache', () => {
    const classOf = (id: number) => (id % 2 === 0 ? 0 : 1);
    const kv = new ClassKvCache(new PagedKvCache(10, 4), 2, classOf);
    expect(kv.allocateSlots(0, 9)).toBe(3); // class 0: ⌈9/4⌉ blocks
    expect(kv.allocateSlots(1, 4)).toBe(1); // class 1
    expect(kv.allocateSlots(2, 8)).toBe(2); // class 0
    expect(Array.from(kv.blocks)).toEqual([5, 1]);
    expect(kv.allocateSlots(0, 13)).toBe(1); // grows by one block
    expect(kv.allocateSlots(1, 40)).toBeNull(); // does not fit: nothing changes
    expect(Array.from(kv.blocks)).toEqual([6, 1]);
    expect(kv.numUsedBlocks()).toBe(7);
    kv.free(0);
    expect(Array.from(kv.blocks)).toEqual([2, 1]);
    expect(kv.numUsedBlocks()).toBe(3);
    kv.free(0); // freeing again changes nothing
    kv.free(2);
    kv.free(1);
    expect(Array.from(kv.blocks)).toEqual([0, 0]);
    expect(kv.numFreeBlocks()).toBe(10);
    expect(kv.setMaxTokens).toBeUndefined();
    expect(kv.computeCachedPrefix).toBeUndefined();
  });

  it('a cached prefix taken from the prefix cache counts for the request that holds it (shared blocks count for each holder)', () => {
    const kv = new ClassKvCache(new PrefixCachingKvCache(10, 4), 2, (id) => id);
    expect(kv.computeCachedPrefix!(0, 7, 8, 12)).toBe(0); // nothing cached yet
    kv.allocateSlots(0, 12); // 3 blocks, the first 2 hold prefix group 7's 8 tokens
    expect(kv.computeCachedPrefix!(1, 7, 8, 12)).toBe(8); // request 1 shares those 2 blocks
    kv.allocateSlots(1, 12); // + 1 block of its own
    expect(Array.from(kv.blocks)).toEqual([3, 3]);
    expect(kv.numUsedBlocks()).toBe(4); // 2 shared + 1 + 1: Σ over classes exceeds it by the 2 shared
  });
});

const loaded = (changes: Record<string, unknown> = {}) =>
  withChanges(baseScenario(), {
    'workload.arrival': { kind: 'poisson', ratePerSecond: 30 },
    'workload.stop': { numRequests: 300 },
    engine: { gpuMemoryUtilization: 0.3, maxNumSeqs: 64 },
    ...changes,
  });

describe('summary.classes.<name>.kvUsage', () => {
  const two = [{ name: 'a', share: 2 }, { name: 'b', share: 1, generation: { kind: 'beam', width: 3 } }];
  const sumOf = (r: ReturnType<typeof runScenario>, key: 'meanUsage' | 'meanUsageWithDrain') =>
    Object.values(r.summary.classes!).reduce((x, c) => x + c.kvUsage![key], 0);

  it('Σ over classes = the fleet’s mean KV usage (window and drain-inclusive); each class peak ≤ the fleet’s', () => {
    const r = runScenario(scenarioFrom(loaded({ 'workload.classes': two })));
    expect(r.summary.kv.meanUsage).toBeGreaterThan(0.01);
    expect(sumOf(r, 'meanUsage')).toBeCloseTo(r.summary.kv.meanUsage, 12);
    expect(sumOf(r, 'meanUsageWithDrain')).toBeCloseTo(r.summary.kv.meanUsageWithDrain, 12);
    for (const c of Object.values(r.summary.classes!)) {
      expect(c.kvUsage!.maxUsage).toBeGreaterThan(0);
      expect(c.kvUsage!.maxUsage).toBeLessThanOrEqual(r.summary.kv.maxUsage);
    }
  });

  it('Σ over classes = the fleet’s under KV pressure (preemptions) and at pp = 2', () => {
    const tight = runScenario(scenarioFrom(loaded({ 'workload.classes': two, engine: { gpuMemoryUtilization: 0.22, maxNumSeqs: 256 }, 'workload.arrival': { kind: 'poisson', ratePerSecond: 80 } })));
    expect(tight.summary.kv.preemptions).toBeGreaterThan(0);
    expect(sumOf(tight, 'meanUsage')).toBeCloseTo(tight.summary.kv.meanUsage, 12);
    const pp2 = runScenario(scenarioFrom(loaded({ 'workload.classes': two, 'hardware.pp': 2 })));
    expect(sumOf(pp2, 'meanUsageWithDrain')).toBeCloseTo(pp2.summary.kv.meanUsageWithDrain, 12);
  });

  it('one class alone holds the fleet’s KV usage and peak', () => {
    const r = runScenario(scenarioFrom(loaded({ 'workload.classes': [{ name: 'only', share: 1 }] })));
    const u = r.summary.classes!.only.kvUsage!;
    expect(u.meanUsage).toBeCloseTo(r.summary.kv.meanUsage, 14);
    expect(u.meanUsageWithDrain).toBeCloseTo(r.summary.kv.meanUsageWithDrain, 14);
    expect(u.maxUsage).toBe(r.summary.kv.maxUsage);
  });

  it('at pp = 2 a class peak is over all virtual engines at once: one class alone = the fleet’s peak, and the largest class peak ≤ the fleet’s ≤ Σ of class peaks', () => {
    const one = runScenario(scenarioFrom(loaded({ 'workload.classes': [{ name: 'only', share: 1 }], 'hardware.pp': 2 })));
    expect(one.summary.kv.maxUsage).toBeGreaterThan(0.01);
    expect(one.summary.classes!.only.kvUsage!.maxUsage).toBe(one.summary.kv.maxUsage);
    const pp2 = runScenario(scenarioFrom(loaded({ 'workload.classes': two, 'hardware.pp': 2 })));
    const peaks = Object.values(pp2.summary.classes!).map((c) => c.kvUsage!.maxUsage);
    expect(Math.max(...peaks)).toBeLessThanOrEqual(pp2.summary.kv.maxUsage);
    expect(peaks.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(pp2.summary.kv.maxUsage);
  });
});
