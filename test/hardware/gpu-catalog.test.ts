import { describe, expect, it } from 'vitest';
import { GPUS, GPU_IDS, findGpu } from '../../sim/hardware/index.ts';

const REQUIRED_IDS = [
  'a100-sxm-40gb',
  'a100-sxm-80gb',
  'a100-pcie-80gb',
  'l40s',
  'h100-sxm',
  'h200-sxm',
  'gh200-96gb',
  'b200',
  'gb200',
  'b300',
  'gb300',
  'rtx-pro-6000',
  'mi300x',
  'mi325x',
];

describe('GPUS', () => {
  it('holds every id of the validation data, each once', () => {
    expect([...GPU_IDS].sort()).toEqual([...REQUIRED_IDS].sort());
    expect(new Set(GPU_IDS).size).toBe(GPUS.length);
  });

  it('every entry has positive finite numbers and a source and price source', () => {
    for (const g of GPUS) {
      const numbers = [
        g.peakFlops.fp16,
        g.memoryBytes,
        g.memoryBandwidth,
        g.interconnectBandwidth,
        g.tdpWatts,
        g.usdPerGpuHour,
      ];
      for (const n of numbers) expect(n > 0 && Number.isFinite(n), `${g.id}: ${n}`).toBe(true);
      if (g.peakFlops.fp8 !== undefined) expect(g.peakFlops.fp8).toBeGreaterThan(g.peakFlops.fp16);
      if (g.peakFlops.nvfp4 !== undefined) expect(g.peakFlops.nvfp4).toBeGreaterThan(g.peakFlops.fp8 ?? 0);
      expect(g.source.length).toBeGreaterThan(10);
      expect(g.priceSource.length).toBeGreaterThan(10);
    }
  });

  it('FP8 is absent on Ampere and FP4 present only on Blackwell', () => {
    for (const g of GPUS) {
      expect(g.peakFlops.fp8 === undefined, g.id).toBe(g.arch === 'ampere');
      expect(g.peakFlops.nvfp4 !== undefined, g.id).toBe(g.arch === 'blackwell' || g.arch === 'blackwell-ultra');
    }
  });

  it('INT8 (int8_tops_dense) is native everywhere but Blackwell Ultra, whose cut INT8 is treated as absent', () => {
    for (const g of GPUS) expect(g.peakFlops.int8 === undefined, g.id).toBe(g.arch === 'blackwell-ultra');
    expect(findGpu('a100-sxm-80gb')!.peakFlops.int8).toBe(624e12);
    expect(findGpu('b200')!.peakFlops.int8).toBe(4500e12);
    expect(findGpu('mi300x')!.peakFlops.int8).toBe(2615e12);
    expect(findGpu('b300')!.source).toMatch(/INT8 ~330 TOPS "heavily cut", treated as not native/);
  });

  it('labels every price that has no row in gpu_cloud_prices.csv as an estimate', () => {
    const estimated = GPUS.filter((g) => g.priceSource.startsWith('ESTIMATE')).map((g) => g.id);
    expect(estimated.sort()).toEqual(['a100-pcie-80gb', 'b300', 'gb300', 'gh200-96gb', 'mi300x', 'mi325x', 'rtx-pro-6000']);
  });
});

describe('findGpu', () => {
  it('returns the h100-sxm row transcribed from gpu_specs.csv, interconnect halved to one direction', () => {
    const h100 = findGpu('h100-sxm')!;
    expect(h100.peakFlops).toEqual({ fp16: 989e12, fp8: 1979e12, int8: 1979e12 });
    expect(h100.memoryBytes).toBe(80 * 2 ** 30); // datasheet GB read as GiB (nvidia-smi)
    expect(h100.memoryBandwidth).toBe(3.35e12);
    expect(h100.interconnectBandwidth).toBe(450e9);
    expect(h100.tdpWatts).toBe(700);
  });

  it('returns the datasheet figures of the two GPUs the CSV lacks', () => {
    const pcie = findGpu('a100-pcie-80gb')!;
    expect([pcie.peakFlops.fp16, pcie.memoryBandwidth, pcie.tdpWatts]).toEqual([312e12, 1.935e12, 300]);
    const gh200 = findGpu('gh200-96gb')!;
    expect(gh200.peakFlops).toEqual(findGpu('h100-sxm')!.peakFlops);
    expect([gh200.memoryBytes, gh200.memoryBandwidth, gh200.interconnectBandwidth]).toEqual([96 * 2 ** 30, 4.0e12, 450e9]);
  });

  it('returns undefined for an unknown id', () => {
    expect(findGpu('h100')).toBeUndefined();
  });
});
