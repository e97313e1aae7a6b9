// runScenario's records leave as requests do: the sink sees each request exactly once, the run
// keeps no per-request columns unless asked (keepRequests), and the summary does not depend on
// whether they are kept.
import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../sim/metrics/index.ts';
import { runScenario } from '../../sim/run.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

const overloaded = () =>
  scenarioFrom(
    withChanges(baseScenario(), {
      'workload.arrival': { kind: 'poisson', ratePerSecond: 400 },
      'workload.stop': { numRequests: 300 },
      'simulation.maxDrainSeconds': 1,
    }),
  );

describe('runScenario(scenario, { requestSink, keepRequests })', () => {
  it('keeps no per-request columns by default (RunResult.requests absent)', () => {
    const r = runScenario(scenarioFrom(withChanges(baseScenario(), { 'workload.stop': { numRequests: 50 } })));
    expect(r.requests).toBeUndefined();
    expect(r.summary.requests.arrived).toBe(50);
  });

  it('gives the sink every request exactly once — finished, then the unfinished ones at the end in id order — and keepRequests the same records by id', () => {
    const seen: RequestRecord[] = [];
    const r = runScenario(overloaded(), { requestSink: { write: (rec) => seen.push({ ...rec }) }, keepRequests: true });
    const n = r.summary.requests.arrived;
    expect(n).toBe(300);
    expect(r.summary.requests.unfinished).toBeGreaterThan(0);
    expect(seen.map((x) => x.id).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    // Finished records come in finish order; the unfinished ones last, in id order.
    const firstUnfinished = seen.findIndex((x) => x.status === 0);
    const finished = seen.slice(0, firstUnfinished);
    const unfinished = seen.slice(firstUnfinished);
    expect(finished.every((x) => x.status === 1)).toBe(true);
    for (let k = 1; k < finished.length; k++) expect(finished[k].finishedAt).toBeGreaterThanOrEqual(finished[k - 1].finishedAt);
    expect(unfinished.every((x) => x.status === 0)).toBe(true);
    expect(unfinished.map((x) => x.id)).toEqual([...unfinished.map((x) => x.id)].sort((a, b) => a - b));
    // keepRequests holds the same records by id, and their emission order.
    const q = r.requests!;
    expect(q.count).toBe(n);
    expect(Array.from(q.recordOrder!)).toEqual(seen.map((x) => x.id));
    for (const x of seen) {
      expect([q.arrivedAt[x.id], q.firstTokenAt[x.id], q.finishedAt[x.id], q.numOutputTokens[x.id], q.replica[x.id], q.status[x.id]]).toEqual([
        x.arrivedAt,
        x.firstTokenAt,
        x.finishedAt,
        x.numOutputTokens,
        x.replica,
        x.status,
      ]);
    }
  });

  it('the summary is the same with or without keepRequests and a sink (byte-identical JSON)', () => {
    const plain = runScenario(overloaded());
    const kept = runScenario(overloaded(), { keepRequests: true, requestSink: { write: () => {} } });
    expect(JSON.stringify(kept.summary)).toBe(JSON.stringify(plain.summary));
    expect(JSON.stringify(kept.latencyCdf)).toBe(JSON.stringify(plain.latencyCdf));
  });
});
