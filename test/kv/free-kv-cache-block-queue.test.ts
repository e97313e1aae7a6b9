import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FreeKVCacheBlockQueue } from '../../sim/kv/index.ts';

describe('FreeKVCacheBlockQueue', () => {
  it('starts with every block free, in id order', () => {
    const q = new FreeKVCacheBlockQueue(5);
    expect(q.numFreeBlocks()).toBe(5);
    expect(q.toArray()).toEqual([0, 1, 2, 3, 4]);
  });

  it('popLeft takes from the head and append puts at the tail', () => {
    const q = new FreeKVCacheBlockQueue(4);
    expect([q.popLeft(), q.popLeft()]).toEqual([0, 1]);
    q.append(0);
    expect(q.toArray()).toEqual([2, 3, 0]);
    expect([q.popLeft(), q.popLeft(), q.popLeft()]).toEqual([2, 3, 0]);
    expect(q.numFreeBlocks()).toBe(0);
    expect(() => q.popLeft()).toThrow(/empty/);
  });

  it('remove takes a block out of the middle, the head or the tail and keeps the links', () => {
    const q = new FreeKVCacheBlockQueue(6);
    q.remove(3);
    expect(q.toArray()).toEqual([0, 1, 2, 4, 5]);
    q.remove(0);
    q.remove(5);
    expect(q.toArray()).toEqual([1, 2, 4]);
    expect(q.numFreeBlocks()).toBe(3);
    expect(q.has(3)).toBe(false);
    q.append(3);
    q.append(0);
    expect(q.toArray()).toEqual([1, 2, 4, 3, 0]);
    expect([q.popLeft(), q.popLeft(), q.popLeft(), q.popLeft(), q.popLeft()]).toEqual([1, 2, 4, 3, 0]);
  });

  it('remove of the only block empties the queue; append then refills it', () => {
    const q = new FreeKVCacheBlockQueue(1);
    q.remove(0);
    expect(q.toArray()).toEqual([]);
    q.append(0);
    expect(q.toArray()).toEqual([0]);
  });

  it('append of a free block and remove of a used block are bugs and throw', () => {
    const q = new FreeKVCacheBlockQueue(3);
    expect(() => q.append(1)).toThrow(/already free/);
    q.popLeft();
    expect(() => q.remove(0)).toThrow(/not in/);
    expect(() => q.append(7)).toThrow(/out of range/);
  });
});

describe('FreeKVCacheBlockQueue against a reference list', () => {
  it('keeps the same order as a plain array under any popLeft / append / remove sequence', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.record({ op: fc.constantFrom('pop', 'append', 'remove'), pick: fc.nat() }), { maxLength: 200 }),
        (n, ops) => {
          const q = new FreeKVCacheBlockQueue(n);
          const free = Array.from({ length: n }, (_, i) => i);
          const used: number[] = [];
          for (const { op, pick } of ops) {
            if (op === 'pop' && free.length > 0) {
              const id = q.popLeft();
              expect(id).toBe(free.shift());
              used.push(id);
            } else if (op === 'append' && used.length > 0) {
              const [id] = used.splice(pick % used.length, 1);
              q.append(id);
              free.push(id);
            } else if (op === 'remove' && free.length > 0) {
              const [id] = free.splice(pick % free.length, 1);
              q.remove(id);
              used.push(id);
            }
            expect(q.toArray()).toEqual(free);
            expect(q.numFreeBlocks()).toBe(free.length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
