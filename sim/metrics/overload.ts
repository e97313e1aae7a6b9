// The overload verdict from the waiting-queue time series: a stable system's mean queue is the
// same in every part of the arrival window; an overloaded one grows roughly linearly. We compare
// the mean waiting count over the second quarter of the arrival window with the last quarter.
// "Growing" needs an increase larger than all of: 10 requests, half the early level, and 5% of
// the requests that arrive in a quarter window (so noise in small or bursty runs does not trip
// it; at 110% of capacity the increase is ≈ 18% of a quarter's arrivals).
// NOTE: a heuristic verdict, stated as such in the output; unfinished requests at the drain
// limit are the hard evidence.

import type { TimeSeriesPoint } from './types.ts';

export interface QueueGrowth {
  early: number;
  late: number;
  growing: boolean;
}

export function queueGrowth(
  points: readonly TimeSeriesPoint[],
  binSeconds: number,
  arrivalsEndAt: number,
  numArrivals: number,
): QueueGrowth | null {
  if (!(arrivalsEndAt > 0) || points.length === 0) return null;
  const mean = (from: number, to: number): number => {
    let area = 0;
    let width = 0;
    for (const p of points) {
      const a = Math.max(from, p.tSeconds);
      const b = Math.min(to, p.tSeconds + binSeconds);
      if (b > a) {
        area += p.waiting * (b - a);
        width += b - a;
      }
    }
    return width > 0 ? area / width : 0;
  };
  const T = arrivalsEndAt;
  if (binSeconds > T / 8) return null; // too few bins to tell
  const early = mean(0.25 * T, 0.5 * T);
  const late = mean(0.75 * T, T);
  const threshold = Math.max(10, 0.5 * early, 0.05 * (numArrivals / 4));
  return { early, late, growing: late - early > threshold };
}
