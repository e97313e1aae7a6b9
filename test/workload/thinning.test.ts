// The time-varying arrival kinds realised by thinning, against their schedules: per-window
// counts within exact Poisson bounds, an overall chi-square goodness of fit, thinning's
// acceptance against λ(t)/λmax, determinism, on-off bursts, compressed daily curves, repeats.
// Significance: each test family is held at α = 0.001 (per-window bounds Bonferroni-split
// across the windows and both tails); the streams are seeded, so a pass is reproducible.
import { describe, expect, it } from 'vitest';
import poissonQuantile from '@stdlib/stats-base-dists-poisson-quantile';
import chisquareQuantile from '@stdlib/stats-base-dists-chisquare-quantile';
import { createStreams } from '../../sim/random/index.ts';
import { ArrivalSchema } from '../../sim/scenario/index.ts';
import type { WorkloadConfig } from '../../sim/scenario/index.ts';
import { createArrivalProcess, createWorkload, cumulative, thinnedArrivals } from '../../sim/workload/index.ts';
import type { OpenLoopArrivalConfig } from '../../sim/workload/index.ts';

const ALPHA = 0.001;
const arrival = (x: unknown) => ArrivalSchema.parse(x) as OpenLoopArrivalConfig;
const stream = (seed: number) => createStreams(seed).stream('arrivals');

/** Arrival counts per window [k·w, (k+1)·w) up to `until`. */
function windowCounts(a: OpenLoopArrivalConfig, seed: number, windowSeconds: number, until: number): number[] {
  const counts = new Array<number>(Math.round(until / windowSeconds)).fill(0);
  const p = createArrivalProcess(a, stream(seed));
  let previous = 0;
  for (;;) {
    const t = p.nextArrivalAt();
    expect(t).toBeGreaterThanOrEqual(previous);
    previous = t;
    if (t >= until) break;
    counts[Math.floor(t / windowSeconds)]++;
  }
  return counts;
}

/** Checks counts against Λ per window: exact Poisson bounds per window and a chi-square over all. */
function expectFits(a: OpenLoopArrivalConfig, counts: number[], windowSeconds: number): void {
  const tail = ALPHA / (2 * counts.length);
  let chi2 = 0;
  let df = 0;
  counts.forEach((observed, k) => {
    const expected = cumulative(a, (k + 1) * windowSeconds) - cumulative(a, k * windowSeconds);
    if (expected === 0) {
      expect(observed, `window ${k} has rate 0`).toBe(0);
      return;
    }
    expect(observed, `window ${k}: expected ${expected}`).toBeGreaterThanOrEqual(poissonQuantile(tail, expected));
    expect(observed, `window ${k}: expected ${expected}`).toBeLessThanOrEqual(poissonQuantile(1 - tail, expected));
    chi2 += (observed - expected) ** 2 / expected;
    df++;
  });
  // Every expected count here is >= 50, so Pearson's statistic is close to χ²(df) (no fitted parameters).
  expect(chi2).toBeLessThan(chisquareQuantile(1 - ALPHA, df));
}

describe('a linear schedule realised by thinning', () => {
  const a = arrival({ kind: 'schedule', interpolation: 'linear', points: [{ atSeconds: 0, ratePerSecond: 10 }, { atSeconds: 50, ratePerSecond: 200 }, { atSeconds: 100, ratePerSecond: 20 }] });
  it('has per-window counts within Poisson bounds and passes chi-square at α = 0.001 (20 windows of 10 s)', () => {
    expectFits(a, windowCounts(a, 1, 10, 200), 10);
  });
  it('is deterministic for a seed and differs across seeds', () => {
    const first = (seed: number) => {
      const p = createArrivalProcess(a, stream(seed));
      return Array.from({ length: 500 }, () => p.nextArrivalAt());
    };
    expect(first(7)).toEqual(first(7));
    expect(first(7)).not.toEqual(first(8));
  });
});

describe('a step schedule with repeatSeconds', () => {
  const a = arrival({ kind: 'schedule', interpolation: 'step', points: [{ atSeconds: 0, ratePerSecond: 5 }, { atSeconds: 20, ratePerSecond: 100 }, { atSeconds: 30, ratePerSecond: 0 }], repeatSeconds: 40 });
  it('repeats: per-window counts within Poisson bounds, and none in the zero-rate windows (4 periods, 10 s windows)', () => {
    const counts = windowCounts(a, 2, 10, 160);
    expect(counts.filter((_, k) => k % 4 === 3)).toEqual([0, 0, 0, 0]);
    expectFits(a, counts, 10);
  });
});

describe('a schedule whose rate ends at 0', () => {
  it('stops arriving: nextArrivalAt is Infinity, and the source ends before stop.numRequests', () => {
    const a = arrival({ kind: 'schedule', interpolation: 'step', points: [{ atSeconds: 0, ratePerSecond: 10 }, { atSeconds: 5, ratePerSecond: 0 }] });
    const config = { arrival: a, promptTokens: { kind: 'fixed', tokens: 8 }, outputTokens: { kind: 'fixed', tokens: 2 }, stop: { numRequests: 1000 } } as WorkloadConfig;
    const source = createWorkload(config, createStreams(3));
    let n = 0;
    while (source.nextArrival() !== null) n++;
    expect(n).toBeGreaterThanOrEqual(poissonQuantile(ALPHA / 2, 50));
    expect(n).toBeLessThanOrEqual(poissonQuantile(1 - ALPHA / 2, 50));
    const p = createArrivalProcess(a, stream(3));
    for (let i = 0; i < n; i++) p.nextArrivalAt();
    expect(p.nextArrivalAt()).toBe(Infinity);
  });
});

describe('thinnedArrivals', () => {
  it('accepts a candidate at t with probability λ(t)/λmax (a ramp 0 → 100 over 10 s: per 1-s bin (k + ½)/10, overall ½)', () => {
    const rng = stream(4);
    const proposed = new Array<number>(10).fill(0);
    const accepted = new Array<number>(10).fill(0);
    let totalProposed = 0;
    let totalAccepted = 0;
    for (let run = 0; run < 200; run++) {
      const segments = [{ start: 0, end: 10, r0: 0, r1: 100 }, { start: 10, end: Infinity, r0: 0, r1: 0 }];
      let i = 0;
      const p = thinnedArrivals(() => segments[i++], rng, (t, ok) => {
        proposed[Math.floor(t)]++;
        if (ok) accepted[Math.floor(t)]++;
      });
      while (p.nextArrivalAt() !== Infinity);
      totalProposed += p.stats().proposed;
      totalAccepted += p.stats().accepted;
    }
    // ~20 000 candidates per bin: a binomial proportion's sd <= 0.5/sqrt(n); 5 sd.
    for (let k = 0; k < 10; k++) {
      expect(Math.abs(accepted[k] / proposed[k] - (k + 0.5) / 10)).toBeLessThan((5 * 0.5) / Math.sqrt(proposed[k]));
    }
    expect(Math.abs(totalAccepted / totalProposed - 0.5)).toBeLessThan((5 * 0.5) / Math.sqrt(totalProposed));
  });
  it('draws no uniform on a constant segment and skips a zero one without drawing', () => {
    let draws = 0;
    const rng = { next: () => { draws++; return 0.5; } };
    const segments = [{ start: 0, end: 5, r0: 0, r1: 0 }, { start: 5, end: Infinity, r0: 2, r1: 2 }];
    let i = 0;
    const p = thinnedArrivals(() => segments[i++], rng);
    // Exponential by inversion with u = 0.5: gap ln 2 / 2.
    expect(p.nextArrivalAt()).toBeCloseTo(5 + Math.LN2 / 2, 12);
    expect(draws).toBe(1);
  });
});

describe("{ kind: 'daily' } with compressed hours", () => {
  // A diurnal shape with a deep trough (weight 1 at 04:00 vs 12 at the peak), a day in 240 s.
  const weights = [4, 3, 2, 1.5, 1, 1.5, 3, 5, 7, 9, 10, 11, 12, 12, 11, 10, 9, 9, 10, 11, 10, 8, 6, 5];
  for (const interpolation of ['step', 'linear']) {
    it(`${interpolation}: per-hour counts within Poisson bounds, chi-square at α = 0.001, over two days`, () => {
      const a = arrival({ kind: 'daily', hourlyWeights: weights, peakRatePerSecond: 60, interpolation, secondsPerHour: 10, startHour: 6 });
      expectFits(a, windowCounts(a, 5, 10, 480), 10);
    });
  }
  it('wastes few candidates: thinning accepts >= 95% over a linear day (sloped hours split in 8 pieces)', () => {
    const a = arrival({ kind: 'daily', hourlyWeights: weights, peakRatePerSecond: 60, secondsPerHour: 10 }) as Extract<OpenLoopArrivalConfig, { kind: 'daily' }>;
    const p = createArrivalProcess(a, stream(6)) as ReturnType<typeof thinnedArrivals>;
    while (p.nextArrivalAt() < 240);
    const { proposed, accepted } = p.stats();
    expect(accepted / proposed).toBeGreaterThan(0.95);
  });
});

describe("{ kind: 'on-off' }", () => {
  it('fixed: burst and quiet counts within Poisson bounds (100 cycles of 9 s at 1/s and 1 s at 100/s)', () => {
    const a = arrival({ kind: 'on-off', ratePerSecond: 1, burstRatePerSecond: 100, offSeconds: 9, onSeconds: 1 });
    const counts = windowCounts(a, 7, 1, 1000);
    const on = counts.filter((_, k) => k % 10 === 9).reduce((x, y) => x + y, 0);
    const off = counts.filter((_, k) => k % 10 !== 9).reduce((x, y) => x + y, 0);
    for (const [observed, expected] of [[on, 10_000], [off, 900]]) {
      expect(observed).toBeGreaterThanOrEqual(poissonQuantile(ALPHA / 4, expected));
      expect(observed).toBeLessThanOrEqual(poissonQuantile(1 - ALPHA / 4, expected));
    }
  });
  it('jitter: the count over 20 000 s is within 5 sd of Λ, with the MMPP variance Λ + 2(R − r)²p(1 − p)T/s', () => {
    const a = arrival({ kind: 'on-off', ratePerSecond: 0, burstRatePerSecond: 20, offSeconds: 1, onSeconds: 1, jitter: true });
    const T = 20_000;
    const p = createArrivalProcess(a, stream(8));
    let n = 0;
    while (p.nextArrivalAt() < T) n++;
    const expected = cumulative(a, T);
    const sd = Math.sqrt(expected + (2 * 400 * 0.25 * T) / 2);
    expect(Math.abs(n - expected)).toBeLessThan(5 * sd);
    // Not the fixed-period process: its count on the same stream differs.
    const fixed = createArrivalProcess({ ...a, jitter: false } as OpenLoopArrivalConfig, stream(8));
    let m = 0;
    while (fixed.nextArrivalAt() < T) m++;
    expect(m).not.toBe(n);
  });
});
