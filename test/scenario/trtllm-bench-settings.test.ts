import { afterEach, describe, expect, it } from 'vitest';
import { GiB } from '../../sim/units.ts';
import { findModel } from '../../sim/hardware/index.ts';
import { ENGINE_PRESETS, trtllmBenchSettings } from '../../sim/scenario/index.ts';
import { rowScenario, type MeasurementRow } from '../../sim/validation/index.ts';

const llama70b = findModel('llama-3.1-70b')!; // 70,553,706,496 parameters
const llama8b = findModel('llama-3.1-8b')!; // 8,030,261,248 parameters

describe('trtllmBenchSettings', () => {
  it('llama-3.1-70b fp16, tp 2 on 80 GiB GPUs, 2048/2048: 21.7 requests fit, so the floors: batch 64, 2048 tokens', () => {
    // bytes/token 2·80·max(2, 8)·128·2 = 327,680; engine 70,553,706,496 · 2; available 2·80 GiB − engine.
    const available = 2 * 80 * GiB - 70_553_706_496 * 2;
    const requests = (0.95 * available) / (327_680 * 4096);
    expect(requests).toBeCloseTo(21.7, 1);
    expect(trtllmBenchSettings(llama70b, { weightBytes: 2, kvBytes: 2, tp: 2, pp: 1, isl: 2048, osl: 2048, deviceMemoryBytes: 80 * GiB })).toEqual({
      maxBatchSize: 64,
      maxNumTokens: 2048,
    });
  });

  it('llama-3.1-8b fp8 on one 80 GiB GPU, 128/128: the 4096 batch cap, and 4096 · (1 + 1) = 8192 tokens', () => {
    // 0.95 · (80 GiB − 8,030,261,248) / (2·32·8·128·1 · 256) = 4,410 requests > 4096.
    expect((0.95 * (80 * GiB - 8_030_261_248)) / (65_536 * 256)).toBeGreaterThan(4096);
    expect(trtllmBenchSettings(llama8b, { weightBytes: 1, kvBytes: 1, tp: 1, pp: 1, isl: 128, osl: 128, deviceMemoryBytes: 80 * GiB })).toEqual({
      maxBatchSize: 4096,
      maxNumTokens: 8192,
    });
  });

  it('rounds a mid-size batch up to 128s, a small one to 32s, and tokens to 256s above the 2048 floor (llama-3.1-8b fp8)', () => {
    // 0.95 · (80 GiB − 8,030,261,248) / (65,536 · 2000) = 564.4 requests: 128·⌈564.4/128⌉ = 640;
    // tokens 564.4 · (1 + 1) = 1129 < 4096 → max(2048, 256·⌈1129/256⌉) = 2048.
    const requests = (0.95 * (80 * GiB - 8_030_261_248)) / (65_536 * 2000);
    expect(requests).toBeCloseTo(564.4, 1);
    expect(trtllmBenchSettings(llama8b, { weightBytes: 1, kvBytes: 1, tp: 1, pp: 1, isl: 1000, osl: 1000, deviceMemoryBytes: 80 * GiB })).toEqual({
      maxBatchSize: 640,
      maxNumTokens: 2048,
    });
    // 5000/500: 0.95 · 77.9e9 / (65,536 · 5500) = 205.3 → 32·⌈205.3/32⌉ = 224; tokens 205.3 · 11 = 2258 → 2304.
    expect(trtllmBenchSettings(llama8b, { weightBytes: 1, kvBytes: 1, tp: 1, pp: 1, isl: 5000, osl: 500, deviceMemoryBytes: 80 * GiB })).toEqual({
      maxBatchSize: 224,
      maxNumTokens: 2304,
    });
  });
});

describe("rowScenario with a preset that reserves as TensorRT-LLM's TensorRT engine", () => {
  const preset = ENGINE_PRESETS['tensorrt-llm'];
  afterEach(() => {
    delete preset.kvReserve;
  });
  const row = (load: string): MeasurementRow => ({
    line: 3,
    columns: {
      source: 'doc', engine: 'tensorrt-llm', model: 'llama-3.1-70b', gpu: 'h100-sxm', num_gpus: '2', tp: '2', pp: '1',
      weight_dtype: 'fp16', kv_dtype: 'fp16', isl: '2048', osl: '2048', load, num_requests: '100',
      metric: 'output_tokens_per_s', value: '1',
    },
  });

  it('gives max rows trtllm-bench\'s engine limits (and keys them); other loads keep the preset\'s 2048 slots, whose buffers leave no room here', () => {
    const plain = rowScenario(row('max'));
    expect(plain.ok && [plain.scenario.engine.maxNumSeqs, plain.scenario.engine.maxNumBatchedTokens]).toEqual([2048, 8192]);
    preset.kvReserve = 'tensorrt-engine';
    const tuned = rowScenario(row('max'));
    expect(tuned.ok && [tuned.scenario.engine.maxNumSeqs, tuned.scenario.engine.maxNumBatchedTokens, tuned.scenario.engine.kvReserve]).toEqual([64, 2048, 'tensorrt-engine']);
    expect(tuned.ok && plain.ok && tuned.key !== plain.key).toBe(true);
    const online = rowScenario(row('qps:2'));
    expect(online.ok).toBe(false);
    if (!online.ok) expect(online.reason).toContain('maxNumSeqs 2048');
  });
});
