// The standard normal CDF Φ, for the few places that need a closed-form probability (the
// acceptance rate of a truncated lognormal) and for statistical tests of the samplers.
// Invariants: Φ is non-decreasing, Φ(−z) = 1 − Φ(z) up to the approximation, Φ(±∞) = 1 / 0.
// NOTE: erfc by the Chebyshev fit of Press et al., Numerical Recipes in C (2nd ed., 1992),
// §6.2 "erfcc": fractional error below 1.2e-7 everywhere — ample for acceptance rates and for
// CDF tests whose tolerances are ~1e-3; not a high-precision special function.

/** Complementary error function erfc(x) = 1 − erf(x) (fractional error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const ans =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 +
        t * (0.37409196 +
        t * (0.09678418 +
        t * (-0.18628806 +
        t * (0.27886807 +
        t * (-1.13520398 +
        t * (1.48851587 +
        t * (-0.82215223 +
        t * 0.17087277)))))))),
    );
  return x >= 0 ? ans : 2 - ans;
}

/** Standard normal CDF: Φ(z) = erfc(−z/√2)/2. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}
