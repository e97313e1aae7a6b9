// rateAt, cumulative and meanRate against hand calculations: step and linear schedules, repeat,
// daily curves (peak/mean scaling, startHour, compressed hours), on-off (fixed and jittered),
// and the constant-rate kinds.
import { describe, expect, it } from 'vitest';
import { ArrivalSchema } from '../../sim/scenario/index.ts';
import { cumulative, meanRate, rateAt } from '../../sim/workload/index.ts';
import type { OpenLoopArrivalConfig } from '../../sim/workload/index.ts';

const arrival = (x: unknown) => ArrivalSchema.parse(x) as OpenLoopArrivalConfig;
/** Weights 1, 2, …, 24: hour h has weight h + 1. */
const RAMP = Array.from({ length: 24 }, (_, h) => h + 1);

describe("rateAt / cumulative of { kind: 'schedule', interpolation: 'step' }", () => {
  const a = arrival({ kind: 'schedule', interpolation: 'step', points: [{ atSeconds: 0, ratePerSecond: 2 }, { atSeconds: 10, ratePerSecond: 5 }, { atSeconds: 30, ratePerSecond: 1 }] });
  it('holds each rate until the next point, and the last one forever', () => {
    expect([rateAt(a, 0), rateAt(a, 9.99), rateAt(a, 10), rateAt(a, 29), rateAt(a, 30), rateAt(a, 1e6)]).toEqual([2, 2, 5, 5, 1, 1]);
  });
  it('integrates by hand: Λ(40) = 2·10 + 5·20 + 1·10 = 130, Λ(15) = 20 + 25 = 45', () => {
    expect(cumulative(a, 40)).toBe(130);
    expect(cumulative(a, 15)).toBe(45);
    expect(meanRate(a, 40)).toBe(130 / 40);
  });
});

describe("rateAt / cumulative of { kind: 'schedule', interpolation: 'linear' }", () => {
  const a = arrival({ kind: 'schedule', interpolation: 'linear', points: [{ atSeconds: 0, ratePerSecond: 0 }, { atSeconds: 10, ratePerSecond: 10 }, { atSeconds: 20, ratePerSecond: 0 }] });
  it('interpolates between points and holds the last rate', () => {
    expect([rateAt(a, 0), rateAt(a, 2.5), rateAt(a, 10), rateAt(a, 15), rateAt(a, 20), rateAt(a, 99)]).toEqual([0, 2.5, 10, 5, 0, 0]);
  });
  it('integrates by hand: a triangle of base 20 and height 10 (Λ = 100); Λ(5) = 12.5; Λ(15) = 50 + (10 + 5)/2·5 = 87.5', () => {
    expect(cumulative(a, 5)).toBe(12.5);
    expect(cumulative(a, 15)).toBe(87.5);
    expect(cumulative(a, 20)).toBe(100);
    expect(cumulative(a, 1000)).toBe(100);
  });
});

describe('repeatSeconds', () => {
  const a = arrival({ kind: 'schedule', interpolation: 'step', points: [{ atSeconds: 0, ratePerSecond: 1 }, { atSeconds: 5, ratePerSecond: 3 }], repeatSeconds: 10 });
  it('repeats the pattern: rate 1 on [0,5), 3 on [5,10), then again', () => {
    expect([rateAt(a, 21), rateAt(a, 27), rateAt(a, 30), rateAt(a, 35)]).toEqual([1, 3, 1, 3]);
  });
  it('counts whole periods: Λ(25) = 2·(5 + 15) + 5 = 45', () => {
    expect(cumulative(a, 25)).toBe(45);
    expect(meanRate(a, 1000)).toBe(2);
  });
  it('holds the last rate between the last point and repeatSeconds (linear)', () => {
    const l = arrival({ kind: 'schedule', interpolation: 'linear', points: [{ atSeconds: 0, ratePerSecond: 0 }, { atSeconds: 4, ratePerSecond: 4 }], repeatSeconds: 6 });
    expect([rateAt(l, 2), rateAt(l, 5), rateAt(l, 6), rateAt(l, 8)]).toEqual([2, 4, 0, 2]);
    expect(cumulative(l, 12)).toBe(2 * (8 + 8)); // per period: triangle 8 + hold 4·2
  });
});

describe("rateAt / cumulative of { kind: 'daily' }", () => {
  it('step: hour h has weight · peak / max weight', () => {
    const a = arrival({ kind: 'daily', hourlyWeights: RAMP, peakRatePerSecond: 48, interpolation: 'step' });
    expect(rateAt(a, 0)).toBe(2);
    expect(rateAt(a, 5.5 * 3600)).toBe(12);
    expect(rateAt(a, 23.9 * 3600)).toBe(48);
    expect(rateAt(a, 24 * 3600 + 1)).toBe(2); // the next day
  });
  it('linear: the weights at hour midpoints, the midnight value halfway between 23:30 and 00:30', () => {
    const a = arrival({ kind: 'daily', hourlyWeights: RAMP, peakRatePerSecond: 24 });
    expect(rateAt(a, 0)).toBe(12.5);
    expect(rateAt(a, 0.5 * 3600)).toBe(1);
    expect(rateAt(a, 1 * 3600)).toBe(1.5);
    expect(rateAt(a, 23.5 * 3600)).toBe(24);
  });
  it('meanRatePerSecond is the mean over the day, for step and linear alike (both integrate to Σw)', () => {
    for (const interpolation of ['step', 'linear']) {
      const a = arrival({ kind: 'daily', hourlyWeights: RAMP, meanRatePerSecond: 10, interpolation });
      expect(meanRate(a, 86400)).toBeCloseTo(10, 12);
      expect(cumulative(a, 3 * 86400)).toBeCloseTo(3 * 864000, 6);
      // peak = largest weight · 24 · mean / Σw = 24 · 240 / 300
      expect(Math.max(rateAt(a, 23.5 * 3600), rateAt(a, 23.2 * 3600))).toBeCloseTo((24 * 240) / 300, 12);
    }
  });
  it('startHour puts t = 0 at that hour of the day; secondsPerHour compresses the day', () => {
    const a = arrival({ kind: 'daily', hourlyWeights: RAMP, peakRatePerSecond: 24, interpolation: 'step', startHour: 22, secondsPerHour: 60 });
    expect(rateAt(a, 0)).toBe(23); // 22:00 → weight 23
    expect(rateAt(a, 119)).toBe(24); // 23:59
    expect(rateAt(a, 121)).toBe(1); // 00:00 of the next day
    expect(rateAt(a, 3 * 60 + 1)).toBe(2); // 01:00
    // Λ over the first 3 compressed hours: 60·(23 + 24 + 1)
    expect(cumulative(a, 180)).toBe(60 * 48);
    expect(cumulative(a, 24 * 60)).toBe(60 * 300);
  });
  it('a fractional startHour splits the hour (linear, 00:30 → 01:30 goes 1 → 2)', () => {
    const a = arrival({ kind: 'daily', hourlyWeights: RAMP, peakRatePerSecond: 24, startHour: 1, secondsPerHour: 100 });
    expect(rateAt(a, 0)).toBe(1.5);
    expect(cumulative(a, 2400)).toBeCloseTo(100 * 300, 9);
  });
});

describe("rateAt / cumulative of { kind: 'on-off' }", () => {
  it('fixed periods start quiet: rate on [0, off), burst on [off, off + on), repeating', () => {
    const a = arrival({ kind: 'on-off', ratePerSecond: 1, burstRatePerSecond: 100, offSeconds: 9, onSeconds: 1 });
    expect([rateAt(a, 0), rateAt(a, 8.9), rateAt(a, 9.5), rateAt(a, 10), rateAt(a, 19.5)]).toEqual([1, 1, 100, 1, 100]);
    expect(cumulative(a, 100)).toBe(10 * (9 + 100));
  });
  it('jitter: E[λ(t)] of the two-state Markov chain, r + (R − r)·p·(1 − e^{−st})', () => {
    const a = arrival({ kind: 'on-off', ratePerSecond: 0, burstRatePerSecond: 20, offSeconds: 1, onSeconds: 1, jitter: true });
    // s = 2, p = 1/2
    expect(rateAt(a, 0)).toBe(0);
    expect(rateAt(a, 1)).toBeCloseTo(10 * (1 - Math.exp(-2)), 12);
    expect(rateAt(a, 1e3)).toBeCloseTo(10, 12);
    // Λ(t) = 10(t − (1 − e^{−2t})/2)
    expect(cumulative(a, 3)).toBeCloseTo(10 * (3 - (1 - Math.exp(-6)) / 2), 12);
  });
});

describe('rateAt of the constant-rate kinds', () => {
  it('poisson, gamma and constant have their ratePerSecond; max has none (NaN)', () => {
    expect(rateAt({ kind: 'poisson', ratePerSecond: 3 }, 100)).toBe(3);
    expect(rateAt({ kind: 'gamma', ratePerSecond: 4, cv: 2 }, 0)).toBe(4);
    expect(meanRate({ kind: 'constant', ratePerSecond: 5 }, 10)).toBe(5);
    expect(rateAt({ kind: 'max' }, 0)).toBeNaN();
  });
});

describe('offeredRateOf (the windows chart\'s offered-rate line)', () => {
  it('is the arrival\'s rate, the sum of the classes\' own arrivals, or undefined for a replay, a closed loop and max', async () => {
    const { offeredRateOf } = await import('../../sim/workload/index.ts');
    const { WorkloadSchema } = await import('../../sim/scenario/index.ts');
    const lengths = { promptTokens: { kind: 'fixed', tokens: 8 }, outputTokens: { kind: 'fixed', tokens: 8 }, stop: { numRequests: 10 } };
    const daily = WorkloadSchema.parse({ ...lengths, arrival: { kind: 'schedule', interpolation: 'step', points: [{ atSeconds: 0, ratePerSecond: 2 }, { atSeconds: 10, ratePerSecond: 5 }] } });
    expect([offeredRateOf(daily)!(3), offeredRateOf(daily)!(12)]).toEqual([2, 5]);
    const classes = WorkloadSchema.parse({ ...lengths, classes: [{ name: 'a', arrival: { kind: 'poisson', ratePerSecond: 3 } }, { name: 'b', arrival: { kind: 'constant', ratePerSecond: 4 } }] });
    expect(offeredRateOf(classes)!(100)).toBe(7);
    expect(offeredRateOf(WorkloadSchema.parse({ ...lengths, arrival: { kind: 'max' } }))).toBeUndefined();
    expect(offeredRateOf(WorkloadSchema.parse({ ...lengths, arrival: { kind: 'closed-loop', concurrency: 2 } }))).toBeUndefined();
    expect(offeredRateOf(WorkloadSchema.parse({ trace: { file: 't.csv' } }))).toBeUndefined();
  });
});
