import { describe, expect, it } from 'vitest';
import { MAX_REJECTION_STREAK } from '../../sim/cluster/index.ts';
import { findGpu } from '../../sim/hardware/index.ts';
import { runScenario } from '../fixtures/run.ts';
import { ScenarioError } from '../../sim/scenario/index.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

const run = (changes: Record<string, unknown> = {}, seed?: number) => runScenario(scenarioFrom(withChanges(baseScenario(), changes)), { seed });

describe('runScenario', () => {
  it('is deterministic: the same scenario and seed give identical summaries and records', () => {
    const a = run();
    const b = run();
    expect(JSON.stringify(b.summary)).toBe(JSON.stringify(a.summary));
    expect(Array.from(b.requests.finishedAt)).toEqual(Array.from(a.requests.finishedAt));
    expect(b.events).toBe(a.events);
    const c = run({}, 99);
    expect(JSON.stringify(c.summary)).not.toBe(JSON.stringify(a.summary));
  });

  it("satisfies Little's law as an identity: ∫ N(t) dt = Σ sojourn times", () => {
    const r = run({ 'workload.arrival.ratePerSecond': 20 });
    const q = r.requests;
    let sum = 0;
    for (let i = 0; i < q.count; i++) sum += q.finishedAt[i] - q.arrivedAt[i];
    expect(r.summary.requests.finished).toBe(400);
    // The collector's area (integrated per event) against the records' sojourns: two independent
    // sums; with the area known, L = λW over any window is this identity divided by its length.
    expect(r.inSystemSeconds).toBeCloseTo(sum, 6);
  });

  it('gives common random numbers: policies that differ see the same arrivals and lengths', () => {
    const a = run();
    const b = run({ 'engine.maxNumSeqs': 8, 'engine.enableChunkedPrefill': false });
    expect(Array.from(b.requests.arrivedAt)).toEqual(Array.from(a.requests.arrivedAt));
    expect(Array.from(b.requests.numPromptTokens)).toEqual(Array.from(a.requests.numPromptTokens));
    expect(Array.from(b.requests.numOutputTokens)).toEqual(Array.from(a.requests.numOutputTokens));
    expect(b.summary.e2eSeconds.mean).not.toBe(a.summary.e2eSeconds.mean);
  });

  it('rejects and counts a request that could never fit the KV cache instead of hanging', () => {
    const r = run({
      'workload.promptTokens': { kind: 'empirical', tokens: [100, 100, 100_000] },
      'engine.gpuMemoryUtilization': 0.25, // a KV cache of fewer than 100k tokens
      'workload.stop': { numRequests: 30 },
    });
    const rejected = r.summary.requests.rejected;
    expect(rejected).toBeGreaterThan(0);
    expect(r.summary.requests.finished + rejected).toBe(30);
    expect(r.notes.join('\n')).toMatch(/rejected \d+ request\(s\): prompt \+ output − 1 exceeds the \d+ tokens of the whole KV cache/);
    expect(r.summary.overloaded).toBe(false);
  });

  it('a closed loop without think time whose every request is rejected ends, with a note (no spin at t = 0)', () => {
    const r = run({
      'workload.arrival': { kind: 'closed-loop', concurrency: 2, thinkSeconds: 0 },
      'workload.promptTokens': { kind: 'fixed', tokens: 100_000 },
      'engine.gpuMemoryUtilization': 0.25, // a KV cache of fewer than 100k tokens
      'workload.stop': { durationSeconds: 10 },
    });
    expect(r.summary.requests.finished).toBe(0);
    expect(r.summary.requests.rejected).toBeGreaterThanOrEqual(MAX_REJECTION_STREAK);
    expect(r.notes.join('\n')).toMatch(/stopped sending follow-up requests at t = 0\.000 s after 100000 rejections in a row/);
    // With sessions, every session started is accounted for as ended (none left live).
    const withSessions = run({
      'workload.arrival': { kind: 'closed-loop', concurrency: 2, thinkSeconds: 0 },
      'workload.promptTokens': { kind: 'fixed', tokens: 100_000 },
      'engine.gpuMemoryUtilization': 0.25, // a KV cache of fewer than 100k tokens
      'workload.stop': { durationSeconds: 10 },
      'workload.sessions': { turns: { kind: 'fixed', tokens: 3 }, thinkSeconds: 0 },
    });
    const s = withSessions.summary.sessions!;
    expect(s.started).toBe(withSessions.summary.requests.rejected);
    expect(s.endedByRejection).toBe(s.started);
  });

  it('reports overload as a verdict, not an endless run', () => {
    const r = run({
      'workload.arrival.ratePerSecond': 200,
      'workload.stop': { durationSeconds: 30 },
      simulation: { maxDrainSeconds: 10 },
    });
    expect(r.summary.overloaded).toBe(true);
    expect(r.summary.requests.unfinished).toBeGreaterThan(0);
    expect(r.simulatedSeconds).toBeLessThanOrEqual(40 + 1e-9);
    expect(r.notes.join('\n')).toMatch(/waiting queue grew/);
    expect(run().summary.overloaded).toBe(false);
  });

  it('a closed loop never has more requests in flight than clients, and sends exactly numRequests', () => {
    const r = run({ 'workload.arrival': { kind: 'closed-loop', concurrency: 5, thinkSeconds: 0.5 }, 'workload.stop': { numRequests: 60 } });
    const q = r.requests;
    expect(q.count).toBe(60);
    const events: [number, number][] = [];
    for (let i = 0; i < q.count; i++) events.push([q.arrivedAt[i], 1], [q.finishedAt[i], -1]);
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let inFlight = 0;
    for (const [, d] of events) {
      inFlight += d;
      expect(inFlight).toBeLessThanOrEqual(5);
    }
    expect(q.arrivedAt.slice(0, 5).every((t) => t === 0)).toBe(true);
  });

  it('max arrivals put every request at t = 0 and the first step batches them', () => {
    const r = run({ 'workload.arrival': { kind: 'max' }, 'workload.stop': { numRequests: 50 }, 'workload.promptTokens': { kind: 'fixed', tokens: 100 } });
    const q = r.requests;
    expect(Array.from(q.arrivedAt).every((t) => t === 0)).toBe(true);
    // 50 prompts of 100 tokens fit one 8192-token step: all first tokens at the same instant.
    expect(new Set(Array.from(q.firstTokenAt)).size).toBe(1);
  });

  it('a model that does not fit is a clear error with the numbers', () => {
    expect(() => run({ model: 'llama-3.1-405b' })).toThrow(ScenarioError);
    expect(() => run({ model: 'llama-3.1-405b' })).toThrow(/405b.*GiB.*h100-sxm/s);
  });

  it('reports the dominant regime per replica: decode-heavy chat is memory-bound on one H100', () => {
    const r = run();
    const rep = r.replicas[0];
    const s = rep.regimeShares;
    expect(s.compute + s.memory + s.communication + s.overhead).toBeCloseTo(1, 9);
    expect(rep.dominantRegime).toBe('memory');
    expect(s.communication).toBe(0);
    const tp2 = run({ 'hardware.tp': 2 }).replicas[0];
    expect(tp2.regimeShares.communication).toBeGreaterThan(0);
  });
});

describe('runScenario energy and cost', () => {
  it('follows the stated power model: tp × TDP × (busy × busyFraction + idle × idleFraction), by hand', () => {
    // Two requests 1 s apart, each 10 steps of 10 ms on one H100 (700 W): busy 0.2 s, idle 0.9 s.
    const r = runScenario(
      scenarioFrom(
        withChanges(baseScenario(), {
          costModel: { kind: 'constant', stepSeconds: 0.01 },
          'workload.arrival': { kind: 'constant', ratePerSecond: 1 },
          'workload.promptTokens': { kind: 'fixed', tokens: 16 },
          'workload.outputTokens': { kind: 'fixed', tokens: 10 },
          'workload.stop': { numRequests: 2 },
          power: { idleFraction: 0.15, busyFraction: 0.85 },
        }),
      ),
    );
    expect(r.simulatedSeconds).toBeCloseTo(1.1, 12);
    // Drain included: the whole 1.1 s run, 20 output tokens.
    const joules = 700 * (0.2 * 0.85 + 0.9 * 0.15);
    expect(r.summary.energyWithDrain.joulesPerOutputToken).toBeCloseTo(joules / 20, 9);
    const usd = (1.1 / 3600) * findGpu('h100-sxm')!.usdPerGpuHour;
    expect(r.summary.costWithDrain.gpuHours).toBeCloseTo(1.1 / 3600, 12);
    expect(r.summary.costWithDrain.usdPer1kOutputTokens).toBeCloseTo((usd / 20) * 1000, 12);
    // The window (0, 1] (the last arrival): busy 0.1 s, idle 0.9 s, the first request's 10 tokens.
    expect(r.summary.energy.joulesPerOutputToken).toBeCloseTo((700 * (0.1 * 0.85 + 0.9 * 0.15)) / 10, 9);
    expect(r.summary.cost.gpuHours).toBeCloseTo(1 / 3600, 12);
    expect(r.summary.cost.usdPer1kOutputTokens).toBeCloseTo(((usd / 1.1) / 10) * 1000, 12);
  });
});
