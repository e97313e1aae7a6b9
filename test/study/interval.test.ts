import { describe, expect, it } from 'vitest';
import { relativeHalfWidth, tInterval, tQuantile } from '../../sim/study/index.ts';

describe('tQuantile', () => {
  it('matches the printed t table (two-sided 95%: the 0.975 quantile) to 3 decimals', () => {
    // Student t table, e.g. Montgomery & Runger, Applied Statistics, Table V.
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.706, 3);
    expect(tQuantile(0.975, 4)).toBeCloseTo(2.776, 3);
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.262, 3);
    expect(tQuantile(0.975, 29)).toBeCloseTo(2.045, 3);
    expect(tQuantile(0.95, 10)).toBeCloseTo(1.812, 3);
    expect(tQuantile(0.975, 1e7)).toBeCloseTo(1.96, 2);
  });
});

describe('tInterval', () => {
  it('tInterval([1, 2, 3, 4, 5]) is 3 ± t(0.975, 4)·√(2.5/5) = 3 ± 1.963 by hand', () => {
    const i = tInterval([1, 2, 3, 4, 5]);
    // s² = (4 + 1 + 0 + 1 + 4) / 4 = 2.5; standard error √(2.5 / 5) = 0.70711; t = 2.7764
    expect(i.mean).toBe(3);
    expect(i.n).toBe(5);
    expect(i.halfWidth).toBeCloseTo(2.7764451 * Math.sqrt(0.5), 6);
    expect(i.halfWidth).toBeCloseTo(1.963, 3);
    expect(i.ciLow).toBeCloseTo(3 - i.halfWidth, 12);
    expect(i.ciHigh).toBeCloseTo(3 + i.halfWidth, 12);
  });

  it('a 90% interval of two values [0, 2] is 1 ± t(0.95, 1)·1 = 1 ± 6.314', () => {
    const i = tInterval([0, 2], 0.9);
    expect(i.mean).toBe(1);
    expect(i.halfWidth).toBeCloseTo(6.314, 3);
  });

  it('n < 2 gives NaN bounds; equal values give a zero half-width; a NaN value makes the interval NaN', () => {
    expect(tInterval([4])).toEqual({ mean: 4, ciLow: NaN, ciHigh: NaN, halfWidth: NaN, n: 1 });
    expect(tInterval([])).toEqual({ mean: NaN, ciLow: NaN, ciHigh: NaN, halfWidth: NaN, n: 0 });
    expect(tInterval([2, 2, 2])).toEqual({ mean: 2, ciLow: 2, ciHigh: 2, halfWidth: 0, n: 3 });
    expect(Number.isNaN(tInterval([1, NaN, 3]).halfWidth)).toBe(true);
    expect(() => tInterval([1, 2], 1)).toThrow(RangeError);
  });

  it('relativeHalfWidth is halfWidth / |mean|, 0 for 0 ± 0 and Infinity for 0 ± h', () => {
    expect(relativeHalfWidth({ mean: -4, halfWidth: 1 })).toBe(0.25);
    expect(relativeHalfWidth({ mean: 0, halfWidth: 0 })).toBe(0);
    expect(relativeHalfWidth({ mean: 0, halfWidth: 1 })).toBe(Infinity);
    expect(relativeHalfWidth({ mean: 2, halfWidth: NaN })).toBeNaN();
  });
});
