import { describe, expect, it } from 'vitest';
import { runScenario } from '../fixtures/run.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

const meanE2e = (q: ReturnType<typeof runScenario>['requests']) => {
  let sum = 0;
  for (let i = 0; i < q.count; i++) sum += q.finishedAt[i] - q.arrivedAt[i];
  return sum / q.count;
};

describe('runScenario with engine.batching static', () => {
  it('a lone request in a partial batch starts at arrival + batchTimeoutSeconds (the cluster wakes the replica)', () => {
    const r = runScenario(
      scenarioFrom(
        withChanges(baseScenario(), {
          'workload.arrival': { kind: 'constant', ratePerSecond: 2 },
          'workload.stop': { numRequests: 1 },
          'workload.outputTokens': { kind: 'fixed', tokens: 3 },
          costModel: { kind: 'constant', stepSeconds: 0.01 },
          engine: { batching: { kind: 'static', maxBatchSize: 4, batchTimeoutSeconds: 1 } },
        }),
      ),
    );
    const q = r.requests;
    expect(q.count).toBe(1);
    expect(q.scheduledAt[0]).toBeCloseTo(q.arrivedAt[0] + 1, 12);
    expect(q.firstTokenAt[0]).toBeCloseTo(q.arrivedAt[0] + 1.01, 12);
    expect(q.finishedAt[0]).toBeCloseTo(q.arrivedAt[0] + 1.03, 12);
    expect(r.notes[0]).toMatch(/static batching \(B 4, timeout 1 s\)/);
  });

  it('same traffic and GPU: static (B 8, timeout 0.1 s) has lower throughput and higher mean E2E than continuous', () => {
    const run = (batching: unknown) =>
      runScenario(scenarioFrom(withChanges(baseScenario(), { 'workload.arrival.ratePerSecond': 20, engine: { batching } })));
    const cont = run({ kind: 'continuous' });
    const stat = run({ kind: 'static', maxBatchSize: 8, batchTimeoutSeconds: 0.1 });
    expect(stat.summary.requests.finished).toBe(400);
    expect(cont.summary.requests.finished).toBe(400);
    expect(stat.summary.kv.preemptions).toBe(0);
    expect(stat.summary.throughput.outputTokensPerSecond).toBeLessThan(cont.summary.throughput.outputTokensPerSecond);
    expect(meanE2e(stat.requests)).toBeGreaterThan(meanE2e(cont.requests));
    // Every request generates exactly its output length.
    const q = stat.requests;
    for (let i = 0; i < q.count; i++) expect(q.status[i]).toBe(1);
  });

  it('runs at pp > 1 and with chunked prefill off', () => {
    const r = runScenario(
      scenarioFrom(
        withChanges(baseScenario(), {
          'hardware.pp': 2,
          'hardware.tp': 1,
          'workload.stop': { numRequests: 60 },
          engine: { enableChunkedPrefill: false, batching: { kind: 'static', maxBatchSize: 4, batchTimeoutSeconds: 0.05 } },
        }),
      ),
    );
    expect(r.summary.requests.finished).toBe(60);
  });
});
