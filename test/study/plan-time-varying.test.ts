// A plan searches over the arrival rate, so a time-varying arrival (schedule, daily, on-off) is
// refused with the rate-based message: the plan does not scale a schedule (its shape, not one
// rate, is the input; a plan over it would have to pick what "the rate" means).
import { describe, expect, it } from 'vitest';
import { problemsOf } from '../fixtures/problems.ts';
import { arrivalRate, planFromRaw, scenarioAt } from '../../sim/study/index.ts';
import { resolveScenario } from '../../sim/scenario/index.ts';
import { baseScenario } from '../fixtures/scenarios.ts';

const ARRIVALS = {
  schedule: { kind: 'schedule', interpolation: 'step', points: [{ atSeconds: 0, ratePerSecond: 5 }] },
  daily: { kind: 'daily', hourlyWeights: Array.from({ length: 24 }, () => 1), meanRatePerSecond: 5 },
  'on-off': { kind: 'on-off', ratePerSecond: 1, burstRatePerSecond: 20, onSeconds: 5, offSeconds: 20 },
};

describe('planFromRaw over a time-varying arrival', () => {
  for (const [kind, arrival] of Object.entries(ARRIVALS)) {
    it(`refuses '${kind}': a plan varies one arrival rate`, () => {
      const raw: Record<string, any> = { ...baseScenario(), name: 'p', slo: { ttft: { p95: 1 } } };
      raw.workload.arrival = arrival;
      expect(problemsOf(() => planFromRaw(raw, 'p.yaml'))).toEqual([
        `workload.arrival.kind: a plan varies the arrival rate, so the arrival must be rate-based (poisson, gamma or constant, with ratePerSecond); got '${kind}' | try arrival: { kind: poisson, ratePerSecond: 10 }`,
      ]);
    });
  }
});

describe('arrivalRate / scenarioAt', () => {
  it("on-off has no single rate: its ratePerSecond is only the quiet rate", () => {
    const raw: Record<string, any> = baseScenario();
    raw.workload.arrival = ARRIVALS['on-off'];
    const scenario = resolveScenario(raw, { file: 's.yaml' });
    expect(arrivalRate(scenario)).toBeUndefined();
    expect(() => scenarioAt(scenario, { ratePerSecond: 3 })).toThrow(/has no rate to change/);
  });
});
