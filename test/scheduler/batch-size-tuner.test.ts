import { describe, expect, it } from 'vitest';
import { PagedKvCache } from '../../sim/kv/index.ts';
import { BatchSizeTuner, runtimeBatchSize } from '../../sim/scheduler/batch-size-tuner.ts';
import { Request, Scheduler, type RequestEvents, type SchedulerConfig } from '../../sim/scheduler/index.ts';
import { makeSchedulerOutput } from '../../sim/step/index.ts';

describe('runtimeBatchSize (TensorRT-LLM DynamicBatchTuner::getRuntimeBatchSize)', () => {
  it('rounds a KV capacity to the default table, and falls back to multiples of 512 above it', () => {
    // The cases of TensorRT-LLM's own unit test (dynamicBatchTunerTest.cpp, RuntimeBatchSize).
    expect(runtimeBatchSize(143)).toBe(128);
    expect(runtimeBatchSize(335)).toBe(256);
    expect(runtimeBatchSize(671)).toBe(512);
    expect(runtimeBatchSize(831)).toBe(768);
    expect(runtimeBatchSize(1279)).toBe(1024);
    expect(runtimeBatchSize(1663)).toBe(1536);
    expect(runtimeBatchSize(2049)).toBe(2048); // 2048 + 1 < 2048 + 128: down to the multiple of 512
    expect(runtimeBatchSize(1665)).toBe(1665); // 1665 ≥ 1536 + 128: the capacity itself
    // Table boundaries: a limit is exclusive.
    expect(runtimeBatchSize(144)).toBe(256);
    expect(runtimeBatchSize(1)).toBe(128);
  });
});

describe('BatchSizeTuner', () => {
  it('caps at maxNumSeqs before any request', () => {
    expect(new BatchSizeTuner(3).cap(1000, 32, 77)).toBe(77);
  });

  it('takes the moving average of the last `window` requests, each average truncated', () => {
    const t = new BatchSizeTuner(2);
    t.update(1000, 1000);
    // Averages 1000 + 1000 = 2000 tokens = 63 blocks of 32 (⌈62.5⌉); 7000 blocks hold ⌊7000/63⌋ = 111 → table 128.
    expect(t.cap(7000, 32, 4096)).toBe(128);
    t.update(101, 100);
    // ⌊1101/2⌋ + ⌊1100/2⌋ = 550 + 550 = 1100 → 35 blocks (⌈34.4⌉) → ⌊7000/35⌋ = 200 → 256.
    expect(t.cap(7000, 32, 4096)).toBe(256);
    t.update(101, 100);
    // The first request has left the window: 101 + 100 = 201 → 7 blocks → 1000 → 1024.
    expect(t.cap(7000, 32, 4096)).toBe(1024);
    // maxNumSeqs still bounds it.
    expect(t.cap(7000, 32, 500)).toBe(500);
  });
});

class Quiet implements RequestEvents {
  scheduled() {}
  firstToken() {}
  resumedToken() {}
  finished() {}
  preempted() {}
}

function admitted(config: SchedulerConfig, numBlocks: number, blockSize: number, requests: number): number {
  const kv = new PagedKvCache(numBlocks, blockSize);
  const s = new Scheduler(config, kv, new Quiet());
  const shape = makeSchedulerOutput(config.maxNumSeqs);
  for (let i = 0; i < requests; i++) s.add(new Request(i, 0, 100, 60, true));
  s.schedule(0, shape);
  return s.numRunning;
}

describe('Scheduler with batchSizeTuning', () => {
  // Requests of 100 + 60 tokens, blocks of 16: the final length 159 takes 10 blocks; a 3000-block
  // pool holds 300 of them whole (reserve-full), and the tuner's capacity is ⌊3000 / ⌈160/16⌉⌋ =
  // 300 → 256.
  const base: SchedulerConfig = { maxNumSeqs: 2048, maxNumBatchedTokens: 1_000_000, enableChunkedPrefill: true, kvAdmission: 'reserve-full' };

  it('admits up to the runtime batch size, not up to what the KV pool holds', () => {
    expect(admitted(base, 3000, 16, 400)).toBe(300);
    expect(admitted({ ...base, batchSizeTuning: true }, 3000, 16, 400)).toBe(256);
  });

  it('leaves a pool that the table rounds up to the KV limit', () => {
    // 1000 blocks hold 100 requests; the tuner says 128 (capacity 100 < 144), so the KV pool decides.
    expect(admitted({ ...base, batchSizeTuning: true }, 1000, 16, 400)).toBe(100);
  });
});
