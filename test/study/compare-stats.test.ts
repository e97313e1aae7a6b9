import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { describe, expect, it } from 'vitest';
import { COMPARE_METRICS, compareMetric, configDiff, formatDifference, metricVerdict, welchHalfWidth } from '../../sim/study/index.ts';

const metric = (name: string) => COMPARE_METRICS.find((m) => m.name === name)!;

describe('compareMetric', () => {
  it('identical values: diff 0, interval [0, 0], not significant', () => {
    const c = compareMetric([1, 2, 3], [1, 2, 3]);
    expect(c).toMatchObject({ baseline: 2, value: 2, diff: 0, relDiff: 0, ciLow: 0, ciHigh: 0, halfWidth: 0, significant: false, n: 3 });
  });

  it('paired differences [1, 2, 3]: mean 2 ± t(0.975, 2)·1/√3 = 2 ± 2.48414, relative to A mean 2', () => {
    // a = [1, 2, 3], b = [2, 4, 6]: d = [1, 2, 3], s_d = 1; t(0.975, 2) = 4.302653 (tables).
    const c = compareMetric([1, 2, 3], [2, 4, 6]);
    expect(c.diff).toBe(2);
    expect(c.halfWidth).toBeCloseTo(4.302653 / Math.sqrt(3), 5);
    expect(c.ciLow).toBeCloseTo(2 - 2.484138, 5);
    expect(c.ciHigh).toBeCloseTo(2 + 2.484138, 5);
    expect(c.significant).toBe(false);
    expect(c.relDiff).toBe(1);
    expect(c.relCiLow).toBeCloseTo(c.ciLow / 2, 12);
    expect(c.relCiHigh).toBeCloseTo(c.ciHigh / 2, 12);
    // Welch: sA² = 1, sB² = 4, n = 3: se = √(5/3), ν = (5/3)² / ((1/3)²/2 + (4/3)²/2) = 50/17.
    expect(c.halfWidthUnpaired).toBeCloseTo(tQuantile(0.975, 50 / 17) * Math.sqrt(5 / 3), 10);
    expect(c.crnHalfWidthRatio).toBeCloseTo(c.halfWidthUnpaired / c.halfWidth, 12);
  });

  it('a constant shift is significant with a zero-width interval; unpaired it would not be', () => {
    const c = compareMetric([10, 20, 30, 40], [9, 19, 29, 39]);
    expect(c).toMatchObject({ diff: -1, ciLow: -1, ciHigh: -1, halfWidth: 0, significant: true, relDiff: -1 / 25 });
    expect(c.halfWidthUnpaired).toBeGreaterThan(1);
  });

  it('drops pairs where either value is NaN and counts the rest', () => {
    const c = compareMetric([1, NaN, 3, 5], [2, 4, NaN, 6]);
    expect(c.n).toBe(2);
    expect(c.diff).toBe(1);
  });

  it('a zero baseline mean gives NaN relative figures', () => {
    const c = compareMetric([0, 0, 0], [1, 2, 3]);
    expect(c.relDiff).toBeNaN();
    expect(c.relCiLow).toBeNaN();
    expect(c.diff).toBe(2);
  });
});

describe('welchHalfWidth', () => {
  it('equal variances and sizes: ν = 2(n − 1), se = √(2s²/n)', () => {
    const w = welchHalfWidth([1, 2, 3], [11, 12, 13]);
    expect(w.se).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(w.df).toBeCloseTo(4, 12);
    expect(w.halfWidth).toBeCloseTo(2.776445 * Math.sqrt(2 / 3), 5); // t(0.975, 4) = 2.776445
  });

  it('fewer than two values: NaN; no spread: 0', () => {
    expect(welchHalfWidth([1], [1, 2]).halfWidth).toBeNaN();
    expect(welchHalfWidth([1, 1], [2, 2]).halfWidth).toBe(0);
  });
});

describe('metricVerdict', () => {
  const base = { baseline: 1, value: 0.62, diff: -0.38, relDiff: -0.38, ciLow: -0.44, ciHigh: -0.31, halfWidth: 0.065, relCiLow: -0.44, relCiHigh: -0.31, significant: true, halfWidthUnpaired: 0.2, crnHalfWidthRatio: 3, n: 10 };

  it('a significant decrease of a latency: lowers, magnitudes smaller first, better', () => {
    expect(metricVerdict('B', metric('ttftSeconds.p95'), base)).toBe('B lowers p95 TTFT by 38% [31%, 44%] (better)');
  });

  it('a significant increase of a latency is worse; of throughput, better', () => {
    const up = { ...base, diff: 0.05, relDiff: 0.05, ciLow: 0.02, ciHigh: 0.081, relCiLow: 0.02, relCiHigh: 0.081 };
    expect(metricVerdict('B', metric('e2eSeconds.mean'), up)).toBe('B raises mean E2E by 5.0% [2.0%, 8.1%] (worse)');
    expect(metricVerdict('B', metric('throughput.outputTokensPerSecond'), up)).toBe('B raises output tokens/s by 5.0% [2.0%, 8.1%] (better)');
    expect(metricVerdict('B', metric('kv.meanUsage'), up)).toBe('B raises mean KV usage by 5.0% [2.0%, 8.1%]');
  });

  it('not significant: unchanged within ± the relative half-width', () => {
    const flat = { ...base, baseline: 2000, diff: 3, relDiff: 0.0015, halfWidth: 24, ciLow: -21, ciHigh: 27, significant: false };
    expect(metricVerdict('B', metric('throughput.outputTokensPerSecond'), flat)).toBe('output tokens/s unchanged within ±1.2%');
  });

  it('a zero baseline speaks in absolute units', () => {
    const c = compareMetric([0, 0, 0], [3, 4, 5]);
    expect(metricVerdict('B', metric('kv.preemptions'), c)).toBe('B raises preemptions by 4 [1.52, 6.48] (worse)');
  });
});

describe('configDiff', () => {
  it('lists differing leaves as dotted paths with both values, in A key order then B-only keys', () => {
    const a = { engine: { enableChunkedPrefill: true, maxNumSeqs: 256 }, workload: { arrival: { kind: 'poisson', ratePerSecond: 8 } }, tags: [1, 2] };
    const b = { engine: { enableChunkedPrefill: false, maxNumSeqs: 256 }, workload: { arrival: { kind: 'poisson', ratePerSecond: 16 } }, tags: [1, 3], extra: 'x' };
    const d = configDiff(a, b);
    expect(d).toEqual([
      { path: 'engine.enableChunkedPrefill', baseline: true, value: false },
      { path: 'workload.arrival.ratePerSecond', baseline: 8, value: 16 },
      { path: 'tags', baseline: [1, 2], value: [1, 3] },
      { path: 'extra', baseline: undefined, value: 'x' },
    ]);
    expect(d.map(formatDifference)).toEqual(['engine.enableChunkedPrefill: true → false', 'workload.arrival.ratePerSecond: 8 → 16', 'tags: [1,2] → [1,3]', 'extra: unset → "x"']);
  });

  it('equal records: no difference', () => {
    expect(configDiff({ a: { b: [1, { c: 2 }] } }, { a: { b: [1, { c: 2 }] } })).toEqual([]);
  });
});
