import { describe, expect, it } from 'vitest';
import { runScenario } from '../fixtures/run.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

describe('engine frontend latency', () => {
  it('adds exactly its value to TTFT and E2E of a request that finds the replica idle', () => {
    const one = (latency: number) =>
      runScenario(
        scenarioFrom(
          withChanges(baseScenario(), {
            'workload.arrival': { kind: 'max' },
            'workload.stop': { numRequests: 1 },
            engine: { frontendLatencySeconds: latency },
          }),
        ),
      ).requests;
    const a = one(0);
    const b = one(0.025);
    expect(b.firstTokenAt[0] - b.arrivedAt[0] - (a.firstTokenAt[0] - a.arrivedAt[0])).toBeCloseTo(0.025, 12);
    expect(b.finishedAt[0] - a.finishedAt[0]).toBeCloseTo(0.025, 12);
    expect(b.arrivedAt[0]).toBe(a.arrivedAt[0]);
  });

  it('keeps every request accounted for and Little’s law exact under load', () => {
    const r = runScenario(scenarioFrom(withChanges(baseScenario(), { engine: { frontendLatencySeconds: 0.01 } })));
    const q = r.requests;
    let sum = 0;
    for (let i = 0; i < q.count; i++) sum += q.finishedAt[i] - q.arrivedAt[i];
    expect(r.summary.requests.finished).toBe(q.count);
    expect(r.inSystemSeconds).toBeCloseTo(sum, 6);
    expect(r.summary.ttftSeconds.p50).toBeGreaterThan(0.01);
  });

  it('a load-aware router sees requests still in the frontend: a burst splits evenly over 4 replicas', () => {
    // 200 requests at t = 0, least-outstanding over 4 replicas, 5 ms of frontend latency. Routing
    // at arrival would see four empty replicas every time and send all 200 to replica 0.
    const r = runScenario(
      scenarioFrom(
        withChanges(baseScenario(), {
          hardware: { gpu: 'h100-sxm', numReplicas: 4 },
          router: { kind: 'least-outstanding' },
          'workload.arrival': { kind: 'max' },
          'workload.stop': { numRequests: 200 },
          engine: { frontendLatencySeconds: 0.005 },
        }),
      ),
    ).requests;
    const perReplica = [0, 0, 0, 0];
    for (let i = 0; i < r.count; i++) perReplica[r.replica[i]]++;
    expect(perReplica).toEqual([50, 50, 50, 50]);
  });
});
