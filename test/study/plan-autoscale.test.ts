// plan with autoscaling (plan-point.ts, capacity-bound.ts): the fewest-replicas search is refused
// for an autoscaled fleet with the reason and what to do instead, after no simulation; without a
// target the plan answers for the autoscaled fleet as written — its capacity ceiling and GPUs
// are those of maxReplicas, its cost the GPU-seconds it held. M/D/1 fixture (max-rate-fixture.ts:
// service 0.1 s, maxNumSeqs 1, so a replica finishes at most 10 requests/s).
import { afterAll, describe, expect, it } from 'vitest';
import type { PlanOptions, PlanPoint } from '../../sim/study/plan-types.ts';
import { closedFormCapacity, createJobRunner, planPoint } from '../../sim/study/index.ts';
import { fleetGpus } from '../../sim/study/plan-point.ts';
import { resolveScenario, type Scenario } from '../../sim/scenario/index.ts';
import { md1MeanE2e, md1Scenario } from './max-rate-fixture.ts';
import { scenarioAt } from '../../sim/study/rate-probe.ts';
import { runScenario } from '../../sim/run.ts';

const runner = createJobRunner(1);
afterAll(() => runner.close());

/** The M/D/1 fixture with hardware.autoscale (target-concurrency 0.5, 1–3 replicas, no cold start). */
function autoscaled(): Scenario {
  const base = md1Scenario({ rate: 1, e2eMean: md1MeanE2e(0.7), numRequests: 3_000 });
  return resolveScenario(
    { ...base.config, hardware: { ...base.config.hardware, numReplicas: 1, autoscale: { policy: 'target-concurrency', target: 0.5, minReplicas: 1, maxReplicas: 3, intervalSeconds: 5, coldStartSeconds: 0 } } },
    { file: 'md1-autoscaled.test' },
  );
}

const point = (scenario: Scenario): PlanPoint => ({ index: 0, key: '{}', config: {}, scenario });
const options: PlanOptions = { maxRate: true, target: { ratePerSecond: 12 }, tolerance: 0.1, replications: 2, maxReplicas: 8, screen: false };

describe('plan with hardware.autoscale', () => {
  it('refuses the fewest-replicas search, saying why and what to do instead, after no simulation', async () => {
    let calls = 0;
    const r = await planPoint(point(autoscaled()), { options, runner, onSimulation: () => calls++ });
    expect(r.status).toBe('skipped');
    expect(r.reason).toMatch(/^the fewest-replicas search sizes a fixed fleet \(hardware\.numReplicas\), but hardware\.autoscale lets its policy choose the count; remove hardware\.autoscale to size the fixed fleet/);
    expect(r.reason).toMatch(/or leave out plan\.target/);
    expect(calls).toBe(0);
  });

  it('the capacity ceiling and the GPUs are those of maxReplicas (3 × 10 req/s, 3 GPUs)', () => {
    const s = autoscaled();
    expect(closedFormCapacity(s)).toBeCloseTo(30, 9);
    expect(fleetGpus(s)).toBe(3);
    const fixed = md1Scenario({ rate: 1, e2eMean: 1, numRequests: 10 });
    expect(closedFormCapacity(fixed)).toBeCloseTo(10, 9);
    expect(fleetGpus(fixed)).toBe(1);
  });

  it('without a target: the autoscaled fleet as written, its cost over the GPU-seconds held (below the fixed peak fleet at the same rate)', async () => {
    const r = await planPoint(point(autoscaled()), { options: { ...options, target: undefined }, runner });
    expect(r.status).toBe('ok');
    expect(r.maxRateGpus).toBe(3);
    expect(r.maxRatePerSecond).toBeGreaterThan(0);
    // The same rate on the fixed fleet of maxReplicas replicas costs more per token: the plan's
    // cost is the autoscaled fleet's held GPU-seconds, not maxReplicas × the window.
    const at = (s: Scenario) => runScenario(scenarioAt(s, { ratePerSecond: r.maxRatePerSecond! }), { seed: 1 }).summary.cost.usdPer1kOutputTokens;
    const fixedPeak = md1Scenario({ rate: 1, e2eMean: md1MeanE2e(0.7), numRequests: 3_000, replicas: 3 });
    expect(r.usdPer1kOutputTokens!).toBeLessThan(0.8 * at(fixedPeak));
    expect(at(autoscaled())).toBeLessThan(0.8 * at(fixedPeak));
  });
});
