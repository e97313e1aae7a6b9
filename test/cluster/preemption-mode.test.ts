import { describe, expect, it } from 'vitest';
import { findGpu } from '../../sim/hardware/index.ts';
import { runScenario } from '../../sim/run.ts';
import { scenarioFrom } from '../fixtures/scenarios.ts';

// A small kv-pressure-l40s: Llama-2-7B (512 KiB of FP16 KV per token) on one L40S, 48 closed-loop
// clients with long outputs: the KV cache, not compute, limits the batch and forces preemptions.
const run = (engine: Record<string, unknown>) =>
  runScenario(
    scenarioFrom({
      name: 'kv-pressure-small',
      seed: 1,
      model: 'llama-2-7b',
      hardware: { gpu: 'l40s' },
      precision: { weights: 'fp16' },
      engine,
      workload: {
        arrival: { kind: 'closed-loop', concurrency: 96, thinkSeconds: 1 },
        promptTokens: { kind: 'uniform', minTokens: 256, maxTokens: 1024 },
        outputTokens: { kind: 'uniform', minTokens: 256, maxTokens: 1024 },
        stop: { numRequests: 150 },
      },
    }),
  );

describe('runScenario with engine.preemptionMode', () => {
  const recompute = run({});
  const swap = run({ preemptionMode: 'swap', swapSpaceGiB: 64 });

  it('recompute preemptions redo work; swap preemptions redo none and pay host-link time instead', () => {
    const r = recompute.summary.kv;
    expect(r.preemptions).toBeGreaterThan(0);
    expect(r.preemptionsRecompute).toBe(r.preemptions);
    expect(r.preemptionsSwap).toBe(0);
    expect(r.recomputedTokens).toBeGreaterThan(0);
    expect(r.swappedBlocks).toBe(0);
    expect(r.swapSeconds).toBe(0);

    const s = swap.summary.kv;
    expect(swap.summary.requests.finished).toBe(150);
    expect(s.preemptionsSwap).toBeGreaterThan(0);
    expect(s.preemptionsRecompute).toBe(0); // 64 GiB of host space holds every victim
    expect(s.recomputedTokens).toBe(0);
    expect(s.swappedBlocks).toBeGreaterThan(0);
    // Each block copy: 16 tokens × 512 KiB over PCIe Gen4 x16 (32 GB/s one way).
    const l40s = findGpu('l40s')!;
    expect(s.swapSeconds).toBeCloseTo((s.swappedBlocks * 16 * 512 * 1024) / l40s.hostLinkBandwidth, 9);
    // The copies stall steps: they are counted in busy time, as overhead.
    expect(swap.replicas[0].regimeShares.overhead).toBeGreaterThan(recompute.replicas[0].regimeShares.overhead);
  });

  it("with vLLM's default 4 GiB of host space (512 blocks of 8 MiB) some victims fall back to recompute", () => {
    const s = run({ preemptionMode: 'swap' }).summary.kv;
    expect(s.preemptionsSwap).toBeGreaterThan(0);
    expect(s.preemptionsRecompute).toBeGreaterThan(0);
    expect(s.recomputedTokens).toBeGreaterThan(0);
    expect(s.recomputedTokens).toBeLessThan(recompute.summary.kv.recomputedTokens);
  });

  it('with no host space every swap falls back to recompute, identical to recompute mode', () => {
    const none = run({ preemptionMode: 'swap', swapSpaceGiB: 0 });
    expect(none.summary).toEqual(recompute.summary);
  });
});
