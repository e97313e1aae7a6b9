// engine.batchSizeTuning at load and in a run: TensorRT-LLM presets only, not with static
// batching; a run with it caps the running batch at the tuner's runtime batch size and says so.
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../sim/scenario/index.ts';
import { runScenario } from '../../sim/run.ts';
import { problemsOf } from '../fixtures/problems.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

const problems = (changes: Record<string, unknown>) => problemsOf(() => resolveScenario(withChanges(baseScenario(), changes), { file: 'p.yaml' }));

describe('engine.batchSizeTuning', () => {
  it('is absent unless turned on, so files without it resolve as before', () => {
    expect(scenarioFrom(withChanges(baseScenario(), { 'engine.preset': 'tensorrt-llm' })).engine.batchSizeTuning).toBeUndefined();
    expect(scenarioFrom(withChanges(baseScenario(), { engine: { preset: 'tensorrt-llm@0.14', batchSizeTuning: true } })).engine.batchSizeTuning).toBe(true);
  });

  it('is refused for engines without the tuner and with static batching', () => {
    expect(problems({ engine: { preset: 'vllm', batchSizeTuning: true } })).toEqual([
      "engine.batchSizeTuning: the dynamic batch-size tuner is TensorRT-LLM's; the vllm preset has none | remove batchSizeTuning, or use preset 'tensorrt-llm'",
    ]);
    expect(problems({ engine: { preset: 'tensorrt-llm', batchSizeTuning: true }, 'hardware.pp': 2 })).toEqual([
      'engine.batchSizeTuning: the tuner sizes one pool of KV blocks; with pp 2 the replica runs as 2 virtual engines, each with a share of the pool | remove batchSizeTuning, or use pp 1',
    ]);
    expect(problems({ engine: { preset: 'tensorrt-llm', batchSizeTuning: true, batching: { kind: 'static', maxBatchSize: 8, batchTimeoutSeconds: 0.1 } } })).toEqual([
      "engine.batchSizeTuning: the tuner caps an in-flight batcher's batch; static batching forms batches of engine.batching.maxBatchSize | remove batchSizeTuning or engine.batching",
    ]);
  });

  it('caps the running batch in a run at the runtime batch size, and the engine note says so', () => {
    // llama-3.1-8b fp16 on an H100: every request is 1000 + 500 tokens, all at t = 0.
    const raw = (tuning: boolean) => ({
      name: 'tuning', seed: 1, model: 'llama-3.1-8b', hardware: { gpu: 'h100-sxm', tp: 1 },
      engine: { preset: 'tensorrt-llm@0.14', ...(tuning ? { batchSizeTuning: true } : {}) },
      workload: { arrival: { kind: 'max' }, promptTokens: { kind: 'fixed', tokens: 1000 }, outputTokens: { kind: 'fixed', tokens: 500 }, stop: { numRequests: 1000 } },
    });
    const plain = runScenario(scenarioFrom(raw(false)));
    const tuned = runScenario(scenarioFrom(raw(true)));
    const blocks = plain.summary.kv.numGpuBlocks as number;
    // Whole requests the pool holds: ⌊blocks / ⌈1500/32⌉⌋; the tuner takes its table entry.
    const capacity = Math.floor(blocks / Math.ceil(1500 / 32));
    expect(capacity).toBeGreaterThanOrEqual(256); // 256 ≤ capacity < 336: the table's 256 binds below the KV limit
    expect(capacity).toBeLessThan(336);
    const table: [number, number][] = [[144, 128], [336, 256], [672, 512]];
    const runtime = table.find(([limit]) => capacity < limit)![1];
    // Never more than the runtime batch size; near it until the queue empties.
    expect(tuned.summary.kv.meanRunningWithDrain).toBeLessThanOrEqual(runtime);
    expect(tuned.summary.kv.meanRunningWithDrain).toBeGreaterThan(0.8 * runtime);
    expect(plain.summary.kv.meanRunningWithDrain).toBeGreaterThan(runtime);
    expect(tuned.notes.join('\n')).toContain('batch-size tuning');
  });
});
