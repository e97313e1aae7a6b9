import { describe, expect, it } from 'vitest';
import type { Summary } from '../../sim/metrics/index.ts';
import { runScenario } from '../../sim/run.ts';
import { DEFAULT_PRECISION_METRICS, precisionChecks, precisionMet, precisionMetricsOf, replicatedFile, replicatedSummary, runReplications } from '../../sim/study/index.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

const small = scenarioFrom(withChanges(baseScenario(), { seed: 11, 'workload.stop.numRequests': 50 }));

/** A summary with the given p95 TTFT, p95 TPOT and goodput fraction (the rest copied from a real one). */
const real = runScenario(small).summary;
function fake(ttftP95: number, tpotP95: number, fraction: number, overloaded = false): Summary {
  return { ...real, ttftSeconds: { ...real.ttftSeconds, p95: ttftP95 }, tpotSeconds: { ...real.tpotSeconds, p95: tpotP95 }, goodput: { ...real.goodput, fractionMeetingSlo: fraction }, overloaded };
}

describe('replicatedSummary', () => {
  it('replaces every number with its interval over the replications, in the summary\'s key order', () => {
    const r = replicatedSummary([fake(1, 0.1, 0.5), fake(3, 0.1, 1, true)]);
    expect(Object.keys(r)).toEqual(Object.keys(real));
    // Two values 1 and 3: mean 2, s = √2, half-width t(0.975, 1)·√2/√2 = 12.706.
    expect(r.ttftSeconds.p95.mean).toBe(2);
    expect(r.ttftSeconds.p95.halfWidth).toBeCloseTo(12.706, 3);
    expect(r.ttftSeconds.p95.relativeHalfWidth).toBeCloseTo(12.706 / 2, 3);
    expect(r.ttftSeconds.p95.values).toEqual([1, 3]);
    expect(Object.keys(r.ttftSeconds.p95)).toEqual(['mean', 'ciLow', 'ciHigh', 'halfWidth', 'relativeHalfWidth', 'n', 'values']);
    expect(r.tpotSeconds.p95).toMatchObject({ mean: 0.1, halfWidth: 0, n: 2 });
    // A boolean becomes the fraction of replications where it held.
    expect(r.overloaded).toMatchObject({ mean: 0.5, values: [0, 1] });
  });

  it('keeps an optional block that only a later replication has (overloadEvidence), NaN where absent', () => {
    const later: Summary = { ...fake(3, 0.1, 1, true), overloadEvidence: { unfinished: 7 } };
    const r = replicatedSummary([fake(1, 0.1, 0.5), later]) as unknown as { overloadEvidence?: { unfinished: { values: number[] } } };
    expect(r.overloadEvidence?.unfinished.values).toEqual([NaN, 7]);
  });
});

describe('precision rule', () => {
  it('watches the values the scenario\'s SLO targets are judged on, else p95 TTFT, p95 TPOT and the goodput fraction', () => {
    const withTargets = scenarioFrom(withChanges(baseScenario(), { slo: { ttft: { p99: 1, p95: 0.5 }, e2e: { mean: 10 }, goodput: { fraction: 0.9 } } }));
    expect(precisionMetricsOf(withTargets)).toEqual(['ttftSeconds.p95', 'ttftSeconds.p99', 'e2eSeconds.mean', 'goodput.fractionMeetingSlo']);
    expect(precisionMetricsOf(small)).toBe(DEFAULT_PRECISION_METRICS);
  });

  it('precisionChecks gives each stopping metric\'s relative half-width; a metric NaN everywhere is skipped', () => {
    const checks = precisionChecks([fake(1, NaN, 0.5), fake(1.2, NaN, 0.5)]);
    expect(checks.map((c) => c.metric)).toEqual(['ttftSeconds.p95', 'tpotSeconds.p95', 'goodput.fractionMeetingSlo']);
    // ttft: mean 1.1, s = 0.1414, half-width 12.706 × 0.1 = 1.2706 → relative 1.155
    expect(checks[0].relativeHalfWidth).toBeCloseTo((12.7062 * 0.1) / 1.1, 3);
    expect(checks[1].considered).toBe(false);
    expect(checks[2].relativeHalfWidth).toBe(0);
    expect(precisionMet(checks, 1.2)).toBe(true);
    expect(precisionMet(checks, 1.1)).toBe(false);
  });

  it('the replication count it stops at, and every byte of the result, do not depend on --jobs', async () => {
    // With these 50-request replications p95 TTFT's relative half-width is 2.23, 0.44, 0.30, 0.20
    // at 2, 3, 4, 5 replications: ±25% is first met at 5. On 4 threads the second batch runs
    // replications 2–5 and the sixth is discarded.
    const options = { replications: 2, precision: 0.25, maxReplications: 8 };
    const one = await runReplications(small, { ...options, jobs: 1 });
    const four = await runReplications(small, { ...options, jobs: 4 });
    expect(one.stop.reason).toBe('precision');
    expect(one.seeds).toEqual([11, 12, 13, 14, 15]);
    expect(JSON.stringify(replicatedFile(four))).toBe(JSON.stringify(replicatedFile(one)));
    expect(precisionMet(precisionChecks(one.summaries.slice(0, 4)), 0.25)).toBe(false);
    expect(one.stop.checks?.[0].relativeHalfWidth).toBeLessThanOrEqual(0.25);
  });

  it('stops at the cap when the target is out of reach, and says so', async () => {
    const run = await runReplications(small, { replications: 2, precision: 1e-9, maxReplications: 3, jobs: 1 });
    expect(run.seeds).toEqual([11, 12, 13]);
    expect(run.stop).toMatchObject({ reason: 'max-replications', precision: 1e-9, maxReplications: 3 });
    expect(run.stop.checks?.length).toBe(3);
  });

  it('each replication equals a plain run with its seed (replication i can be re-run alone with --seed)', async () => {
    const run = await runReplications(small, { replications: 3, jobs: 1 });
    expect(run.stop.reason).toBe('replications');
    expect(run.summaries[2]).toEqual(runScenario(small, { seed: 13 }).summary);
    expect(run.first).toEqual(runScenario(small, { seed: 11 }));
  });
});
