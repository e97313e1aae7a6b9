import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RooflineCostModel,
  defaultCostModelParams,
  emptyBreakdown,
  findGpu,
  findModel,
  makeStepShape,
  resolvePrecision,
  weightBytesPerGpu,
  type Dtype,
  type StepShape,
} from '../../sim/hardware/index.ts';

const h100 = findGpu('h100-sxm')!;
const llama8b = findModel('llama-3.1-8b')!;

function costModel(modelId = 'llama-3.1-8b', gpuId = 'h100-sxm', weights: Dtype = 'bf16', tp = 1) {
  const gpu = findGpu(gpuId)!;
  const model = findModel(modelId)!;
  const params = defaultCostModelParams(gpu);
  return { model: new RooflineCostModel({ model, gpu, precision: resolvePrecision(gpu, { weights }), tp, params }), params, gpu };
}

function decode(numDecodeSeqs: number, decodeContextSum: number): StepShape {
  const s = makeStepShape(4);
  s.numDecodeSeqs = numDecodeSeqs;
  s.decodeContextSum = decodeContextSum;
  return s;
}

function prefill(tokens: number, context = 0): StepShape {
  const s = makeStepShape(4);
  s.numPrefillChunks = 1;
  s.prefillChunkTokens[0] = tokens;
  s.prefillChunkContext[0] = context;
  return s;
}

const shapeArb = fc
  .record({
    numDecodeSeqs: fc.integer({ min: 0, max: 512 }),
    meanContext: fc.integer({ min: 1, max: 32768 }),
    chunks: fc.array(fc.record({ tokens: fc.integer({ min: 1, max: 8192 }), context: fc.integer({ min: 0, max: 65536 }) }), {
      maxLength: 6,
    }),
  })
  .map(({ numDecodeSeqs, meanContext, chunks }) => {
    const s = makeStepShape(8);
    s.numDecodeSeqs = numDecodeSeqs;
    s.decodeContextSum = numDecodeSeqs * meanContext;
    s.numPrefillChunks = chunks.length;
    chunks.forEach((c, i) => {
      s.prefillChunkTokens[i] = c.tokens;
      s.prefillChunkContext[i] = c.context;
    });
    return s;
  });

function copy(s: StepShape): StepShape {
  const t = makeStepShape(s.prefillChunkTokens.length + 1);
  t.numDecodeSeqs = s.numDecodeSeqs;
  t.decodeContextSum = s.decodeContextSum;
  t.numPrefillChunks = s.numPrefillChunks;
  t.prefillChunkTokens.set(s.prefillChunkTokens);
  t.prefillChunkContext.set(s.prefillChunkContext);
  return t;
}

describe('RooflineCostModel.stepTime', () => {
  it('batch-1 decode of llama-3.1-8b on h100-sxm ≈ weight bytes / (bandwidth · eff) + overheads (within 5%)', () => {
    const { model, params } = costModel();
    const out = emptyBreakdown();
    const t = model.stepTime(decode(1, 1024), out);
    // Every weight is streamed once except the embedding table, of which only the token's row is read.
    const streamed = weightBytesPerGpu(llama8b, 2, 1) - 128256 * 4096 * 2;
    const kernels = 32 * (4 + 1) + 1; // 4 GEMMs + attention per layer, LM head
    const expected =
      streamed / (h100.memoryBandwidth * params.memoryBandwidthEfficiency) +
      params.stepOverheadSeconds +
      kernels * params.kernelLatencySeconds;
    expect(Math.abs(t / expected - 1)).toBeLessThan(0.05);
    expect(out.computeSeconds).toBe(0);
    expect(out.communicationSeconds).toBe(0);
    // The plain form of the design: weights/(bandwidth · eff) + step overhead, within 10%.
    const plain = weightBytesPerGpu(llama8b, 2, 1) / (h100.memoryBandwidth * params.memoryBandwidthEfficiency) + params.stepOverheadSeconds;
    expect(Math.abs(t / plain - 1)).toBeLessThan(0.1);
  });

  it('a prefill of 8192 tokens ≈ 2 · params · tokens / (peak · eff), attention adding at most 25%', () => {
    const { model, params } = costModel();
    const out = emptyBreakdown();
    const t = model.stepTime(prefill(8192), out);
    const dense = (2 * 8_030_261_248 * 8192) / (989e12 * params.gemmComputeEfficiency);
    expect(t / dense).toBeGreaterThan(1);
    expect(t / dense).toBeLessThan(1.15);
    // Causal attention: 4 · heads · headDim · c · (c + 1)/2 FLOPs per layer.
    const attentionFlops = 32 * 4 * 32 * 128 * 8192 * (8193 / 2);
    const attention = attentionFlops / (989e12 * params.attentionComputeEfficiency) + 32 * params.kernelLatencySeconds;
    expect(out.attentionSeconds).toBeCloseTo(attention, 9);
    expect(out.attentionSeconds / t).toBeLessThan(0.25);
    expect(out.computeSeconds / t).toBeGreaterThan(0.95);
  });

  it('an empty step takes 0', () => {
    const { model } = costModel();
    const out = emptyBreakdown();
    out.totalSeconds = 5;
    expect(model.stepTime(makeStepShape(2), out)).toBe(0);
    expect(out).toEqual(emptyBreakdown());
  });

  it('time is non-decreasing in decode sequences, decodeContextSum, chunk tokens and chunk context', () => {
    const { model } = costModel('llama-3.1-70b', 'h100-sxm', 'fp8', 4);
    const a = emptyBreakdown();
    const b = emptyBreakdown();
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 4096 }), (s, which, delta) => {
        const t = copy(s);
        if (which === 0) {
          t.numDecodeSeqs += 1;
          t.decodeContextSum += delta;
        } else if (which === 1) {
          if (t.numDecodeSeqs === 0) t.numDecodeSeqs = 1;
          t.decodeContextSum += delta;
          s.numDecodeSeqs = t.numDecodeSeqs;
        } else if (which === 2) {
          if (t.numPrefillChunks === 0) return;
          t.prefillChunkTokens[0] += delta;
        } else {
          if (t.numPrefillChunks === 0) return;
          t.prefillChunkContext[0] += delta;
        }
        expect(model.stepTime(t, b)).toBeGreaterThanOrEqual(model.stepTime(s, a));
      }),
    );
  });

  it('the breakdown sums to the total by bound and by operator family', () => {
    const models = [costModel().model, costModel('llama-3.1-70b', 'h100-sxm', 'fp8', 4).model, costModel('llama-3.3-70b', 'b200', 'nvfp4', 2).model];
    const out = emptyBreakdown();
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 0, max: models.length - 1 }), (s, i) => {
        const t = models[i].stepTime(s, out);
        expect(out.totalSeconds).toBe(t);
        const byBound = out.computeSeconds + out.memorySeconds + out.communicationSeconds + out.overheadSeconds;
        const byFamily = out.gemmSeconds + out.attentionSeconds + out.communicationSeconds + out.overheadSeconds;
        expect(Math.abs(byBound - t)).toBeLessThanOrEqual(1e-12 * Math.max(1, t));
        expect(Math.abs(byFamily - t)).toBeLessThanOrEqual(1e-12 * Math.max(1, t));
        for (const v of Object.values(out)) expect(v).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('tp=2 adds communication time; tp=1 has none', () => {
    const out = emptyBreakdown();
    costModel('llama-3.1-8b', 'h100-sxm', 'bf16', 1).model.stepTime(decode(64, 64 * 2000), out);
    expect(out.communicationSeconds).toBe(0);
    costModel('llama-3.1-8b', 'h100-sxm', 'bf16', 2).model.stepTime(decode(64, 64 * 2000), out);
    expect(out.communicationSeconds).toBeGreaterThan(0);
    // 2 all-reduces per layer + the embedding's, each at least the latency.
    const params = defaultCostModelParams(h100);
    expect(out.communicationSeconds).toBeGreaterThan((2 * 32 + 1) * params.allReduceLatencySeconds);
  });

  it('tp=2 roughly halves a weight-bound decode step of llama-3.1-70b', () => {
    const out = emptyBreakdown();
    const two = costModel('llama-3.1-70b', 'h100-sxm', 'fp8', 2).model.stepTime(decode(8, 8 * 1000), out);
    const four = costModel('llama-3.1-70b', 'h100-sxm', 'fp8', 4).model.stepTime(decode(8, 8 * 1000), out);
    expect(four / two).toBeGreaterThan(0.5);
    expect(four / two).toBeLessThan(0.75);
  });

  it('fp8 weights on an A100 speed up decode (half the bytes) but not prefill (fp16 math)', () => {
    const out = emptyBreakdown();
    const bf16 = costModel('llama-3.1-8b', 'a100-sxm-80gb', 'bf16').model;
    const fp8 = costModel('llama-3.1-8b', 'a100-sxm-80gb', 'fp8').model;
    expect(fp8.stepTime(decode(1, 1000), out) / bf16.stepTime(decode(1, 1000), out)).toBeLessThan(0.75);
    expect(fp8.stepTime(prefill(4096), out) / bf16.stepTime(prefill(4096), out)).toBeGreaterThan(0.95);
  });

  it('fp8 on h100 and nvfp4 on b200 speed up a compute-bound prefill by their peak ratios', () => {
    const out = emptyBreakdown();
    const ratio = (gpu: string, a: Dtype, b: Dtype) =>
      costModel('llama-3.1-70b', gpu, b, 4).model.stepTime(prefill(8192), out) /
      costModel('llama-3.1-70b', gpu, a, 4).model.stepTime(prefill(8192), out);
    expect(ratio('h100-sxm', 'bf16', 'fp8')).toBeLessThan(0.75);
    expect(ratio('b200', 'fp8', 'nvfp4')).toBeLessThan(0.85);
  });

  it('decode attention time grows linearly with decodeContextSum once it dominates', () => {
    const { model, params } = costModel();
    const out = emptyBreakdown();
    model.stepTime(decode(64, 64 * 4000), out);
    const a = out.attentionSeconds;
    model.stepTime(decode(64, 64 * 8000), out);
    const b = out.attentionSeconds;
    // KV bytes per token per layer = 2 · 8 · 128 · 2 = 4096.
    const perToken = (32 * 4096) / (h100.memoryBandwidth * params.attentionMemoryEfficiency);
    expect(b - a).toBeCloseTo(64 * 4000 * perToken, 12);
  });
});

describe('defaultCostModelParams', () => {
  it('gives fractions in (0, 1] and small positive latencies', () => {
    const p = defaultCostModelParams(h100);
    for (const k of [
      'gemmComputeEfficiency',
      'gemmUnhiddenLoadFraction',
      'memoryBandwidthEfficiency',
      'attentionComputeEfficiency',
      'attentionMemoryEfficiency',
      'allReduceBandwidthEfficiency',
    ] as const) {
      expect(p[k]).toBeGreaterThan(0);
      expect(p[k]).toBeLessThanOrEqual(1);
    }
    expect(p.stepOverheadSeconds).toBeGreaterThan(0);
    expect(p.stepOverheadSeconds).toBeLessThan(5e-3);
    expect(p.kernelLatencySeconds).toBeLessThan(20e-6);
  });

  it('uses the PCIe all-reduce figures for GPUs without NVLink', () => {
    expect(defaultCostModelParams(findGpu('l40s')!).allReduceBandwidthEfficiency).toBe(0.74);
    expect(defaultCostModelParams(h100).allReduceBandwidthEfficiency).toBe(0.6);
  });
});
