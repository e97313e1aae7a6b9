// Token-length samplers for prompts and outputs: fixed, uniform, lognormal (optionally
// truncated) and empirical. Each draw is an integer >= 1.
// Invariants: fixed consumes no randomness; uniform and empirical consume one uniform per
// draw; lognormal consumes two per attempt (one Box–Muller normal), redrawing when truncated.
// NOTE: lognormal is parameterised by the mean of the continuous variable X:
// mu = ln(meanTokens) − sigma²/2, so E[X] = exp(mu + sigma²/2) = meanTokens; the length is
// ceil(X) ≥ 1 (X > 0), whose CDF at every integer k is exactly F_X(k) = Φ((ln k − mu)/sigma)
// — no clipping, no point mass at 1. E[ceil X] lies in [meanTokens, meanTokens + 1).
// NOTE: maxTokens truncates: draws with ceil(X) > maxTokens are redrawn, giving the
// distribution of ceil(X) conditional on X <= maxTokens, CDF F_X(k)/F_X(maxTokens) for
// k <= maxTokens. Lengths are never clipped to maxTokens (clipping would pile mass on it).
// A truncation that keeps less than MIN_TRUNCATED_MASS of the distribution is rejected as
// bad input: it would cost more than 1/MIN_TRUNCATED_MASS redraws per length.

import type { RandomStream } from '../random/index.ts';
import { lognormal, normalCdf, uniformInt } from '../random/index.ts';
import { MIN_TRUNCATED_MASS, type LengthDistributionConfig } from '../scenario/index.ts';

export interface LengthSampler {
  /** The next length in tokens: an integer >= 1. */
  sample(): number;
}

// The truncation rule is checked at load (scenario/workload-checks.ts); one definition of it.
export { MIN_TRUNCATED_MASS };

export function createLengthSampler(config: LengthDistributionConfig, rng: RandomStream): LengthSampler {
  switch (config.kind) {
    case 'fixed': {
      const tokens = config.tokens;
      return { sample: () => tokens };
    }
    case 'uniform': {
      const { minTokens, maxTokens } = config;
      return { sample: () => uniformInt(rng, minTokens, maxTokens) };
    }
    case 'lognormal':
      return lognormalLengths(config.meanTokens, config.sigma, config.maxTokens, rng);
    case 'empirical': {
      const tokens = config.tokens.slice();
      const last = tokens.length - 1;
      return { sample: () => tokens[uniformInt(rng, 0, last)] };
    }
    default: {
      const unknown: never = config;
      throw new Error(`unknown length distribution kind: ${JSON.stringify(unknown)}`);
    }
  }
}

/** The mu of a lognormal whose continuous mean is `meanTokens`: ln(mean) − sigma²/2. */
export function lognormalMu(meanTokens: number, sigma: number): number {
  return Math.log(meanTokens) - (sigma * sigma) / 2;
}

function lognormalLengths(
  meanTokens: number,
  sigma: number,
  maxTokens: number | undefined,
  rng: RandomStream,
): LengthSampler {
  const mu = lognormalMu(meanTokens, sigma);
  // Math.max only matters if X underflows to 0 (mu < −700), far outside any token count.
  const draw = () => Math.max(1, Math.ceil(lognormal(rng, mu, sigma)));
  if (maxTokens === undefined) return { sample: draw };

  const keptMass = normalCdf((Math.log(maxTokens) - mu) / sigma);
  if (keptMass < MIN_TRUNCATED_MASS) {
    throw new RangeError(
      `lognormal lengths: maxTokens ${maxTokens} keeps only ${(keptMass * 100).toPrecision(2)}% of ` +
        `a distribution with meanTokens ${meanTokens} and sigma ${sigma}; raise maxTokens or lower meanTokens`,
    );
  }
  return {
    sample(): number {
      for (;;) {
        const length = draw();
        if (length <= maxTokens) return length;
      }
    },
  };
}
