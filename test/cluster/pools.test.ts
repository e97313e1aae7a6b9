// Pools run: replicas of every pool behind one router, numbered pool by pool; per-pool and fleet
// figures against hand calculations on the constant cost model; a one-pool `pools:` equal to the
// `hardware:` shorthand; determinism.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../fixtures/run.ts';
import { baseScenario, scenarioFrom } from '../fixtures/scenarios.ts';

// 6 requests at t = 0, 100 prompt + 4 output tokens, every step 0.5 s: on each replica one prefill
// step (first token) and 3 decode steps, so TTFT 0.5 s, E2E 2 s, the run 2 s, every replica busy
// throughout. Round-robin over 3 replicas: pool a (replicas 0, 1) gets requests 0, 3, 1, 4 and
// pool b (replica 2) requests 2, 5.
function twoPools(): Record<string, any> {
  const raw = baseScenario();
  delete raw.hardware;
  return {
    ...raw,
    costModel: { kind: 'constant', stepSeconds: 0.5 },
    workload: {
      arrival: { kind: 'max' },
      promptTokens: { kind: 'fixed', tokens: 100 },
      outputTokens: { kind: 'fixed', tokens: 4 },
      stop: { numRequests: 6 },
    },
    pools: [
      { name: 'a', hardware: { gpu: 'h100-sxm', tp: 1, numReplicas: 2, usdPerGpuHour: 2 } },
      { name: 'b', hardware: { gpu: 'b200', tp: 2, numReplicas: 1, usdPerGpuHour: 5 }, precision: { weights: 'fp8' } },
    ],
  };
}

describe('pools: run', () => {
  it('routes over the replicas of every pool, each knowing its pool', () => {
    const r = runScenario(scenarioFrom(twoPools()));
    expect(Array.from(r.requests.replica)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(r.replicas.map((x) => [x.index, x.pool, x.gpu, x.tp])).toEqual([
      [0, 'a', 'h100-sxm', 1],
      [1, 'a', 'h100-sxm', 1],
      [2, 'b', 'b200', 2],
    ]);
    expect(r.notes.some((n) => n.startsWith('pool b: '))).toBe(true);
  });

  it('gives per-pool and fleet figures equal to the hand calculation', () => {
    const r = runScenario(scenarioFrom(twoPools()));
    const s = r.summary;
    const pools = s.pools!;
    expect(Object.keys(pools)).toEqual(['a', 'b']);
    expect(r.simulatedSeconds).toBe(2);
    const { a, b } = pools;
    expect([a.gpu, a.tp, a.pp, a.replicas, a.gpus, a.usdPerHour]).toEqual(['h100-sxm', 1, 1, 2, 2, 4]);
    expect([b.gpu, b.tp, b.pp, b.replicas, b.gpus, b.usdPerHour]).toEqual(['b200', 2, 1, 1, 2, 10]);
    expect(a.requests.finished).toBe(4);
    expect(b.requests.finished).toBe(2);
    expect(a.utilization).toBe(1);
    expect(b.utilizationWithDrain).toBe(1);
    // Latencies (class histograms: ≤ 0.5 % relative error on a percentile; means are exact sums).
    for (const p of [a, b]) {
      expect(p.ttftSeconds.mean).toBeCloseTo(0.5, 12);
      expect(p.e2eSeconds.mean).toBeCloseTo(2, 12);
      expect(Math.abs(p.e2eSeconds.p99 / 2 - 1)).toBeLessThan(0.005);
      expect(p.tpotSeconds.mean).toBeCloseTo(0.5, 12);
      expect(p.itlSeconds.mean).toBeCloseTo(0.5, 12);
    }
    // Cost: no loaded window (every request at t = 0), so over the whole run: GPUs × price × 2 s.
    expect(a.cost.gpuHours).toBeCloseTo((2 * 2) / 3600, 15);
    expect(a.cost.usd).toBeCloseTo((2 * 2 * 2) / 3600, 15);
    expect(b.cost.usd).toBeCloseTo((2 * 5 * 2) / 3600, 15);
    expect(a.cost.usdPer1kOutputTokens).toBeCloseTo(((2 * 2 * 2) / 3600 / 16) * 1000, 12);
    // Fleet: Σ pools' GPUs × price × hours over Σ output tokens (24).
    expect(s.costWithDrain.gpuHours).toBeCloseTo((4 * 2) / 3600, 15);
    expect(s.costWithDrain.usdPer1kOutputTokens).toBeCloseTo((((2 * 2 + 2 * 5) * 2) / 3600 / 24) * 1000, 12);
    // Energy: busy the whole run at 0.85 TDP (H100 700 W, B200 1000 W).
    expect(a.energy.joules).toBeCloseTo(2 * 700 * 0.85 * 2, 9);
    expect(b.energy.joules).toBeCloseTo(2 * 1000 * 0.85 * 2, 9);
    expect(s.energyWithDrain.joulesPerOutputToken).toBeCloseTo((2 * 700 * 0.85 * 2 + 2 * 1000 * 0.85 * 2) / 24, 9);
    expect(s.requests.finished).toBe(a.requests.finished + b.requests.finished);
  });

  it('sums pool costs to the fleet cost over a loaded window', () => {
    const raw = twoPools();
    raw.workload = { ...raw.workload, arrival: { kind: 'poisson', ratePerSecond: 4 }, stop: { numRequests: 80 } };
    const s = runScenario(scenarioFrom(raw)).summary;
    const { a, b } = s.pools!;
    const span = s.window.endSeconds - s.window.startSeconds;
    expect(span).toBeGreaterThan(0);
    expect(a.cost.gpuHours + b.cost.gpuHours).toBeCloseTo(s.cost.gpuHours, 15);
    expect(a.cost.usd).toBeCloseTo((2 * 2 * span) / 3600, 15);
    expect(b.cost.usd).toBeCloseTo((2 * 5 * span) / 3600, 15);
    expect(a.requests.arrived + b.requests.arrived).toBe(s.requests.arrived);
  });

  it('is the hardware shorthand when one pool repeats it', () => {
    const plain = baseScenario();
    const pooled = { ...baseScenario(), pools: [{ name: 'only' }] };
    const x = runScenario(scenarioFrom(plain));
    const y = runScenario(scenarioFrom(pooled));
    const { pools, modelError, ...rest } = y.summary;
    expect(Object.keys(pools!)).toEqual(['only']);
    const { modelError: plainError, ...plainRest } = x.summary;
    expect(JSON.stringify(rest)).toBe(JSON.stringify(plainRest));
    // The bands are the same; only the calibrated-territory verdict names the pools.
    expect({ ...modelError, reason: undefined }).toEqual({ ...plainError, reason: undefined });
    expect(modelError!.reason).toMatch(/^pools: /);
    expect(y.replicas.map(({ pool, ...r }) => r)).toEqual(x.replicas);
    expect(Array.from(y.requests.finishedAt)).toEqual(Array.from(x.requests.finishedAt));
    expect(pools!.only.requests).toEqual(x.summary.requests);
    expect(pools!.only.itlSeconds).toEqual(x.summary.itlSeconds); // the same histogram kind, the same gaps
    expect(pools!.only.utilization).toBeCloseTo(x.replicas[0].utilization, 15);
  });

  it('admits a request only if every pool could complete it (the router may send it to any)', () => {
    const raw = twoPools();
    // Pool b's KV cache holds fewer than 100k tokens; pool a's more.
    raw.pools[1] = { name: 'b', hardware: { gpu: 'h100-sxm', tp: 1, numReplicas: 1 }, engine: { gpuMemoryUtilization: 0.25 } };
    raw.model = 'llama-3.1-8b';
    raw.workload = { ...raw.workload, promptTokens: { kind: 'empirical', tokens: [100, 100, 100_000] }, stop: { numRequests: 30 } };
    const r = runScenario(scenarioFrom(raw));
    const s = r.summary;
    expect(s.requests.rejected).toBeGreaterThan(0);
    expect(s.requests.finished + s.requests.rejected).toBe(30);
    expect(Array.from(r.requests.numPromptTokens).filter((n) => n === 100_000).length).toBe(s.requests.rejected);
    // Rejected requests belong to no pool.
    expect(s.pools!.a.requests.arrived + s.pools!.b.requests.arrived).toBe(s.requests.finished);
  });

  it('is deterministic', () => {
    const raw = twoPools();
    raw.workload = { ...raw.workload, arrival: { kind: 'poisson', ratePerSecond: 4 }, stop: { numRequests: 50 } };
    const a = runScenario(scenarioFrom(raw));
    const b = runScenario(scenarioFrom(raw));
    expect(JSON.stringify(b.summary)).toBe(JSON.stringify(a.summary));
    expect(JSON.stringify(b.replicas)).toBe(JSON.stringify(a.replicas));
  });
});
