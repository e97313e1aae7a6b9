// NVLink 3 collectives against NVLink 4, from Vidur's measured NCCL all-reduces (sim/hardware/nvlink-collectives.ts).
import { describe, expect, it } from 'vitest';
import {
  CALIBRATION,
  NVLINK_ALL_REDUCE_SAMPLE,
  defaultCostModelParams,
  allReduceAlphaBeta,
  findGpu,
  measuredCostModelParams,
  nvlinkAllReduceFactors,
  paramsFromCalibration,
} from '../../sim/hardware/index.ts';

const MiB = 2 ** 20;

describe('all-reduce by NVLink generation', () => {
  it('the least-squares line recovers an exact α and bus bandwidth', () => {
    // t = 10 µs + 2(n−1)/n · S / 100 GB/s with n = 4: slope 1.5e-11 s/B.
    const pts = [MiB, 8 * MiB, 32 * MiB].map((s) => [s, 10e-6 + (1.5 * s) / 100e9] as const);
    const fit = allReduceAlphaBeta(pts, 4);
    expect(fit.latencySeconds).toBeCloseTo(10e-6, 12);
    expect(fit.busBytesPerSecond).toBeCloseTo(100e9, 0);
  });

  it('DGX H100, 8 GPUs: α 30.4 µs and 354 GB/s by hand', () => {
    // Mean S 13.667 MiB, mean t 101.33 µs; ΔS = −12.667, −5.667, 18.333; Δt = −67.33, −27.33, 94.67;
    // slope Σ(ΔS·Δt)/ΣΔS² = (852.9 + 154.9 + 1735.6) / 528.67 = 2743.3 / 528.67 = 5.189 µs per MiB.
    // α = 101.33 − 5.189 · 13.667 = 30.41 µs; B = 1.75 · 1,048,576 B / 5.189 µs = 353.6 GB/s.
    const fit = allReduceAlphaBeta(NVLINK_ALL_REDUCE_SAMPLE[4].points[8], 8);
    expect(fit.latencySeconds * 1e6).toBeCloseTo(30.41, 2);
    expect(fit.busBytesPerSecond / 1e9).toBeCloseTo(353.6, 1);
  });

  it('NVLink 3 against NVLink 4: latency × 1.81, bus-bandwidth efficiency × 0.73 (geometric means over 4 and 8 GPUs)', () => {
    const f = nvlinkAllReduceFactors(findGpu('a100-sxm-80gb')!);
    // n = 4: 56.5/33.4 = 1.692, (191.6/300)/(379.5/450) = 0.757; n = 8: 58.9/30.4 = 1.936, (165.9/300)/(353.6/450) = 0.704.
    expect(f.latency).toBeCloseTo(Math.sqrt(1.692 * 1.936), 2);
    expect(f.efficiency).toBeCloseTo(Math.sqrt(0.757 * 0.704), 2);
    expect(nvlinkAllReduceFactors(findGpu('a100-sxm-40gb')!)).toEqual(f);
    for (const id of ['h100-sxm', 'h200-sxm', 'b200', 'gb300', 'l40s', 'a100-pcie-80gb', 'mi300x']) expect(nvlinkAllReduceFactors(findGpu(id)!), id).toEqual({ latency: 1, efficiency: 1 });
  });

  it('the sample\'s link bandwidths are the catalog\'s (A100 SXM, H100 SXM), so the efficiencies are fractions of what runs use', () => {
    expect(NVLINK_ALL_REDUCE_SAMPLE[3].linkBytesPerSecond).toBe(findGpu('a100-sxm-80gb')!.interconnectBandwidth);
    expect(NVLINK_ALL_REDUCE_SAMPLE[4].linkBytesPerSecond).toBe(findGpu('h100-sxm')!.interconnectBandwidth);
  });

  it('the A100 SXM takes the fitted NVLink figures times those factors, and its own measured 2-GPU latency', () => {
    const c = CALIBRATION;
    const a100 = findGpu('a100-sxm-80gb')!;
    const f = nvlinkAllReduceFactors(a100);
    const p = paramsFromCalibration(a100, c);
    expect(p.allReduceMultiGpuLatencySeconds).toBeCloseTo(c.allReduceMultiGpuLatencySeconds * f.latency, 15);
    expect(p.allReduceBandwidthEfficiency).toBeCloseTo(c.allReduceBandwidthEfficiency * f.efficiency, 12);
    expect(paramsFromCalibration(findGpu('h100-sxm')!, c).allReduceMultiGpuLatencySeconds).toBe(c.allReduceMultiGpuLatencySeconds);
    expect(measuredCostModelParams(a100).allReduceLatencySeconds).toBe(10e-6);
    expect(measuredCostModelParams(findGpu('h100-sxm')!).allReduceLatencySeconds).toBe(7e-6);
    // Uncalibrated, the same rule: H100's measured 38 µs and 0.6 times the factors (≈ 69 µs, 0.44).
    const h100 = measuredCostModelParams(findGpu('h100-sxm')!);
    expect(measuredCostModelParams(a100).allReduceMultiGpuLatencySeconds).toBeCloseTo(h100.allReduceMultiGpuLatencySeconds * f.latency, 15);
    expect(measuredCostModelParams(a100).allReduceBandwidthEfficiency).toBeCloseTo(h100.allReduceBandwidthEfficiency * f.efficiency, 12);
    expect(measuredCostModelParams(a100).allReduceMultiGpuLatencySeconds * 1e6).toBeCloseTo(68.8, 0);
    // What a run uses: the 10 µs pair latency and the one-shot ramp survive calibration.
    const used = defaultCostModelParams(a100);
    expect(used.allReduceLatencySeconds).toBe(10e-6);
    expect(used.allReduceSmallMessageBytes).toBe(c.allReduceSmallMessageBytes);
    expect(used.allReduceMultiGpuLatencySeconds).toBe(p.allReduceMultiGpuLatencySeconds);
  });

  it('the catalog names the NVLink generation of every NVSwitch GPU and of no PCIe card', () => {
    const gen = (id: string) => findGpu(id)!.nvlinkGeneration;
    expect(['a100-sxm-40gb', 'a100-sxm-80gb'].map(gen)).toEqual([3, 3]);
    expect(['h100-sxm', 'h200-sxm', 'gh200-96gb'].map(gen)).toEqual([4, 4, 4]);
    expect(['b200', 'gb200', 'b300', 'gb300'].map(gen)).toEqual([5, 5, 5, 5]);
    expect(['a100-pcie-80gb', 'l40s', 'rtx-pro-6000', 'mi300x', 'mi325x'].map(gen)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
