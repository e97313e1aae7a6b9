import { describe, expect, it } from 'vitest';
import { MIN_NEIGHBOURS, bandAround, coverage, quantile, residualBand, type ResidualRow } from '../../sim/metrics/index.ts';

const base = { metric: 'output_tokens_per_s', gpu: 'h100-sxm', gpuClass: 'hopper', weights: 'fp8', engine: 'tensorrt-llm', load: 'offline' } as const;
const rows = (n: number, over: Partial<ResidualRow>, residual: (i: number) => number): ResidualRow[] =>
  Array.from({ length: n }, (_, i) => ({ ...base, ...over, residual: residual(i) }));

describe('quantile (type 6)', () => {
  it('reads position (n + 1)p, interpolating, clamped to the extremes', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9]; // n = 9: (n + 1)·0.1 = 1, (n + 1)·0.9 = 9
    expect(quantile(x, 0.1)).toBe(1);
    expect(quantile(x, 0.9)).toBe(9);
    expect(quantile(x, 0.5)).toBe(5);
    // n = 10: h = 1.1 → x1 + 0.1·(x2 − x1); h = 9.9 → x9 + 0.9·(x10 − x9)
    const y = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90];
    expect(quantile(y, 0.1)).toBeCloseTo(1, 12);
    expect(quantile(y, 0.9)).toBeCloseTo(89, 12);
    expect(quantile([5], 0.1)).toBe(5);
    expect(quantile([1, 2], 0.9)).toBe(2);
  });
});

describe('residualBand', () => {
  it('uses the finest level with at least MIN_NEIGHBOURS rows, by hand on a 10-row table', () => {
    // Ten rows of the exact setup with residuals 0, 0.01, …, 0.09: q10 at h = 1.1 → 0.001, q90 at h = 9.9 → 0.089.
    const table = [...rows(10, {}, (i) => i / 100), ...rows(20, { gpu: 'h200-sxm' }, () => 1)];
    const band = residualBand(table, base)!;
    expect(band.level).toBe(0);
    expect(band.count).toBe(10);
    expect(band.low).toBeCloseTo(0.001, 12);
    expect(band.high).toBeCloseTo(0.089, 12);
    expect(band.neighbourhood).toBe('metric=output_tokens_per_s, gpu=h100-sxm, weights=fp8, engine=tensorrt-llm, load=offline');
  });

  it('widens to the GPU class when the GPU has too few rows, and leave-one-out drops the row itself', () => {
    const table = [...rows(MIN_NEIGHBOURS, {}, (i) => i / 100), ...rows(5, { gpu: 'h200-sxm' }, () => 0.5)];
    expect(residualBand(table, base)!.level).toBe(0);
    // Without row 0 the H100 level has 9 rows: level 1 (hopper, fp8) takes all 14 others.
    const loo = residualBand(table, base, 0)!;
    expect(loo.level).toBe(1);
    expect(loo.count).toBe(MIN_NEIGHBOURS - 1 + 5);
    // A query on the H200: 5 rows of its own, so level 1 too, with all 15 rows.
    expect(residualBand(table, { ...base, gpu: 'h200-sxm' })!.count).toBe(15);
  });

  it('drops precision, then the GPU class, then everything but the metric', () => {
    const table = [...rows(10, { weights: 'bf16', gpu: 'h200-sxm' }, () => 0.1), ...rows(10, { gpuClass: 'ampere', gpu: 'a100-sxm-80gb' }, () => -0.1), ...rows(10, { engine: 'vllm', gpu: 'l40s', gpuClass: 'ada' }, () => 0.3)];
    expect(residualBand(table, base)!.level).toBe(2); // hopper, any precision
    expect(residualBand(table, { ...base, gpu: 'b200', gpuClass: 'blackwell' })!).toMatchObject({ level: 3, count: 20 });
    expect(residualBand(table, { ...base, gpu: 'b200', gpuClass: 'blackwell', engine: 'sglang' })!).toMatchObject({ level: 4, count: 30 });
    expect(residualBand(table, { ...base, metric: 'ttft_mean_ms' })).toBeNull();
  });

  it('bandAround multiplies by e^q: the band of a ratio', () => {
    expect(bandAround(100, { low: Math.log(0.5), high: Math.log(2) })).toEqual([50, 200].map((x) => expect.closeTo(x, 10)));
  });

  it('coverage counts rows inside [lo, hi], bounds included, over rows with a band', () => {
    expect(coverage([{ measured: 1, interval: [1, 2] }, { measured: 3, interval: [1, 2] }, { measured: 5, interval: null }])).toBe(0.5);
    expect(coverage([{ measured: 5, interval: null }])).toBeNull();
  });
});
