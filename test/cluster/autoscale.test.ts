// Autoscaling through the real cluster, with a constant-time cost model (every step c = 10 ms,
// maxNumSeqs 1: a replica is one FCFS server, 10 output tokens = 10 steps = 0.1 s per request).
//   Cold start = weight bytes per GPU ÷ storage bandwidth (hand calculation).
//   Schedule policy, timeline by hand: 1 replica at t = 0; at 10 s two more start (cold start
//   5 s: starting 10–15, active 15–30); at 30 s back to 1 (two drain, released when empty). Held
//   GPU-seconds = Σ held replicas × Δt over replicasOverTime, = 40 + 2 × 20 + the drain tails.
//   No request is routed to a replica that is not active: replicas 1 and 2 only receive
//   requests arriving in [15, 30).
//   Target-concurrency on a step load (1 replica, 25 req/s against 10 req/s per replica, then
//   2 req/s from 15 s): the first decision at the interval (5 s) starts 2 replicas, active after
//   the cold start (7 s); once the backlog is gone the fleet drains back to minReplicas.
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../sim/scenario/index.ts';
import { coldStartSeconds, planReplica } from '../../sim/cluster/index.ts';
import { runScenario } from '../fixtures/run.ts';
import { runScenario as runPlain } from '../../sim/run.ts';

function scenario(autoscale: Record<string, unknown>, extra: { rate?: number; durationSeconds?: number; arrival?: Record<string, unknown>; numReplicas?: number } = {}) {
  return resolveScenario(
    {
      model: 'llama-3.1-8b',
      hardware: { gpu: 'h100-sxm', numReplicas: extra.numReplicas ?? 1, autoscale },
      costModel: { kind: 'constant', stepSeconds: 0.01 },
      engine: { maxNumSeqs: 1, maxNumBatchedTokens: 1024 },
      router: { kind: 'least-outstanding' },
      workload: {
        arrival: extra.arrival ?? { kind: 'poisson', ratePerSecond: extra.rate ?? 5 },
        promptTokens: { kind: 'fixed', tokens: 16 },
        outputTokens: { kind: 'fixed', tokens: 10 },
        stop: { durationSeconds: extra.durationSeconds ?? 40 },
      },
      seed: 3,
    },
    { file: 'autoscale.test' },
  );
}

/** ∫ held replicas dt over the change points, to `end`. */
function heldReplicaSeconds(points: { t: number; active: number; starting: number; draining: number; failed: number }[], end: number): number {
  let s = 0;
  for (let k = 0; k < points.length; k++) {
    const p = points[k];
    const next = k + 1 < points.length ? points[k + 1].t : end;
    s += (p.active + p.starting + p.draining + p.failed) * (Math.min(next, end) - p.t);
  }
  return s;
}

describe('autoscale', () => {
  it('coldStartSeconds is weight bytes per GPU ÷ (storageGBps × 1e9), 1 GB/s by default, or the stated value', () => {
    expect(coldStartSeconds({ storageGBps: 2 }, 16e9)).toBe(8);
    expect(coldStartSeconds({}, 16e9)).toBe(16);
    expect(coldStartSeconds({ coldStartSeconds: 3 }, 16e9)).toBe(3);
    const s = scenario({ policy: 'schedule', minReplicas: 1, maxReplicas: 2, schedule: [{ atSeconds: 5, replicas: 2 }] }, { durationSeconds: 10 });
    const weights = planReplica(s).weightBytesPerGpu;
    // Llama-3.1-8B in bf16: 8.03 B parameters × 2 bytes ≈ 16.06 GB on one GPU.
    expect(weights / 1e9).toBeCloseTo(16.06, 1);
    expect(runPlain(s).summary.autoscale!.coldStartSeconds).toBeCloseTo(weights / 1e9, 9);
  });

  it('schedule policy: the replica timeline and held GPU-seconds by hand; no request reaches a replica that is not active', () => {
    const s = scenario({ policy: 'schedule', minReplicas: 1, maxReplicas: 3, coldStartSeconds: 5, schedule: [{ atSeconds: 10, replicas: 3 }, { atSeconds: 30, replicas: 1 }] });
    const r = runScenario(s);
    const sum = r.summary;
    const pts = sum.replicasOverTime!;
    expect(pts[0]).toEqual({ t: 0, active: 1, starting: 0, draining: 0, failed: 0 });
    expect(pts[1]).toEqual({ t: 10, active: 1, starting: 2, draining: 0, failed: 0 });
    expect(pts[2]).toEqual({ t: 15, active: 3, starting: 0, draining: 0, failed: 0 });
    expect(pts[3].t).toBe(30);
    expect(pts[3].active).toBe(1);
    expect(pts[3].active + pts[3].draining).toBe(3 - (2 - pts[3].draining));
    const last = pts[pts.length - 1];
    expect(last.active).toBe(1);
    expect(last.draining).toBe(0);
    expect(last.t).toBeLessThan(30.5); // a drain ends within a few 0.1 s services
    const run = r.simulatedSeconds;
    const held = sum.autoscale!.gpuSecondsHeld;
    expect(held).toBeCloseTo(heldReplicaSeconds(pts, run), 9);
    expect(held).toBeGreaterThanOrEqual(run + 2 * 20 - 1e-9);
    expect(held).toBeLessThan(run + 2 * 20 + 1);
    expect(sum.costWithDrain.gpuHours).toBeCloseTo(held / 3600, 12);
    expect(sum.autoscale!.peakReplicas).toBe(3);
    // Against the fixed fleet sized for the peak: 3 replicas (1 GPU each) over the whole window.
    const w = sum.window.endSeconds - sum.window.startSeconds;
    const inWindow = sum.autoscale!.gpuSecondsHeldInWindow;
    expect(sum.autoscale!.fixedPeakFleet.gpuSecondsInWindow).toBeCloseTo(3 * w, 9);
    expect(sum.autoscale!.fixedPeakFleet.savedFraction).toBeCloseTo(1 - inWindow / (3 * w), 12);
    expect(sum.autoscale!.fixedPeakFleet.savedFraction).toBeGreaterThan(0);
    expect(sum.autoscale!.scaleUps).toBe(2);
    expect(sum.autoscale!.scaleDowns).toBe(2);
    const q = r.requests;
    let toNew = 0;
    for (let i = 0; i < q.count; i++) {
      if (q.replica[i] === 0) continue;
      toNew++;
      expect(q.arrivedAt[i]).toBeGreaterThanOrEqual(15);
      expect(q.arrivedAt[i]).toBeLessThan(30);
    }
    expect(toNew).toBeGreaterThan(20);
  });

  it('target-concurrency on a step load: scales up at the interval, serves after the cold start, drains back to minReplicas', () => {
    const s = scenario({ policy: 'target-concurrency', target: 4, minReplicas: 1, maxReplicas: 3, intervalSeconds: 5, coldStartSeconds: 2 }, { arrival: { kind: 'schedule', interpolation: 'step', points: [{ atSeconds: 0, ratePerSecond: 25 }, { atSeconds: 15, ratePerSecond: 2 }] }, durationSeconds: 40 });
    const r = runScenario(s);
    const pts = r.summary.replicasOverTime!;
    expect(pts[0]).toEqual({ t: 0, active: 1, starting: 0, draining: 0, failed: 0 });
    expect(pts[1]).toEqual({ t: 5, active: 1, starting: 2, draining: 0, failed: 0 });
    expect(pts[2]).toEqual({ t: 7, active: 3, starting: 0, draining: 0, failed: 0 });
    const last = pts[pts.length - 1];
    expect(last.active).toBe(1);
    expect(last.starting + last.draining).toBe(0);
    expect(r.summary.requests.finished).toBe(r.summary.requests.arrived);
    // Nothing reached replicas 1 and 2 before they were active at 7 s.
    const q = r.requests;
    for (let i = 0; i < q.count; i++) if (q.replica[i] !== 0) expect(q.arrivedAt[i]).toBeGreaterThanOrEqual(7);
  });

  it('is deterministic: the same scenario and seed give the same summary', () => {
    const s = scenario({ policy: 'target-queue', target: 2, minReplicas: 1, maxReplicas: 3, intervalSeconds: 3, scaleDownDelaySeconds: 6 }, { rate: 20, durationSeconds: 30 });
    expect(JSON.stringify(runPlain(s).summary)).toBe(JSON.stringify(runPlain(s).summary));
  });

  it('rejects numReplicas outside [minReplicas, maxReplicas], naming the field', () => {
    expect(() => scenario({ policy: 'target-queue', target: 2, minReplicas: 2, maxReplicas: 3 }, { numReplicas: 1 })).toThrow(/hardware\.numReplicas: with autoscale/);
    expect(() => scenario({ policy: 'target-queue', minReplicas: 1, maxReplicas: 3 })).toThrow(/hardware\.autoscale\.target: policy 'target-queue' needs target/);
  });
});
