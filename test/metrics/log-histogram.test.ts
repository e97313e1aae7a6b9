import fc from 'fast-check';
import { quantile } from 'd3-array';
import { describe, expect, it } from 'vitest';
import { LogHistogram } from '../../sim/metrics/index.ts';

/** The inverted-CDF q-quantile of a weighted sample: the value of rank max(1, ⌈q·count⌉). */
function exactQuantile(values: number[], weights: number[], q: number): number {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const count = weights.reduce((s, w) => s + w, 0);
  const target = Math.max(1, Math.ceil(q * count));
  let cumulative = 0;
  for (const i of order) {
    cumulative += weights[i];
    if (cumulative >= target) return values[i];
  }
  return values[order[order.length - 1]];
}

/** Mulberry32: a tiny seeded generator for reproducible samples in tests. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('LogHistogram', () => {
  it('has 0.1 % bins from 1 µs to 1e5 s and a relative error of √1.001 − 1', () => {
    const h = new LogHistogram();
    expect(h.numBins).toBe(25_342); // ⌈ln(1e11) / ln(1.001)⌉
    expect(h.relativeError).toBeCloseTo(4.9988e-4, 7);
  });

  it('count, mean and max are exact; an empty histogram reports zeros', () => {
    const h = new LogHistogram();
    expect([h.count, h.mean, h.max, h.quantile(0.5)]).toEqual([0, 0, 0, 0]);
    h.add(0.02, 3); // a step of 20 ms with 3 decoding sequences
    h.add(0.05, 1);
    h.add(0.5, 0); // no gaps
    expect(h.count).toBe(4);
    expect(h.mean).toBeCloseTo((0.06 + 0.05) / 4, 15);
    expect(h.max).toBe(0.05);
    expect(h.min).toBe(0.02);
    expect(h.quantile(0)).toBe(0.02);
    expect(h.quantile(1)).toBe(0.05);
  });

  it('quantile(q) is within the stated relative error of the exact quantile, for any weighted sample', () => {
    const qs = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 1e-6, max: 1e4, noNaN: true }), fc.integer({ min: 1, max: 50 })), { minLength: 1, maxLength: 200 }),
        (sample) => {
          const h = new LogHistogram();
          for (const [v, w] of sample) h.add(v, w);
          const values = sample.map(([v]) => v);
          const weights = sample.map(([, w]) => w);
          for (const q of qs) {
            const exact = exactQuantile(values, weights, q);
            expect(Math.abs(h.quantile(q) / exact - 1)).toBeLessThanOrEqual(h.relativeError * (1 + 1e-9));
          }
        },
      ),
    );
  });

  it('on a large log-normal sample its percentiles agree with R-7 quantiles to the bin error', () => {
    const random = mulberry32(7);
    const h = new LogHistogram();
    const sample: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      const v = Math.exp(Math.log(0.03) + 0.5 * z); // ITLs around 30 ms
      sample.push(v);
      h.add(v, 1);
    }
    for (const q of [0.5, 0.9, 0.95, 0.99]) {
      const r7 = quantile(sample, q)!;
      expect(Math.abs(h.quantile(q) / r7 - 1)).toBeLessThan(2 * h.relativeError);
    }
    expect(h.mean).toBeCloseTo(sample.reduce((s, v) => s + v, 0) / sample.length, 12);
    expect(h.max).toBe(Math.max(...sample));
  });

  it('interpolatedQuantile(q) is within relativeError of the exact R-7 quantile (d3 quantile), for any sample: |q̂ − q| ≤ ε·q', () => {
    const qs = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-6, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 300 }), (values) => {
        const h = new LogHistogram();
        for (const v of values) h.add(v, 1);
        for (const q of qs) {
          const exact = quantile(values, q)!;
          expect(Math.abs(h.interpolatedQuantile(q) - exact)).toBeLessThanOrEqual(h.relativeError * exact * (1 + 1e-9));
        }
      }),
    );
  });

  it('valueAtRank(k) is the k-th smallest value within relativeError, exact at the ends; valuesAtRanks agrees in one pass', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-6, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 200 }), (values) => {
        const h = new LogHistogram();
        for (const v of values) h.add(v, 1);
        const sorted = [...values].sort((a, b) => a - b);
        const ranks = sorted.map((_, i) => i + 1);
        const all = h.valuesAtRanks(ranks);
        for (const k of ranks) {
          expect(all[k - 1]).toBe(h.valueAtRank(k));
          expect(Math.abs(all[k - 1] - sorted[k - 1])).toBeLessThanOrEqual(h.relativeError * sorted[k - 1] * (1 + 1e-9));
        }
        expect(h.valueAtRank(1)).toBe(sorted[0]);
        expect(h.valueAtRank(sorted.length)).toBe(sorted[sorted.length - 1]);
      }),
    );
  });

  it('interpolatedQuantile is exact for a constant sample and 0 when empty', () => {
    const h = new LogHistogram();
    expect(h.interpolatedQuantile(0.5)).toBe(0);
    h.add(0.0123, 7);
    expect([0.5, 0.9, 0.99].map((q) => h.interpolatedQuantile(q))).toEqual([0.0123, 0.0123, 0.0123]);
  });

  it('reports values below 1 µs by the mean of the underflow bucket (exactly 0 for zero gaps)', () => {
    const h = new LogHistogram();
    h.add(0, 9);
    h.add(0.01, 1);
    expect(h.quantile(0.5)).toBe(0);
    expect(h.quantile(0.9)).toBe(0);
    expect(h.quantile(0.95)).toBeCloseTo(0.01, 5);
  });

  it('reports values above the last bin by the mean of the overflow bucket', () => {
    const h = new LogHistogram({ maxValue: 10 });
    h.add(1, 1);
    h.add(100, 1);
    h.add(300, 2);
    expect(h.quantile(0.99)).toBeCloseTo(700 / 3, 9);
    expect(h.max).toBe(300);
  });

  it('rejects negative or non-finite values and negative weights', () => {
    const h = new LogHistogram();
    expect(() => h.add(-1, 1)).toThrow(RangeError);
    expect(() => h.add(NaN, 1)).toThrow(RangeError);
    expect(() => h.add(Infinity, 1)).toThrow(RangeError);
    expect(() => h.add(1, -1)).toThrow(RangeError);
  });
});
