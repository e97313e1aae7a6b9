import { describe, expect, it } from 'vitest';
import { runScenario } from '../fixtures/run.ts';
import { scenarioFrom } from '../fixtures/scenarios.ts';

// Llama-3.1-8B on one H100 at moderate load: prompts ≈ 200 tokens, outputs ≈ 100.
const run = (enablePrefixCaching: boolean, sharedPrefix?: { numGroups: number; tokens: number }) =>
  runScenario(
    scenarioFrom({
      name: 'prefix-caching',
      seed: 3,
      model: 'llama-3.1-8b',
      hardware: { gpu: 'h100-sxm' },
      engine: { enablePrefixCaching },
      workload: {
        arrival: { kind: 'poisson', ratePerSecond: 10 },
        promptTokens: { kind: 'uniform', minTokens: 150, maxTokens: 250 },
        outputTokens: { kind: 'uniform', minTokens: 80, maxTokens: 120 },
        stop: { numRequests: 400 },
        ...(sharedPrefix === undefined ? {} : { sharedPrefix }),
      },
    }),
  );

describe('prefix caching', () => {
  it('with a long shared system prompt: hit rate near the shared fraction, lower TTFT', () => {
    const prefix = { numGroups: 1, tokens: 2048 };
    const on = run(true, prefix);
    const off = run(false, prefix);
    const shared = 2048 / (2048 + 200);
    expect(on.summary.requests.finished).toBe(400);
    expect(off.summary.kv.prefixCacheHitRate).toBe(0);
    expect(off.summary.kv.prefillTokensSaved).toBe(0);
    // Only the first request(s) miss: within 2 % of the shared fraction, never above it.
    expect(on.summary.kv.prefixCacheHitRate).toBeGreaterThan(shared - 0.02);
    expect(on.summary.kv.prefixCacheHitRate).toBeLessThanOrEqual(shared + 0.01);
    expect(on.summary.kv.prefillTokensSaved).toBeGreaterThan(390 * 2048);
    expect(on.summary.ttftSeconds.mean).toBeLessThan(0.8 * off.summary.ttftSeconds.mean);
  });

  it('a prefix shorter than one block can never hit: the caching path gives exactly the results of caching off', () => {
    // 15 tokens < blockSize 16: no full block lies inside the prefix, so nothing is shareable,
    // but every admission goes through PrefixCachingKvCache's lookup.
    const prefix = { numGroups: 4, tokens: 15 };
    const on = run(true, prefix);
    const off = run(false, prefix);
    expect(on.summary.kv.prefixCacheHitRate).toBe(0);
    expect(on.summary).toEqual(off.summary);
    expect(Array.from(on.requests.finishedAt)).toEqual(Array.from(off.requests.finishedAt));
  });

  it('without a shared prefix the summary has no prefix-cache fields', () => {
    expect(run(true).summary.kv.prefixCacheHitRate).toBeUndefined();
  });

  it('the prefix draw leaves arrivals and lengths unchanged (common random numbers)', () => {
    const plain = run(false);
    const prefixed = run(false, { numGroups: 4, tokens: 100 });
    const a = plain.requests;
    const b = prefixed.requests;
    for (let i = 0; i < 400; i++) {
      expect(b.arrivedAt[i]).toBe(a.arrivedAt[i]);
      expect(b.numPromptTokens[i]).toBe(a.numPromptTokens[i] + 100);
      expect(b.numOutputTokens[i]).toBe(a.numOutputTokens[i]);
    }
  });
});
