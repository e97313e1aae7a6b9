// Statistical helpers for the seeded tests of samplers: sample moments, the Kolmogorov–Smirnov
// statistic and its critical value, Pearson's chi-square and its critical value, and the
// regularized incomplete gamma function (the gamma CDF). Every tolerance in the tests comes
// from these, never from a hand-tuned epsilon.
// NOTE: with fixed seeds each test is deterministic; α = 0.001 is the chance that a correct
// sampler would have failed for a randomly chosen seed.

export function mean(xs: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  return sum / xs.length;
}

/** Unbiased sample variance. */
export function variance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += (xs[i] - m) ** 2;
  return sum / (xs.length - 1);
}

/** n draws of `draw` into a Float64Array. */
export function sample(n: number, draw: () => number): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = draw();
  return xs;
}

/** One-sample KS statistic D = sup |F_n − F| of the samples (sorted in place) against `cdf`. */
export function ksStatistic(xs: Float64Array, cdf: (x: number) => number): number {
  xs.sort();
  const n = xs.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * Asymptotic KS critical value at level α: sqrt(−ln(α/2)/2)/sqrt(n) (Kolmogorov's limit;
 * accurate for n ≳ 100). For discrete distributions the test is conservative.
 */
export function ksCritical(n: number, alpha = 0.001): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) / Math.sqrt(n);
}

/** Pearson's chi-square statistic of observed counts against expected probabilities. */
export function chiSquare(observed: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < observed.length; i++) n += observed[i];
  let chi2 = 0;
  for (let i = 0; i < observed.length; i++) {
    const expected = n * probabilities[i];
    chi2 += (observed[i] - expected) ** 2 / expected;
  }
  return chi2;
}

/**
 * Upper α = 0.001 quantile of chi-square with `df` degrees of freedom, by the Wilson–Hilferty
 * cube-root approximation (Wilson & Hilferty 1931): df·(1 − 2/(9df) + z·sqrt(2/(9df)))³,
 * z = Φ⁻¹(0.999) = 3.0902.
 */
export function chiSquareCritical(df: number): number {
  const z = 3.0902;
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

/** ln Γ(x) for x > 0, Lanczos approximation (Numerical Recipes §6.1, "gammln"). */
export function lnGamma(x: number): number {
  const c = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155,
    0.1208650973866179e-2, -0.5395239384953e-5];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const cj of c) ser += cj / ++y;
  return -tmp + Math.log((2.5066282746310005 * ser) / x);
}

/**
 * Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a): the CDF of Gamma(a, 1) at x.
 * Series for x < a + 1, Lentz continued fraction otherwise (Numerical Recipes §6.2, "gammp").
 */
export function regularizedGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const gln = lnGamma(a);
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 0; n < 1000; n++) {
      del *= x / ++ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - gln);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return 1 - Math.exp(-x + a * Math.log(x) - gln) * h;
}

/** A stream that counts the uniforms drawn from it (a real stream, wrapped). */
export function countingStream(inner: { next(): number }): { next(): number; count: number } {
  const counted = {
    count: 0,
    next(): number {
      counted.count++;
      return inner.next();
    },
  };
  return counted;
}
