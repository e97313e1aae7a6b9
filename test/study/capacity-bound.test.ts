import { afterAll, describe, expect, it } from 'vitest';
import { resolveScenario } from '../../sim/scenario/index.ts';
import { capacityBound, closedFormCapacity, createJobRunner, saturatedScenario } from '../../sim/study/index.ts';
import { md1Scenario } from './max-rate-fixture.ts';

const runner = createJobRunner(1);
afterAll(() => runner.close());

function scenario(extra: Record<string, unknown>, outputTokens: unknown = { kind: 'fixed', tokens: 10 }) {
  return resolveScenario(
    {
      model: 'llama-3.1-8b',
      hardware: { gpu: 'h100-sxm', numReplicas: 3 },
      costModel: { kind: 'constant', stepSeconds: 0.01 },
      engine: { maxNumSeqs: 4, maxNumBatchedTokens: 1024 },
      workload: { arrival: { kind: 'poisson', ratePerSecond: 5 }, promptTokens: { kind: 'fixed', tokens: 16 }, outputTokens, stop: { numRequests: 100 } },
      ...extra,
    },
    { file: 'capacity-bound.test' },
  );
}

describe('closedFormCapacity(scenario)', () => {
  it('replicas × pp × maxNumSeqs / (stepSeconds × E[output]) for the constant cost model', () => {
    // 3 × 4 / (0.01 × 10) = 120 requests/s; uniform 5..15 and empirical [4, 16] have mean 10 too.
    expect(closedFormCapacity(scenario({}))).toBeCloseTo(120, 10);
    expect(closedFormCapacity(scenario({}, { kind: 'uniform', minTokens: 5, maxTokens: 15 }))).toBeCloseTo(120, 10);
    expect(closedFormCapacity(scenario({}, { kind: 'empirical', tokens: [4, 16] }))).toBeCloseTo(120, 10);
    // The M/D/1 fixture: μ = 1/D = 10.
    expect(closedFormCapacity(md1Scenario({ rate: 1, e2eMean: 1, numRequests: 10 }))).toBeCloseTo(10, 10);
  });

  it('undefined where the closed form is no bound: roofline, non-greedy generation, lognormal lengths', () => {
    expect(closedFormCapacity(scenario({ costModel: { kind: 'roofline' } }))).toBeUndefined();
    expect(closedFormCapacity(scenario({ generation: { kind: 'sampling', n: 2 } }))).toBeUndefined();
    // A class's own beam search (length factor 2) breaks E[output] as well; a greedy class does not.
    const classes = (generation: unknown) => ({ workload: { arrival: { kind: 'poisson', ratePerSecond: 5 }, promptTokens: { kind: 'fixed', tokens: 16 }, outputTokens: { kind: 'fixed', tokens: 10 }, stop: { numRequests: 100 }, classes: [{ name: 'a', share: 1 }, { name: 'b', share: 1, generation }] } });
    expect(closedFormCapacity(scenario(classes({ kind: 'beam', width: 2, lengthPenaltyFactor: 2 })))).toBeUndefined();
    expect(closedFormCapacity(scenario(classes({ kind: 'greedy' })))).toBeCloseTo(120, 10);
    expect(closedFormCapacity(scenario({}, { kind: 'lognormal', meanTokens: 10, sigma: 0.5, maxTokens: 50 }))).toBeUndefined();
  });
});

describe('capacityBound(scenario, ctx)', () => {
  it('closed form: no simulation', async () => {
    expect(await capacityBound(scenario({}), { runner, replications: 1 })).toEqual({ ratePerSecond: 120, source: 'closed-form', simulations: 0 });
  });

  it('otherwise one saturated run: every request at t = 0, its throughput (exactly μ = 10/s for one M/D/1 server)', async () => {
    // Sampling with n = 1 has no closed form here, yet serves exactly like greedy: 256 requests
    // back to back, 0.1 s each, finish at 25.6 s: 10 requests/s.
    const md1 = md1Scenario({ rate: 1, e2eMean: 1, numRequests: 10_000 });
    const s = { ...md1, config: { ...md1.config, generation: { kind: 'sampling' as const, n: 1 } } };
    let calls = 0;
    const b = await capacityBound(s, { runner, replications: 5, onSimulation: () => calls++ });
    expect(b.source).toBe('saturated-run');
    expect(b.simulations).toBe(1);
    expect(calls).toBe(1);
    expect(b.ratePerSecond).toBeCloseTo(10, 9);
  });

  it('the saturated run: arrival max, clamp(4 × maxNumSeqs × replicas, 256, 4096) requests (at most the configured), no warm-up', () => {
    const s = saturatedScenario(scenario({ metrics: { warmupRequests: 10, warmupSeconds: 2 } }));
    expect(s.config.workload.arrival).toEqual({ kind: 'max' });
    expect(s.config.workload.stop).toEqual({ numRequests: 100 }); // the configured 100 < 256
    expect(s.config.metrics).toEqual({ warmupRequests: 0, warmupSeconds: 0 });
    const big = saturatedScenario(md1Scenario({ rate: 1, e2eMean: 1, numRequests: 10_000 }));
    expect(big.config.workload.stop).toEqual({ numRequests: 256 });
    const wide = scenario({ engine: { maxNumSeqs: 512, maxNumBatchedTokens: 1024 }, workload: { arrival: { kind: 'poisson', ratePerSecond: 5 }, promptTokens: { kind: 'fixed', tokens: 16 }, outputTokens: { kind: 'fixed', tokens: 10 }, stop: { numRequests: 100_000 } } });
    expect(saturatedScenario(wide).config.workload.stop).toEqual({ numRequests: 4096 });
    // Pools: every pool's slots — 4 × (2 × 64 + 3 × 40) = 992, not pool 0's 4 × 2 × 64 = 512.
    const pooled = scenario({
      engine: { maxNumSeqs: 64, maxNumBatchedTokens: 1024 },
      workload: { arrival: { kind: 'poisson', ratePerSecond: 5 }, promptTokens: { kind: 'fixed', tokens: 16 }, outputTokens: { kind: 'fixed', tokens: 10 }, stop: { numRequests: 100_000 } },
      pools: [
        { name: 'a', hardware: { numReplicas: 2 } },
        { name: 'b', hardware: { numReplicas: 3 }, engine: { maxNumSeqs: 40 } },
      ],
    });
    expect(saturatedScenario(pooled).config.workload.stop).toEqual({ numRequests: 992 });
  });
});
