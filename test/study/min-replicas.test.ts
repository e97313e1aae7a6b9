// searchMinReplicas on a known answer: the M/D/1 fixture with a random router (Poisson
// splitting: each of r replicas is an M/D/1 queue at λ/r). SLO mean E2E ≤ W(ρ = 0.7) = 0.21667 s,
// so one replica takes at most λ* = 7/s and the fewest replicas for λ = 24/s is
// ceil(24/7) = 4: at r = 4, ρ = 0.6 and W = 0.175 s (0.042 s under the target); at r = 3,
// ρ = 0.8 and W = 0.3 s (0.083 s over). The margins are wide because the verdict is judged on
// 3 replications of 4000 requests (t(0.975, 2) = 4.30 makes the interval wide, and undecided
// counts as missed): a closer case would test the noise, not the search.
import { afterAll, describe, expect, it } from 'vitest';
import { createJobRunner, searchMinReplicas } from '../../sim/study/index.ts';
import { md1MaxRate, md1MeanE2e, md1Scenario } from './max-rate-fixture.ts';

const X = md1MeanE2e(0.7);
const runner = createJobRunner(1);
afterAll(() => runner.close());
const scenario = md1Scenario({ rate: 1, e2eMean: X, numRequests: 4_000 });
const o = { runner, replications: 3, maxReplicas: 64 };

describe('searchMinReplicas(scenario, target, guess, options)', () => {
  it('finds ceil(λ/λ*) = 4 replicas from a low guess (gallops up, then bisects)', async () => {
    expect(Math.ceil(24 / md1MaxRate(X))).toBe(4);
    const s = await searchMinReplicas(scenario, 24, 1, o);
    expect(s.minReplicas).toBe(4);
    expect(s.gpus).toBe(4); // tp 1 × pp 1
    expect(s.atMin?.numReplicas).toBe(4);
    expect(s.atMin?.point.met).toBe(true);
    // Probed 1, 2 (missed), 4 (met: 2 + 2), then 3 (missed): four probes of 3 replications.
    expect(s.simulations).toBe(12);
  });

  it('finds the same answer from a high guess (met there, then down)', async () => {
    const s = await searchMinReplicas(scenario, 24, 9, o);
    expect(s.minReplicas).toBe(4);
  });

  it('from the exact guess it probes r and r − 1 only', async () => {
    const s = await searchMinReplicas(scenario, 24, 4, o);
    expect(s.minReplicas).toBe(4);
    expect(s.simulations).toBe(6);
  });

  it('gpus = replicas × tp (× pp)', async () => {
    // tp does not change a constant-time step, so the answer stays 4 replicas, of 2 GPUs each.
    const tp2 = { ...scenario, config: { ...scenario.config, hardware: { ...scenario.config.hardware, tp: 2 } } };
    const s = await searchMinReplicas(tp2, 24, 4, o);
    expect(s.minReplicas).toBe(4);
    expect(s.gpus).toBe(4 * 2);
  });

  it('capped by maxReplicas: no answer, with the reason', async () => {
    const s = await searchMinReplicas(scenario, 24, 1, { ...o, maxReplicas: 3 });
    expect(s.minReplicas).toBeUndefined();
    expect(s.reason).toBe('SLO missed at 24 req/s with every fleet up to maxReplicas 3');
  });
});
