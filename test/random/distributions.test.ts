import { describe, expect, it } from 'vitest';
import {
  createStreams,
  exponential,
  gamma,
  lognormal,
  normalCdf,
  standardNormal,
  uniformInt,
} from '../../sim/random/index.ts';
import {
  chiSquare,
  chiSquareCritical,
  countingStream,
  ksCritical,
  ksStatistic,
  mean,
  regularizedGammaP,
  sample,
  variance,
} from './stats.ts';

const N = 200_000;
/** Standard errors allowed between a sample mean and its closed form (CLT). */
const Z = 5;
/** Sample sizes at which each CDF is checked by Kolmogorov–Smirnov at α = 0.001. */
const KS_SIZES = [1_000, 10_000, 100_000];

function rng(name: string) {
  return createStreams(20240601).stream(name);
}

/** KS statistic of n draws against `cdf`, below the α = 0.001 critical value at every size. */
function expectKs(name: string, draw: (r: { next(): number }) => number, cdf: (x: number) => number): void {
  for (const n of KS_SIZES) {
    const r = rng(`${name}/${n}`);
    const d = ksStatistic(sample(n, () => draw(r)), cdf);
    expect(d, `KS D at n = ${n}`).toBeLessThan(ksCritical(n));
  }
}

describe('exponential(rng, rate)', () => {
  it('has mean 1/rate within 5 standard errors (sd = 1/rate)', () => {
    const r = rng('exponential');
    const xs = sample(N, () => exponential(r, 4));
    expect(Math.abs(mean(xs) - 0.25)).toBeLessThan((Z * 0.25) / Math.sqrt(N));
  });

  it('follows the CDF 1 − exp(−rate·x) (KS, α = 0.001)', () => {
    expectKs('exponential-ks', (r) => exponential(r, 2.5), (x) => 1 - Math.exp(-2.5 * x));
  });

  it('is finite even when the stream yields 0 (log of 1 − u, never of 0)', () => {
    expect(exponential({ next: () => 0 }, 1)).toBe(0);
    expect(Number.isFinite(exponential({ next: () => 1 - 2 ** -32 }, 1))).toBe(true);
  });
});

describe('standardNormal(rng)', () => {
  it('has mean 0 and variance 1 within 5 standard errors', () => {
    const r = rng('normal');
    const xs = sample(N, () => standardNormal(r));
    expect(Math.abs(mean(xs))).toBeLessThan(Z / Math.sqrt(N));
    // Var of the sample variance of N(0,1) is 2/(n − 1).
    expect(Math.abs(variance(xs) - 1)).toBeLessThan(Z * Math.sqrt(2 / (N - 1)));
  });

  it('follows Φ (KS, α = 0.001)', () => {
    expectKs('normal-ks', (r) => standardNormal(r), normalCdf);
  });

  it('consumes exactly two uniforms per draw', () => {
    const r = countingStream(rng('normal-count'));
    for (let i = 0; i < 100; i++) standardNormal(r);
    expect(r.count).toBe(200);
  });

  it('is finite when the stream yields 0', () => {
    expect(Number.isFinite(standardNormal({ next: () => 0 }))).toBe(true);
  });
});

describe('lognormal(rng, mu, sigma)', () => {
  const mu = 1.2;
  const sigma = 0.6;
  const expected = Math.exp(mu + (sigma * sigma) / 2);
  const sd = expected * Math.sqrt(Math.exp(sigma * sigma) - 1);

  it('has mean exp(mu + sigma²/2) within 5 standard errors', () => {
    const r = rng('lognormal');
    const xs = sample(N, () => lognormal(r, mu, sigma));
    expect(Math.abs(mean(xs) - expected)).toBeLessThan((Z * sd) / Math.sqrt(N));
  });

  it('follows Φ((ln x − mu)/sigma) (KS, α = 0.001)', () => {
    expectKs('lognormal-ks', (r) => lognormal(r, mu, sigma), (x) => normalCdf((Math.log(x) - mu) / sigma));
  });
});

describe('gamma(rng, shape, scale)', () => {
  for (const shape of [0.05, 0.3, 1, 2.5, 9]) {
    const scale = 1.7;
    it(`with shape ${shape} has mean shape·scale within 5 standard errors (sd = sqrt(shape)·scale)`, () => {
      const r = rng(`gamma-${shape}`);
      const xs = sample(N, () => gamma(r, shape, scale));
      expect(Math.abs(mean(xs) - shape * scale)).toBeLessThan((Z * Math.sqrt(shape) * scale) / Math.sqrt(N));
    });

    it(`with shape ${shape} follows the regularized incomplete gamma P(shape, x/scale) (KS, α = 0.001)`, () => {
      expectKs(`gamma-ks-${shape}`, (r) => gamma(r, shape, scale), (x) => regularizedGammaP(shape, x / scale));
    });
  }

  it('has variance shape·scale² for shape < 1 (0.25, as for bursty arrivals with cv = 2)', () => {
    const r = rng('gamma-variance');
    const shape = 0.25;
    const xs = sample(N, () => gamma(r, shape, 1));
    // Gamma has excess kurtosis 6/shape; Var(s²) ≈ σ⁴(κ − 1)/n with κ = 3 + 6/shape.
    const sigma2 = shape;
    const se = sigma2 * Math.sqrt((2 + 6 / shape) / N);
    expect(Math.abs(variance(xs) - sigma2)).toBeLessThan(Z * se);
  });

  it('rejects a non-positive shape or scale', () => {
    const r = rng('gamma-bad');
    expect(() => gamma(r, 0, 1)).toThrow(RangeError);
    expect(() => gamma(r, 1, -1)).toThrow(RangeError);
  });
});

describe('uniformInt(rng, min, max)', () => {
  it('hits both inclusive ends and nothing outside them', () => {
    const r = rng('uniform-int-ends');
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(uniformInt(r, 3, 7));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('is uniform over [min, max] (chi-square, α = 0.001)', () => {
    const r = rng('uniform-int-chi2');
    const min = -4;
    const max = 12;
    const k = max - min + 1;
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < N; i++) counts[uniformInt(r, min, max) - min]++;
    expect(chiSquare(counts, new Array<number>(k).fill(1 / k))).toBeLessThan(chiSquareCritical(k - 1));
  });

  it('returns min when min = max, consuming one uniform', () => {
    const r = countingStream(rng('uniform-int-point'));
    expect(uniformInt(r, 5, 5)).toBe(5);
    expect(r.count).toBe(1);
  });

  it('rejects max < min and non-integer bounds', () => {
    const r = rng('uniform-int-bad');
    expect(() => uniformInt(r, 2, 1)).toThrow(RangeError);
    expect(() => uniformInt(r, 0.5, 2)).toThrow(RangeError);
  });
});
