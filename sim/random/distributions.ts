// Pure samplers over a RandomStream: exponential, gamma, standard normal, lognormal and
// uniform integers. Each is a function of the stream alone — no hidden state, no cache — so
// the draws a call consumes depend only on its arguments and the stream's position.
// Invariants: every uniform u from the stream is in [0, 1); a log is only ever taken of
// 1 − u ∈ (0, 1], never of 0. Results are finite for finite, positive parameters.
// NOTE: the normal uses the Box–Muller transform and discards its sine partner: exactly two
// uniforms per normal, one uniform "wasted", in exchange for statelessness (a cached partner
// would couple consecutive calls from different call sites sharing a stream).
// NOTE: gamma is a rejection sampler, so the number of uniforms it consumes varies
// (deterministically, given the stream).

import type { RandomStream } from './types.ts';

const TWO_PI = 2 * Math.PI;

/**
 * Exponential with the given rate (mean 1/rate), by inversion: −ln(1 − u)/rate, with
 * ln(1 − u) as log1p(−u) (exact for small u, and +0 rather than −0 at u = 0).
 */
export function exponential(rng: RandomStream, rate: number): number {
  return -Math.log1p(-rng.next()) / rate;
}

/**
 * Standard normal N(0, 1) by Box–Muller (Box & Muller 1958, Ann. Math. Stat. 29(2)):
 * z = sqrt(−2 ln u1) · cos(2π u2), with u1 = 1 − u ∈ (0, 1]. Consumes exactly two uniforms.
 */
export function standardNormal(rng: RandomStream): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u2);
}

/** Lognormal: exp(N(mu, sigma²)); mean exp(mu + sigma²/2). */
export function lognormal(rng: RandomStream, mu: number, sigma: number): number {
  return Math.exp(mu + sigma * standardNormal(rng));
}

/**
 * Gamma(shape k, scale θ): density x^(k−1) e^(−x/θ) / (Γ(k) θ^k), mean kθ, variance kθ².
 * Marsaglia & Tsang (2000), "A simple method for generating gamma variables", ACM TOMS 26(3):
 * d = k − 1/3, c = 1/sqrt(9d); draw x ~ N(0,1), v = (1 + cx)³ until v > 0 and
 * u < 1 − 0.0331x⁴ (squeeze) or ln u < x²/2 + d(1 − v + ln v); return dv·θ.
 * For k < 1 the same paper's boost: Gamma(k) = Gamma(k + 1) · U^(1/k).
 * NOTE: for very small k (k = 1/cv² with cv ≳ 10) U^(1/k) underflows to 0 in a few percent
 * of draws; the true distribution puts that much mass below the smallest double too.
 */
export function gamma(rng: RandomStream, shape: number, scale: number): number {
  if (!(shape > 0) || !(scale > 0)) {
    throw new RangeError(`gamma needs shape > 0 and scale > 0, got shape ${shape}, scale ${scale}`);
  }
  if (shape < 1) {
    const boosted = gammaShapeAtLeastOne(rng, shape + 1);
    return boosted * Math.pow(1 - rng.next(), 1 / shape) * scale;
  }
  return gammaShapeAtLeastOne(rng, shape) * scale;
}

function gammaShapeAtLeastOne(rng: RandomStream, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next(); // (0, 1]: ln u is finite
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Uniform integer in [min, max], both inclusive: min + ⌊u · (max − min + 1)⌋.
 * NOTE: with 2^32 equally likely u, a range of n integers has a relative bias below n/2^32 —
 * negligible for token counts and list indices.
 */
export function uniformInt(rng: RandomStream, min: number, max: number): number {
  if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
    throw new RangeError(`uniformInt needs integers min <= max, got [${min}, ${max}]`);
  }
  return min + Math.floor(rng.next() * (max - min + 1));
}
