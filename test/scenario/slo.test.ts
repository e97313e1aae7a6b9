// The `slo` section: the short form (per-request goodput thresholds), targets per metric and
// percentile, how the two relate (a missing threshold defaults from the highest percentile's
// target), the fixed order of sloTargets, and one clear problem per mistake with a suggestion.
import { describe, expect, it } from 'vitest';
import { sloTargets } from '../../sim/metrics/index.ts';
import { ScenarioError, resolveScenario } from '../../sim/scenario/index.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

const withSlo = (slo: unknown) => withChanges(baseScenario(), { slo });

/** The problem lines of a file that must not resolve. */
function problems(raw: unknown): string[] {
  try {
    resolveScenario(raw, { file: 'bad.yaml' });
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as ScenarioError).message.split('\n').slice(1).map((l) => l.trim());
  }
  throw new Error('expected a ScenarioError');
}

describe('slo: the short form', () => {
  it('without an slo section: 1 s TTFT and 0.1 s TPOT per request, no targets', () => {
    const s = scenarioFrom(baseScenario());
    expect(s.config.slo).toEqual({ ttftSeconds: 1, tpotSeconds: 0.1 });
    expect(sloTargets(s.config.slo)).toEqual([]);
  });

  it('{ ttftSeconds, tpotSeconds } resolves as written, with exactly those keys (summary.json resolved.slo unchanged)', () => {
    const s = scenarioFrom(withSlo({ ttftSeconds: 0.5, tpotSeconds: 0.05 }));
    expect(s.config.slo).toStrictEqual({ ttftSeconds: 0.5, tpotSeconds: 0.05 });
    expect(Object.keys(s.config.slo)).toEqual(['ttftSeconds', 'tpotSeconds']);
  });

  it('one threshold alone keeps the other default', () => {
    expect(scenarioFrom(withSlo({ tpotSeconds: 0.03 })).config.slo).toEqual({ ttftSeconds: 1, tpotSeconds: 0.03 });
  });
});

describe('slo: targets per metric and percentile', () => {
  it('every metric and percentile, listed in the fixed order ttft, tpot, e2e, itl, goodput × mean, p50, p90, p95, p99', () => {
    const s = scenarioFrom(
      withSlo({
        goodput: { fraction: 0.95 },
        itl: { p99: 0.2 },
        e2e: { p50: 10, mean: 8 },
        tpot: { p99: 0.05 },
        ttft: { p99: 2, p95: 0.5, p90: 0.4, p50: 0.2, mean: 0.3 },
        ttftSeconds: 0.7,
        tpotSeconds: 0.06,
      }),
    );
    expect(sloTargets(s.config.slo)).toEqual([
      { metric: 'ttft', percentile: 'mean', target: 0.3 },
      { metric: 'ttft', percentile: 'p50', target: 0.2 },
      { metric: 'ttft', percentile: 'p90', target: 0.4 },
      { metric: 'ttft', percentile: 'p95', target: 0.5 },
      { metric: 'ttft', percentile: 'p99', target: 2 },
      { metric: 'tpot', percentile: 'p99', target: 0.05 },
      { metric: 'e2e', percentile: 'mean', target: 8 },
      { metric: 'e2e', percentile: 'p50', target: 10 },
      { metric: 'itl', percentile: 'p99', target: 0.2 },
      { metric: 'goodput', percentile: 'fraction', target: 0.95 },
    ]);
    // The short form, given, is the per-request definition whatever the targets say.
    expect(s.config.slo.ttftSeconds).toBe(0.7);
    expect(s.config.slo.tpotSeconds).toBe(0.06);
  });

  it('without the short form, goodput counts requests against the target of the highest percentile given', () => {
    expect(scenarioFrom(withSlo({ ttft: { p50: 0.2, p95: 0.5 }, tpot: { p90: 0.04, p99: 0.08 } })).config.slo).toMatchObject({ ttftSeconds: 0.5, tpotSeconds: 0.08 });
    expect(scenarioFrom(withSlo({ ttft: { p50: 0.25 } })).config.slo).toMatchObject({ ttftSeconds: 0.25, tpotSeconds: 0.1 });
    // A mean bounds no single request: the default stays; targets on e2e and itl do not enter goodput.
    expect(scenarioFrom(withSlo({ ttft: { mean: 0.3 }, e2e: { p99: 5 }, itl: { p99: 0.01 } })).config.slo).toMatchObject({ ttftSeconds: 1, tpotSeconds: 0.1 });
  });

  it('a goodput fraction of 0 and of 1 are both valid bounds', () => {
    expect(sloTargets(scenarioFrom(withSlo({ goodput: { fraction: 0 } })).config.slo)).toEqual([{ metric: 'goodput', percentile: 'fraction', target: 0 }]);
    expect(sloTargets(scenarioFrom(withSlo({ goodput: { fraction: 1 } })).config.slo)).toEqual([{ metric: 'goodput', percentile: 'fraction', target: 1 }]);
  });
});

describe('slo: bad input', () => {
  it('an unknown metric: the SLO fields listed, the nearest suggested', () => {
    expect(problems(withSlo({ ttfb: { p95: 0.5 } }))).toEqual([
      "slo: unknown SLO field 'ttfb'; expected ttftSeconds, tpotSeconds (what goodput counts) or targets ttft, tpot, e2e, itl, goodput; did you mean 'ttft'?",
    ]);
  });

  it('an unknown percentile: the percentiles listed, the nearest suggested; max is explained', () => {
    expect(problems(withSlo({ ttft: { p98: 0.5 } }))).toEqual([
      "slo.ttft: unknown percentile 'p98' for ttft; expected mean, p50, p90, p95, p99; did you mean 'p90', 'p95' or 'p99'?",
    ]);
    expect(problems(withSlo({ e2e: { max: 30 } }))).toEqual([
      "slo.e2e: unknown percentile 'max' for e2e; expected mean, p50, p90, p95, p99; max is no SLO target (one request decides it): try 'p99'",
    ]);
  });

  it('a goodput fraction written another way gets the one accepted form', () => {
    expect(problems(withSlo({ minGoodputFraction: 0.95 }))).toEqual([
      "slo: unknown SLO field 'minGoodputFraction'; expected ttftSeconds, tpotSeconds (what goodput counts) or targets ttft, tpot, e2e, itl, goodput; write goodput: { fraction: 0.95 } for a minimum goodput fraction",
    ]);
    expect(problems(withSlo({ goodput: { p95: 0.9 } }))).toEqual([
      "slo.goodput: unknown field 'p95'; goodput takes only 'fraction' (a lower bound on the fraction of measured requests meeting ttftSeconds and tpotSeconds); write goodput: { fraction: 0.95 } for a minimum goodput fraction",
    ]);
    expect(problems(withSlo({ goodput: 0.95 }))).toEqual([
      'slo.goodput: expected object, got number 0.95; write goodput: { fraction: 0.95 } for a minimum goodput fraction',
    ]);
  });

  it('a number where a mapping of percentiles belongs says both ways to write it', () => {
    expect(problems(withSlo({ ttft: 0.5 }))).toEqual([
      'slo.ttft: expected object, got number 0.5; write ttft: { p95: 0.5 } for a target on a statistic, or ttftSeconds: 0.5 for the per-request threshold goodput counts',
    ]);
  });

  it('negative, zero and out-of-range targets, an empty target list: one problem each', () => {
    expect(problems(withSlo({ ttft: { p95: -0.5 }, tpot: { p99: 0 }, goodput: { fraction: 95 }, itl: {}, ttftSeconds: -1 }))).toEqual([
      'slo.ttftSeconds: got -1; expected number to be >0',
      'slo.ttft.p95: got -0.5; expected number to be >0',
      'slo.tpot.p99: got 0; expected number to be >0',
      'slo.itl: give at least one target, e.g. { p95: 0.05 }',
      'slo.goodput.fraction: got 95; expected number to be <=1',
    ]);
    expect(problems(withSlo({ goodput: {} }))).toEqual(['slo.goodput: give the least fraction of measured requests meeting the per-request SLO, e.g. { fraction: 0.95 }']);
  });
});
