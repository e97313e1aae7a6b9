// Queueing theory through the real scheduler: with a constant-time cost model (every step takes
// c seconds) and maxNumSeqs = 1, a replica is a single FCFS server whose service time is exactly
// c × (output tokens) — one prefill step that emits the first token, then one decode step per
// further token. Poisson arrivals make it M/G/1, whose mean wait is Pollaczek–Khinchine:
//   Wq = λ E[S²] / (2 (1 − ρ)),  ρ = λ E[S]
// (Kleinrock, Queueing Systems vol. 1, 1975, eq. 5.105). M/D/1 and M/M/1 are special cases.
// Tolerances come from the CLT via batch means: waits are autocorrelated, so the standard error
// of their mean is estimated from the spread of means of 30 consecutive batches, and the
// simulated mean must lie within 4 standard errors of the formula.
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../sim/scenario/index.ts';
import { runScenario } from '../fixtures/run.ts';
import { batchMeans } from '../fixtures/batch-means.ts';

const STEP = 0.01;

function runQueue(opts: { rate: number; outputTokens: unknown; numRequests: number; replicas?: number; router?: string }) {
  const scenario = resolveScenario(
    {
      model: 'llama-3.1-8b',
      hardware: { gpu: 'h100-sxm', numReplicas: opts.replicas ?? 1 },
      costModel: { kind: 'constant', stepSeconds: STEP },
      engine: { maxNumSeqs: 1, maxNumBatchedTokens: 1024 },
      router: { kind: opts.router ?? 'round-robin' },
      workload: {
        arrival: { kind: 'poisson', ratePerSecond: opts.rate },
        promptTokens: { kind: 'fixed', tokens: 16 },
        outputTokens: opts.outputTokens,
        stop: { numRequests: opts.numRequests },
      },
      metrics: { warmupRequests: 1000 },
      seed: 7,
    },
    { file: 'queueing.test' },
  );
  const result = runScenario(scenario);
  const r = result.requests;
  const waits: number[] = [];
  for (let i = 0; i < r.count; i++) if (r.measured[i] === 1) waits.push(r.scheduledAt[i] - r.arrivedAt[i]);
  expect(result.summary.requests.finished).toBe(opts.numRequests);
  return { waits, result };
}

function pollaczekKhinchine(rate: number, tokens: number[]) {
  const es = (tokens.reduce((a, t) => a + t, 0) / tokens.length) * STEP;
  const es2 = (tokens.reduce((a, t) => a + t * t, 0) / tokens.length) * STEP * STEP;
  const rho = rate * es;
  return { wq: (rate * es2) / (2 * (1 - rho)), rho, es };
}

describe('analytic queueing through the real scheduler', () => {
  it('M/D/1: mean wait = ρ / (2μ(1 − ρ))', () => {
    const rate = 7; // service 10 tokens × 10 ms = 0.1 s → μ = 10/s, ρ = 0.7
    const { waits } = runQueue({ rate, outputTokens: { kind: 'fixed', tokens: 10 }, numRequests: 61_000 });
    const mu = 10;
    const rho = rate / mu;
    const expected = rho / (2 * mu * (1 - rho)); // 0.11667 s
    const { mean, standardError } = batchMeans(waits);
    expect(Math.abs(mean - expected)).toBeLessThan(4 * standardError);
    expect(standardError / expected).toBeLessThan(0.05); // the check has teeth
  });

  it('M/M/1: exponential service (quantile-discretised) gives ρ/(μ − λ) up to the discretisation', () => {
    // Output lengths are the exponential's quantiles at (i + ½)/N, mean ≈ 10 tokens.
    const N = 400;
    const tokens = Array.from({ length: N }, (_, i) => Math.max(1, Math.round(-10 * Math.log(1 - (i + 0.5) / N))));
    const rate = 6;
    const pk = pollaczekKhinchine(rate, tokens);
    const mu = 1 / pk.es;
    const mm1 = pk.rho / (mu - rate);
    expect(Math.abs(pk.wq - mm1) / mm1).toBeLessThan(0.05); // the discretised law is M/M/1-like
    const { waits } = runQueue({ rate, outputTokens: { kind: 'empirical', tokens }, numRequests: 61_000 });
    const { mean, standardError } = batchMeans(waits);
    expect(Math.abs(mean - pk.wq)).toBeLessThan(4 * standardError);
  });

  it('M/G/1: Pollaczek–Khinchine with a high-variance service law', () => {
    const tokens = [1, 2, 4, 8, 25]; // E[S] = 80 ms, E[S²] = 0.0142 s²
    const rate = 8; // ρ = 0.64
    const pk = pollaczekKhinchine(rate, tokens);
    expect(pk.wq).toBeCloseTo((8 * 0.0142) / (2 * 0.36), 10);
    const { waits } = runQueue({ rate, outputTokens: { kind: 'empirical', tokens }, numRequests: 61_000 });
    const { mean, standardError } = batchMeans(waits);
    expect(Math.abs(mean - pk.wq)).toBeLessThan(4 * standardError);
  });

  it('Poisson splitting: a random router over 4 replicas makes each an M/D/1 at λ/4', () => {
    const { waits, result } = runQueue({ rate: 28, outputTokens: { kind: 'fixed', tokens: 10 }, numRequests: 81_000, replicas: 4, router: 'random' });
    const expected = 0.7 / (2 * 10 * 0.3);
    const { mean, standardError } = batchMeans(waits);
    expect(Math.abs(mean - expected)).toBeLessThan(4 * standardError);
    // Each replica got about a quarter of the requests (binomial: 4 standard deviations).
    const perReplica = [0, 0, 0, 0];
    for (let i = 0; i < result.requests.count; i++) perReplica[result.requests.replica[i]]++;
    const sd = Math.sqrt(81_000 * 0.25 * 0.75);
    for (const n of perReplica) expect(Math.abs(n - 81_000 / 4)).toBeLessThan(4 * sd);
  });
});
