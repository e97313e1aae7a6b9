import { describe, expect, it } from 'vitest';
import { empiricalCdf } from '../../sim/report/index.ts';

describe('empiricalCdf(sorted, maxPoints)', () => {
  it('keeps every sample when there are at most maxPoints', () => {
    expect(empiricalCdf([1, 2, 4, 8], 200)).toEqual([
      { value: 1, fraction: 0.25 },
      { value: 2, fraction: 0.5 },
      { value: 4, fraction: 0.75 },
      { value: 8, fraction: 1 },
    ]);
  });

  it('takes evenly spaced ranks, minimum and maximum included', () => {
    const sorted = Float64Array.from({ length: 101 }, (_, i) => i);
    expect(empiricalCdf(sorted, 5).map((p) => p.value)).toEqual([0, 25, 50, 75, 100]);
    expect(empiricalCdf(sorted, 5).at(-1)).toEqual({ value: 100, fraction: 1 });
  });

  it('gives one point for one sample and none for none', () => {
    expect(empiricalCdf([3])).toEqual([{ value: 3, fraction: 1 }]);
    expect(empiricalCdf([])).toEqual([]);
  });

  it('never exceeds maxPoints, with strictly increasing fractions', () => {
    for (const n of [199, 200, 201, 1000, 12345]) {
      const points = empiricalCdf(Float64Array.from({ length: n }, (_, i) => i), 200);
      expect(points.length).toBe(Math.min(n, 200));
      for (let k = 1; k < points.length; k++) expect(points[k].fraction).toBeGreaterThan(points[k - 1].fraction);
    }
  });
});
