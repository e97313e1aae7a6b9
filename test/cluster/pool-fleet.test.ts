// A policy per pool: autoscaling and failures in a fleet of pools, through the real cluster with
// a constant-time cost model (every step 10 ms, maxNumSeqs 1: 10 output tokens = 0.1 s a request).
//   Autoscaled pool, timeline by hand: pool 'elastic' (1 replica at t = 0, schedule → 2 at 10 s,
//   cold start 5 s) next to a fixed pool 'fixed' (1 replica). GPU-seconds held: fixed = R,
//   elastic = R + (R − 10) over a run of R seconds; its replica 2 receives nothing before 15 s;
//   the fleet's dollars = Σ pools' held GPU-seconds × their own price (2 and 3 $/GPU-h).
//   Failures name a pool's replica: the other pool's counts never change; nothing reaches the
//   failed replica during its repair.
//   A class ruled to a pool whose only replica is down waits (parked) — it is neither rejected
//   nor sent elsewhere — and is served once the replica is repaired; weighted routing skips a
//   pool with no replica accepting work.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../fixtures/run.ts';
import { scenarioFrom } from '../fixtures/scenarios.ts';

const SCALE = { policy: 'schedule', minReplicas: 1, maxReplicas: 2, coldStartSeconds: 5, schedule: [{ atSeconds: 10, replicas: 2 }] };
const FAIL_AT = 10.0005;

function fleet(extra: Record<string, unknown> = {}, pools?: unknown[], workload: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'pool-fleet',
    seed: 7,
    model: 'llama-3.1-8b',
    costModel: { kind: 'constant', stepSeconds: 0.01 },
    engine: { maxNumSeqs: 1, maxNumBatchedTokens: 1024 },
    router: { kind: 'least-outstanding' },
    workload: {
      arrival: { kind: 'poisson', ratePerSecond: 5 },
      promptTokens: { kind: 'fixed', tokens: 16 },
      outputTokens: { kind: 'fixed', tokens: 10 },
      stop: { durationSeconds: 40 },
      ...workload,
    },
    pools: pools ?? [
      { name: 'fixed', hardware: { gpu: 'h100-sxm', numReplicas: 1, usdPerGpuHour: 2 } },
      { name: 'elastic', hardware: { gpu: 'h100-sxm', numReplicas: 1, usdPerGpuHour: 3, autoscale: SCALE } },
    ],
    ...extra,
  };
}

describe('pools[i].hardware.autoscale', () => {
  it('scales one pool 1 → 2 at a known time; held GPU-seconds, replica counts and dollars per pool by hand; the other pool stays fixed', () => {
    const r = runScenario(scenarioFrom(fleet()));
    const s = r.summary;
    const R = r.simulatedSeconds;
    expect(s.autoscale).toBeUndefined();
    const el = s.pools!.elastic;
    const fx = s.pools!.fixed;
    expect(el.replicasOverTime).toEqual([
      { t: 0, active: 1, starting: 0, draining: 0, failed: 0 },
      { t: 10, active: 1, starting: 1, draining: 0, failed: 0 },
      { t: 15, active: 2, starting: 0, draining: 0, failed: 0 },
    ]);
    expect(fx.replicasOverTime).toEqual([{ t: 0, active: 1, starting: 0, draining: 0, failed: 0 }]);
    expect(s.replicasOverTime).toEqual([
      { t: 0, active: 2, starting: 0, draining: 0, failed: 0 },
      { t: 10, active: 2, starting: 1, draining: 0, failed: 0 },
      { t: 15, active: 3, starting: 0, draining: 0, failed: 0 },
    ]);
    expect(fx.autoscale).toBeUndefined();
    const a = el.autoscale!;
    expect(a.gpuSecondsHeld).toBeCloseTo(R + (R - 10), 9);
    expect(a.peakReplicas).toBe(2);
    expect(a.scaleUps).toBe(1);
    expect(a.coldStartSeconds).toBe(5);
    expect(a.meanReplicas).toBeCloseTo((2 * R - 10) / R, 9);
    // Built as 2 replicas (maxReplicas): replicas and gpus describe the pool as built.
    expect(el.replicas).toBe(2);
    expect(el.gpus).toBe(2);
    // Window costs: each pool's held GPU-seconds inside the window, at its own price.
    const { startSeconds: w0, endSeconds: w1 } = s.window;
    expect(w0).toBeLessThan(10);
    const heldEl = w1 - w0 + (w1 - 10);
    expect(el.cost.gpuHours * 3600).toBeCloseTo(heldEl, 6);
    expect(el.cost.usd).toBeCloseTo((heldEl / 3600) * 3, 9);
    expect(fx.cost.gpuHours * 3600).toBeCloseTo(w1 - w0, 6);
    expect(s.cost.gpuHours * 3600).toBeCloseTo(heldEl + (w1 - w0), 6);
    // The fleet's dollars per 1k output tokens over the whole run: (R × 2 + (2R − 10) × 3) $/GPU-h.
    const usd = (R * 2 + (2 * R - 10) * 3) / 3600;
    const outputTokens = s.requests.finished * 10;
    expect(s.costWithDrain.gpuHours * 3600).toBeCloseTo(3 * R - 10, 6);
    expect(s.costWithDrain.usdPer1kOutputTokens).toBeCloseTo((usd / outputTokens) * 1000, 12);
    // Replica 2 (elastic's second) serves only requests arriving after its cold start.
    const q = r.requests;
    let onNew = 0;
    for (let i = 0; i < q.count; i++) {
      if (q.replica[i] !== 2) continue;
      onNew++;
      expect(q.arrivedAt[i]).toBeGreaterThanOrEqual(15);
    }
    expect(onNew).toBeGreaterThan(0);
    expect(s.requests.finished).toBe(s.requests.arrived);
  });

  it("a pool's utilization is its busy seconds over the replica-seconds it HELD (a replica not yet started is not idle), by hand", () => {
    const r = runScenario(scenarioFrom(fleet()));
    const s = r.summary;
    const R = r.simulatedSeconds;
    const { startSeconds: w0, endSeconds: w1 } = s.window;
    // maxNumSeqs 1, 10 steps of 10 ms: each request keeps its replica busy exactly over
    // [finishedAt − 0.1, finishedAt], and the replica is busy only then.
    const q = r.requests;
    const busy = [0, 0, 0];
    const busyW = [0, 0, 0];
    for (let i = 0; i < q.count; i++) {
      const end = q.finishedAt[i];
      busy[q.replica[i]] += 0.1;
      busyW[q.replica[i]] += Math.max(0, Math.min(end, w1) - Math.max(end - 0.1, w0));
    }
    expect(busy[2]).toBeGreaterThan(0);
    const el = s.pools!.elastic;
    // Elastic held replica 1 all run and replica 2 from its start at 10 s (cold start included).
    expect(el.utilizationWithDrain).toBeCloseTo((busy[1] + busy[2]) / (R + (R - 10)), 9);
    expect(el.utilization).toBeCloseTo((busyW[1] + busyW[2]) / (w1 - w0 + (w1 - 10)), 9);
    // Not the mean over the replicas as built, which counts replica 2's first 10 s as idle
    // (lower by the factor (2R − 10) / 2R, about 0.87 here).
    expect(R).toBeLessThan(50);
    expect(el.utilizationWithDrain).toBeGreaterThan(1.1 * ((busy[1] / R + busy[2] / R) / 2));
    // A fixed pool, held throughout, is unchanged: busy / run.
    expect(s.pools!.fixed.utilizationWithDrain).toBeCloseTo(busy[0] / R, 9);
    expect(s.pools!.fixed.utilization).toBeCloseTo(busyW[0] / (w1 - w0), 9);
    // Each replica's own utilization is over the seconds it was held, too (replica 2 from 10 s).
    const rep = r.replicas;
    expect(rep[2].utilizationWithDrain).toBeCloseTo(busy[2] / (R - 10), 9);
    expect(rep[2].utilization).toBeCloseTo(busyW[2] / (w1 - 10), 9);
    expect(rep[1].utilizationWithDrain).toBeCloseTo(busy[1] / R, 9);
    expect(rep[0].utilization).toBeCloseTo(busyW[0] / (w1 - w0), 9);
  });

  it('refuses hardware.autoscale at the top level with pools, naming where it goes', () => {
    const raw = fleet({ hardware: { gpu: 'h100-sxm', autoscale: SCALE } });
    expect(() => scenarioFrom(raw)).toThrow(/hardware\.autoscale: with pools, autoscaling is a policy per pool.*pools\[i\]\.hardware\.autoscale/s);
  });

  it("checks a pool's numReplicas against its own autoscale bounds, named after the pool", () => {
    const raw = fleet({}, [
      { name: 'fixed', hardware: { gpu: 'h100-sxm', numReplicas: 1 } },
      { name: 'elastic', hardware: { gpu: 'h100-sxm', numReplicas: 3, autoscale: SCALE } },
    ]);
    expect(() => scenarioFrom(raw)).toThrow(/pools\.1\.hardware\.numReplicas: with autoscale, numReplicas is the replicas active at t = 0 and must lie from minReplicas \(1\) to maxReplicas \(2\); got 3; set numReplicas: 2/);
  });

  it("a pool's policy counts its own replicas' load only: an overloaded fixed pool does not scale the autoscaled one", () => {
    // 'busy' (1 replica, ~10 req/s) gets class heavy at ~10.8 req/s and its queue grows; 'elastic'
    // (target 2 outstanding per replica) gets class light at ~1.2 req/s and never needs a second.
    const raw = fleet(
      { router: { kind: 'least-outstanding', poolRules: [{ class: 'heavy', pool: 'busy' }, { class: 'light', pool: 'elastic' }] } },
      [
        { name: 'busy', hardware: { gpu: 'h100-sxm', numReplicas: 1 } },
        { name: 'elastic', hardware: { gpu: 'h100-sxm', numReplicas: 1, autoscale: { policy: 'target-concurrency', target: 2, minReplicas: 1, maxReplicas: 3, intervalSeconds: 2, coldStartSeconds: 1 } } },
      ],
      { arrival: { kind: 'poisson', ratePerSecond: 12 }, stop: { durationSeconds: 20 }, classes: [{ name: 'heavy', share: 0.9 }, { name: 'light', share: 0.1 }] },
    );
    const s = runScenario(scenarioFrom(raw)).summary;
    expect(s.pools!.busy.queueSeconds.max).toBeGreaterThan(1);
    expect(s.pools!.elastic.autoscale!.scaleUps).toBe(0);
    expect(s.pools!.elastic.autoscale!.peakReplicas).toBe(1);
  });

  it('is deterministic', () => {
    const a = runScenario(scenarioFrom(fleet()));
    const b = runScenario(scenarioFrom(fleet()));
    expect(JSON.stringify(b.summary)).toBe(JSON.stringify(a.summary));
  });
});

describe('failures with pools', () => {
  const twoFixed = [
    { name: 'fixed', hardware: { gpu: 'h100-sxm', numReplicas: 2 } },
    { name: 'other', hardware: { gpu: 'h100-sxm', numReplicas: 1 } },
  ];

  it("a failure names a pool's replica: that replica fails and is repaired; the other pool's counts never change", () => {
    const r = runScenario(scenarioFrom(fleet({ failures: { events: [{ pool: 'fixed', replica: 1, atSeconds: FAIL_AT, repairSeconds: 5 }], onFailure: 'retry' } }, twoFixed)));
    const s = r.summary;
    expect(s.failures!.events).toHaveLength(1);
    expect(s.failures!.events[0]).toMatchObject({ pool: 'fixed', replica: 1, atSeconds: FAIL_AT, repairedAt: FAIL_AT + 5 });
    expect(s.pools!.fixed.replicasOverTime).toEqual([
      { t: 0, active: 2, starting: 0, draining: 0, failed: 0 },
      { t: FAIL_AT, active: 1, starting: 0, draining: 0, failed: 1 },
      { t: FAIL_AT + 5, active: 2, starting: 0, draining: 0, failed: 0 },
    ]);
    expect(s.pools!.other.replicasOverTime).toEqual([{ t: 0, active: 1, starting: 0, draining: 0, failed: 0 }]);
    expect(s.requests.finished).toBe(s.requests.arrived);
    // Replica 1 in the fleet's numbering is fixed's replica 1: nothing reaches it while failed.
    const q = r.requests;
    for (let i = 0; i < q.count; i++) {
      if (q.replica[i] === 1) expect(q.arrivedAt[i] < FAIL_AT || q.arrivedAt[i] >= FAIL_AT + 5).toBe(true);
    }
    // Held GPU-seconds: the failed replica is paid for (held) through its repair.
    expect(s.pools!.fixed.cost.gpuHours * 3600).toBeCloseTo(2 * (s.window.endSeconds - s.window.startSeconds), 6);
  });

  it('a class ruled to a pool whose only replica is down waits (parked) and is served after the repair; the other class is untouched', () => {
    const raw = fleet(
      {
        router: { kind: 'least-outstanding', poolRules: [{ class: 'x', pool: 'fixed' }, { class: 'y', pool: 'other' }] },
        failures: { events: [{ pool: 'fixed', replica: 0, atSeconds: FAIL_AT, repairSeconds: 5 }], onFailure: 'retry' },
      },
      [
        { name: 'fixed', hardware: { gpu: 'h100-sxm', numReplicas: 1 } },
        { name: 'other', hardware: { gpu: 'h100-sxm', numReplicas: 1 } },
      ],
      { classes: [{ name: 'x', share: 1 }, { name: 'y', share: 1 }] },
    );
    const r = runScenario(scenarioFrom(raw));
    const s = r.summary;
    expect(s.requests.rejected).toBe(0);
    expect(s.requests.finished).toBe(s.requests.arrived);
    const q = r.requests;
    let waited = 0;
    for (let i = 0; i < q.count; i++) {
      const inRepair = q.arrivedAt[i] >= FAIL_AT && q.arrivedAt[i] < FAIL_AT + 5;
      if (q.classIndex[i] === 0) {
        expect(q.replica[i]).toBe(0);
        if (inRepair) {
          waited++;
          expect(q.firstTokenAt[i]).toBeGreaterThanOrEqual(FAIL_AT + 5);
        }
      } else expect(q.replica[i]).toBe(1);
    }
    expect(waited).toBeGreaterThan(5);
  });

  it('a request waits for a pool it may be drawn to: with weights, a zero-weight pool that accepts work is not one', () => {
    const raw = fleet(
      {
        router: { kind: 'round-robin', poolWeights: { fixed: 1, other: 0 } },
        failures: { events: [{ pool: 'fixed', replica: 0, atSeconds: FAIL_AT, repairSeconds: 5 }], onFailure: 'retry' },
      },
      [
        { name: 'fixed', hardware: { gpu: 'h100-sxm', numReplicas: 1 } },
        { name: 'other', hardware: { gpu: 'h100-sxm', numReplicas: 1 } },
      ],
    );
    const r = runScenario(scenarioFrom(raw));
    const q = r.requests;
    let waited = 0;
    for (let i = 0; i < q.count; i++) {
      expect(q.replica[i]).toBe(0);
      if (q.arrivedAt[i] >= FAIL_AT && q.arrivedAt[i] < FAIL_AT + 5) {
        waited++;
        expect(q.firstTokenAt[i]).toBeGreaterThanOrEqual(FAIL_AT + 5);
      }
    }
    expect(waited).toBeGreaterThan(5);
    expect(r.summary.requests.finished).toBe(r.summary.requests.arrived);
  });

  it('weighted routing skips a pool with no replica accepting work', () => {
    const raw = fleet(
      {
        router: { kind: 'round-robin', poolWeights: { fixed: 1, other: 1 } },
        failures: { events: [{ pool: 'fixed', replica: 0, atSeconds: FAIL_AT, repairSeconds: 5 }], onFailure: 'retry' },
      },
      [
        { name: 'fixed', hardware: { gpu: 'h100-sxm', numReplicas: 1 } },
        { name: 'other', hardware: { gpu: 'h100-sxm', numReplicas: 1 } },
      ],
    );
    const r = runScenario(scenarioFrom(raw));
    const q = r.requests;
    let before = 0;
    for (let i = 0; i < q.count; i++) {
      const inRepair = q.arrivedAt[i] >= FAIL_AT && q.arrivedAt[i] < FAIL_AT + 5;
      if (inRepair) expect(q.replica[i]).toBe(1);
      else if (q.replica[i] === 0) before++;
    }
    expect(before).toBeGreaterThan(10);
    expect(r.summary.requests.finished).toBe(r.summary.requests.arrived);
  });
});
