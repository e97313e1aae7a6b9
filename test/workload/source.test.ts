import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createStreams } from '../../sim/random/index.ts';
import { createArrivalProcess, createLengthSampler, createWorkload } from '../../sim/workload/index.ts';
import type { RequestSpec, WorkloadSource } from '../../sim/workload/index.ts';
import type { WorkloadConfig } from '../../sim/scenario/index.ts';

const Z = 5;

/** Every open-loop request the source will ever give, in order (bounded for safety). */
function drain(source: WorkloadSource, limit = 10_000_000): RequestSpec[] {
  const specs: RequestSpec[] = [];
  for (let spec = source.nextArrival(); spec !== null; spec = source.nextArrival()) {
    specs.push(spec);
    if (specs.length > limit) throw new Error('source did not stop');
  }
  return specs;
}

function lengthsOf(specs: RequestSpec[]): [number, number][] {
  return specs.map((s) => [s.numPromptTokens, s.numOutputTokens]);
}

const lognormalLengths = {
  promptTokens: { kind: 'lognormal', meanTokens: 500, sigma: 1 },
  outputTokens: { kind: 'lognormal', meanTokens: 200, sigma: 0.7, maxTokens: 2048 },
} as const;

function poisson(ratePerSecond: number, stop: WorkloadConfig['stop']): WorkloadConfig {
  return { arrival: { kind: 'poisson', ratePerSecond }, ...lognormalLengths, stop };
}

describe('createWorkload(config, streams).nextArrival()', () => {
  it('gives exactly stop.numRequests requests, then null on every later call', () => {
    const source = createWorkload(poisson(10, { numRequests: 1000 }), createStreams(1));
    expect(drain(source)).toHaveLength(1000);
    expect(source.nextArrival()).toBeNull();
    expect(source.nextArrival()).toBeNull();
  });

  it('with stop.durationSeconds gives no arrival at or beyond it, and stops at the first that would be', () => {
    const rate = 50;
    const duration = 100;
    const specs = drain(createWorkload(poisson(rate, { durationSeconds: duration }), createStreams(2)));
    expect(specs.every((s) => s.arrivedAt < duration)).toBe(true);
    expect(Math.abs(specs.length - rate * duration)).toBeLessThan(Z * Math.sqrt(rate * duration));
    // The same arrival process, replayed: the instant after the last request is >= duration.
    const replay = createArrivalProcess({ kind: 'poisson', ratePerSecond: rate }, createStreams(2).stream('arrivals'));
    for (const spec of specs) expect(replay.nextArrivalAt()).toBe(spec.arrivedAt);
    expect(replay.nextArrivalAt()).toBeGreaterThanOrEqual(duration);
  });

  it('with constant arrivals λ = 10 for 5 s gives exactly 50 requests, at 0, 0.1, …, 4.9', () => {
    const config: WorkloadConfig = {
      arrival: { kind: 'constant', ratePerSecond: 10 },
      promptTokens: { kind: 'fixed', tokens: 8 },
      outputTokens: { kind: 'fixed', tokens: 4 },
      stop: { durationSeconds: 5 },
    };
    const specs = drain(createWorkload(config, createStreams(3)));
    expect(specs.map((s) => s.arrivedAt)).toEqual(Array.from({ length: 50 }, (_, k) => k / 10));
    expect(specs[0]).toEqual({ arrivedAt: 0, numPromptTokens: 8, numOutputTokens: 4 });
  });

  it('stops at whichever of numRequests and durationSeconds comes first', () => {
    const config = (stop: WorkloadConfig['stop']): WorkloadConfig => ({
      arrival: { kind: 'constant', ratePerSecond: 10 },
      promptTokens: { kind: 'fixed', tokens: 8 },
      outputTokens: { kind: 'fixed', tokens: 4 },
      stop,
    });
    expect(drain(createWorkload(config({ numRequests: 20, durationSeconds: 5 }), createStreams(0)))).toHaveLength(20);
    expect(drain(createWorkload(config({ numRequests: 100, durationSeconds: 5 }), createStreams(0)))).toHaveLength(50);
  });

  it("with arrival kind 'max' gives numRequests requests, all at t = 0", () => {
    const config: WorkloadConfig = { arrival: { kind: 'max' }, ...lognormalLengths, stop: { numRequests: 300 } };
    const specs = drain(createWorkload(config, createStreams(4)));
    expect(specs).toHaveLength(300);
    expect(specs.every((s) => s.arrivedAt === 0)).toBe(true);
  });

  it("rejects arrival kind 'max' without stop.numRequests", () => {
    const config: WorkloadConfig = { arrival: { kind: 'max' }, ...lognormalLengths, stop: { durationSeconds: 10 } };
    expect(() => createWorkload(config, createStreams(0))).toThrow(RangeError);
  });

  it('gives non-decreasing instants and integer lengths >= 1 (<= maxTokens) for any seed and arrival kind', () => {
    const arrivals = fc.constantFrom<WorkloadConfig['arrival']>(
      { kind: 'poisson', ratePerSecond: 20 },
      { kind: 'gamma', ratePerSecond: 20, cv: 3 },
      { kind: 'constant', ratePerSecond: 20 },
      { kind: 'max' },
    );
    fc.assert(
      fc.property(arrivals, fc.nat(), fc.integer({ min: 1, max: 300 }), (arrival, seed, numRequests) => {
        const specs = drain(createWorkload({ arrival, ...lognormalLengths, stop: { numRequests } }, createStreams(seed)));
        expect(specs).toHaveLength(numRequests);
        for (let i = 0; i < specs.length; i++) {
          const s = specs[i];
          if (i > 0) expect(s.arrivedAt).toBeGreaterThanOrEqual(specs[i - 1].arrivedAt);
          expect(Number.isInteger(s.numPromptTokens) && s.numPromptTokens >= 1).toBe(true);
          expect(Number.isInteger(s.numOutputTokens) && s.numOutputTokens >= 1 && s.numOutputTokens <= 2048).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('draws prompt then output length per request, in request order, from the stream "lengths"', () => {
    const specs = drain(createWorkload(poisson(10, { numRequests: 200 }), createStreams(6)));
    const stream = createStreams(6).stream('lengths');
    const prompt = createLengthSampler(lognormalLengths.promptTokens, stream);
    const output = createLengthSampler(lognormalLengths.outputTokens, stream);
    expect(lengthsOf(specs)).toEqual(specs.map(() => [prompt.sample(), output.sample()]));
  });
});

describe('createWorkload(config, streams) determinism and common random numbers', () => {
  it('gives identical requests for the same config and seed, different ones for another seed', () => {
    const config = poisson(10, { numRequests: 500 });
    const a = drain(createWorkload(config, createStreams(7)));
    expect(drain(createWorkload(config, createStreams(7)))).toEqual(a);
    expect(drain(createWorkload(config, createStreams(8)))).not.toEqual(a);
  });

  it('gives identical length sequences to sources from the same seed with different arrival rates or kinds', () => {
    const n = 2000;
    const reference = lengthsOf(drain(createWorkload(poisson(1, { numRequests: n }), createStreams(9))));
    const faster = lengthsOf(drain(createWorkload(poisson(50, { numRequests: n }), createStreams(9))));
    const bursty = lengthsOf(
      drain(createWorkload({ arrival: { kind: 'gamma', ratePerSecond: 7, cv: 4 }, ...lognormalLengths, stop: { numRequests: n } }, createStreams(9))),
    );
    expect(faster).toEqual(reference);
    expect(bursty).toEqual(reference);
  });

  it('gives a closed loop the same length sequence as an open loop from the same seed', () => {
    const open = lengthsOf(drain(createWorkload(poisson(5, { numRequests: 50 }), createStreams(10))));
    const closed = createWorkload(
      { arrival: { kind: 'closed-loop', concurrency: 5, thinkSeconds: 0 }, ...lognormalLengths, stop: { numRequests: 50 } },
      createStreams(10),
    );
    const specs = drain(closed);
    for (let now = 1; specs.length < 50; now++) specs.push(closed.onFinished(now)!);
    expect(lengthsOf(specs)).toEqual(open);
  });
});

describe('createWorkload(config, streams).onFinished(now)', () => {
  it('returns null for an open loop', () => {
    const source = createWorkload(poisson(10, { numRequests: 10 }), createStreams(11));
    source.nextArrival();
    expect(source.onFinished(1)).toBeNull();
  });

  it('in a closed loop follows `concurrency` initial requests at t = 0 with one at now + thinkSeconds, until numRequests', () => {
    const source = createWorkload(
      { arrival: { kind: 'closed-loop', concurrency: 4, thinkSeconds: 0.5 }, ...lognormalLengths, stop: { numRequests: 10 } },
      createStreams(12),
    );
    const initial = drain(source);
    expect(initial).toHaveLength(4);
    expect(initial.every((s) => s.arrivedAt === 0)).toBe(true);
    const followUps = [3, 3, 4.25, 5, 6, 7].map((now) => source.onFinished(now));
    expect(followUps.map((s) => s?.arrivedAt)).toEqual([3.5, 3.5, 4.75, 5.5, 6.5, 7.5]);
    expect(source.onFinished(8)).toBeNull(); // 4 + 6 = 10 requests generated
    expect(source.nextArrival()).toBeNull();
  });

  it('in a closed loop gives only numRequests initial requests when concurrency is larger', () => {
    const source = createWorkload(
      { arrival: { kind: 'closed-loop', concurrency: 8, thinkSeconds: 0 }, ...lognormalLengths, stop: { numRequests: 3 } },
      createStreams(13),
    );
    expect(drain(source)).toHaveLength(3);
    expect(source.onFinished(1)).toBeNull();
  });

  it('in a closed loop returns null once now + thinkSeconds reaches durationSeconds', () => {
    const source = createWorkload(
      { arrival: { kind: 'closed-loop', concurrency: 2, thinkSeconds: 1 }, ...lognormalLengths, stop: { durationSeconds: 10 } },
      createStreams(14),
    );
    expect(drain(source)).toHaveLength(2);
    expect(source.onFinished(8.9)?.arrivedAt).toBe(9.9);
    expect(source.onFinished(9)).toBeNull();
  });
});
