// Bad shapes of the time-varying arrival kinds: one problem each, with the field path.
import { describe, expect, it } from 'vitest';
import { problemsOf } from '../fixtures/problems.ts';
import { MAX_REQUESTS, resolveScenario } from '../../sim/scenario/index.ts';
import { baseScenario } from '../fixtures/scenarios.ts';

function problemsWith(arrival: unknown, stop?: unknown): string[] {
  const raw: Record<string, any> = baseScenario();
  raw.workload.arrival = arrival;
  if (stop !== undefined) raw.workload.stop = stop;
  try {
    resolveScenario(raw, { file: 'p.yaml' });
  } catch {
    return problemsOf(() => resolveScenario(raw, { file: 'p.yaml' }));
  }
  return [];
}

const FLAT = Array.from({ length: 24 }, () => 1);

describe("arrival { kind: 'schedule' }", () => {
  it('needs the first point at 0, strictly increasing instants, a positive rate, repeatSeconds after the last point', () => {
    expect(problemsWith({ kind: 'schedule', interpolation: 'step', points: [{ atSeconds: 5, ratePerSecond: 1 }] })[0])
      .toMatch(/^workload\.arrival\.points\.0\.atSeconds: the first point must be at atSeconds 0 \(got 5\)/);
    expect(problemsWith({ kind: 'schedule', interpolation: 'step', points: [{ atSeconds: 0, ratePerSecond: 1 }, { atSeconds: 10, ratePerSecond: 1 }, { atSeconds: 10, ratePerSecond: 2 }] })[0])
      .toMatch(/^workload\.arrival\.points\.2\.atSeconds: atSeconds must strictly increase: 10 follows 10/);
    expect(problemsWith({ kind: 'schedule', interpolation: 'linear', points: [{ atSeconds: 0, ratePerSecond: 0 }] })[0])
      .toMatch(/^workload\.arrival\.points: every ratePerSecond is 0/);
    expect(problemsWith({ kind: 'schedule', interpolation: 'step', points: [{ atSeconds: 0, ratePerSecond: 1 }, { atSeconds: 10, ratePerSecond: 2 }], repeatSeconds: 10 })[0])
      .toMatch(/^workload\.arrival\.repeatSeconds: repeatSeconds \(10\) must be greater than the last point's atSeconds \(10\)/);
    expect(problemsWith({ kind: 'schedule', interpolation: 'step', points: [{ atSeconds: 0, ratePerSecond: -1 }] })[0]).toMatch(/^workload\.arrival\.points\.0\.ratePerSecond/);
  });
});

describe("arrival { kind: 'daily' }", () => {
  it('needs 24 weights, not all 0, and exactly one of peakRatePerSecond and meanRatePerSecond', () => {
    expect(problemsWith({ kind: 'daily', hourlyWeights: [1, 2, 3], peakRatePerSecond: 5 })[0]).toMatch(/^workload\.arrival\.hourlyWeights/);
    expect(problemsWith({ kind: 'daily', hourlyWeights: FLAT.map(() => 0), peakRatePerSecond: 5 })[0]).toMatch(/^workload\.arrival\.hourlyWeights: every hourly weight is 0/);
    const both = /^workload\.arrival\.peakRatePerSecond: give exactly one of peakRatePerSecond and meanRatePerSecond/;
    expect(problemsWith({ kind: 'daily', hourlyWeights: FLAT, peakRatePerSecond: 5, meanRatePerSecond: 3 })[0]).toMatch(both);
    expect(problemsWith({ kind: 'daily', hourlyWeights: FLAT })[0]).toMatch(both);
    expect(problemsWith({ kind: 'daily', hourlyWeights: FLAT, peakRatePerSecond: 5, startHour: 24 })[0]).toMatch(/^workload\.arrival\.startHour/);
  });
  it('bounds the run by its expected count: a day at mean 2000/s (172.8M) needs stop.numRequests; at 1000/s (86.4M) it does not', () => {
    const day = { durationSeconds: 86400 };
    expect(problemsWith({ kind: 'daily', hourlyWeights: FLAT, meanRatePerSecond: 2000 }, day)[0])
      .toMatch(new RegExp(`^workload\\.stop\\.durationSeconds: the arrivals' expected count over durationSeconds .* more than ${MAX_REQUESTS} requests`));
    expect(problemsWith({ kind: 'daily', hourlyWeights: FLAT, meanRatePerSecond: 1000 }, day)).toEqual([]);
  });
});

describe("arrival { kind: 'on-off' }", () => {
  it('needs positive periods and burst rate; the quiet rate may be 0', () => {
    expect(problemsWith({ kind: 'on-off', ratePerSecond: 0, burstRatePerSecond: 10, onSeconds: 1, offSeconds: 5 })).toEqual([]);
    expect(problemsWith({ kind: 'on-off', ratePerSecond: 0, burstRatePerSecond: 10, onSeconds: 0, offSeconds: 5 })[0]).toMatch(/^workload\.arrival\.onSeconds/);
    expect(problemsWith({ kind: 'on-off', ratePerSecond: 1, burstRatePerSecond: 0, onSeconds: 1, offSeconds: 5 })[0]).toMatch(/^workload\.arrival\.burstRatePerSecond/);
  });
});

describe('a repeating pattern too short for its run', () => {
  it('is refused at load (it would walk billions of empty segments), naming the arrival and the count', async () => {
    const { WorkloadSchema } = await import('../../sim/scenario/index.ts');
    const lengths = { promptTokens: { kind: 'fixed', tokens: 10 }, outputTokens: { kind: 'fixed', tokens: 10 } };
    const tiny = { kind: 'schedule', interpolation: 'step', points: [{ atSeconds: 0, ratePerSecond: 1e-6 }, { atSeconds: 0.0005, ratePerSecond: 0 }], repeatSeconds: 0.001 };
    const r = WorkloadSchema.safeParse({ ...lengths, arrival: tiny, stop: { durationSeconds: 1e9 } });
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['arrival', expect.stringMatching(/^its pattern repeats 2\.0e\+12 segments' worth/)]]);
    // 1 ms on-off periods: 1e6 s is 1e9 segments, refused; a day (8.6e7) is allowed.
    const onOff = { kind: 'on-off', ratePerSecond: 1, burstRatePerSecond: 10, onSeconds: 0.001, offSeconds: 0.001 };
    expect(WorkloadSchema.safeParse({ ...lengths, arrival: onOff, stop: { durationSeconds: 1e6 } }).success).toBe(false);
    expect(WorkloadSchema.safeParse({ ...lengths, arrival: onOff, stop: { durationSeconds: 86400 } }).success).toBe(true);
  });
});
