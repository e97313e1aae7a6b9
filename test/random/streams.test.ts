import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createStreams } from '../../sim/random/index.ts';

function take(stream: { next(): number }, n: number): number[] {
  return Array.from({ length: n }, () => stream.next());
}

describe('createStreams(seed).stream(name)', () => {
  it('gives the same sequence for the same seed and name, from independent stream families', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.string(), (seed, name) => {
        expect(take(createStreams(seed).stream(name), 20)).toEqual(take(createStreams(seed).stream(name), 20));
      }),
      { numRuns: 50 },
    );
  });

  it('is pinned: seed 42, "arrivals" starts with these values on every machine (Alea)', () => {
    expect(take(createStreams(42).stream('arrivals'), 3)).toEqual([
      0.09669156046584249, 0.10787259554490447, 0.9512710100971162,
    ]);
  });

  it('gives different sequences for different names and for different seeds', () => {
    const streams = createStreams(7);
    const arrivals = take(streams.stream('arrivals'), 10);
    const lengths = take(streams.stream('lengths'), 10);
    const otherSeed = take(createStreams(8).stream('arrivals'), 10);
    expect(arrivals).not.toEqual(lengths);
    expect(arrivals).not.toEqual(otherSeed);
    // Not merely shifted copies of each other either.
    expect(new Set([...arrivals, ...lengths, ...otherSeed]).size).toBe(30);
  });

  it('returns the same stream object when a name is asked twice, continuing its sequence', () => {
    const streams = createStreams(1);
    const first = streams.stream('router');
    const head = take(first, 5);
    const again = streams.stream('router');
    expect(again).toBe(first);
    const reference = take(createStreams(1).stream('router'), 10);
    expect([...head, ...take(again, 5)]).toEqual(reference);
  });

  it('draws uniforms in [0, 1) whose mean is 1/2 within 5 standard errors', () => {
    const stream = createStreams(3).stream('uniform');
    const n = 200_000;
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = stream.next();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
    }
    expect(outside).toBe(0);
    // Var U = 1/12.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
  });

  it('does not perturb one stream by drawing from another (independent positions)', () => {
    const streams = createStreams(11);
    const lengths = streams.stream('lengths');
    take(streams.stream('arrivals'), 1000);
    expect(take(lengths, 10)).toEqual(take(createStreams(11).stream('lengths'), 10));
  });
});
