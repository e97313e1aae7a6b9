// A lower power limit on the same die: the share of the stated tensor peak a board sustains
// against its full-power sibling (gpu-catalog.ts fullPowerSibling).
// A datasheet states the same tensor peak for boards of one die at different power limits (A100:
// 312 TFLOPS FP16 on the 400 W SXM4 and on the 300 W PCIe 80GB): the peak is at the boost clock,
// which only the full-power board holds under a sustained tensor load. Under dynamic voltage and
// frequency scaling the dynamic power goes as C·V²·f with the voltage rising with the clock, so
// P ∝ f³ and the sustained clock is (P / P_full)^(1/3) of the boost clock:
//   A100 PCIe 80GB: (300 / 400)^(1/3) = 0.909 (against the A100 SXM4 80GB);
//   MI300X: (750 / 1000)^(1/3) = 0.909 (against the MI325X: the same CDNA 3 compute at 1,307 TFLOPS).
// ASSUMPTION: P ∝ f³ is the textbook DVFS law, not a measurement of these boards; near the
// voltage floor power falls more nearly in proportion to the clock, which would give 0.75.
// NVIDIA stated that the first PCIe A100 (250 W) delivers 90% of the SXM4 version's performance
// on real workloads (A100 PCIe launch, June 2020: AnandTech "NVIDIA Announces PCIe A100
// Accelerator: 250 Watt Ampere In A Standard Form Factor"; hardwaretimes.com's table "Relative
// Performance (SXM Version) 90%"); the cube law gives 0.855 for that card, a workload mixing
// memory-bound phases sitting above it.
// NOTE: applies to compute (GEMM and attention math), not to memory bandwidth: HBM has its own
// clock, and the datasheets state each board's bandwidth (1,935 against 2,039 GB/s).
// Invariants: 1 for a GPU without a sibling; in (0, 1]; a sibling with no lower limit gives 1.

import { findGpu } from './gpu-catalog.ts';
import type { GpuSpec } from './types.ts';

/** The exponent of P ∝ f³ (dynamic power under DVFS), inverted: f ∝ P^(1/3). */
const CLOCK_FROM_POWER_EXPONENT = 1 / 3;

/** The share of its stated tensor peak this GPU sustains against its full-power sibling (1 without one). */
export function sustainedComputeFraction(gpu: GpuSpec): number {
  if (gpu.fullPowerSibling === undefined) return 1;
  const sibling = findGpu(gpu.fullPowerSibling);
  if (sibling === undefined) throw new Error(`gpu-catalog.ts: ${gpu.id}.fullPowerSibling names ${gpu.fullPowerSibling}, not a catalog GPU`);
  return Math.min(1, (gpu.tdpWatts / sibling.tdpWatts) ** CLOCK_FROM_POWER_EXPONENT);
}
