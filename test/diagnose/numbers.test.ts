// The diagnosis's shared numeric helpers (sim/diagnose/numbers.ts), by hand.
import { describe, expect, it } from 'vitest';
import { busyShare, finiteMean, sig3 } from '../../sim/diagnose/numbers.ts';
import type { RunResult } from '../../sim/metrics/index.ts';

/** A replica report with what busyShare reads: busy seconds and regime shares. */
const report = (busySeconds: number, compute: number, memory: number) =>
  ({ busySeconds, regimeShares: { compute, memory, communication: 0, overhead: 1 - compute - memory } }) as unknown as RunResult['replicas'][number];

describe('diagnose numbers', () => {
  it('finiteMean skips NaN and ±Infinity; NaN when nothing is finite', () => {
    expect(finiteMean([1, NaN, 2, Infinity, 6])).toBe(3); // (1 + 2 + 6) / 3
    expect(finiteMean([NaN, -Infinity])).toBeNaN();
    expect(finiteMean([])).toBeNaN();
  });

  it('busyShare weights each replica\'s regime share by its busy seconds', () => {
    // compute: (0.5 · 3 + 0.1 · 1) / (3 + 1) = 1.6 / 4 = 0.4; memory: (0.2 · 3 + 0.8 · 1) / 4 = 1.4 / 4 = 0.35.
    const reports = [report(3, 0.5, 0.2), report(1, 0.1, 0.8)];
    expect(busyShare(reports, 'compute')).toBeCloseTo(0.4, 15);
    expect(busyShare(reports, 'memory')).toBeCloseTo(0.35, 15);
    // Nothing busy: no share.
    expect(busyShare([report(0, 0.5, 0.5)], 'compute')).toBeNaN();
    expect(busyShare([], 'compute')).toBeNaN();
  });

  it('sig3 keeps three significant digits', () => {
    expect(sig3(0.123456)).toBe(0.123);
    expect(sig3(1234.5)).toBe(1230);
    expect(sig3(2)).toBe(2);
  });
});
