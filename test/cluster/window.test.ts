// The steady-state measurement window through real runs: (a) a tiny run with a constant-time
// cost model, every windowed figure and its drain-inclusive twin by hand; (b) cost per 1k tokens
// of a stationary scenario no longer depends on the number of requests; (c) the overload
// verdict's evidence, only what holds.
import { describe, expect, it } from 'vitest';
import { overloadedLine } from '../../sim/report/index.ts';
import { loadScenario, type Scenario } from '../../sim/scenario/index.ts';
import { runScenario } from '../fixtures/run.ts';
import { scenarioFrom } from '../fixtures/scenarios.ts';

describe('the measurement window, by hand', () => {
  // One replica, maxNumSeqs 1, every step 1 s, 16-token prompts and 3-token outputs: a request
  // is 3 steps (the prefill emits token 1, two decodes). Arrivals at 0, 4, 8 s; finishes at 3,
  // 7, 11 s. Window (0, 8] (the last arrival); the run ends at 11 s.
  const r = runScenario(
    scenarioFrom({
      model: 'llama-3.1-8b',
      hardware: { gpu: 'h100-sxm', numReplicas: 1, usdPerGpuHour: 3.6 }, // $0.001 per GPU-second
      costModel: { kind: 'constant', stepSeconds: 1 },
      engine: { maxNumSeqs: 1 },
      power: { busyFraction: 1, idleFraction: 0.5 },
      slo: { ttftSeconds: 1, tpotSeconds: 1 },
      workload: {
        arrival: { kind: 'constant', ratePerSecond: 0.25 },
        promptTokens: { kind: 'fixed', tokens: 16 },
        outputTokens: { kind: 'fixed', tokens: 3 },
        stop: { numRequests: 3 },
      },
    }),
  );
  const s = r.summary;

  it('runs as described', () => {
    expect(Array.from(r.requests.arrivedAt)).toEqual([0, 4, 8]);
    expect(Array.from(r.requests.finishedAt)).toEqual([3, 7, 11]);
    expect(s.window).toEqual({ startSeconds: 0, endSeconds: 8, endsAt: 'last-arrival' });
  });

  it('throughput over the window: 2 finishes, 2 prompts of 16 at their first token (1, 5 s), 6 tokens at step ends in (0, 8]', () => {
    expect(s.throughput).toEqual({ requestsPerSecond: 2 / 8, inputTokensPerSecond: 32 / 8, outputTokensPerSecond: 6 / 8 });
    // Drain included: 3 measured finished requests over first arrival 0 → last finish 11.
    expect(s.throughputWithDrain).toEqual({ requestsPerSecond: 3 / 11, inputTokensPerSecond: 48 / 11, outputTokensPerSecond: 9 / 11 });
    // Every request meets the SLO (TTFT 1, TPOT 1). The window is (0, 8]: the arrivals at 4 and 8 s
    // are its arrivals, the one at its start (0 s) is measured but not counted in the rate.
    expect(s.goodput).toEqual({ requestsPerSecond: 2 / 8, fractionMeetingSlo: 1 });
    expect(s.goodputWithDrain.requestsPerSecond).toBe(3 / 11);
  });

  it('cost: 8 GPU-seconds over 6 output and 38 tokens; drain included 11 GPU-seconds over 9 and 57', () => {
    expect(s.cost.gpuHours).toBe(8 / 3600);
    expect(s.cost.usdPer1kOutputTokens).toBeCloseTo((0.008 / 6) * 1000, 12);
    expect(s.cost.usdPer1kTokens).toBeCloseTo((0.008 / 38) * 1000, 12);
    expect(s.costWithDrain.gpuHours).toBe(11 / 3600);
    expect(s.costWithDrain.usdPer1kOutputTokens).toBeCloseTo((0.011 / 9) * 1000, 12);
    expect(s.costWithDrain.usdPer1kTokens).toBeCloseTo((0.011 / 57) * 1000, 12);
    // The exact amounts between them: $0.003 of drain and 3 output tokens produced in it.
    expect(s.costWithDrain.usdPer1kOutputTokens - s.cost.usdPer1kOutputTokens).toBeCloseTo((0.011 / 9 - 0.008 / 6) * 1000, 12);
  });

  it('energy and utilization: 6 busy + 2 idle seconds in the window, 9 + 2 over the run (700 W TDP)', () => {
    expect(s.energy.joulesPerOutputToken).toBeCloseTo((700 * (6 + 2 * 0.5)) / 6, 9);
    expect(s.energyWithDrain.joulesPerOutputToken).toBeCloseTo((700 * (9 + 2 * 0.5)) / 9, 9);
    expect(r.replicas[0].utilization).toBe(6 / 8);
    expect(r.replicas[0].utilizationWithDrain).toBe(9 / 11);
    expect(s.kv.meanRunning).toBe(6 / 8);
    expect(s.kv.meanRunningWithDrain).toBe(9 / 11);
  });

  it('a warm-up of 4 s moves the start: the window (4, 8] holds one finish, one prompt, 3 tokens', () => {
    const w = runScenario(
      scenarioFrom({
        model: 'llama-3.1-8b',
        hardware: { gpu: 'h100-sxm', numReplicas: 1, usdPerGpuHour: 3.6 },
        costModel: { kind: 'constant', stepSeconds: 1 },
        engine: { maxNumSeqs: 1 },
        workload: { arrival: { kind: 'constant', ratePerSecond: 0.25 }, promptTokens: { kind: 'fixed', tokens: 16 }, outputTokens: { kind: 'fixed', tokens: 3 }, stop: { numRequests: 3 } },
        metrics: { warmupSeconds: 4 },
      }),
    ).summary;
    expect(w.window).toEqual({ startSeconds: 4, endSeconds: 8, endsAt: 'last-arrival' });
    expect(w.throughput).toEqual({ requestsPerSecond: 1 / 4, inputTokensPerSecond: 16 / 4, outputTokensPerSecond: 3 / 4 });
    expect(w.requests.measured).toBe(2);
  });

  it('a stop by duration ends the window there: durationSeconds 10 → (0, 10]', () => {
    const d = runScenario(
      scenarioFrom({
        model: 'llama-3.1-8b',
        hardware: { gpu: 'h100-sxm', numReplicas: 1 },
        costModel: { kind: 'constant', stepSeconds: 1 },
        engine: { maxNumSeqs: 1 },
        workload: { arrival: { kind: 'constant', ratePerSecond: 0.25 }, promptTokens: { kind: 'fixed', tokens: 16 }, outputTokens: { kind: 'fixed', tokens: 3 }, stop: { durationSeconds: 10 } },
      }),
    );
    // Arrivals 0, 4, 8 (12 ≥ 10 is not sent): tokens at 1, 2, 3, 5, 6, 7, 9, 10 are in (0, 10].
    expect(Array.from(d.requests.arrivedAt)).toEqual([0, 4, 8]);
    expect(d.summary.window).toEqual({ startSeconds: 0, endSeconds: 10, endsAt: 'duration' });
    expect(d.summary.throughput.outputTokensPerSecond).toBe(8 / 10);
    expect(d.replicas[0].utilization).toBe(8 / 10);
  });

  it('every request at one instant (max) has no loaded window: the whole run, drain included', () => {
    const m = runScenario(
      scenarioFrom({
        model: 'llama-3.1-8b',
        hardware: { gpu: 'h100-sxm', numReplicas: 1 },
        costModel: { kind: 'constant', stepSeconds: 1 },
        workload: { arrival: { kind: 'max' }, promptTokens: { kind: 'fixed', tokens: 16 }, outputTokens: { kind: 'fixed', tokens: 3 }, stop: { numRequests: 4 } },
      }),
    );
    expect(m.summary.window).toEqual({ startSeconds: 0, endSeconds: m.simulatedSeconds, endsAt: 'whole-run' });
    expect(m.summary.throughput).toEqual(m.summary.throughputWithDrain);
    expect(m.summary.cost).toEqual(m.summary.costWithDrain);
    expect(m.notes.join('\n')).toMatch(/no loaded measurement window/);
  });
});

describe('cost per 1k tokens of a stationary scenario', () => {
  // scenarios/default.yaml (8 req/s, 30 s warm-up) at 1,000 and 8,000 requests, the mean over
  // seeds 1–10. Measured here: window $7.282e-5 vs $7.241e-5 (+0.6 %); drain included $7.810e-5
  // vs $7.300e-5 (+7.0 %). Per seed the 1,000-request figure spreads ≈ 4 %, so the 10-seed mean's
  // standard error is ≈ 1.3 %: the bound 4 % is ≈ 3 standard errors, and the drain-inclusive
  // difference is a bias (the drain and warm-up are billed), not noise.
  const base = loadScenario('scenarios/default.yaml');
  const meanCost = (numRequests: number): { window: number; withDrain: number } => {
    let window = 0;
    let withDrain = 0;
    const scenario: Scenario = structuredClone(base);
    scenario.config.workload.stop = { numRequests };
    for (let seed = 1; seed <= 10; seed++) {
      const s = runScenario(scenario, { seed }).summary;
      window += s.cost.usdPer1kTokens / 10;
      withDrain += s.costWithDrain.usdPer1kTokens / 10;
    }
    return { window, withDrain };
  };
  const small = meanCost(1000);
  const large = meanCost(8000);

  it('over the window it does not depend on numRequests beyond noise (< 4 %); drain included it does (> 4 %)', () => {
    const rel = (a: number, b: number): number => Math.abs(a / b - 1);
    expect(rel(small.window, large.window)).toBeLessThan(0.04);
    expect(rel(small.withDrain, large.withDrain)).toBeGreaterThan(0.04);
    expect(small.withDrain).toBeGreaterThan(large.withDrain);
  });
});

describe('the overload verdict names its evidence', () => {
  // One FCFS server of capacity 10 req/s (maxNumSeqs 1, 10 tokens × 0.01 s) at 12 req/s for
  // 2,000 arrivals (~167 s): the queue grows by ~2 requests per second.
  const overload = (simulation: Record<string, unknown> = {}, ratePerSecond = 12): Scenario =>
    scenarioFrom({
      model: 'llama-3.1-8b',
      hardware: { gpu: 'h100-sxm', numReplicas: 1 },
      costModel: { kind: 'constant', stepSeconds: 0.01 },
      engine: { maxNumSeqs: 1 },
      workload: { arrival: { kind: 'poisson', ratePerSecond }, promptTokens: { kind: 'fixed', tokens: 16 }, outputTokens: { kind: 'fixed', tokens: 10 }, stop: { numRequests: 2000 } },
      simulation,
      seed: 5,
    });

  it('queue growth alone when the drain finishes every request: no "unfinished" in the line', () => {
    const s = runScenario(overload()).summary;
    expect(s.overloaded).toBe(true);
    expect(s.requests.unfinished).toBe(0);
    expect(Object.keys(s.overloadEvidence!)).toEqual(['queueGrowth']);
    const g = s.overloadEvidence!.queueGrowth!;
    expect(g.lateWaiting - g.earlyWaiting).toBeGreaterThan(25);
    const line = overloadedLine(s);
    expect(line).toMatch(/^OVERLOADED: the waiting queue grew from [\d.,]+ to [\d.,]+ requests on average while requests arrived; latencies/);
    expect(line).not.toContain('unfinished');
  });

  it('queue growth, unfinished requests and the drain limit when the drain is cut at 5 s', () => {
    const s = runScenario(overload({ maxDrainSeconds: 5 })).summary;
    const e = s.overloadEvidence!;
    expect(e.unfinished).toBe(s.requests.unfinished);
    expect(e.unfinished).toBeGreaterThan(0);
    expect(e.drainLimitSeconds).toBeCloseTo(5, 9);
    expect(e.queueGrowth).toBeDefined();
    expect(overloadedLine(s)).toContain(`of 2,000 requests unfinished at the drain limit (5.00 s after the last arrival)`);
    // Unfinished measured requests count against the SLO and are reported.
    expect(s.requests.measuredUnfinished).toBe(s.requests.unfinished);
  });

  it('no evidence and no verdict below capacity', () => {
    const s = runScenario(overload({}, 6)).summary;
    expect(s.overloaded).toBe(false);
    expect(s.overloadEvidence).toBeUndefined();
  });
});
