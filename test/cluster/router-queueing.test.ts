// Routers through the real scheduler, as queues. With a constant-time cost model (every step
// c = 10 ms) and maxNumSeqs = 1 a replica is one FCFS server with deterministic service 10 × c.
//   Poisson splitting: random routing of Poisson(λ) over k replicas sends each an independent
//     Poisson(λ/k) stream (thinning), so each replica is M/D/1 at λ/k: mean wait
//     Wq = ρ / (2μ(1 − ρ)), ρ = λ/(kμ) (Pollaczek–Khinchine; Kleinrock vol. 1 eq. 5.105).
//     Checked per replica within 4 batch-means standard errors (30 batches), and each replica's
//     inter-arrival times have mean k/λ and coefficient of variation 1 (within 3% / 5%).
//   Power of two choices: at ρ = 0.9 over 8 replicas, p99 TTFT with power-of-two is below half
//     of random's on the same arrivals (Mitzenmacher 2001: the supermarket model's queue tails
//     fall doubly exponentially instead of geometrically).
//   Staleness: least-outstanding reading a snapshot every Δ = 2 s sends every request decided
//     inside one interval to the same replica (the one least loaded at the snapshot, ties to the
//     lowest index: it herds); live, it does not, and the herding worsens p99 TTFT.
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../sim/scenario/index.ts';
import { runScenario } from '../fixtures/run.ts';
import { batchMeans } from '../fixtures/batch-means.ts';

const STEP = 0.01;
const MU = 10; // 10 output tokens × 10 ms per request

function run(opts: { rate: number; numRequests: number; replicas: number; router: Record<string, unknown>; warmupRequests?: number }) {
  const scenario = resolveScenario(
    {
      model: 'llama-3.1-8b',
      hardware: { gpu: 'h100-sxm', numReplicas: opts.replicas },
      costModel: { kind: 'constant', stepSeconds: STEP },
      engine: { maxNumSeqs: 1, maxNumBatchedTokens: 1024 },
      router: opts.router,
      workload: {
        arrival: { kind: 'poisson', ratePerSecond: opts.rate },
        promptTokens: { kind: 'fixed', tokens: 16 },
        outputTokens: { kind: 'fixed', tokens: 10 },
        stop: { numRequests: opts.numRequests },
      },
      metrics: { warmupRequests: opts.warmupRequests ?? 1000 },
      seed: 11,
    },
    { file: 'router-queueing.test' },
  );
  return runScenario(scenario);
}

describe('routers as queues', () => {
  it('Poisson splitting: random over 4 replicas makes each replica an M/D/1 at λ/4 (Pollaczek–Khinchine per replica)', () => {
    const k = 4;
    const rate = 28; // ρ = 28 / (4 × 10) = 0.7 per replica
    const result = run({ rate, numRequests: 100_000, replicas: k, router: { kind: 'random' } });
    const r = result.requests;
    const rho = rate / (k * MU);
    const expected = rho / (2 * MU * (1 - rho)); // 0.11667 s
    for (let q = 0; q < k; q++) {
      const waits: number[] = [];
      const arrivals: number[] = [];
      for (let i = 0; i < r.count; i++) {
        if (r.replica[i] !== q) continue;
        arrivals.push(r.arrivedAt[i]);
        if (r.measured[i] === 1) waits.push(r.scheduledAt[i] - r.arrivedAt[i]);
      }
      const { mean, standardError } = batchMeans(waits);
      expect(Math.abs(mean - expected)).toBeLessThan(4 * standardError);
      expect(standardError / expected).toBeLessThan(0.06); // the check has teeth
      // The replica's own arrivals: exponential gaps of mean k/λ (mean within 3%, CV within 5%).
      const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]);
      const m = gaps.reduce((a, b) => a + b, 0) / gaps.length;
      const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - m) ** 2, 0) / (gaps.length - 1));
      expect(Math.abs(m / (k / rate) - 1)).toBeLessThan(0.03);
      expect(Math.abs(sd / m - 1)).toBeLessThan(0.05);
    }
    expect(result.summary.routing!.requestsMaxOverMean).toBeLessThan(1.02); // 25k each, binomial sd 137
  });

  it('power of two choices beats random on p99 TTFT at ρ = 0.9 over 8 replicas (same arrivals)', () => {
    const rate = 72; // ρ = 72 / 80 = 0.9
    const random = run({ rate, numRequests: 30_000, replicas: 8, router: { kind: 'random' } }).summary;
    const p2c = run({ rate, numRequests: 30_000, replicas: 8, router: { kind: 'power-of-two' } }).summary;
    expect(random.requests.finished).toBe(30_000);
    expect(p2c.requests.finished).toBe(30_000);
    expect(p2c.ttftSeconds.p99).toBeLessThan(0.5 * random.ttftSeconds.p99);
    expect(p2c.ttftSeconds.mean).toBeLessThan(random.ttftSeconds.mean);
  });

  it('staleness changes decisions: with Δ = 2 s least-outstanding herds every interval onto one replica', () => {
    const base = { rate: 20, numRequests: 4000, replicas: 4, warmupRequests: 0 };
    const stale = run({ ...base, router: { kind: 'least-outstanding', staleSeconds: 2 } });
    const live = run({ ...base, router: { kind: 'least-outstanding' } });
    // Per interval [2k, 2k + 2): the replicas requests were routed to (routing at arrival: no frontend latency).
    const spread = (r: typeof stale.requests) => {
      const seen = new Map<number, Set<number>>();
      for (let i = 0; i < r.count; i++) {
        const k = Math.floor(r.arrivedAt[i] / 2);
        if (!seen.has(k)) seen.set(k, new Set());
        seen.get(k)!.add(r.replica[i]);
      }
      return [...seen.values()].map((s) => s.size);
    };
    const staleSpread = spread(stale.requests);
    expect(staleSpread.length).toBeGreaterThan(90); // ~200 s of arrivals
    expect(Math.max(...staleSpread)).toBe(1); // herding: one replica per interval, exactly
    expect(spread(live.requests).filter((n) => n > 1).length).toBeGreaterThan(0.9 * staleSpread.length);
    expect(stale.summary.ttftSeconds.p99).toBeGreaterThan(5 * live.summary.ttftSeconds.p99);
  });
});
