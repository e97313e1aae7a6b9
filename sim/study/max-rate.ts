// The largest arrival rate at which a configuration meets every SLO target: a bracketing search
// over the rate (rate-probe.ts judges each probe: met ⇔ all targets met on the replication
// intervals and no replication overloaded; undecided counts as not met).
// 1. Start at the capacity bound (capacity-bound.ts). Met there (the bound was no bound): double
//    until a rate misses, at most MAX_DOUBLINGS times. Missed: halve until a rate is met, at
//    most MAX_HALVINGS times (none met: no max rate, with the reason). From a start known to be
//    close (the screening pass's rate) the steps begin smaller (growth g: factors g, g², g⁴, …,
//    capped at 2).
// 2. Bisect on the geometric midpoint √(lo·hi) while (hi − lo)/lo > tolerance.
// Ceiling (the constant cost model's closed-form capacity): never probed at or above; it tops the
// bracket as an inferred miss, so a run too short to show its queue growing cannot "meet" an
// unsustainable rate.
// Overload pruning: an overloaded probe at r delivered about the fleet's capacity (its mean
// throughput); every rate above that is overloaded too, so the bracket's top drops to it when it
// lies inside the bracket. (Not probed there: the top is then an inferred miss.)
// Result: maxRatePerSecond = lo, the largest rate probed and met; maxRateCi = [lo, hi], the final
// bracket: the SLO is met at lo and missed (or overloaded) at hi, so the rate at which the
// verdict turns lies between them. Each verdict carries its replications' noise; the bracket is
// not a confidence interval of that crossing, and says so in the docs.
// Invariants: lo < hi and (hi − lo)/lo ≤ tolerance at the end of a search that found a met rate;
// the curve lists every probe once, ascending by rate; the number of simulations is counted.
// NOTE: the verdict is assumed monotone in the rate (more load never helps). With common random
// numbers across probes this holds nearly always; where noise breaks it the search still ends
// with a met lo and a missed hi, just not the largest such pair.

import type { Scenario } from '../scenario/index.ts';
import type { RatePoint } from './plan-types.ts';
import { meanOf, probeRate, type Probe, type ProbeContext } from './rate-probe.ts';

export const MAX_DOUBLINGS = 8;
export const MAX_HALVINGS = 12;

export interface MaxRateSearch {
  maxRatePerSecond?: number;
  maxRateCi?: [number, number];
  /** The probe at maxRatePerSecond: the operating point when there is no target. */
  atMax?: Probe;
  /** Why there is no max rate (SLO missed at every rate tried). */
  reason?: string;
  curve: RatePoint[];
  simulations: number;
}

export interface MaxRateOptions extends ProbeContext {
  /** Relative bracket width at which the search stops: (hi − lo)/lo ≤ tolerance. */
  tolerance: number;
  /**
   * A rate the fleet can never sustain (the closed-form capacity of the constant cost model): it
   * tops the bracket as an inferred miss and is never probed at or above, since a short run there
   * may still meet the SLO before its queue has grown.
   */
  ceiling?: number;
  /**
   * The first factor of the doubling and halving steps (default 2). A smaller one suits a start
   * known to be close (the screening pass's answer, plan-screen.ts): each further step squares
   * the factor, capped at 2, so a wrong start still costs only a few more probes.
   */
  growth?: number;
}

/** The k-th step factor (k = 0, 1, …) from a first factor g: min(2, g^(2^k)). */
export function stepFactor(growth: number, k: number): number {
  return Math.min(2, growth ** 2 ** k);
}

export async function searchMaxRate(scenario: Scenario, startRate: number, o: MaxRateOptions): Promise<MaxRateSearch> {
  if (!(o.tolerance > 0)) throw new RangeError(`searchMaxRate: tolerance ${o.tolerance} must be positive`);
  if (!(startRate > 0) || !Number.isFinite(startRate)) throw new RangeError(`searchMaxRate: start rate ${startRate} is not a positive finite number`);
  const growth = o.growth ?? 2;
  if (!(growth > 1 && growth <= 2)) throw new RangeError(`searchMaxRate: growth ${growth} must be in (1, 2]`);
  const probes: Probe[] = [];
  let simulations = 0;
  const probe = async (rate: number): Promise<Probe> => {
    const p = await probeRate(scenario, rate, o);
    probes.push(p);
    simulations += p.summaries.length;
    return p;
  };
  const curve = (): RatePoint[] => probes.map((p) => p.point).sort((a, b) => a.ratePerSecond - b.ratePerSecond);
  /** The top of the bracket after a missed probe at `rate`, lowered to the delivered throughput when overloaded. */
  const topAfterMiss = (p: Probe, lo: number | undefined): number => {
    if (!p.point.overloaded) return p.point.ratePerSecond;
    const delivered = meanOf(p.summaries, (s) => s.throughput.requestsPerSecond);
    return delivered < p.point.ratePerSecond && delivered > (lo ?? 0) ? delivered : p.point.ratePerSecond;
  };

  let lo: Probe | undefined;
  let hi: number;
  const ceiling = o.ceiling !== undefined && o.ceiling > 0 ? o.ceiling : Infinity;
  // The start at the exact capacity is an inferred miss: the search begins below it.
  if (startRate >= ceiling) return halveThenBisect(ceiling);
  const first = await probe(startRate);
  if (first.point.met) {
    lo = first;
    hi = Infinity;
    for (let k = 0; k < MAX_DOUBLINGS; k++) {
      const up = lo.point.ratePerSecond * stepFactor(growth, k);
      if (up >= ceiling) {
        hi = ceiling;
        break;
      }
      const p = await probe(up);
      if (p.point.met) lo = p;
      else {
        hi = topAfterMiss(p, lo.point.ratePerSecond);
        break;
      }
    }
    if (hi === Infinity) {
      const r = lo.point.ratePerSecond;
      return { maxRatePerSecond: r, maxRateCi: [r, Infinity], atMax: lo, reason: `met at every rate tried, up to ${r} req/s`, curve: curve(), simulations };
    }
  } else return halveThenBisect(topAfterMiss(first, undefined));

  return bisect(lo, hi);

  /** Halves from a missed top until a rate is met (at most MAX_HALVINGS times), then bisects. */
  async function halveThenBisect(top: number): Promise<MaxRateSearch> {
    let high = top;
    for (let k = 0; k < MAX_HALVINGS; k++) {
      const p = await probe(high / stepFactor(growth, k));
      if (p.point.met) return bisect(p, high);
      high = topAfterMiss(p, undefined);
    }
    return { reason: `SLO missed at every rate tried, down to ${probes[probes.length - 1].point.ratePerSecond} req/s`, curve: curve(), simulations };
  }

  /** Bisection on the geometric midpoint from a met lo and a missed (or inferred) hi. */
  async function bisect(met: Probe, top: number): Promise<MaxRateSearch> {
    let low = met;
    let high = top;
    while ((high - low.point.ratePerSecond) / low.point.ratePerSecond > o.tolerance) {
      const p = await probe(Math.sqrt(low.point.ratePerSecond * high));
      if (p.point.met) low = p;
      else high = topAfterMiss(p, low.point.ratePerSecond);
    }
    const r = low.point.ratePerSecond;
    return { maxRatePerSecond: r, maxRateCi: [r, high], atMax: low, curve: curve(), simulations };
  }
}
