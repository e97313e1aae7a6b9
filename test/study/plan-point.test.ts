// planPoint(point, o): the composition of the capacity bound, the max-rate search and the
// fewest-replicas search, and the figures at the operating point, on the M/D/1 fixture
// (max-rate-fixture.ts; SLO mean E2E ≤ W(ρ = 0.7), so λ* = 7/s per replica).
import { afterAll, describe, expect, it } from 'vitest';
import { resolveScenario } from '../../sim/scenario/index.ts';
import type { PlanOptions, PlanPoint } from '../../sim/study/plan-types.ts';
import { createJobRunner, planPoint } from '../../sim/study/index.ts';
import { md1MeanE2e, md1Scenario } from './max-rate-fixture.ts';

const runner = createJobRunner(1);
afterAll(() => runner.close());
const X = md1MeanE2e(0.7);
const options: PlanOptions = { maxRate: true, target: { ratePerSecond: 24 }, tolerance: 0.05, replications: 3, maxReplicas: 16, screen: false };

function point(over: Partial<PlanPoint> = {}): PlanPoint {
  return { index: 3, key: '{"hardware.tp":1}', config: { 'hardware.tp': 1 }, scenario: md1Scenario({ rate: 1, e2eMean: X, numRequests: 4_000 }), ...over };
}

describe('planPoint(point, o)', () => {
  it('a skipped point comes back skipped with its reason, after no simulation', async () => {
    const r = await planPoint(point({ scenario: undefined, skipped: 'hardware.tp: tp 3 must divide the 32 attention heads' }), { options, runner });
    expect(r).toEqual({ index: 3, key: '{"hardware.tp":1}', config: { 'hardware.tp': 1 }, status: 'skipped', reason: 'hardware.tp: tp 3 must divide the 32 attention heads', curve: [], simulations: 0 });
  });

  it('an arrival process without a rate (closed-loop) is skipped with the reason', async () => {
    const closed = resolveScenario(
      {
        model: 'llama-3.1-8b',
        hardware: { gpu: 'h100-sxm' },
        workload: { arrival: { kind: 'closed-loop', concurrency: 4 }, promptTokens: { kind: 'fixed', tokens: 16 }, outputTokens: { kind: 'fixed', tokens: 4 }, stop: { numRequests: 10 } },
      },
      { file: 'closed.yaml' },
    );
    const r = await planPoint(point({ scenario: closed }), { options, runner });
    expect(r.status).toBe('skipped');
    expect(r.reason).toBe("arrival kind 'closed-loop' has no ratePerSecond to search; use poisson, gamma or constant");
  });

  it('max rate, fewest replicas for the target, and the figures at the operating point', async () => {
    let calls = 0;
    const r = await planPoint(point(), { options, runner, onSimulation: () => calls++ });
    expect(r.status).toBe('ok');
    expect(r.reason).toBeUndefined();
    // Max rate at the configured single replica: near λ* = 7 (tolerance 5%, 3 replications: wide intervals pull it lower).
    expect(r.maxRatePerSecond).toBeGreaterThan(0.85 * 7);
    expect(r.maxRatePerSecond).toBeLessThanOrEqual(1.05 * 7);
    const [lo, hi] = r.maxRateCi!;
    expect(lo).toBe(r.maxRatePerSecond);
    expect((hi - lo) / lo).toBeLessThanOrEqual(0.05);
    // ceil(24 / 7) = 4 replicas of 1 GPU.
    expect(r.minReplicas).toBe(4);
    expect(r.gpus).toBe(4);
    // headroom = target ÷ (max rate × 4 / 1).
    expect(r.headroom).toBeCloseTo(24 / (4 * r.maxRatePerSecond!), 12);
    // Figures at 24/s on 4 replicas: positive cost and energy, p95 latencies (TPOT is one step, 10 ms).
    expect(r.usdPer1kOutputTokens).toBeGreaterThan(0);
    expect(r.joulesPerOutputToken).toBeGreaterThan(0);
    expect(r.p95TtftSeconds).toBeGreaterThan(0.01);
    expect(r.p95TpotSeconds).toBeCloseTo(0.01, 9);
    // The curve is the max-rate search's, ascending; every simulation counted once.
    const rates = r.curve.map((p) => p.ratePerSecond);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    expect(calls).toBe(r.simulations);
    expect(r.simulations).toBeGreaterThan(3 * r.curve.length); // plus the fewest-replicas probes
  });

  it('without a target: the operating point is the max rate on the configured fleet', async () => {
    const r = await planPoint(point(), { options: { ...options, target: undefined }, runner });
    expect(r.minReplicas).toBeUndefined();
    expect(r.headroom).toBeUndefined();
    expect(r.gpus).toBe(1);
    const atMax = r.curve.find((p) => p.ratePerSecond === r.maxRatePerSecond)!;
    expect(r.p95TtftSeconds).toBe(atMax.p95TtftSeconds);
    expect(r.simulations).toBe(3 * r.curve.length); // the closed-form bound costs none
  });

  it('deterministic: the same point gives the same result', async () => {
    const o = { options: { ...options, target: undefined, tolerance: 0.2 }, runner };
    expect(JSON.stringify(await planPoint(point(), o))).toBe(JSON.stringify(await planPoint(point(), o)));
  });
});
