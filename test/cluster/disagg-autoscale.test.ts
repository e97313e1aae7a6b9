// Autoscaled pools under disaggregated prefill/decode (the Dynamo case), through the real cluster
// with a constant cost model (every step 10 ms): a prefill pool of 1 replica, a decode pool of
// maxNumSeqs 1 (one request decoding at a time: 9 decode steps = 90 ms a request, ~11 req/s a
// replica) scaled by schedule from 1 to 2 replicas at 5 s (cold start 2 s: serves from 7 s) and
// back to 1 at 15 s, at 15 req/s; every KV transfer takes 0.5 s on the link (so a decode replica
// drained at 15 s has hand-offs in flight to it).
// By construction: the second decode replica (replica 2) takes hand-offs only while active, so
// each of its steps lies in [7 s, its release]; its release waits for what it holds, and held
// GPU-seconds are R + (release − 5) for the decode pool; every request finishes.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../fixtures/run.ts';
import { baseScenario, scenarioFrom } from '../fixtures/scenarios.ts';
import { StepTrace } from '../../sim/cluster/index.ts';

function raw(): Record<string, unknown> {
  return {
    ...baseScenario(),
    costModel: { kind: 'constant', stepSeconds: 0.01 },
    router: { kind: 'round-robin' },
    workload: { arrival: { kind: 'poisson', ratePerSecond: 15 }, promptTokens: { kind: 'fixed', tokens: 16 }, outputTokens: { kind: 'fixed', tokens: 10 }, stop: { durationSeconds: 20 } },
    pools: [
      { name: 'p', role: 'prefill', hardware: { numReplicas: 1 } },
      {
        name: 'd',
        role: 'decode',
        engine: { maxNumSeqs: 1 },
        hardware: { numReplicas: 1, autoscale: { policy: 'schedule', minReplicas: 1, maxReplicas: 2, coldStartSeconds: 2, schedule: [{ atSeconds: 5, replicas: 2 }, { atSeconds: 15, replicas: 1 }] } },
      },
    ],
    disaggregation: { link: { bandwidthGBps: 1e300, latencySeconds: 0.5 } },
  };
}

describe('disaggregation with an autoscaled decode pool', () => {
  it('a new decode replica takes hand-offs only once active; a draining one is released after what it holds; held GPU-seconds by hand', () => {
    const trace = new StepTrace();
    const r = runScenario(scenarioFrom(raw()), { trace });
    const s = r.summary;
    expect(s.requests.finished).toBe(s.requests.arrived);
    expect(s.requests.rejected).toBe(0);
    const pts = s.pools!.d.replicasOverTime!;
    expect(pts.slice(0, 4)).toEqual([
      { t: 0, active: 1, starting: 0, draining: 0, failed: 0 },
      { t: 5, active: 1, starting: 1, draining: 0, failed: 0 },
      { t: 7, active: 2, starting: 0, draining: 0, failed: 0 },
      { t: 15, active: 1, starting: 0, draining: 1, failed: 0 },
    ]);
    expect(pts).toHaveLength(5);
    const released = pts[4].t;
    expect(pts[4]).toEqual({ t: released, active: 1, starting: 0, draining: 0, failed: 0 });
    expect(released).toBeGreaterThan(15);
    expect(released).toBeLessThan(16);
    // Decode replicas 1 and 2: replica 2 steps only once active (7 s); the one that drained
    // (fewer outstanding at 15 s) takes its last step right before its release, the other serves on.
    const steps = (pid: number) => trace.events.filter((e) => e.ph === 'X' && e.pid === pid);
    const steps2 = steps(2);
    expect(steps2.length).toBeGreaterThan(0);
    for (const e of steps2) expect(e.ts!).toBeGreaterThanOrEqual(7e6);
    const lastEnd = (pid: number) => {
      const e = steps(pid).at(-1)!;
      return (e.ts! + e.dur!) / 1e6;
    };
    const ends = [lastEnd(1), lastEnd(2)].sort((x, y) => x - y);
    expect(ends[0]).toBeCloseTo(released, 6);
    expect(ends[1]).toBeGreaterThan(released + 1);
    const R = r.simulatedSeconds;
    expect(s.pools!.d.autoscale!.gpuSecondsHeld).toBeCloseTo(R + (released - 5), 6);
    expect(s.pools!.p.autoscale).toBeUndefined();
    expect(s.pools!.d.stage!.decodes).toBe(s.requests.finished);
  });

  it('refuses failures with disaggregation (autoscaling alone is allowed)', () => {
    expect(() => scenarioFrom({ ...raw(), failures: { mtbfSeconds: 100, repairSeconds: 10 } })).toThrow(/failures: failure injection is not supported with disaggregated prefill\/decode yet/);
    expect(() => scenarioFrom(raw())).not.toThrow();
  });
});
