// How an all-reduce among 4–8 GPUs of one node differs by NVLink generation, beyond the link's
// bandwidth: measured NCCL all-reduce medians on a DGX A100 (NVLink 3, second-generation NVSwitch)
// and a DGX H100 (NVLink 4, third-generation NVSwitch), from Vidur's profiling data
// (github.com/microsoft/vidur data/profiling/network/{a100_dgx,h100_dgx}/all_reduce.csv, HEAD
// 7d47513; ../shared/data/reference/vidur_profiling_network_sample.csv), 1, 8 and 32 MiB messages,
// every GPU in one node.
// Each generation's latency α and bus bandwidth B come from a least-squares line t = α + k·S
// through its three points, B = 2(n−1)/n / k (NCCL's bus-bandwidth convention), as a fraction of
// the catalog's unidirectional link bandwidth (300 GB/s on A100 SXM, 450 GB/s on H100):
//              n = 4                          n = 8
//   NVLink 3   α 56.5 µs, B 192 GB/s (0.639)  α 58.9 µs, B 166 GB/s (0.553)
//   NVLink 4   α 33.4 µs, B 380 GB/s (0.843)  α 30.4 µs, B 354 GB/s (0.786)
// NVLink 3 against NVLink 4, geometric mean over n = 4 and 8: latency (the α–β intercept, as the
// roofline's all-reduce term is α + bytes/B) × 1.81, bus-bandwidth efficiency × 0.73. The measured
// small-message medians (2 KiB–1 MiB) alone give a smaller latency ratio, 61/38 = 1.61 (n = 4) and
// 62/37 = 1.68 (n = 8). The calibration's NVLink all-reduce figures are fitted to every NVLink row
// (Hopper and Blackwell, and the A100 SXM's tp 4 and 8 rows through these factors: calibration.ts);
// an NVLink 3 GPU takes them with these measured factors, which no calibration row could separate
// from the A100's other factors.
// NOTE: the efficiency factor, measured among 4–8 GPUs, also scales the A100 SXM's 2-GPU
// all-reduces, pipeline sends and logits gathers (they share the link's efficiency); between 2
// GPUs the sample's 32 MiB ratio is (135.8/300)/(246.7/450) = 0.83.
// NOTE: NVLink 5 (Blackwell) has no measurement here: it keeps the fitted values (factor 1), as
// B200's rows are in that fit.

import type { GpuSpec } from './types.ts';

const MiB = 2 ** 20;
type Points = readonly (readonly [bytes: number, seconds: number])[];

/** The measured medians (seconds) and the link's unidirectional bandwidth (B/s), per GPU count. */
export const NVLINK_ALL_REDUCE_SAMPLE = {
  3: {
    linkBytesPerSecond: 300e9,
    points: {
      4: [[MiB, 64e-6], [8 * MiB, 123e-6], [32 * MiB, 319e-6]],
      8: [[MiB, 64e-6], [8 * MiB, 155e-6], [32 * MiB, 411e-6]],
    },
  },
  4: {
    linkBytesPerSecond: 450e9,
    points: {
      4: [[MiB, 41e-6], [8 * MiB, 62e-6], [32 * MiB, 167e-6]],
      8: [[MiB, 34e-6], [8 * MiB, 74e-6], [32 * MiB, 196e-6]],
    },
  },
} as const satisfies Record<number, { linkBytesPerSecond: number; points: Record<4 | 8, Points> }>;

/** Latency α (s) and bus bandwidth (B/s) of a least-squares line through all-reduce timings of `gpus` GPUs. */
export function allReduceAlphaBeta(points: Points, gpus: number): { latencySeconds: number; busBytesPerSecond: number } {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { latencySeconds: my - slope * mx, busBytesPerSecond: ((2 * (gpus - 1)) / gpus) / slope };
}

function ratios(): { latency: number; efficiency: number } {
  let latency = 1;
  let efficiency = 1;
  const counts = [4, 8] as const;
  for (const n of counts) {
    const old = allReduceAlphaBeta(NVLINK_ALL_REDUCE_SAMPLE[3].points[n], n);
    const ref = allReduceAlphaBeta(NVLINK_ALL_REDUCE_SAMPLE[4].points[n], n);
    latency *= old.latencySeconds / ref.latencySeconds;
    efficiency *= old.busBytesPerSecond / NVLINK_ALL_REDUCE_SAMPLE[3].linkBytesPerSecond / (ref.busBytesPerSecond / NVLINK_ALL_REDUCE_SAMPLE[4].linkBytesPerSecond);
  }
  return { latency: latency ** (1 / counts.length), efficiency: efficiency ** (1 / counts.length) };
}

const NVLINK3 = Object.freeze(ratios());
const REFERENCE = Object.freeze({ latency: 1, efficiency: 1 });

/**
 * The factors on the fitted multi-GPU all-reduce latency and bus-bandwidth efficiency for this
 * GPU's NVLink generation: NVLink 3 against NVLink 4 as measured; 1 for NVLink 4 and 5 and for a
 * GPU without NVLink (PCIe-class GPUs have their own fit).
 */
export function nvlinkAllReduceFactors(gpu: GpuSpec): Readonly<{ latency: number; efficiency: number }> {
  return gpu.nvlinkGeneration === 3 ? NVLINK3 : REFERENCE;
}
