// A board under a lower power limit than its same-die sibling sustains a lower clock: (P/P_full)^(1/3)
// of the stated peak (sim/hardware/power-limit.ts), applied to compute, not to memory bandwidth.
import { describe, expect, it } from 'vitest';
import { CALIBRATION, GPUS, findGpu, paramsFromCalibration, sustainedComputeFraction } from '../../sim/hardware/index.ts';

describe('sustained compute under a lower power limit', () => {
  it('A100 PCIe 80GB (300 W) against A100 SXM4 80GB (400 W): (300/400)^(1/3) = 0.9086 by hand', () => {
    // 0.75^(1/3): 0.9086^3 = 0.7501.
    expect(sustainedComputeFraction(findGpu('a100-pcie-80gb')!)).toBeCloseTo(0.9086, 4);
    expect(sustainedComputeFraction(findGpu('a100-sxm-80gb')!)).toBe(1);
    expect(sustainedComputeFraction(findGpu('h100-sxm')!)).toBe(1);
  });

  it('every sibling in the catalog is the same architecture at the same stated peak and a higher power limit', () => {
    const withSibling = GPUS.filter((g) => g.fullPowerSibling !== undefined);
    expect(withSibling.map((g) => g.id)).toEqual(['a100-pcie-80gb', 'mi300x']);
    for (const g of withSibling) {
      const s = findGpu(g.fullPowerSibling!)!;
      expect(s, g.id).toBeDefined();
      expect(s.arch, g.id).toBe(g.arch);
      expect(s.tensorCoreGeneration, g.id).toBe(g.tensorCoreGeneration);
      expect(s.peakFlops.fp16, g.id).toBe(g.peakFlops.fp16);
      expect(s.tdpWatts, g.id).toBeGreaterThan(g.tdpWatts);
    }
    expect(sustainedComputeFraction(findGpu('mi300x')!)).toBeCloseTo((750 / 1000) ** (1 / 3), 12);
  });

  it('the rule is applied to every qualifying pair: a lower-power part names its highest-power twin, or is a stated exception', () => {
    // Twins: same arch, tensor cores and stated fp16 peak, different power. GH200's 1,000 W is the
    // module's (Grace CPU and memory included), not a board power: the H100 and H200 are no lower-power twins of it.
    const exceptions: Record<string, string> = { 'h100-sxm': 'gh200-96gb', 'h200-sxm': 'gh200-96gb' };
    for (const g of GPUS) {
      const twins = GPUS.filter((o) => o.arch === g.arch && o.tensorCoreGeneration === g.tensorCoreGeneration && o.peakFlops.fp16 === g.peakFlops.fp16 && o.tdpWatts > g.tdpWatts);
      if (twins.length === 0) {
        expect(g.fullPowerSibling, g.id).toBeUndefined();
        continue;
      }
      const top = Math.max(...twins.map((o) => o.tdpWatts));
      if (exceptions[g.id] !== undefined) {
        expect(twins.map((o) => o.id), g.id).toEqual([exceptions[g.id]]);
        expect(g.fullPowerSibling, g.id).toBeUndefined();
      } else {
        expect(findGpu(g.fullPowerSibling ?? '')?.tdpWatts, g.id).toBe(top);
      }
    }
  });

  it('scales the compute efficiencies of the calibration, not the memory ones', () => {
    const pcie = paramsFromCalibration(findGpu('a100-pcie-80gb')!, CALIBRATION);
    const sxm = paramsFromCalibration(findGpu('a100-sxm-80gb')!, CALIBRATION);
    const f = (300 / 400) ** (1 / 3);
    expect(pcie.gemmComputeEfficiency).toBeCloseTo(sxm.gemmComputeEfficiency * f, 12);
    expect(pcie.attentionComputeEfficiency).toBeCloseTo(sxm.attentionComputeEfficiency * f, 12);
    expect(pcie.memoryBandwidthEfficiency).toBe(sxm.memoryBandwidthEfficiency);
    expect(pcie.attentionMemoryEfficiency).toBe(sxm.attentionMemoryEfficiency);
  });

  it('a sibling at a power limit no higher gives 1; a sibling not in the catalog is a clear error', () => {
    const sxm = findGpu('a100-sxm-80gb')!;
    expect(sustainedComputeFraction({ ...sxm, id: 'a100-sxm-500w', tdpWatts: 500, fullPowerSibling: 'a100-sxm-80gb' })).toBe(1);
    expect(() => sustainedComputeFraction({ ...sxm, id: 'x', fullPowerSibling: 'a100-sxm-90gb' })).toThrow(/fullPowerSibling names a100-sxm-90gb, not a catalog GPU/);
  });
});
