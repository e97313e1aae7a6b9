import { describe, expect, it } from 'vitest';
import { createStreams, normalCdf } from '../../sim/random/index.ts';
import { createLengthSampler, lognormalMu, MIN_TRUNCATED_MASS } from '../../sim/workload/index.ts';
import type { LengthSampler } from '../../sim/workload/index.ts';
import { chiSquare, chiSquareCritical, countingStream, ksCritical, mean, variance } from '../random/stats.ts';

const Z = 5;

function rng(name: string) {
  return createStreams(5150).stream(name);
}

function draws(sampler: LengthSampler, n: number): Int32Array {
  const xs = new Int32Array(n);
  for (let i = 0; i < n; i++) xs[i] = sampler.sample();
  return xs;
}

/** sup over integers k in [1, kMax] of |F_n(k) − F(k)| for integer samples. */
function discreteKs(xs: Int32Array, cdf: (k: number) => number): number {
  const kMax = xs.reduce((a, b) => Math.max(a, b), 1);
  const counts = new Int32Array(kMax + 1);
  for (const x of xs) counts[x]++;
  let below = 0;
  let d = 0;
  for (let k = 1; k <= kMax; k++) {
    below += counts[k];
    d = Math.max(d, Math.abs(below / xs.length - cdf(k)));
  }
  return d;
}

describe("createLengthSampler({ kind: 'fixed' })", () => {
  it('always returns its tokens and draws no randomness', () => {
    const r = countingStream(rng('fixed'));
    const sampler = createLengthSampler({ kind: 'fixed', tokens: 128 }, r);
    expect([...draws(sampler, 100)].every((x) => x === 128)).toBe(true);
    expect(r.count).toBe(0);
  });
});

describe("createLengthSampler({ kind: 'uniform' })", () => {
  it('hits both inclusive bounds and nothing outside them, one uniform per draw', () => {
    const r = countingStream(rng('uniform-ends'));
    const xs = draws(createLengthSampler({ kind: 'uniform', minTokens: 10, maxTokens: 14 }, r), 1000);
    expect([...new Set(xs)].sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14]);
    expect(r.count).toBe(1000);
  });

  it('is uniform over [minTokens, maxTokens] (chi-square, α = 0.001)', () => {
    const xs = draws(createLengthSampler({ kind: 'uniform', minTokens: 1, maxTokens: 50 }, rng('uniform-chi2')), 200_000);
    const counts = new Array<number>(50).fill(0);
    for (const x of xs) counts[x - 1]++;
    expect(chiSquare(counts, new Array<number>(50).fill(1 / 50))).toBeLessThan(chiSquareCritical(49));
  });
});

describe("createLengthSampler({ kind: 'lognormal' })", () => {
  for (const [meanTokens, sigma] of [[200, 0.8], [2, 1]] as const) {
    const mu = lognormalMu(meanTokens, sigma);
    const cdfX = (k: number) => normalCdf((Math.log(k) - mu) / sigma);

    it(`(mean ${meanTokens}, sigma ${sigma}) has CDF F_X(k) = Φ((ln k − mu)/sigma) at every integer k (ceil; KS, α = 0.001)`, () => {
      for (const n of [1_000, 10_000, 100_000]) {
        const xs = draws(createLengthSampler({ kind: 'lognormal', meanTokens, sigma }, rng(`lognormal-${meanTokens}-${n}`)), n);
        expect(discreteKs(xs, cdfX), `n = ${n}`).toBeLessThan(ksCritical(n));
      }
    });

    it(`(mean ${meanTokens}, sigma ${sigma}) has integer lengths >= 1 with mean in [meanTokens, meanTokens + 1) ± 5 SE`, () => {
      const n = 200_000;
      const xs = draws(createLengthSampler({ kind: 'lognormal', meanTokens, sigma }, rng(`lognormal-mean-${meanTokens}`)), n);
      expect(xs.every((x) => Number.isInteger(x) && x >= 1)).toBe(true);
      const se = Math.sqrt(variance(xs) / n);
      const m = mean(xs);
      expect(m).toBeGreaterThan(meanTokens - Z * se);
      expect(m).toBeLessThan(meanTokens + 1 + Z * se);
    });
  }

  it('puts mass F_X(1) on length 1, not the clipped mass of all X < 1', () => {
    // mean 2, sigma 1: F_X(1) = Φ(0.5 − ln 2) ≈ 0.42. A round-to-nearest or floor-then-clip
    // sampler would put Φ((ln 1.5 − mu)/σ) ≈ 0.58 or F_X(2) ≈ 0.69 there.
    const n = 100_000;
    const mu = lognormalMu(2, 1);
    const xs = draws(createLengthSampler({ kind: 'lognormal', meanTokens: 2, sigma: 1 }, rng('lognormal-one')), n);
    const p = normalCdf(-mu);
    const ones = xs.filter((x) => x === 1).length / n;
    expect(Math.abs(ones - p)).toBeLessThan(Z * Math.sqrt((p * (1 - p)) / n));
  });

  it('draws two uniforms per length when not truncated', () => {
    const r = countingStream(rng('lognormal-count'));
    draws(createLengthSampler({ kind: 'lognormal', meanTokens: 100, sigma: 1 }, r), 500);
    expect(r.count).toBe(1000);
  });

  it('with maxTokens stays <= maxTokens and follows the conditional CDF F_X(k)/F_X(max) (KS, α = 0.001)', () => {
    const meanTokens = 500;
    const sigma = 1;
    const maxTokens = 600;
    const mu = lognormalMu(meanTokens, sigma);
    const cdfX = (k: number) => normalCdf((Math.log(k) - mu) / sigma);
    const kept = cdfX(maxTokens);
    expect(kept).toBeLessThan(0.8); // a real truncation: redraws happen often
    for (const n of [1_000, 10_000, 100_000]) {
      const sampler = createLengthSampler({ kind: 'lognormal', meanTokens, sigma, maxTokens }, rng(`lognormal-trunc-${n}`));
      const xs = draws(sampler, n);
      expect(xs.every((x) => x >= 1 && x <= maxTokens)).toBe(true);
      expect(discreteKs(xs, (k) => Math.min(1, cdfX(k) / kept)), `n = ${n}`).toBeLessThan(ksCritical(n));
    }
  });

  it('with maxTokens not reached by the draws is the untruncated sampler, draw for draw', () => {
    const config = { kind: 'lognormal' as const, meanTokens: 100, sigma: 0.5 };
    const plain = draws(createLengthSampler(config, rng('lognormal-same')), 1000);
    const truncated = draws(createLengthSampler({ ...config, maxTokens: 1_000_000 }, rng('lognormal-same')), 1000);
    expect(truncated).toEqual(plain);
  });

  it(`rejects a maxTokens that keeps less than ${MIN_TRUNCATED_MASS} of the distribution`, () => {
    // mean 10000, sigma 1: mu ≈ 8.71; F_X(10) = Φ(ln 10 − 8.71) = Φ(−6.4) ≈ 8e-11.
    expect(() =>
      createLengthSampler({ kind: 'lognormal', meanTokens: 10_000, sigma: 1, maxTokens: 10 }, rng('lognormal-bad')),
    ).toThrow(RangeError);
  });
});

describe("createLengthSampler({ kind: 'empirical' })", () => {
  it('picks uniformly from the list, so repeated values weigh by multiplicity (chi-square, α = 0.001)', () => {
    const tokens = [10, 20, 20, 30];
    const xs = draws(createLengthSampler({ kind: 'empirical', tokens }, rng('empirical')), 100_000);
    const counts = [10, 20, 30].map((v) => xs.filter((x) => x === v).length);
    expect(counts.reduce((a, b) => a + b)).toBe(xs.length);
    expect(chiSquare(counts, [0.25, 0.5, 0.25])).toBeLessThan(chiSquareCritical(2));
  });

  it('is not affected by later changes to the config list', () => {
    const tokens = [7];
    const sampler = createLengthSampler({ kind: 'empirical', tokens }, rng('empirical-copy'));
    tokens[0] = 8;
    expect(sampler.sample()).toBe(7);
  });
});
