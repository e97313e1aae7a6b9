import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createStreams } from '../../sim/random/index.ts';
import { createArrivalProcess } from '../../sim/workload/index.ts';
import type { ArrivalProcess, OpenLoopArrivalConfig } from '../../sim/workload/index.ts';
import {
  countingStream,
  ksCritical,
  ksStatistic,
  mean,
  regularizedGammaP,
  variance,
} from '../random/stats.ts';

const N = 200_000;
const Z = 5;

function rng(name: string) {
  return createStreams(99).stream(name);
}

/** The first n inter-arrival gaps (the first measured from t = 0). */
function gaps(process: ArrivalProcess, n: number): Float64Array {
  const xs = new Float64Array(n);
  let previous = 0;
  for (let i = 0; i < n; i++) {
    const t = process.nextArrivalAt();
    xs[i] = t - previous;
    previous = t;
  }
  return xs;
}

describe("createArrivalProcess({ kind: 'poisson' })", () => {
  const rate = 5;

  it('has mean gap 1/λ within 5 standard errors (sd of an exponential gap = 1/λ)', () => {
    const xs = gaps(createArrivalProcess({ kind: 'poisson', ratePerSecond: rate }, rng('poisson-mean')), N);
    expect(Math.abs(mean(xs) - 1 / rate)).toBeLessThan(Z / rate / Math.sqrt(N));
  });

  it('has exponential gaps, the first one measured from t = 0 (KS, α = 0.001)', () => {
    const n = 100_000;
    const xs = gaps(createArrivalProcess({ kind: 'poisson', ratePerSecond: rate }, rng('poisson-ks')), n);
    expect(xs[0]).toBeGreaterThan(0);
    expect(ksStatistic(xs, (x) => 1 - Math.exp(-rate * x))).toBeLessThan(ksCritical(n));
  });

  it('puts λT arrivals in [0, T) within 5 sd, with Poisson counts per unit window (dispersion 1)', () => {
    const process = createArrivalProcess({ kind: 'poisson', ratePerSecond: rate }, rng('poisson-count'));
    const horizon = 40_000;
    const counts = new Array<number>(horizon).fill(0);
    let total = 0;
    for (let t = process.nextArrivalAt(); t < horizon; t = process.nextArrivalAt()) {
      counts[Math.floor(t)]++;
      total++;
    }
    expect(Math.abs(total - rate * horizon)).toBeLessThan(Z * Math.sqrt(rate * horizon));
    // Index of dispersion Σ(c − c̄)²/c̄ ~ χ²(m − 1): mean m − 1, sd sqrt(2(m − 1)).
    const m = horizon;
    const dispersion = ((m - 1) * variance(counts)) / mean(counts);
    expect(Math.abs(dispersion - (m - 1))).toBeLessThan(Z * Math.sqrt(2 * (m - 1)));
  });
});

describe("createArrivalProcess({ kind: 'gamma' })", () => {
  const rate = 3;
  for (const cv of [0.5, 1, 2]) {
    it(`with cv ${cv} has mean gap 1/λ and gap CV ≈ cv, within 5 standard errors`, () => {
      const xs = gaps(createArrivalProcess({ kind: 'gamma', ratePerSecond: rate, cv }, rng(`gamma-${cv}`)), N);
      const m = mean(xs);
      expect(Math.abs(m - 1 / rate)).toBeLessThan((Z * cv) / rate / Math.sqrt(N));
      // Relative SE of the sample sd ≈ sqrt((κ − 1)/(4n)), κ = 3 + 6/k = 3 + 6cv² (gamma kurtosis);
      // the CV also carries the mean's relative SE, cv/sqrt(n).
      const relativeSe = Math.sqrt((2 + 6 * cv * cv) / (4 * N)) + cv / Math.sqrt(N);
      const sampleCv = Math.sqrt(variance(xs)) / m;
      expect(Math.abs(sampleCv / cv - 1)).toBeLessThan(Z * relativeSe);
    });

    it(`with cv ${cv} has Gamma(1/cv², 1/(λk)) gaps (KS, α = 0.001)`, () => {
      const n = 100_000;
      const k = 1 / (cv * cv);
      const scale = 1 / (rate * k);
      const xs = gaps(createArrivalProcess({ kind: 'gamma', ratePerSecond: rate, cv }, rng(`gamma-ks-${cv}`)), n);
      expect(ksStatistic(xs, (x) => regularizedGammaP(k, x / scale))).toBeLessThan(ksCritical(n));
    });
  }

  it('with cv 1 has exponential gaps, as the Poisson process (KS, α = 0.001)', () => {
    const n = 100_000;
    const xs = gaps(createArrivalProcess({ kind: 'gamma', ratePerSecond: rate, cv: 1 }, rng('gamma-exp')), n);
    expect(ksStatistic(xs, (x) => 1 - Math.exp(-rate * x))).toBeLessThan(ksCritical(n));
  });
});

describe("createArrivalProcess({ kind: 'constant' })", () => {
  it('arrives at exactly k/λ, the first at t = 0, drawing no randomness', () => {
    const r = countingStream(rng('constant'));
    const process = createArrivalProcess({ kind: 'constant', ratePerSecond: 10 }, r);
    for (let k = 0; k < 1000; k++) expect(process.nextArrivalAt()).toBe(k / 10);
    expect(r.count).toBe(0);
  });
});

describe("createArrivalProcess({ kind: 'max' })", () => {
  it('puts every arrival at t = 0, drawing no randomness', () => {
    const r = countingStream(rng('max'));
    const process = createArrivalProcess({ kind: 'max' }, r);
    for (let i = 0; i < 100; i++) expect(process.nextArrivalAt()).toBe(0);
    expect(r.count).toBe(0);
  });
});

describe('createArrivalProcess(config).nextArrivalAt()', () => {
  const configs = fc.oneof(
    fc.record({ kind: fc.constant('poisson' as const), ratePerSecond: fc.double({ min: 1e-3, max: 1e4, noNaN: true }) }),
    fc.record({
      kind: fc.constant('gamma' as const),
      ratePerSecond: fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
      cv: fc.double({ min: 0.05, max: 20, noNaN: true }),
    }),
    fc.record({ kind: fc.constant('constant' as const), ratePerSecond: fc.double({ min: 1e-3, max: 1e4, noNaN: true }) }),
    fc.constant({ kind: 'max' as const }),
  );

  it('is finite, >= 0 and non-decreasing for any process and seed', () => {
    fc.assert(
      fc.property(configs, fc.nat(), (config: OpenLoopArrivalConfig, seed) => {
        const process = createArrivalProcess(config, createStreams(seed).stream('arrivals'));
        let previous = 0;
        for (let i = 0; i < 200; i++) {
          const t = process.nextArrivalAt();
          expect(Number.isFinite(t)).toBe(true);
          expect(t).toBeGreaterThanOrEqual(previous);
          previous = t;
        }
      }),
      { numRuns: 100 },
    );
  });
});
