// shardPoints: shard i of n holds the indices ≡ i (mod n), in plan order; the shards partition the plan.
import { describe, expect, it } from 'vitest';
import { parseShardText, shardPoints, type PlanPoint } from '../../sim/study/index.ts';

const points: PlanPoint[] = Array.from({ length: 7 }, (_, index) => ({ index, key: `{"i":${index}}`, config: { i: index } }));

describe('shardPoints', () => {
  it('shardPoints(7 points, i/3) gives indices 0,3,6 | 1,4 | 2,5 and together every point once', () => {
    const slices = [0, 1, 2].map((index) => shardPoints(points, { index, count: 3 }).map((p) => p.index));
    expect(slices).toEqual([[0, 3, 6], [1, 4], [2, 5]]);
    expect(slices.flat().sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('shardPoints(points, 0/1) is the whole plan; a shard past the plan is empty', () => {
    expect(shardPoints(points, { index: 0, count: 1 })).toEqual(points);
    expect(shardPoints(points, { index: 9, count: 10 })).toEqual([]);
  });

  it('shardPoints refuses i ≥ n', () => {
    expect(() => shardPoints(points, { index: 3, count: 3 })).toThrow(RangeError);
  });

  it('parseShardText reads "i/n" with 0 ≤ i < n, else undefined', () => {
    expect(parseShardText('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShardText(' 0/1 ')).toEqual({ index: 0, count: 1 });
    for (const bad of ['3/3', '1/0', '-1/3', '1', '1/2/3', 'a/b', '', '1.5/3']) expect(parseShardText(bad), bad).toBeUndefined();
  });
});
