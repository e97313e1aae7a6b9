// prefix-aware routing through whole runs on 8 replicas (Llama-3.1-8B, H100, roofline, prefix
// caching on):
//   many sessions — 4 conversations/s of 4–8 turns each, one of 16 system prompts of 1024
//     tokens: round-robin scatters a conversation's turns over the replicas, so most turns miss
//     their history; prefix-aware sends each turn where the router sent the one before, and the
//     cluster-wide prefix hit rate rises from 0.56 to 0.90 (asserted: ≥ 0.8 vs ≤ 0.65, and
//     better by at least 0.25). Same seed, same conversations.
//   one hot prefix — every request starts with the same 2048-token prompt, 60 req/s (more than
//     one replica can serve): without a load cap every request goes to the one replica holding
//     it (busy max/mean = 8, the run overloaded); with the default cap (1.5 × mean, slack 4) the
//     hot group spreads to more holders and busy max/mean stays ≤ 1.5 (measured 1.35).
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../sim/scenario/index.ts';
import { runScenario } from '../../sim/run.ts';

const base = { model: 'llama-3.1-8b', hardware: { gpu: 'h100-sxm', numReplicas: 8 }, seed: 5 };

function sessions(router: Record<string, unknown>) {
  const scenario = resolveScenario(
    {
      ...base,
      router,
      workload: {
        arrival: { kind: 'poisson', ratePerSecond: 4 },
        promptTokens: { kind: 'lognormal', meanTokens: 400, sigma: 1, maxTokens: 4096 },
        outputTokens: { kind: 'lognormal', meanTokens: 200, sigma: 0.8, maxTokens: 1024 },
        sharedPrefix: { numGroups: 16, tokens: 1024 },
        sessions: {
          turns: { kind: 'uniform', minTokens: 4, maxTokens: 8 },
          thinkSeconds: { kind: 'lognormal', meanSeconds: 10, sigma: 1 },
          userTokens: { kind: 'lognormal', meanTokens: 150, sigma: 0.8, maxTokens: 2048 },
          maxContextTokens: 16384,
        },
        stop: { numRequests: 3000 },
      },
    },
    { file: 'router-prefix.test' },
  );
  return runScenario(scenario).summary;
}

function hotPrefix(router: Record<string, unknown>) {
  const scenario = resolveScenario(
    {
      ...base,
      router,
      workload: {
        arrival: { kind: 'poisson', ratePerSecond: 60 },
        promptTokens: { kind: 'lognormal', meanTokens: 600, sigma: 0.8, maxTokens: 4096 },
        outputTokens: { kind: 'lognormal', meanTokens: 150, sigma: 0.7, maxTokens: 1024 },
        sharedPrefix: { numGroups: 1, tokens: 2048 },
        stop: { numRequests: 4000 },
      },
    },
    { file: 'router-prefix.test' },
  );
  return runScenario(scenario).summary;
}

describe('prefix-aware routing', () => {
  it('raises the cluster-wide prefix hit rate over round-robin on a many-session workload across 8 replicas', () => {
    const rr = sessions({ kind: 'round-robin' });
    const pa = sessions({ kind: 'prefix-aware' });
    expect(rr.requests.finished).toBe(pa.requests.finished);
    expect(rr.kv.prefixCacheHitRate!).toBeLessThan(0.65);
    expect(pa.kv.prefixCacheHitRate!).toBeGreaterThan(0.8);
    expect(pa.kv.prefixCacheHitRate! - rr.kv.prefixCacheHitRate!).toBeGreaterThan(0.25);
    expect(pa.ttftSeconds.p50).toBeLessThan(rr.ttftSeconds.p50); // fewer prefill tokens
  });

  it('with one hot prefix the load cap keeps busy max/mean ≤ 1.5; without it one replica takes everything', () => {
    const capped = hotPrefix({ kind: 'prefix-aware' });
    const uncapped = hotPrefix({ kind: 'prefix-aware', loadCap: 'off' });
    expect(capped.routing!.busyMaxOverMean).toBeLessThanOrEqual(1.5);
    expect(capped.overloaded).toBe(false);
    expect(uncapped.routing!.requestsMaxOverMean).toBe(8);
    expect(uncapped.routing!.busyMaxOverMean).toBe(8);
    expect(uncapped.overloaded).toBe(true);
  });
});
