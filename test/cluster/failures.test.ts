// Failures through the real cluster (constant 10 ms steps, maxNumSeqs 4, 3 replicas,
// least-outstanding routing, Poisson arrivals at 40 req/s).
//   Retry: conservation — every request ends exactly once and all finish; the retried count
//   equals the requests in flight on the failed replica at the failure instant, read from a twin
//   run without the failure (the same seed gives the same history up to that instant); nothing
//   reaches the failed replica during its repair window.
//   Lost: the same requests are lost instead; finished + lost = arrived; requests.lost matches.
//   MTBF: failure counts over the run fall within Poisson bounds of (up time ÷ MTBF).
//   Determinism: the same scenario and seed give the same summary.
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../sim/scenario/index.ts';
import { runScenario } from '../fixtures/run.ts';
import { runScenario as runPlain } from '../../sim/run.ts';

const FAIL_AT = 10.0005;

function scenario(failures: Record<string, unknown> | undefined, durationSeconds = 30) {
  return resolveScenario(
    {
      model: 'llama-3.1-8b',
      hardware: { gpu: 'h100-sxm', numReplicas: 3 },
      costModel: { kind: 'constant', stepSeconds: 0.01 },
      engine: { maxNumSeqs: 4, maxNumBatchedTokens: 1024 },
      router: { kind: 'least-outstanding' },
      workload: {
        arrival: { kind: 'poisson', ratePerSecond: 40 },
        promptTokens: { kind: 'fixed', tokens: 16 },
        outputTokens: { kind: 'fixed', tokens: 20 },
        stop: { durationSeconds },
      },
      ...(failures === undefined ? {} : { failures }),
      seed: 5,
    },
    { file: 'failures.test' },
  );
}

/** Requests on replica k in flight at t in a run without failures. */
function inFlightAt(k: number, t: number): number {
  const q = runScenario(scenario(undefined)).requests;
  let n = 0;
  for (let i = 0; i < q.count; i++) if (q.replica[i] === k && q.arrivedAt[i] < t && q.finishedAt[i] > t) n++;
  return n;
}

describe('failures', () => {
  it('retry: every request ends once and finishes; retried = in flight on the replica at the failure; none routed to it while failed', () => {
    const expected = inFlightAt(1, FAIL_AT);
    expect(expected).toBeGreaterThan(0);
    const r = runScenario(scenario({ events: [{ replica: 1, atSeconds: FAIL_AT, repairSeconds: 5 }], onFailure: 'retry' }));
    const sum = r.summary;
    expect(sum.requests.finished).toBe(sum.requests.arrived);
    expect(sum.requests.lost).toBe(0);
    expect(r.requests.count).toBe(sum.requests.arrived);
    expect(sum.failures!.requestsRetried).toBe(expected);
    expect(sum.failures!.events).toEqual([{ replica: 1, atSeconds: FAIL_AT, repairedAt: FAIL_AT + 5, requestsLost: 0, requestsRetried: expected }]);
    const q = r.requests;
    for (let i = 0; i < q.count; i++) {
      if (q.replica[i] !== 1) continue;
      // Routed at arrival (no frontend latency): never while failed.
      expect(q.arrivedAt[i] < FAIL_AT || q.arrivedAt[i] >= FAIL_AT + 5).toBe(true);
    }
    expect(sum.replicasOverTime!.slice(1, 3)).toEqual([
      { t: FAIL_AT, active: 2, starting: 0, draining: 0, failed: 1 },
      { t: FAIL_AT + 5, active: 3, starting: 0, draining: 0, failed: 0 },
    ]);
    expect(sum.failures!.recovery!.from).toBe(FAIL_AT);
    expect(sum.failures!.recovery!.to).toBe(FAIL_AT + 5);
    // Cost is unchanged: a failed replica holds its GPUs.
    expect(sum.costWithDrain.gpuHours).toBeCloseTo((3 * r.simulatedSeconds) / 3600, 12);
  });

  it('lost: the in-flight requests of the failed replica are lost and counted; finished + lost = arrived', () => {
    const expected = inFlightAt(1, FAIL_AT);
    const sum = runPlain(scenario({ events: [{ replica: 1, atSeconds: FAIL_AT, repairSeconds: 5 }], onFailure: 'lost' })).summary;
    expect(sum.failures!.requestsLost).toBe(expected);
    expect(sum.requests.lost).toBe(expected);
    expect(sum.requests.finished + sum.requests.lost!).toBe(sum.requests.arrived);
    expect(sum.requests.unfinished).toBe(0);
    expect(sum.overloaded).toBe(false);
  });

  it('MTBF: the number of failures is within Poisson bounds of up time ÷ MTBF', () => {
    const mtbf = 20;
    const repair = 2;
    const sum = runPlain(scenario({ mtbfSeconds: mtbf, repairSeconds: repair, onFailure: 'retry' }, 400)).summary;
    const n = sum.failures!.events.length;
    // Each replica alternates up (mean mtbf) and down (repair): ≈ 3 × run ÷ (mtbf + repair) failures.
    const mean = (3 * 400) / (mtbf + repair);
    expect(Math.abs(n - mean)).toBeLessThan(4 * Math.sqrt(mean));
    expect(sum.requests.finished).toBe(sum.requests.arrived);
  });

  it('is deterministic', () => {
    const s = scenario({ mtbfSeconds: 10, repairSeconds: 1, onFailure: 'retry' });
    expect(JSON.stringify(runPlain(s).summary)).toBe(JSON.stringify(runPlain(s).summary));
  });

  it('rejects an event naming a replica the fleet does not have', () => {
    expect(() => scenario({ events: [{ replica: 3, atSeconds: 1, repairSeconds: 1 }] })).toThrow(/failures\.events\.0\.replica: replica 3 does not exist/);
    expect(() => scenario({ mtbfSeconds: 10 })).toThrow(/failures\.repairSeconds: mtbfSeconds needs repairSeconds/);
  });
});

describe('failures: a lost request is not a rejection', () => {
  // Sessions of 3 turns (think 0.5 s) on the 3-replica fleet; replica 1 fails at FAIL_AT with
  // onFailure 'lost'. Each lost turn ends its session as lost (endedByLoss), not as rejected:
  // rejected keeps meaning "refused at admission" (none here).
  const withSessions = (failures: Record<string, unknown>) => {
    const s = scenario(failures);
    return { ...s, config: { ...s.config, workload: { ...s.config.workload, sessions: { turns: { kind: 'fixed' as const, tokens: 3 }, thinkSeconds: 0.5 } } } };
  };

  it('a lost turn ends its session as lost; requests.rejected and sessions.endedByRejection stay 0', () => {
    const r = runScenario(withSessions({ events: [{ replica: 1, atSeconds: FAIL_AT, repairSeconds: 5 }], onFailure: 'lost' }) as ReturnType<typeof scenario>);
    const sum = r.summary;
    expect(sum.failures!.requestsLost).toBeGreaterThan(0);
    expect(sum.requests.lost).toBe(sum.failures!.requestsLost);
    expect(sum.requests.rejected).toBe(0);
    expect(sum.sessions!.endedByRejection).toBe(0);
    // Every lost turn that had turns left ends its session; a session's last turn lost ends it anyway.
    expect(sum.sessions!.endedByLoss).toBeGreaterThan(0);
    expect(sum.sessions!.endedByLoss).toBeLessThanOrEqual(sum.failures!.requestsLost);
  });

  it('without failures, summary.sessions has no endedByLoss (the contract of other runs is unchanged)', () => {
    const s = scenario(undefined);
    const r = runPlain({ ...s, config: { ...s.config, workload: { ...s.config.workload, sessions: { turns: { kind: 'fixed' as const, tokens: 3 }, thinkSeconds: 0.5 } } } } as ReturnType<typeof scenario>);
    expect(r.summary.sessions).not.toHaveProperty('endedByLoss');
  });
});
