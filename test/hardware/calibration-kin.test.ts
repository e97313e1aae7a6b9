// Calibration factors transfer by physics (sim/hardware/calibration.ts): a catalog GPU that no
// calibration row has seen gets the factors of its physical kin — same memory technology class,
// same tensor-core generation — never by its architecture's name.
import { describe, expect, it } from 'vitest';
import { CALIBRATION, GPUS, computeFactorOf, findGpu, memoryClassOf, memoryFactorOf, oneShotAllReduce, paramsFromCalibration, pcieClass } from '../../sim/hardware/index.ts';

const c = CALIBRATION;

describe('physics-keyed calibration factors', () => {
  it('every catalog GPU states its memory technology and tensor-core generation, with a source', () => {
    for (const g of GPUS) {
      expect(g.memoryTechnology, g.id).toMatch(/^(HBM2|HBM2e|HBM3|HBM3e|GDDR6|GDDR7)$/);
      expect(g.tensorCoreGeneration, g.id).toMatch(/^(nvidia-[345]|amd-cdna3)$/);
      expect(g.memorySource, g.id).toMatch(/datasheet|data sheet/);
    }
  });

  it('GDDR7 (RTX PRO 6000, no calibration row) gets the GDDR6 (L40S) memory factor; every HBM generation gets 1', () => {
    expect(memoryClassOf('GDDR7')).toBe('gddr');
    expect(memoryClassOf('HBM3e')).toBe('hbm');
    const rtx = findGpu('rtx-pro-6000')!;
    const l40s = findGpu('l40s')!;
    expect(paramsFromCalibration(rtx, c).memoryBandwidthEfficiency).toBe(Math.min(1, c.memoryBandwidthEfficiency * c.gddrMemoryFactor));
    expect(paramsFromCalibration(rtx, c).attentionMemoryEfficiency).toBe(paramsFromCalibration(l40s, c).attentionMemoryEfficiency);
    for (const id of ['a100-sxm-40gb', 'gh200-96gb', 'b300', 'mi325x']) expect(memoryFactorOf(findGpu(id)!.memoryTechnology, c), id).toBe(1);
  });

  it('unseen fifth-generation parts (GB200, B300, GB300, RTX PRO 6000) get the B200 compute factor; the A100 40GB gets the A100 80GB one', () => {
    const b200 = paramsFromCalibration(findGpu('b200')!, c);
    expect(b200.gemmComputeEfficiency).toBeCloseTo(c.gemmComputeEfficiency * c.tensorGen5ComputeFactor, 12);
    for (const id of ['gb200', 'b300', 'gb300', 'rtx-pro-6000']) {
      const p = paramsFromCalibration(findGpu(id)!, c);
      expect(p.gemmComputeEfficiency, id).toBe(b200.gemmComputeEfficiency);
      expect(p.attentionComputeEfficiency, id).toBe(b200.attentionComputeEfficiency);
    }
    expect(paramsFromCalibration(findGpu('a100-sxm-40gb')!, c).gemmComputeEfficiency).toBe(paramsFromCalibration(findGpu('a100-sxm-80gb')!, c).gemmComputeEfficiency);
    // Hopper and Ada (fourth generation) are the reference; CDNA 3 has no fitted kin.
    expect(computeFactorOf('nvidia-4', c)).toBe(1);
    expect(computeFactorOf('amd-cdna3', c)).toBe(1);
  });

  it('a factor follows the property, not the name: a hypothetical Hopper with GDDR gets the GDDR factor', () => {
    const h100 = findGpu('h100-sxm')!;
    const gddrHopper = { ...h100, id: 'h100-gddr', memoryTechnology: 'GDDR6' as const };
    expect(paramsFromCalibration(gddrHopper, c).memoryBandwidthEfficiency).toBeCloseTo(c.memoryBandwidthEfficiency * c.gddrMemoryFactor, 12);
    expect(paramsFromCalibration(h100, c).memoryBandwidthEfficiency).toBe(c.memoryBandwidthEfficiency);
  });

  it('collectives by interconnect: PCIe-class GPUs (L40S, A100 PCIe, RTX PRO 6000) take the PCIe all-reduce fit, NVLink and Infinity Fabric ones the NVLink fit and the one-shot ramp', () => {
    for (const id of ['l40s', 'a100-pcie-80gb', 'rtx-pro-6000']) {
      const g = findGpu(id)!;
      expect(pcieClass(g), id).toBe(true);
      expect(oneShotAllReduce(g), id).toBe(false);
      expect(paramsFromCalibration(g, c), id).toMatchObject({
        allReduceMultiGpuLatencySeconds: c.pcieAllReduceLatencySeconds,
        allReduceBandwidthEfficiency: c.pcieAllReduceBandwidthEfficiency,
        allReduceSmallMessageBytes: 0,
      });
    }
    // (The A100 SXM, NVLink 3, takes these times its measured factors: nvlink-collectives.test.ts.)
    for (const id of ['h100-sxm', 'h200-sxm', 'b200', 'gb200']) {
      const g = findGpu(id)!;
      expect(pcieClass(g), id).toBe(false);
      expect(paramsFromCalibration(g, c), id).toMatchObject({
        allReduceMultiGpuLatencySeconds: c.allReduceMultiGpuLatencySeconds,
        allReduceBandwidthEfficiency: c.allReduceBandwidthEfficiency,
        allReduceSmallMessageBytes: c.allReduceSmallMessageBytes,
      });
    }
    // AMD's Infinity Fabric mesh: the fabric, not the vendor, decides — vLLM's custom all-reduce
    // runs its one-shot kernel on MI300X as on NVLink.
    for (const id of ['mi300x', 'mi325x']) {
      const g = findGpu(id)!;
      expect(pcieClass(g), id).toBe(false);
      expect(oneShotAllReduce(g), id).toBe(true);
      expect(paramsFromCalibration(g, c).allReduceSmallMessageBytes, id).toBe(c.allReduceSmallMessageBytes);
    }
  });
});
