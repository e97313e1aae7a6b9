// RunResult.classLatencyCdf through runScenario with two declared classes (schema share form):
// each class's TTFT and E2E CDF covers exactly its measured finished requests (the class
// summary's population), each point within the class histogram's relative error (CLASS_HISTOGRAM:
// ratio 1.01, ≤ 0.5 %) of the exact sorted sample at its rank; the thresholds are the class's.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CDF_POINTS, STATUS_FINISHED, classCdfPoints, evenRanks } from '../../sim/metrics/index.ts';

import { runScenario } from '../../sim/run.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

describe('classLatencyCdf', () => {
  const scenario = scenarioFrom(
    withChanges(baseScenario(), {
      'workload.stop': { numRequests: 600 },
      'workload.arrival': { kind: 'poisson', ratePerSecond: 20 },
      'metrics.warmupRequests': 50,
      'workload.classes': [
        { name: 'chat', share: 3, slo: { ttft: { p95: 0.4 }, e2e: { p95: 8, p50: 3 } } },
        { name: 'batch', share: 1 },
      ],
      slo: { ttftSeconds: 2, tpotSeconds: 0.2 },
    }),
  );
  const result = runScenario(scenario, { keepRequests: true });

  it('names the classes and their thresholds: resolved ttftSeconds, e2e targets in sloTargets order', () => {
    expect(result.classNames).toEqual(['chat', 'batch']);
    const cdf = result.classLatencyCdf!;
    expect(cdf.map((c) => [c.name, c.ttftSeconds, c.e2eTargets])).toEqual([
      // chat: no short form, so the per-request threshold is its highest ttft percentile target (p95 0.4).
      ['chat', 0.4, [{ percentile: 'p50', target: 3 }, { percentile: 'p95', target: 8 }]],
      ['batch', 2, []],
    ]);
  });

  it('covers each class\'s measured finished requests, at evenRanks, within 0.5 % of the exact sample', () => {
    const c = result.requests!;
    result.classLatencyCdf!.forEach((cls, k) => {
      const ttft: number[] = [];
      const e2e: number[] = [];
      for (let id = 0; id < c.count; id++) {
        if (c.classIndex[id] !== k || c.measured[id] !== 1 || c.status[id] !== STATUS_FINISHED) continue;
        ttft.push(c.firstTokenAt[id] - c.arrivedAt[id]);
        e2e.push(c.finishedAt[id] - c.arrivedAt[id]);
      }
      expect(ttft.length).toBe(result.summary.classes![cls.name].requests.measured - result.summary.classes![cls.name].requests.measuredUnfinished);
      expect(ttft.length).toBeGreaterThan(50);
      for (const [points, sample] of [[cls.ttft, ttft], [cls.e2e, e2e]] as const) {
        const sorted = [...sample].sort((a, b) => a - b);
        const ranks = evenRanks(sorted.length, DEFAULT_CDF_POINTS);
        expect(points.map((p) => p.fraction)).toEqual(ranks.map((r) => (r + 1) / sorted.length));
        points.forEach((p, i) => expect(Math.abs(p.value - sorted[ranks[i]]) / sorted[ranks[i]]).toBeLessThanOrEqual(0.005 + 1e-12));
        expect(points.at(-1)!.fraction).toBe(1);
      }
    });
  });

  it('class window rows: Σ queueLength × span = Σ of the class\'s queued spans, Σ running × span = Σ of its running spans (exact to 1e-9)', () => {
    const c = result.requests!;
    const end = result.simulatedSeconds;
    result.classNames!.forEach((name, k) => {
      let queued = 0;
      let running = 0;
      for (let id = 0; id < c.count; id++) {
        if (c.classIndex[id] !== k || c.status[id] === 2) continue;
        const left = c.status[id] === STATUS_FINISHED ? c.finishedAt[id] : end;
        const sched = Number.isNaN(c.scheduledAt[id]) ? left : c.scheduledAt[id];
        queued += sched - c.arrivedAt[id];
        running += left - sched;
      }
      const rows = result.summary.windows!.filter((r) => r.class === name);
      expect(rows.reduce((a, r) => a + r.queueLength! * (r.end - r.start), 0)).toBeCloseTo(queued, 9);
      expect(rows.reduce((a, r) => a + r.running! * (r.end - r.start), 0)).toBeCloseTo(running, 9);
      expect(running).toBeGreaterThan(0);
      expect(rows.every((r) => r.kvUsage === undefined)).toBe(true);
    });
  });

  it('keeps 200 points per curve up to 8 classes, then shares 1,600 per metric, at least 25 per curve', () => {
    expect([1, 2, 8, 9, 16, 64, 65].map(classCdfPoints)).toEqual([200, 200, 200, 177, 100, 25, 25]);
  });

  it('is absent without declared classes', () => {
    const plain = runScenario(scenarioFrom(withChanges(baseScenario(), { 'workload.stop': { numRequests: 50 } })));
    expect(plain.classLatencyCdf).toBeUndefined();
    expect(plain.classNames).toBeUndefined();
  });
});
