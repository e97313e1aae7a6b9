// The M/D/1 replica of the plan-search tests: a constant-time cost model (every step 10 ms),
// maxNumSeqs 1 and 10 output tokens, so a replica serves one request at a time for exactly
// D = 10 × 10 ms = 0.1 s (μ = 10/s); Poisson arrivals. With a random router, Poisson splitting
// makes every replica an M/D/1 queue at λ/r. Mean E2E by Pollaczek–Khinchine:
//   W(ρ) = D + ρD / (2(1 − ρ)),  ρ = λD/r   (Kleinrock 1975, eq. 5.105)
// and the largest rate with W ≤ X: ρ* = 2w/(1 + 2w), w = (X − D)/D, λ* = r ρ*/D.
import { resolveScenario, type Scenario } from '../../sim/scenario/index.ts';

export const SERVICE_SECONDS = 0.1;

export function md1Scenario(o: { rate: number; e2eMean: number; numRequests: number; replicas?: number; seed?: number }): Scenario {
  return resolveScenario(
    {
      name: 'md1-plan',
      seed: o.seed ?? 11,
      model: 'llama-3.1-8b',
      hardware: { gpu: 'h100-sxm', numReplicas: o.replicas ?? 1 },
      costModel: { kind: 'constant', stepSeconds: SERVICE_SECONDS / 10 },
      engine: { maxNumSeqs: 1, maxNumBatchedTokens: 1024 },
      router: { kind: 'random' },
      workload: {
        arrival: { kind: 'poisson', ratePerSecond: o.rate },
        promptTokens: { kind: 'fixed', tokens: 16 },
        outputTokens: { kind: 'fixed', tokens: 10 },
        stop: { numRequests: o.numRequests },
      },
      metrics: { warmupRequests: 500 },
      slo: { e2e: { mean: o.e2eMean } },
    },
    { file: 'md1-plan.test' },
  );
}

/** Pollaczek–Khinchine mean E2E of one M/D/1 replica at utilisation ρ. */
export function md1MeanE2e(rho: number): number {
  return SERVICE_SECONDS + (rho * SERVICE_SECONDS) / (2 * (1 - rho));
}

/** The largest per-replica rate with mean E2E ≤ x (the inverse of md1MeanE2e). */
export function md1MaxRate(x: number): number {
  const w = (x - SERVICE_SECONDS) / SERVICE_SECONDS;
  return (2 * w) / (1 + 2 * w) / SERVICE_SECONDS;
}
