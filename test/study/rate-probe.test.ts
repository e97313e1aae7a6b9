import { describe, expect, it } from 'vitest';
import type { RunResult, SloVerdict, Summary } from '../../sim/metrics/index.ts';
import { arrivalRate, probeRate, scenarioAt, type JobRunner, type SimulationJob } from '../../sim/study/index.ts';
import { md1Scenario } from './max-rate-fixture.ts';

const scenario = md1Scenario({ rate: 5, e2eMean: 0.2, numRequests: 100, seed: 40 });

/** A JobRunner fake: replication i's summary has mean E2E values[i] (and the jobs it was given are kept). */
function fakeRunner(values: number[], overloaded: boolean[] = values.map(() => false)): JobRunner & { jobs: SimulationJob[] } {
  const jobs: SimulationJob[] = [];
  return {
    jobs,
    async run(batch, onDone) {
      jobs.push(...batch);
      return batch.map((job, i) => {
        onDone?.(i + 1, batch.length);
        const verdicts: SloVerdict[] = [{ metric: 'e2e', percentile: 'mean', target: 0.2, value: NaN, ciLow: NaN, ciHigh: NaN, verdict: 'met' }];
        const summary = { e2eSeconds: { mean: values[i] }, ttftSeconds: { p95: 0.05 * (i + 1) }, tpotSeconds: { p95: 0.01 }, overloaded: overloaded[i], slo: { verdicts } } as unknown as Summary;
        return { summary, seed: job.seed } as unknown as RunResult;
      });
    },
    async close() {},
  };
}

describe('scenarioAt(scenario, change)', () => {
  it('changes the arrival rate and the fleet size, nothing else', () => {
    const s = scenarioAt(scenario, { ratePerSecond: 8.5, numReplicas: 3 });
    expect(arrivalRate(s)).toBe(8.5);
    expect(s.config.hardware).toEqual({ ...scenario.config.hardware, numReplicas: 3 });
    expect({ ...s.config, workload: undefined, hardware: undefined }).toEqual({ ...scenario.config, workload: undefined, hardware: undefined });
    expect(s.engine).toBe(scenario.engine);
    expect(arrivalRate(scenario)).toBe(5); // the original is untouched
  });

  it('refuses a rate for an arrival kind without one, and non-positive rates or fleets', () => {
    const max = { ...scenario, config: { ...scenario.config, workload: { ...scenario.config.workload, arrival: { kind: 'max' as const } } } };
    expect(arrivalRate(max)).toBeUndefined();
    expect(() => scenarioAt(max, { ratePerSecond: 2 })).toThrow("arrival kind 'max' has no rate to change");
    expect(() => scenarioAt(scenario, { ratePerSecond: 0 })).toThrow(RangeError);
    expect(() => scenarioAt(scenario, { numReplicas: 0 })).toThrow(RangeError);
  });
});

describe('probeRate(scenario, rate, ctx)', () => {
  it('runs R replications with seeds seed + i at the new rate and judges the SLO on their interval', async () => {
    const runner = fakeRunner([0.1, 0.11, 0.12]);
    let sims = 0;
    const p = await probeRate(scenario, 6, { runner, replications: 3, onSimulation: () => sims++ }, 2);
    expect(runner.jobs.map((j) => j.seed)).toEqual([40, 41, 42]);
    expect(runner.jobs.every((j) => arrivalRate(j.scenario) === 6 && j.scenario.config.hardware.numReplicas === 2)).toBe(true);
    expect(sims).toBe(3);
    expect(p.verdicts.map((v) => v.verdict)).toEqual(['met']);
    expect(p.point).toEqual({ ratePerSecond: 6, p95TtftSeconds: (0.05 + 0.1 + 0.15) / 3, p95TpotSeconds: 0.01, met: true, overloaded: false });
    expect(p.numReplicas).toBe(2);
  });

  it('undecided (the interval straddles the target) counts as not met', async () => {
    // Mean 0.19, s = 0.01: half-width t(0.975, 2) · 0.01/√3 = 0.0248 → [0.165, 0.215] straddles 0.2.
    const p = await probeRate(scenario, 6, { runner: fakeRunner([0.18, 0.19, 0.2]), replications: 3 });
    expect(p.verdicts.map((v) => v.verdict)).toEqual(['undecided']);
    expect(p.point.met).toBe(false);
  });

  it('one overloaded replication makes the probe not met, whatever the verdicts', async () => {
    const p = await probeRate(scenario, 6, { runner: fakeRunner([0.1, 0.1, 0.1], [false, true, false]), replications: 3 });
    expect(p.verdicts.map((v) => v.verdict)).toEqual(['met']);
    expect(p.point).toMatchObject({ met: false, overloaded: true });
  });
});
