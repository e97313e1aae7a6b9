// searchMaxRate against a closed form and against itself, on the M/D/1 fixture
// (max-rate-fixture.ts). SLO: mean E2E ≤ X = W(ρ = 0.7) = 0.21667 s, so λ* = 7/s exactly.
// Stated bound: the found rate lies in [0.92 λ*, 1.04 λ*]. Why: the search stops with a bracket of
// relative width ≤ tolerance (2%), and a rate counts as met only when the whole 95% interval of
// the mean E2E over 5 replications is under X. At 10 000 requests a replication's mean E2E has
// a standard deviation of ≈ 0.006 s near λ* (measured over 20 seeds: 0.0059), so the interval's
// half-width is ≈ 2.78 × 0.006/√5 = 0.0075 s; dW/dρ = D/(2(1 − ρ)²) = 0.556 s at ρ = 0.7, so one
// half-width is ≈ 1.9% of λ*. The conservative rule pulls the answer below λ* by about one
// half-width, noise moves it by up to ±1.5 more: [−(2 + 3·1.9), +(2 + 1.9)]% ≈ [−8%, +4%].
import { afterAll, describe, expect, it } from 'vitest';
import { createJobRunner, probeRate, searchMaxRate } from '../../sim/study/index.ts';
import { md1MaxRate, md1MeanE2e, md1Scenario } from './max-rate-fixture.ts';

const X = md1MeanE2e(0.7);
const runner = createJobRunner(1);
afterAll(() => runner.close());

describe('searchMaxRate(scenario, startRate, options)', () => {
  const scenario = md1Scenario({ rate: 1, e2eMean: X, numRequests: 10_000 });
  const search = searchMaxRate(scenario, 10, { runner, replications: 5, tolerance: 0.02 });

  it('closed form: the max rate under a mean-E2E SLO is the Pollaczek–Khinchine answer within the stated bound', async () => {
    const s = await search;
    const exact = md1MaxRate(X);
    expect(exact).toBeCloseTo(7, 10);
    expect(s.maxRatePerSecond).toBeGreaterThanOrEqual(0.92 * exact);
    expect(s.maxRatePerSecond).toBeLessThanOrEqual(1.04 * exact);
    // The bracket: met at lo, missed at hi, width within the tolerance.
    const [lo, hi] = s.maxRateCi!;
    expect(lo).toBe(s.maxRatePerSecond);
    expect((hi - lo) / lo).toBeLessThanOrEqual(0.02);
    expect(hi).toBeGreaterThan(lo);
  });

  it('records every probe on the curve, ascending, and counts its simulations', async () => {
    const s = await search;
    const rates = s.curve.map((p) => p.ratePerSecond);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    expect(s.simulations).toBe(5 * s.curve.length);
    // The start (the capacity bound, ρ = 1) is missed; lo is on the curve and met.
    expect(s.curve.find((p) => p.ratePerSecond === 10)?.met).toBe(false);
    expect(s.curve.find((p) => p.ratePerSecond === s.maxRatePerSecond)?.met).toBe(true);
    expect(s.atMax?.point.ratePerSecond).toBe(s.maxRatePerSecond);
  });

  it('self-consistency: re-running the found configuration at the found rate meets the SLO, at 1.1× it misses', async () => {
    const s = await search;
    const fresh = createJobRunner(1);
    try {
      const at = await probeRate(scenario, s.maxRatePerSecond!, { runner: fresh, replications: 5 });
      expect(at.point.met).toBe(true);
      expect(at.verdicts.map((v) => v.verdict)).toEqual(['met']);
      const above = await probeRate(scenario, 1.1 * s.maxRatePerSecond!, { runner: fresh, replications: 5 });
      expect(above.point.met).toBe(false);
      expect(above.verdicts.map((v) => v.verdict)).toEqual(['missed']);
      // Fresh seeds (base 1000) at the found rate: the mean E2E is still under X.
      const other = await probeRate(md1Scenario({ rate: 1, e2eMean: X, numRequests: 10_000, seed: 1000 }), s.maxRatePerSecond!, { runner: fresh, replications: 5 });
      expect(other.verdicts[0].value).toBeLessThanOrEqual(X);
    } finally {
      await fresh.close();
    }
  });

  it('a start rate below the answer doubles upward until the SLO misses', async () => {
    const s = await searchMaxRate(md1Scenario({ rate: 1, e2eMean: X, numRequests: 2_000 }), 2, { runner, replications: 2, tolerance: 0.1 });
    const verdict = (rate: number) => s.curve.find((p) => p.ratePerSecond === rate)?.met;
    expect([verdict(2), verdict(4), verdict(8)]).toEqual([true, true, false]);
    expect(s.curve.some((p) => p.ratePerSecond === 16)).toBe(false);
    const [lo, hi] = s.maxRateCi!;
    expect((hi - lo) / lo).toBeLessThanOrEqual(0.1);
  });

  it('overload pruning: an overloaded probe lowers the bracket top to the throughput it delivered', async () => {
    // Start at 20/s, twice μ = 10/s: overloaded, delivering ≈ 10/s, so the next probe is ≈ 10/2,
    // not 20/2 (a plain halving would probe 10/s, which is overloaded too).
    const s = await searchMaxRate(md1Scenario({ rate: 1, e2eMean: X, numRequests: 2_000 }), 20, { runner, replications: 2, tolerance: 0.1 });
    const start = s.curve.find((p) => p.ratePerSecond === 20)!;
    expect(start).toMatchObject({ met: false, overloaded: true });
    const next = s.curve.filter((p) => p.ratePerSecond < 20).map((p) => p.ratePerSecond);
    expect(next.some((r) => Math.abs(r - 5) / 5 < 0.05)).toBe(true);
    expect(next.every((r) => r < 10)).toBe(true);
  });

  it('an SLO no rate meets gives no max rate and says why', async () => {
    // Mean E2E under 0.05 s, half the service time itself: never met.
    const s = await searchMaxRate(md1Scenario({ rate: 1, e2eMean: 0.05, numRequests: 600 }), 10, { runner, replications: 1, tolerance: 0.02 });
    expect(s.maxRatePerSecond).toBeUndefined();
    expect(s.reason).toMatch(/^SLO missed at every rate tried, down to [0-9.e-]+ req\/s$/);
    expect(s.curve.length).toBe(13); // the start and MAX_HALVINGS halvings
    expect(s.curve.every((p) => !p.met)).toBe(true);
  });
});
