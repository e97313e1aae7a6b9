import { describe, expect, it } from 'vitest';
import { GiB, MiB } from '../../sim/units.ts';
import {
  ACTIVATION_FACTOR,
  CONTEXT_BYTES,
  DECODER_BYTES_PER_SLOT_AND_TOKEN,
  DRIVER_RESERVED_BYTES,
  TP_COMMUNICATION_RESERVE_BYTES,
  activationReserveBytes,
  findGpu,
  findModel,
  kvCapacity,
  resolvePrecision,
  tensorrtEngineReserve,
  weightBytesPerGpu,
} from '../../sim/hardware/index.ts';

const h100 = findGpu('h100-sxm')!;
const llama2 = findModel('llama-2-7b')!;
const llama70b = findModel('llama-3.1-70b')!;

describe('tensorrtEngineReserve', () => {
  it('takes its constants from the two TensorRT-LLM logs by the arithmetic of the header', () => {
    // Driver: 80 GiB (catalog) − 79.10 GiB (cudaMemGetInfo total, both logs).
    expect(DRIVER_RESERVED_BYTES / GiB).toBeCloseTo(80 - 79.1, 10);
    // Context: log A's total − engine − execution context − runtime buffers − decoder − available.
    const logA = 79.1 - 6695 / 1024 - 1134.01 / 1024 - 43.29 / 1024 - 180.3 / 1024 - 70.48;
    expect(CONTEXT_BYTES / GiB).toBeCloseTo(logA, 3);
    // Activations: log B's 928.77 MiB at 8192 tokens over the profiled-forward estimate for
    // Llama-2-7B: 8192 · (2·4096 + 3·11008) · 2 B = 675,282,944 B.
    expect((2 * 4096 + 3 * 11008) * 2).toBe(82_432);
    expect(ACTIVATION_FACTOR).toBeCloseTo((928.77 * MiB) / (8192 * 82_432), 2);
    // Buffers: log B's 1.14 + 4.35 GiB over 4096 slots × 32,000 vocabulary entries.
    expect(DECODER_BYTES_PER_SLOT_AND_TOKEN).toBeCloseTo(((1.14 + 4.35) * GiB) / (4096 * 32000), 0);
  });

  it('reproduces log B (Llama-2-7B FP8, H100, max batch 4096, max tokens 8192): 65.4 GiB free against the 63.62 logged (within 3%)', () => {
    const r = tensorrtEngineReserve(llama2, { maxNumTokens: 8192, maxBatchSize: 4096, forwardBytesPerToken: 82_432, tpCommunicationBytes: 0 });
    expect(r.activations).toBeCloseTo(1.44 * 8192 * 82_432, 3); // 927.4 MiB (log: 928.77)
    expect(r.buffers).toBe(45 * 4096 * 32000); // 5.49 GiB (log: 1.14 + 4.35)
    expect(r.fixed).toBeCloseTo((0.9 + 0.756) * GiB, 3);
    const weights = weightBytesPerGpu(llama2, 1, 1);
    expect(weights).toBe(7_000_825_856); // 6.52 GiB (fp8 layers, 16-bit embedding and LM head)
    const free = (80 * GiB - weights - r.total) / GiB;
    expect(free).toBeCloseTo(65.4, 1);
    expect(Math.abs(free / 63.62 - 1)).toBeLessThan(0.03);
    // The profiled reserve agrees with activationReserveBytes' 'tensorrt-engine' model.
    expect(activationReserveBytes(llama2, 1, 8192, 4096, 'tensorrt-engine')).toBe(r.total);
  });

  it('costs 11 GiB per GPU of decoder buffers at trtllm-serve\'s 2048 slots for a 128k vocabulary', () => {
    const r = tensorrtEngineReserve(llama70b, { maxNumTokens: 8192, maxBatchSize: 2048, forwardBytesPerToken: 0, tpCommunicationBytes: 0 });
    expect(r.buffers / GiB).toBeCloseTo((45 * 2048 * 128256) / GiB, 10);
    expect(r.buffers / GiB).toBeCloseTo(11.01, 2);
  });
});

describe("kvCapacity with reserve 'tensorrt-engine'", () => {
  it('sizes llama-3.1-70b fp16 at tp 2 on h100 (64 slots, 2048 tokens, 0.9 of free memory) by hand', () => {
    const weights = weightBytesPerGpu(llama70b, 2, 2);
    // Forward per token at tp 2: 2·8192 + max(3·28672/2, (2·64 + 2·8)·128/2) = 16384 + 43008 elements, 2 B each.
    const forwardPerToken = (16384 + 43008) * 2;
    const reserve = 1.44 * 2048 * forwardPerToken + 45 * 64 * 128256 + (0.9 + 0.756) * GiB + TP_COMMUNICATION_RESERVE_BYTES;
    // KV = 0.9 · (80 GiB − weights − reserve); a 32-token block holds 32 · 2·80·(8/2)·128·2 B = 32 · 163,840 B.
    const blocks = Math.floor((0.9 * (80 * GiB - weights - reserve)) / (32 * 163_840));
    const r = kvCapacity({
      model: llama70b,
      gpu: h100,
      precision: resolvePrecision(h100, { weights: 'fp16' }),
      tp: 2,
      gpuMemoryUtilization: 0.9,
      kvCacheFreeMemoryFraction: 0.9,
      reserve: 'tensorrt-engine',
      blockSize: 32,
      maxNumBatchedTokens: 2048,
      maxNumSeqs: 64,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.activationReserveBytesPerGpu).toBeCloseTo(reserve, 3);
    expect(r.numGpuBlocks).toBe(blocks);
    expect(blocks).toBe(2020); // 64,640 tokens: 15 requests of 2048 + 2048
    // The profiled reserve at the same limits (2.29 GiB: forward 0.23, sampler 0.06, 1 + 1 GiB fixed)
    // is 1.04 GiB smaller than this one (3.33 GiB), so it leaves 0.9 · 1.04 GiB / 5 MiB ≈ 191 more blocks.
    const profiled = kvCapacity({ model: llama70b, gpu: h100, precision: resolvePrecision(h100, { weights: 'fp16' }), tp: 2, gpuMemoryUtilization: 0.9, kvCacheFreeMemoryFraction: 0.9, blockSize: 32, maxNumBatchedTokens: 2048, maxNumSeqs: 64 });
    expect(profiled.ok).toBe(true);
    if (profiled.ok) expect(profiled.numGpuBlocks - r.numGpuBlocks).toBeGreaterThan(180);
  });

  it('does not fit that model with 2048 slots: the decoder buffers take the KV cache\'s room, and the message says so', () => {
    const r = kvCapacity({
      model: llama70b,
      gpu: h100,
      precision: resolvePrecision(h100, { weights: 'fp16' }),
      tp: 2,
      gpuMemoryUtilization: 0.9,
      kvCacheFreeMemoryFraction: 0.9,
      reserve: 'tensorrt-engine',
      blockSize: 32,
      maxNumBatchedTokens: 8192,
      maxNumSeqs: 2048,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain('maxNumSeqs 2048');
    expect(r.message).toContain('a smaller maxNumBatchedTokens or maxNumSeqs');
  });
});

describe("kvCapacity with reserve 'tensorrt-engine' at pp > 1", () => {
  it('charges the whole engine reserve (with the communication buffers) on every stage, so pp = 2 holds the stages\' smallest pool', () => {
    const base = {
      model: llama70b,
      gpu: h100,
      precision: resolvePrecision(h100, { weights: 'fp8' }),
      tp: 1,
      pp: 2,
      gpuMemoryUtilization: 0.9,
      kvCacheFreeMemoryFraction: 0.9,
      reserve: 'tensorrt-engine' as const,
      blockSize: 32,
      maxNumBatchedTokens: 2048,
      maxNumSeqs: 64,
    };
    const r = kvCapacity(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // tp 1: forward per token 2·8192 + 3·28672 = 102,400 elements, 2 B each; plus the 1 GiB p2p/NCCL allowance.
    const reserve = 1.44 * 2048 * 102_400 * 2 + 45 * 64 * 128256 + (0.9 + 0.756) * GiB + TP_COMMUNICATION_RESERVE_BYTES;
    expect(r.activationReserveBytesPerGpu).toBeCloseTo(reserve, 3);
  });
});
