import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RooflineCostModel,
  defaultCostModelParams,
  measuredCostModelParams,
  CALIBRATION,
  emptyBreakdown,
  expectedDistinctExperts,
  findGpu,
  findModel,
  resolvePrecision,
  weightBytesPerGpu,
  type Dtype,
  type PrecisionRequest,
} from '../../sim/hardware/index.ts';
import { type SchedulerOutput, makeSchedulerOutput } from '../../sim/step/index.ts';

const h100 = findGpu('h100-sxm')!;
const llama8b = findModel('llama-3.1-8b')!;

function costModel(modelId = 'llama-3.1-8b', gpuId = 'h100-sxm', weights: Dtype = 'bf16', tp = 1) {
  const gpu = findGpu(gpuId)!;
  const model = findModel(modelId)!;
  const params = defaultCostModelParams(gpu);
  return { model: new RooflineCostModel({ model, gpu, precision: resolvePrecision(gpu, { weights }), tp, params }), params, gpu };
}

/** The achieved streaming fraction of a GEMM over M rows: eff·(1 + g·K/(K + M)) (the small-M streaming term). */
function streamingEfficiency(params: { memoryBandwidthEfficiency: number; smallBatchStreamingGain: number; smallBatchStreamingTokens: number }, M: number): number {
  const K = params.smallBatchStreamingTokens;
  return params.memoryBandwidthEfficiency * (1 + (params.smallBatchStreamingGain * K) / (K + M));
}

function decode(numDecodeSeqs: number, decodeContextSum: number): SchedulerOutput {
  const s = makeSchedulerOutput(4);
  s.numDecodeSeqs = numDecodeSeqs;
  s.decodeContextSum = decodeContextSum;
  return s;
}

function prefill(tokens: number, context = 0): SchedulerOutput {
  const s = makeSchedulerOutput(4);
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
    const s = makeSchedulerOutput(8);
    s.numDecodeSeqs = numDecodeSeqs;
    s.decodeContextSum = numDecodeSeqs * meanContext;
    s.numPrefillChunks = chunks.length;
    chunks.forEach((c, i) => {
      s.prefillChunkTokens[i] = c.tokens;
      s.prefillChunkContext[i] = c.context;
    });
    return s;
  });

/** Over random shapes: total = Σ by bound = Σ by operator family (to 1e-12), every part ≥ 0. */
function expectBreakdownSums(models: RooflineCostModel[]): void {
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
}

function copy(s: SchedulerOutput): SchedulerOutput {
  const t = makeSchedulerOutput(s.prefillChunkTokens.length + 1);
  t.numDecodeSeqs = s.numDecodeSeqs;
  t.decodeContextSum = s.decodeContextSum;
  t.numPrefillChunks = s.numPrefillChunks;
  t.prefillChunkTokens.set(s.prefillChunkTokens);
  t.prefillChunkContext.set(s.prefillChunkContext);
  return t;
}

describe('RooflineCostModel.stepTime', () => {
  it('batch-1 decode of llama-3.1-8b on h100-sxm ≈ weight bytes / (bandwidth · eff at M = 1) + overheads (within 5%)', () => {
    const { model, params } = costModel();
    const out = emptyBreakdown();
    const t = model.stepTime(decode(1, 1024), out);
    // Every weight is streamed once except the embedding table, of which only the token's row is read,
    // at the one-row streaming fraction eff·(1 + g·K/(K + 1)) (0.719 · 1.194 = 0.858 with the calibration).
    const streamed = weightBytesPerGpu(llama8b, 2, 1) - 128256 * 4096 * 2;
    const kernels = 32 * (4 + 1) + 1; // 4 GEMMs + attention per layer, LM head
    const expected =
      streamed / (h100.memoryBandwidth * streamingEfficiency(params, 1)) +
      params.stepOverheadSeconds +
      kernels * params.kernelLatencySeconds;
    expect(Math.abs(t / expected - 1)).toBeLessThan(0.05);
    expect(out.computeSeconds).toBe(0);
    expect(out.communicationSeconds).toBe(0);
    // The plain form of the design: weights/(bandwidth · eff at M = 1) + step overhead, within 10%.
    const plain = weightBytesPerGpu(llama8b, 2, 1) / (h100.memoryBandwidth * streamingEfficiency(params, 1)) + params.stepOverheadSeconds;
    expect(Math.abs(t / plain - 1)).toBeLessThan(0.1);
  });

  it('streams GEMM weights faster at few rows: eff·(1 + g·K/(K + M)), → eff at many rows; g = 0 is the plain roofline', () => {
    const params = measuredCostModelParams(h100);
    expect(params.smallBatchStreamingGain).toBe(0.2);
    expect(params.smallBatchStreamingTokens).toBe(32);
    const build = (g: number) =>
      new RooflineCostModel({ model: llama8b, gpu: h100, precision: resolvePrecision(h100, { weights: 'bf16' }), tp: 1, params: { ...params, smallBatchStreamingGain: g } });
    const withGain = build(0.2);
    const plain = build(0);
    const out = emptyBreakdown();
    // Batch-1 decode: every GEMM and the LM head are memory-bound at M = 1, so their memory time
    // shrinks by exactly 1/(1 + 0.2·32/33) = 0.8376; kernel latencies and attention do not change.
    const gemms = (m: RooflineCostModel, T: number, ctx: number) => (m.stepTime(decode(T, ctx), out), out.gemmSeconds);
    const embedding = (1 * 4096 * 2) / (3.35e12 * 0.82); // the gather: plain efficiency at any M
    const latency = (32 * 4 + 1) * 5e-6;
    const scale1 = 1 / (1 + (0.2 * 32) / 33);
    expect(gemms(withGain, 1, 1000) - embedding - latency).toBeCloseTo((gemms(plain, 1, 1000) - embedding - latency) * scale1, 15);
    withGain.stepTime(decode(1, 1000), out);
    const attention = out.attentionSeconds;
    plain.stepTime(decode(1, 1000), out);
    expect(attention).toBe(out.attentionSeconds);
    // At 4096 prefill tokens the gain has faded: 1 + 0.2·32/4128 = 1.00155, and the GEMMs are compute-bound anyway.
    const big = withGain.stepTime(prefill(4096), out);
    expect(big / plain.stepTime(prefill(4096), out)).toBeGreaterThan(0.995);
    expect(big / plain.stepTime(prefill(4096), out)).toBeLessThanOrEqual(1);
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
    expect(model.stepTime(makeSchedulerOutput(2), out)).toBe(0);
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
    expectBreakdownSums([costModel().model, costModel('llama-3.1-70b', 'h100-sxm', 'fp8', 4).model, costModel('llama-3.3-70b', 'b200', 'nvfp4', 2).model]);
  });

  it('tp=2 adds communication time, by hand; tp=1 has none', () => {
    const out = emptyBreakdown();
    costModel('llama-3.1-8b', 'h100-sxm', 'bf16', 1).model.stepTime(decode(64, 64 * 2000), out);
    expect(out.communicationSeconds).toBe(0);
    costModel('llama-3.1-8b', 'h100-sxm', 'bf16', 2).model.stepTime(decode(64, 64 * 2000), out);
    // 2 all-reduces per layer + the embedding's, of 64 tokens · 4096 · 2 B each, with ring factor
    // 2(tp−1)/tp = 1; then the logits gather, (tp−1)/tp = 1/2 of 64 rows · 128256 · 2 B; each with
    // the 2-GPU latency, over the link at the all-reduce bandwidth efficiency.
    const params = defaultCostModelParams(h100);
    const lat = params.allReduceLatencySeconds;
    const link = h100.interconnectBandwidth * params.allReduceBandwidthEfficiency;
    const expected = 65 * (lat + (64 * 4096 * 2) / link) + lat + (64 * 128256 * 2) / 2 / link;
    expect(out.communicationSeconds).toBeCloseTo(expected, 15);
  });

  it('tp=4 halves the weight streaming of a small decode step vs tp=2, and all-reduce latency takes part of it back', () => {
    const two = emptyBreakdown();
    const four = emptyBreakdown();
    costModel('llama-3.1-70b', 'h100-sxm', 'fp8', 2).model.stepTime(decode(8, 8 * 1000), two);
    costModel('llama-3.1-70b', 'h100-sxm', 'fp8', 4).model.stepTime(decode(8, 8 * 1000), four);
    expect(four.memorySeconds / two.memorySeconds).toBeGreaterThan(0.45);
    expect(four.memorySeconds / two.memorySeconds).toBeLessThan(0.6);
    const params = defaultCostModelParams(h100);
    // 2 per layer + the embedding's + the logits gather, each paying at least one exchange.
    expect(four.communicationSeconds).toBeGreaterThan(162 * params.allReduceLatencySeconds);
    expect(two.communicationSeconds).toBeLessThan(four.communicationSeconds);
    expect(four.totalSeconds).toBeLessThan(two.totalSeconds);
  });

  it('among 4 GPUs a small all-reduce pays one exchange plus the ramp to the multi-GPU latency, by hand', () => {
    const params = defaultCostModelParams(h100);
    const one = params.allReduceLatencySeconds;
    const multi = params.allReduceMultiGpuLatencySeconds;
    const S = params.allReduceSmallMessageBytes;
    expect(S).toBeGreaterThan(0);
    expect(multi).toBeGreaterThan(one);
    const link = h100.interconnectBandwidth * params.allReduceBandwidthEfficiency;
    const model = costModel('llama-3.1-70b', 'h100-sxm', 'fp8', 4).model;
    // 161 all-reduces of T·8192·2 bytes (2 per layer × 80 + the embedding's), ring factor 2·3/4;
    // the logits gather of T rows · 128256 · 2 B, (tp−1)/tp of them, at the flat multi-GPU latency.
    const expected = (T: number) => {
      const bytes = T * 8192 * 2;
      const latency = Math.min(multi, one + ((multi - one) * bytes) / S);
      return 161 * (latency + (1.5 * bytes) / link) + multi + (0.75 * T * 128256 * 2) / link;
    };
    const out = emptyBreakdown();
    for (const T of [1, 8, 64, 256]) {
      model.stepTime(decode(T, T * 1000), out);
      expect(out.communicationSeconds, `T=${T}`).toBeCloseTo(expected(T), 15);
    }
    // Against the flat latency (S = 0, NCCL): at batch 1 each of the 161 all-reduces saves
    // (multi − one)·(1 − 16 KiB/S); at 256 tokens (4 MiB > S) nothing.
    const gpu = findGpu('h100-sxm')!;
    const flat = new RooflineCostModel({ model: findModel('llama-3.1-70b')!, gpu, precision: resolvePrecision(gpu, { weights: 'fp8' }), tp: 4, params: { ...params, allReduceSmallMessageBytes: 0 } });
    const flatOut = emptyBreakdown();
    flat.stepTime(decode(1, 1000), flatOut);
    model.stepTime(decode(1, 1000), out);
    expect(flatOut.communicationSeconds - out.communicationSeconds).toBeCloseTo(161 * (multi - one) * (1 - (8192 * 2) / S), 15);
    flat.stepTime(decode(256, 256 * 1000), flatOut);
    model.stepTime(decode(256, 256 * 1000), out);
    expect(out.communicationSeconds).toBe(flatOut.communicationSeconds);
  });

  it('the one-shot ramp is keyed on the fabric: NVLink and Infinity Fabric take it, PCIe keeps the flat latency', () => {
    expect(defaultCostModelParams(findGpu('h100-sxm')!).allReduceSmallMessageBytes).toBeGreaterThan(0);
    expect(defaultCostModelParams(findGpu('b200')!).allReduceSmallMessageBytes).toBeGreaterThan(0);
    expect(defaultCostModelParams(findGpu('mi300x')!).allReduceSmallMessageBytes).toBeGreaterThan(0);
    expect(defaultCostModelParams(findGpu('l40s')!).allReduceSmallMessageBytes).toBe(0);
    expect(defaultCostModelParams(findGpu('a100-pcie-80gb')!).allReduceSmallMessageBytes).toBe(0);
    // Flat: 4 GPUs at batch 1 pay the whole multi-GPU latency per all-reduce.
    const l40s = findGpu('l40s')!;
    const params = defaultCostModelParams(l40s);
    const out = emptyBreakdown();
    costModel('llama-3.1-70b', 'l40s', 'fp8', 4).model.stepTime(decode(1, 1000), out);
    const link = l40s.interconnectBandwidth * params.allReduceBandwidthEfficiency;
    const expected = 161 * (params.allReduceMultiGpuLatencySeconds + (1.5 * 8192 * 2) / link) + params.allReduceMultiGpuLatencySeconds + (0.75 * 128256 * 2) / link;
    expect(out.communicationSeconds).toBeCloseTo(expected, 15);
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

  it('costs each GEMM as max(tc + β·tm, tm) + kernel latency: decode steps of llama-3.1-8b on h100-sxm by hand (64 and 256 sequences)', () => {
    const params = measuredCostModelParams(h100);
    const model = new RooflineCostModel({ model: llama8b, gpu: h100, precision: resolvePrecision(h100, { weights: 'bf16' }), tp: 1, params });
    // The header's formula with the published constants: 989 TFLOPS fp16, 3.35 TB/s, compute
    // efficiency 0.78, memory efficiency 0.82 × (1 + 0.2·32/(32 + T)) (small-M streaming), β = 0.45,
    // 5 µs per kernel; 16-bit weights and inputs.
    const gemm = (T: number, K: number, N: number) => {
      const tc = (2 * T * K * N) / (989e12 * 0.78);
      const tm = (K * N * 2 + T * K * 2 + T * N * 2) / (3.35e12 * 0.82 * (1 + (0.2 * 32) / (32 + T)));
      return { t: Math.max(tc + 0.45 * tm, tm) + 5e-6, computeBound: tc + 0.45 * tm > tm };
    };
    for (const T of [64, 256]) {
      const out = emptyBreakdown();
      const t = model.stepTime(decode(T, T * 1000), out);
      // QKV [4096 → (32 + 2·8)·128], O [4096 → 4096], gate+up [4096 → 2·14336], down [14336 → 4096];
      // the LM head over T rows [4096 → 128256].
      const layer = [gemm(T, 4096, 6144), gemm(T, 4096, 4096), gemm(T, 4096, 28672), gemm(T, 14336, 4096)];
      const head = gemm(T, 4096, 128256);
      // The embedding lookup reads T rows of 4096 · 2 B, a memory term of its own.
      const embedding = (T * 4096 * 2) / (3.35e12 * 0.82);
      const sum = (gs: { t: number }[]) => gs.reduce((a, g) => a + g.t, 0);
      expect(out.gemmSeconds, `T=${T}`).toBeCloseTo(32 * sum(layer) + head.t + embedding, 15);
      // Attention is memory-bound: T·1000 context tokens · 2·8·128·2 B per layer at 0.75 of the
      // bandwidth, plus one kernel latency per layer; then the 1 ms step overhead.
      const attention = 32 * ((T * 1000 * 4096) / (3.35e12 * 0.75) + 5e-6);
      expect(out.attentionSeconds, `T=${T}`).toBeCloseTo(attention, 15);
      expect(t, `T=${T}`).toBeCloseTo(32 * sum(layer) + head.t + embedding + attention + 1e-3, 15);
      // The compute side holds the compute-bound GEMMs: none at 64 tokens (below the H100's
      // ridge of ≈ 125), at 256 the O and down projections and the LM head.
      const compute = 32 * sum(layer.filter((g) => g.computeBound)) + (head.computeBound ? head.t : 0);
      expect(out.computeSeconds, `T=${T}`).toBeCloseTo(compute, 15);
    }
    expect([gemm(64, 4096, 4096).computeBound, gemm(64, 4096, 128256).computeBound]).toEqual([false, false]);
    expect([gemm(256, 4096, 4096).computeBound, gemm(256, 4096, 128256).computeBound]).toEqual([true, true]);
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

  it('before calibration, uses the PCIe all-reduce figures for GPUs without NVLink', () => {
    expect(measuredCostModelParams(findGpu('l40s')!).allReduceBandwidthEfficiency).toBe(0.74);
    expect(measuredCostModelParams(h100).allReduceBandwidthEfficiency).toBe(0.6);
  });

  it('applies the calibration on top, with the factors keyed on tensor-core generation and memory technology', () => {
    const b200 = findGpu('b200')!;
    const a100 = findGpu('a100-sxm-80gb')!;
    expect(defaultCostModelParams(h100).gemmComputeEfficiency).toBe(CALIBRATION.gemmComputeEfficiency);
    expect(defaultCostModelParams(b200).gemmComputeEfficiency).toBeCloseTo(CALIBRATION.gemmComputeEfficiency * CALIBRATION.tensorGen5ComputeFactor, 12);
    expect(defaultCostModelParams(a100).gemmComputeEfficiency).toBeCloseTo(CALIBRATION.gemmComputeEfficiency * CALIBRATION.tensorGen3ComputeFactor, 12);
    expect(defaultCostModelParams(findGpu('l40s')!).memoryBandwidthEfficiency).toBeCloseTo(CALIBRATION.memoryBandwidthEfficiency * CALIBRATION.gddrMemoryFactor, 12);
    // What the calibration does not fit keeps its measured source.
    expect(defaultCostModelParams(h100).kernelLatencySeconds).toBe(measuredCostModelParams(h100).kernelLatencySeconds);
  });
});

function costModelFor(modelId: string, gpuId: string, request: PrecisionRequest, tp = 1) {
  const gpu = findGpu(gpuId)!;
  const model = findModel(modelId)!;
  const params = defaultCostModelParams(gpu);
  return { model: new RooflineCostModel({ model, gpu, precision: resolvePrecision(gpu, request), tp, params }), params, gpu };
}

describe('RooflineCostModel: precision formats', () => {
  it('a hybrid step (nvfp4 MLP, fp8 attention projections) sits between all-fp8 and all-nvfp4, in prefill and in decode', () => {
    const out = emptyBreakdown();
    for (const [modelId, tp] of [
      ['llama-3.1-70b', 4],
      ['deepseek-v3', 8],
    ] as const) {
      const fp8 = costModelFor(modelId, 'b200', { weights: 'fp8' }, tp).model;
      const hybrid = costModelFor(modelId, 'b200', { weights: 'nvfp4', attentionWeights: 'fp8' }, tp).model;
      const fp4 = costModelFor(modelId, 'b200', { weights: 'nvfp4' }, tp).model;
      for (const shape of [prefill(8192), decode(16, 16 * 2000)]) {
        const [a, h, b] = [fp8, hybrid, fp4].map((m) => m.stepTime(shape, out));
        expect(h, modelId).toBeLessThan(a);
        expect(h, modelId).toBeGreaterThan(b);
      }
    }
  });

  it('the hybrid differs from all-nvfp4 only in the attention projections: its attention kernel time is the same', () => {
    const out = emptyBreakdown();
    const hybrid = costModelFor('llama-3.1-70b', 'b200', { weights: 'nvfp4', attentionWeights: 'fp8' }, 4).model;
    const fp4 = costModelFor('llama-3.1-70b', 'b200', { weights: 'nvfp4' }, 4).model;
    hybrid.stepTime(prefill(4096, 1000), out);
    const a = { ...out };
    fp4.stepTime(prefill(4096, 1000), out);
    expect(a.attentionSeconds).toBe(out.attentionSeconds);
    expect(a.gemmSeconds).toBeGreaterThan(out.gemmSeconds);
  });

  it('W8A8 INT8 roughly halves a compute-bound prefill on an A100 (624 vs 312 TOPS) but not on a B300 (INT8 cut: fp16)', () => {
    const out = emptyBreakdown();
    const ratio = (gpu: string) =>
      costModelFor('llama-3.1-70b', gpu, { weights: 'int8', activations: 'int8' }, 4).model.stepTime(prefill(8192), out) /
      costModelFor('llama-3.1-70b', gpu, { weights: 'bf16' }, 4).model.stepTime(prefill(8192), out);
    expect(ratio('a100-sxm-80gb')).toBeLessThan(0.65);
    expect(ratio('b300')).toBeGreaterThan(0.95);
  });

  it('weight-only INT4 speeds up batch-1 decode by its bytes (≈ 4.16/16 for the layers) but not prefill (fp16 math)', () => {
    const out = emptyBreakdown();
    const int4 = costModelFor('llama-3.1-70b', 'h100-sxm', { weights: 'int4' }).model;
    const bf16 = costModelFor('llama-3.1-70b', 'h100-sxm', { weights: 'bf16' }).model;
    // The 16-bit LM head, the step overhead and kernel latencies keep it above 0.26.
    expect(int4.stepTime(decode(1, 1000), out) / bf16.stepTime(decode(1, 1000), out)).toBeLessThan(0.35);
    expect(int4.stepTime(prefill(4096), out) / bf16.stepTime(prefill(4096), out)).toBeGreaterThan(0.95);
  });
});

describe('RooflineCostModel: mixture of experts', () => {
  // Mixtral-8x7B, in parameters: attention per layer 4096·(32 + 2·8)·128 + 32·128·4096 =
  // 41,943,040; router 4096·8 = 32,768; one expert 3·4096·14336 = 176,160,768; LM head (and
  // embedding) 32000·4096 = 131,072,000; total 46,702,792,704 (model-math.test.ts).
  const expert = 176_160_768;

  it('batch-1 decode of mixtral-8x7b streams the active weights: attention, router and k = 2 experts (within 5%)', () => {
    const { model, params } = costModelFor('mixtral-8x7b', 'h100-sxm', { weights: 'bf16' });
    const out = emptyBreakdown();
    const t = model.stepTime(decode(1, 1024), out);
    // 32 · (41,943,040 + 32,768 + 2 · 176,160,768) + 131,072,000 = 12,748,587,008 parameters.
    const streamed = 12_748_587_008 * 2;
    const kernels = 32 * (2 + 1 + 2 + 1) + 1; // QKV, O, router, 2 grouped expert GEMMs, attention per layer; LM head
    const expected =
      streamed / (h100.memoryBandwidth * streamingEfficiency(params, 1)) + params.stepOverheadSeconds + kernels * params.kernelLatencySeconds;
    expect(Math.abs(t / expected - 1)).toBeLessThan(0.05);
    // Far below streaming all 46.7B parameters.
    expect(t).toBeLessThan((0.4 * 46_702_792_704 * 2) / (h100.memoryBandwidth * params.memoryBandwidthEfficiency));
  });

  it('weight reads grow with the batch as E·(1 − (1 − k/E)^T) distinct experts: 2 at T = 1, ≈ 8 at T = 64', () => {
    const { model, params } = costModelFor('mixtral-8x7b', 'h100-sxm', { weights: 'bf16' });
    const out = emptyBreakdown();
    model.stepTime(decode(1, 1000), out);
    const one = out.gemmSeconds;
    model.stepTime(decode(64, 64 * 1000), out);
    const many = out.gemmSeconds;
    const extraExperts = expectedDistinctExperts(8, 2, 64) - expectedDistinctExperts(8, 2, 1);
    expect(extraExperts).toBeGreaterThan(5.99);
    const expected = (32 * extraExperts * expert * 2) / (h100.memoryBandwidth * params.memoryBandwidthEfficiency);
    expect(Math.abs((many - one) / expected - 1)).toBeLessThan(0.05);
  });

  it('prefill GEMM FLOPs are those of the active parameters: T·k experts, not T·E', () => {
    const out = emptyBreakdown();
    const { model, params } = costModelFor('mixtral-8x7b', 'h100-sxm', { weights: 'bf16' });
    model.stepTime(prefill(8192), out);
    // Active parameters but the embedding: 32 · (41,943,040 + 2 · 176,160,768 + 32,768 + 2·4096)
    // + 131,072,000 + 4096 = 12,748,853,248 (the norms are not GEMMs; they are 0.002% of it).
    const active = (2 * 12_748_853_248 * 8192) / (989e12 * params.gemmComputeEfficiency);
    expect(out.gemmSeconds / active).toBeGreaterThan(0.95);
    expect(out.gemmSeconds / active).toBeLessThan(1.1);
  });
});

describe('RooflineCostModel: MLA', () => {
  it('decode attention reads (512 + 64) · kvBytes per context token per layer, the same at tp = 8 and tp = 16 (not sharded)', () => {
    const out = emptyBreakdown();
    for (const tp of [8, 16]) {
      const { model, params } = costModelFor('deepseek-v3', 'h100-sxm', { weights: 'bf16' }, tp);
      model.stepTime(decode(64, 64 * 4000), out);
      const a = out.attentionSeconds;
      model.stepTime(decode(64, 64 * 8000), out);
      const perToken = (61 * 576 * 2) / (h100.memoryBandwidth * params.attentionMemoryEfficiency);
      expect(out.attentionSeconds - a, `tp=${tp}`).toBeCloseTo(64 * 4000 * perToken, 12);
    }
  });

  it('costs decode in the absorbed form: 2·(heads/tp)·(2·512 + 64) FLOPs per context token, compute-bound at tp = 1 on an H100', () => {
    const { model, params } = costModelFor('deepseek-v3', 'h100-sxm', { weights: 'bf16' }, 1);
    const out = emptyBreakdown();
    model.stepTime(decode(64, 64 * 4000), out);
    const a = out.attentionSeconds;
    model.stepTime(decode(64, 64 * 8000), out);
    const perToken = (61 * 2 * 128 * (2 * 512 + 64)) / (989e12 * params.attentionComputeEfficiency);
    expect(out.attentionSeconds - a).toBeCloseTo(64 * 4000 * perToken, 12);
  });

  it('costs prefill in the naive form, 2·(heads/tp)·(128 + 64 + 128) FLOPs per causal pair, plus kv_b over the prior context', () => {
    const { model, params } = costModelFor('deepseek-v3', 'h100-sxm', { weights: 'bf16' }, 8);
    const out = emptyBreakdown();
    model.stepTime(prefill(4096), out);
    const pairs = 4096 * (4097 / 2);
    const fresh = (61 * 2 * 16 * 320 * pairs) / (989e12 * params.attentionComputeEfficiency) + 61 * params.kernelLatencySeconds;
    expect(out.attentionSeconds).toBeCloseTo(fresh, 9);
    model.stepTime(prefill(4096, 8192), out);
    const withContext =
      (61 * 2 * 16 * 320 * 4096 * (8192 + 4097 / 2)) / (989e12 * params.attentionComputeEfficiency) +
      (61 * 8192 * 2 * 512 * 16 * 256) / (989e12 * params.gemmComputeEfficiency) +
      61 * params.kernelLatencySeconds;
    expect(out.attentionSeconds).toBeCloseTo(withContext, 9);
  });
});

describe('RooflineCostModel: invariants over MoE, MLA and hybrid models', () => {
  const models = [
    costModelFor('deepseek-v3', 'h200-sxm', { weights: 'fp8' }, 8).model,
    costModelFor('mixtral-8x7b', 'h100-sxm', { weights: 'bf16' }, 2).model,
    costModelFor('qwen3-30b-a3b', 'b200', { weights: 'nvfp4', attentionWeights: 'fp8' }, 1).model,
    costModelFor('qwen3-235b-a22b', 'a100-sxm-80gb', { weights: 'int4' }, 8).model,
  ];

  it('the breakdown sums to the total by bound and by operator family', () => {
    expectBreakdownSums(models);
  });

  it('time is non-decreasing in decode sequences, chunk tokens and chunk context', () => {
    const a = emptyBreakdown();
    const b = emptyBreakdown();
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 0, max: models.length - 1 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 4096 }), (s, i, which, delta) => {
        const t = copy(s);
        if (which === 0) {
          t.numDecodeSeqs += 1;
          t.decodeContextSum += delta;
        } else if (which === 1) {
          if (t.numPrefillChunks === 0) return;
          t.prefillChunkTokens[0] += delta;
        } else {
          if (t.numPrefillChunks === 0) return;
          t.prefillChunkContext[0] += delta;
        }
        expect(models[i].stepTime(t, b)).toBeGreaterThanOrEqual(models[i].stepTime(s, a));
      }),
    );
  });
});
