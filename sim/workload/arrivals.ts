// Open-loop arrival processes: each yields the next arrival instant, from a renewal process
// whose inter-arrival gaps are i.i.d. (poisson, gamma) or fixed (constant, max).
// Invariants: instants are non-decreasing and >= 0; the random kinds start from a virtual
// arrival at t = 0 that is not emitted, so the first request arrives one gap after 0 and the
// expected count in [0, T) is exactly λT (a stationary start would need the equilibrium
// first gap; for exponential gaps the two coincide by memorylessness).
// NOTE: constant arrivals are at k/λ for k = 0, 1, 2, …: the first at t = 0, so a window
// [0, T) with λT integral holds exactly λT requests, matching the random kinds' mean.
// NOTE: max puts every request at t = 0 (offline benchmark mode); the source bounds it.
// closed-loop is not an arrival process: the source drives it from completions.
// schedule, daily and on-off are non-homogeneous Poisson processes realised by thinning
// (thinning.ts) over the rate segments of rate-schedule.ts and on-off.ts.

import type { Seconds } from '../units.ts';
import type { RandomStream } from '../random/index.ts';
import { exponential, gamma } from '../random/index.ts';
import type { ArrivalConfig } from '../scenario/index.ts';
import { thinnedArrivals } from './thinning.ts';
import { profileSegments } from './rate-schedule.ts';
import { onOffSegments } from './on-off.ts';

export type OpenLoopArrivalConfig = Exclude<ArrivalConfig, { kind: 'closed-loop' }>;

export interface ArrivalProcess {
  /** The instant of the next arrival; successive calls are non-decreasing. */
  nextArrivalAt(): Seconds;
}

export function createArrivalProcess(config: OpenLoopArrivalConfig, rng: RandomStream): ArrivalProcess {
  switch (config.kind) {
    case 'poisson':
      return poissonArrivals(config.ratePerSecond, rng);
    case 'gamma':
      return gammaArrivals(config.ratePerSecond, config.cv, rng);
    case 'constant':
      return constantArrivals(config.ratePerSecond);
    case 'max':
      return { nextArrivalAt: () => 0 };
    case 'schedule':
    case 'daily':
      return thinnedArrivals(profileSegments(config), rng);
    case 'on-off':
      return thinnedArrivals(onOffSegments(config, rng), rng);
    default: {
      const unknown: never = config;
      throw new Error(`unknown arrival kind: ${JSON.stringify(unknown)}`);
    }
  }
}

/** Poisson process of rate λ: exponential gaps with mean 1/λ. */
function poissonArrivals(rate: number, rng: RandomStream): ArrivalProcess {
  let t = 0;
  return {
    nextArrivalAt(): Seconds {
      t += exponential(rng, rate);
      return t;
    },
  };
}

/**
 * Gamma renewal process with mean rate λ and gap coefficient of variation cv:
 * shape k = 1/cv², scale θ = 1/(λk), so mean kθ = 1/λ and CV = sqrt(k)θ/(kθ) = 1/sqrt(k) = cv.
 * cv = 1 is the Poisson process; cv > 1 is bursty. (The same parameterisation as the
 * "burstiness" factor of vLLM's benchmark_serving.py, where burstiness = k = 1/cv².)
 */
function gammaArrivals(rate: number, cv: number, rng: RandomStream): ArrivalProcess {
  const shape = 1 / (cv * cv);
  const scale = 1 / (rate * shape);
  let t = 0;
  return {
    nextArrivalAt(): Seconds {
      t += gamma(rng, shape, scale);
      return t;
    },
  };
}

/** Deterministic arrivals at k/λ, k = 0, 1, 2, … (computed as k/λ, not summed, so no drift). */
function constantArrivals(rate: number): ArrivalProcess {
  let k = 0;
  return {
    nextArrivalAt(): Seconds {
      return k++ / rate;
    },
  };
}
