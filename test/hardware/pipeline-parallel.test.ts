// Pipeline parallelism in the hardware room: the layer partition (vLLM get_pp_indices), the
// weights of each stage, the KV capacity of a pp-stage replica by hand, and the cost model's
// per-stage times.
import { describe, expect, it } from 'vitest';
import {
  RooflineCostModel,
  TP_COMMUNICATION_RESERVE_BYTES,
  activationReserveBytes,
  emptyBreakdown,
  findGpu,
  findModel,
  kvCapacity,
  makeStageTimes,
  measuredCostModelParams,
  modelFromHfConfig,
  ppPartition,
  resolvePrecision,
  stageWeightBytesPerGpu,
  weightBytesPerGpu,
  type ModelSpec,
} from '../../sim/hardware/index.ts';
import { type SchedulerOutput, makeSchedulerOutput } from '../../sim/step/index.ts';

const h100 = findGpu('h100-sxm')!;
const llama8b = findModel('llama-3.1-8b')!;
const bf16 = resolvePrecision(h100, { weights: 'bf16' });

/** A small Llama-style config.json with `layers` layers. */
function tiny(layers: number): ModelSpec {
  const r = modelFromHfConfig(
    {
      architectures: ['LlamaForCausalLM'],
      hidden_size: 2048,
      intermediate_size: 8192,
      max_position_embeddings: 8192,
      num_attention_heads: 16,
      num_hidden_layers: layers,
      num_key_value_heads: 4,
      vocab_size: 32000,
      tie_word_embeddings: false,
    },
    `tiny-${layers}`,
  );
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.model;
}

function decodeShape(n: number, context: number): SchedulerOutput {
  const s = makeSchedulerOutput(4);
  s.numDecodeSeqs = n;
  s.decodeContextSum = n * context;
  return s;
}

describe('ppPartition (vLLM get_pp_indices)', () => {
  it('splits evenly and gives the remainder to the stages before the last, backwards', () => {
    expect(ppPartition(32, 1)).toEqual([32]);
    expect(ppPartition(32, 4)).toEqual([8, 8, 8, 8]);
    expect(ppPartition(5, 2)).toEqual([3, 2]);
    expect(ppPartition(6, 4)).toEqual([1, 2, 2, 1]);
    expect(ppPartition(32, 3)).toEqual([11, 11, 10]);
    expect(ppPartition(7, 4)).toEqual([2, 2, 2, 1]);
  });

  it('rejects pp larger than the layers', () => {
    expect(() => ppPartition(5, 6)).toThrow(RangeError);
  });
});

describe('stageWeightBytesPerGpu', () => {
  it('is weightBytesPerGpu at pp = 1, and the stages sum to it (plus a second copy of a tied head) at pp > 1', () => {
    expect(stageWeightBytesPerGpu(llama8b, 2, 2, 1, 0)).toBe(weightBytesPerGpu(llama8b, 2, 2));
    const sum = (m: ModelSpec, pp: number) => {
      let s = 0;
      for (let i = 0; i < pp; i++) s += stageWeightBytesPerGpu(m, 2, 2, pp, i);
      return s;
    };
    expect(sum(llama8b, 4)).toBeCloseTo(weightBytesPerGpu(llama8b, 2, 2), 0);
    const tied = { ...llama8b, tieWordEmbeddings: true };
    expect(sum(tied, 4) - weightBytesPerGpu(tied, 2, 2)).toBeCloseTo((tied.vocabSize * tied.hiddenSize * 2) / 2, 0);
  });

  it('puts the embedding on the first stage and the final norm and LM head on the last', () => {
    const E = llama8b.vocabSize * llama8b.hiddenSize * 2;
    const F = llama8b.hiddenSize * 2;
    const w0 = stageWeightBytesPerGpu(llama8b, 2, 1, 2, 0);
    const w1 = stageWeightBytesPerGpu(llama8b, 2, 1, 2, 1);
    // 16 layers each; the last stage has the head (as large as the embedding) and the final norm.
    expect(w1 - w0).toBeCloseTo(F, 3);
    expect(w0 + w1).toBeCloseTo(weightBytesPerGpu(llama8b, 2, 1), 0);
    expect(w0).toBeCloseTo((weightBytesPerGpu(llama8b, 2, 1) - 2 * E - F) / 2 + E, 0);
  });
});

describe('kvCapacity at pp = 2', () => {
  const input = {
    model: llama8b,
    gpu: h100,
    precision: bf16,
    tp: 1,
    gpuMemoryUtilization: 0.9,
    blockSize: 16,
    maxNumBatchedTokens: 8192,
    maxNumSeqs: 256,
  };

  it('holds ≈ 2× the tokens of pp = 1, plus what halving the weights frees, by hand', () => {
    const one = kvCapacity(input);
    const two = kvCapacity({ ...input, pp: 2 });
    if (!one.ok || !two.ok) throw new Error('expected both to fit');
    const budget = h100.memoryBytes * 0.9;
    const W = weightBytesPerGpu(llama8b, 2, 1);
    const F = llama8b.hiddenSize * 2;
    const A = activationReserveBytes(llama8b, 1, 8192, 256);
    const perToken = 2 * 32 * 8 * 128 * 2; // 128 KiB over the whole model
    // The last stage binds: half the layers (W/2 + F/2 with the head), the sampler, and the p2p NCCL buffers.
    const lastStageWeights = W / 2 + F / 2;
    const blocks = Math.floor((budget - lastStageWeights - A - TP_COMMUNICATION_RESERVE_BYTES) / (16 * (perToken / 2)));
    expect(two.numGpuBlocks).toBe(blocks);
    expect(two.kvBytesPerTokenPerGpu).toBe(perToken / 2);
    expect(two.weightBytesPerGpu).toBeCloseTo(lastStageWeights, 0);
    expect(two.activationReserveBytesPerGpu).toBe(A + TP_COMMUNICATION_RESERVE_BYTES);
    // pp2 − 2·pp1 = (W − F − 2·G) / perToken tokens, up to the floors (two blocks of 16).
    const extra = (W - F - 2 * TP_COMMUNICATION_RESERVE_BYTES) / perToken;
    expect(Math.abs(two.maxTokensInCache - 2 * one.maxTokensInCache - extra)).toBeLessThanOrEqual(2 * 16);
    const ratio = two.maxTokensInCache / one.maxTokensInCache;
    expect(ratio).toBeGreaterThan(2.2);
    expect(ratio).toBeLessThan(2.5);
  });

  it('says which stage does not fit', () => {
    const big = findModel('llama-3.1-70b')!;
    const r = kvCapacity({ ...input, model: big, pp: 2, gpuMemoryUtilization: 0.8 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/pp=2: stage 1 \(40 layers\)/);
    expect(kvCapacity({ ...input, model: big, pp: 4, gpuMemoryUtilization: 0.8 }).ok).toBe(true);
  });
});

describe('RooflineCostModel.stageTimes', () => {
  const params = measuredCostModelParams(h100);

  it("sums, with the overhead and the transfers, to its breakdown, and the stages to stepTime, whatever the head's bound", () => {
    for (const tp of [1, 2]) {
      const pp = 4;
      const m = new RooflineCostModel({ model: llama8b, gpu: h100, precision: bf16, tp, pp, params });
      const whole = new RooflineCostModel({ model: llama8b, gpu: h100, precision: bf16, tp, params });
      // 32 rows: a memory-bound LM head; 512 rows: a compute-bound one.
      for (const n of [32, 512]) {
        const shape = decodeShape(n, 1000);
        const st = makeStageTimes(pp);
        const b = emptyBreakdown();
        m.stageTimes(shape, st, b);
        const stages = Array.from(st.stageSeconds);
        const sum = stages.reduce((a, x) => a + x, 0);
        expect(st.overheadSeconds).toBe(params.stepOverheadSeconds);
        expect(st.transferSeconds).toBeCloseTo(params.allReduceLatencySeconds + (n * 4096 * 2) / (h100.interconnectBandwidth * params.allReduceBandwidthEfficiency), 15);
        expect(b.totalSeconds).toBeCloseTo(sum + st.overheadSeconds + (pp - 1) * st.transferSeconds, 15);
        expect(b.gemmSeconds + b.attentionSeconds + b.communicationSeconds + b.overheadSeconds).toBeCloseTo(b.totalSeconds, 15);
        expect(b.computeSeconds + b.memorySeconds + b.communicationSeconds + b.overheadSeconds).toBeCloseTo(b.totalSeconds, 15);
        const w = emptyBreakdown();
        const t = whole.stepTime(shape, w);
        expect(sum, `tp=${tp} n=${n}`).toBeCloseTo(t - w.overheadSeconds, 12);
        expect(b.computeSeconds, `tp=${tp} n=${n}`).toBeCloseTo(w.computeSeconds, 12);
        expect(b.memorySeconds, `tp=${tp} n=${n}`).toBeCloseTo(w.memorySeconds, 12);
        // Equal layers per stage: the first (embedding) and last (head) differ, the middle two are equal.
        expect(stages[1]).toBe(stages[2]);
        expect(stages[3]).toBeGreaterThan(stages[1]);
      }
    }
  });

  it('at pp = 1 is stepTime exactly: one stage, plus the overhead, no transfer', () => {
    for (const tp of [1, 2]) {
      const m = new RooflineCostModel({ model: llama8b, gpu: h100, precision: bf16, tp, params });
      // Decode with a memory-bound and a compute-bound LM head, and a mixed step with two chunks.
      const mixed = decodeShape(64, 500);
      mixed.numPrefillChunks = 2;
      mixed.prefillChunkTokens.set([2048, 100]);
      mixed.prefillChunkContext.set([0, 4000]);
      for (const shape of [decodeShape(32, 1000), decodeShape(512, 1000), mixed]) {
        const st = makeStageTimes(1);
        const b = emptyBreakdown();
        m.stageTimes(shape, st, b);
        const w = emptyBreakdown();
        const t = m.stepTime(shape, w);
        expect(st.transferSeconds).toBe(0);
        expect(st.stageSeconds[0] + st.overheadSeconds + 0 * st.transferSeconds).toBe(t);
        expect(b).toEqual(w);
      }
    }
  });

  it('stage imbalance: L = 5 over pp = 2 puts 3 layers on stage 0, one layer more than stage 1, exactly', () => {
    const shape = decodeShape(16, 512);
    const timesOf = (layers: number) => {
      const m = new RooflineCostModel({ model: tiny(layers), gpu: h100, precision: bf16, tp: 1, pp: 2, params });
      const st = makeStageTimes(2);
      m.stageTimes(shape, st, emptyBreakdown());
      return Array.from(st.stageSeconds);
    };
    const layerSeconds = (() => {
      const b = emptyBreakdown();
      const t5 = new RooflineCostModel({ model: tiny(5), gpu: h100, precision: bf16, tp: 1, params }).stepTime(shape, b);
      const t4 = new RooflineCostModel({ model: tiny(4), gpu: h100, precision: bf16, tp: 1, params }).stepTime(shape, b);
      return t5 - t4;
    })();
    const [a5, b5] = timesOf(5); // [3, 2] layers
    const [a4, b4] = timesOf(4); // [2, 2] layers
    expect(a5 - a4).toBeCloseTo(layerSeconds, 12);
    expect(b5).toBeCloseTo(b4, 15);
    expect(a5 - b5).toBeCloseTo(layerSeconds + (a4 - b4), 12);
    expect(a5).toBeGreaterThan(b5); // the bottleneck is the first stage
  });
});
