// The overload verdict's thresholds by hand, on synthetic waiting-queue series: growth must
// exceed all of 10 requests, half the early level and 5% of a quarter window's arrivals.
import { describe, expect, it } from 'vitest';
import { queueGrowth } from '../../sim/cluster/index.ts';
import type { TimeSeriesPoint } from '../../sim/metrics/index.ts';

/** 100 one-second bins over a 100 s arrival window: `early` waiting in [25, 50), `late` in [75, 100). */
function series(early: number, late: number): TimeSeriesPoint[] {
  return Array.from({ length: 100 }, (_, t) => ({ tSeconds: t, kvUsage: 0, outputTokensPerSecond: 0, running: 0, waiting: t >= 75 ? late : t >= 25 && t < 50 ? early : 0 }));
}

describe('queueGrowth', () => {
  it('growth of 10 requests or less is never overload; just above every threshold is', () => {
    // 400 arrivals: 5% of a quarter's 100 is 5, so the 10-request floor decides.
    expect(queueGrowth(series(4, 14), 1, 100, 400)).toEqual({ early: 4, late: 14, growing: false });
    expect(queueGrowth(series(4, 14.5), 1, 100, 400)!.growing).toBe(true);
  });

  it('half the early level decides when the queue is already long', () => {
    // early 40: threshold max(10, 20, 5) = 20.
    expect(queueGrowth(series(40, 60), 1, 100, 400)!.growing).toBe(false);
    expect(queueGrowth(series(40, 60.5), 1, 100, 400)!.growing).toBe(true);
  });

  it("5% of a quarter's arrivals decides in a large run", () => {
    // 40,000 arrivals: 5% of 10,000 = 500.
    expect(queueGrowth(series(100, 600), 1, 100, 40_000)!.growing).toBe(false);
    expect(queueGrowth(series(100, 601), 1, 100, 40_000)!.growing).toBe(true);
  });

  it('gives no verdict with fewer than 8 bins in the arrival window or no arrivals', () => {
    expect(queueGrowth(series(0, 100), 13, 100, 400)).toBeNull();
    expect(queueGrowth(series(0, 100), 1, 0, 400)).toBeNull();
  });
});
