// The verify step's cost (decodeQueryTokens = 1 + γ in the roofline) and the proposer's cost
// (SpeculativeCostModel), against hand arithmetic; the draft's memory footprint.
import { describe, expect, it } from 'vitest';
import {
  ConstantCostModel,
  activationReserveBytes,
  RooflineCostModel,
  SpeculativeCostModel,
  defaultCostModelParams,
  draftFootprint,
  emptyBreakdown,
  findGpu,
  findModel,
  kvBytesPerTokenPerGpu,
  kvCapacity,
  resolvePrecision,
  weightBytesPerGpu,
} from '../../sim/hardware/index.ts';
import { type SchedulerOutput, makeSchedulerOutput } from '../../sim/step/index.ts';

const h100 = findGpu('h100-sxm')!;
const llama8b = findModel('llama-3.1-8b')!;
const llama1b = findModel('llama-3.2-1b')!;
const precision = resolvePrecision(h100, { weights: 'bf16' });
const params = defaultCostModelParams(h100);
const target = new RooflineCostModel({ model: llama8b, gpu: h100, precision, tp: 1, params });

function shape(n: number, q: number, ctx: number, chunks: [number, number][] = []): SchedulerOutput {
  const s = makeSchedulerOutput(4);
  s.numDecodeSeqs = n;
  s.decodeQueryTokens = q;
  s.decodeContextSum = ctx;
  s.numPrefillChunks = chunks.length;
  chunks.forEach(([tokens, context], i) => {
    s.prefillChunkTokens[i] = tokens;
    s.prefillChunkContext[i] = context;
  });
  return s;
}

describe('verify steps in the roofline (decodeQueryTokens)', () => {
  it('GEMMs and the LM head of n sequences × q tokens cost what n·q single-token sequences cost', () => {
    const a = emptyBreakdown();
    const b = emptyBreakdown();
    target.stepTime(shape(8, 4, 8 * 1000), a);
    target.stepTime(shape(32, 1, 8 * 1000), b);
    expect(a.gemmSeconds).toBeCloseTo(b.gemmSeconds, 15);
    // Attention memory-bound at this size: the KV is read once per sequence, whatever q.
    expect(a.attentionSeconds).toBeCloseTo(b.attentionSeconds, 15);
  });

  it('attention FLOPs count q·ctx − n·q(q−1)/2 query-key pairs (compute-bound: equal pairs, equal time)', () => {
    // A: 1 sequence × 200 queries over 10,000 keys: 200·10,000 − 200·199/2 = 1,980,100 pairs.
    // B: 2 sequences × 100 queries, Σ ctx 19,900: 100·19,900 − 2·100·99/2 = 1,980,100 pairs.
    // Same 200 GEMM tokens and LM-head rows; attention is compute-bound in both (≥ 100 queries
    // per key read), so the steps take exactly as long but for the per-sequence overhead. With
    // q·ctx pairs they would differ by 0.5%.
    expect(200 * 10_000 - (200 * 199) / 2).toBe(1_980_100);
    expect(100 * 19_900 - (2 * 100 * 99) / 2).toBe(1_980_100);
    const a = emptyBreakdown();
    const b = emptyBreakdown();
    target.stepTime(shape(1, 200, 10_000), a);
    target.stepTime(shape(2, 100, 19_900), b);
    expect(a.computeSeconds).toBeGreaterThan(0);
    expect(a.attentionSeconds).toBeCloseTo(b.attentionSeconds, 15);
    expect(a.totalSeconds - a.overheadSeconds).toBeCloseTo(b.totalSeconds - b.overheadSeconds, 15);
    // The per-sequence overhead counts sequences (1 vs 2), not verified positions.
    expect(b.overheadSeconds - a.overheadSeconds).toBeCloseTo(params.perSequenceOverheadSeconds, 15);
    // And more pairs cost more: 1 × 200 over 10,100 keys.
    const c = emptyBreakdown();
    target.stepTime(shape(1, 200, 10_100), c);
    expect(c.attentionSeconds).toBeGreaterThan(a.attentionSeconds);
  });

  it('q = 1 is the plain decode step exactly', () => {
    const a = emptyBreakdown();
    const s = shape(16, 1, 16 * 700);
    const t = target.stepTime(s, a);
    const plain = makeSchedulerOutput(4);
    plain.numDecodeSeqs = 16;
    plain.decodeContextSum = 16 * 700;
    expect(target.stepTime(plain, emptyBreakdown())).toBe(t);
  });
});

describe('SpeculativeCostModel', () => {
  const unit = new ConstantCostModel(0.01); // target step 10 ms
  const draftPass = new ConstantCostModel(0.002); // each draft pass 2 ms

  it('adds γ draft passes to a verify step, nothing to a plain decode', () => {
    const m = new SpeculativeCostModel(unit, { kind: 'passes', model: draftPass });
    const b = emptyBreakdown();
    expect(m.stepTime(shape(5, 4, 5 * 100), b)).toBeCloseTo(0.01 + 3 * 0.002, 15);
    expect(b.draftSeconds).toBeCloseTo(0.006, 15);
    expect(b.overheadSeconds).toBeCloseTo(0.016, 15); // the constant models count all as overhead
    expect(m.stepTime(shape(5, 1, 5 * 100), b)).toBe(0.01);
    expect(b.draftSeconds).toBe(0);
  });

  it('runs one draft pass for a step that only prefills (the draft needs the prompt too)', () => {
    const m = new SpeculativeCostModel(unit, { kind: 'passes', model: draftPass });
    const b = emptyBreakdown();
    expect(m.stepTime(shape(0, 1, 0, [[512, 0]]), b)).toBeCloseTo(0.012, 15);
  });

  it('n-gram proposals cost secondsPerSeq per decoding sequence in verify steps', () => {
    const m = new SpeculativeCostModel(unit, { kind: 'per-sequence', secondsPerSeq: 1e-5 });
    const b = emptyBreakdown();
    expect(m.stepTime(shape(40, 3, 40 * 100), b)).toBeCloseTo(0.01 + 40 * 1e-5, 15);
    expect(b.draftSeconds).toBeCloseTo(4e-4, 15);
  });

  it('draft passes attend the growing context: pass j sees Σ ctx − n·(γ − j)', () => {
    const draft = new RooflineCostModel({ model: llama1b, gpu: h100, precision, tp: 1, params: { ...params, stepOverheadSeconds: 0, perSequenceOverheadSeconds: 0 } });
    const m = new SpeculativeCostModel(target, { kind: 'passes', model: draft });
    const n = 8;
    const gamma = 3;
    const ctx = n * (500 + 1 + gamma);
    const b = emptyBreakdown();
    const total = m.stepTime(shape(n, 1 + gamma, ctx), b);
    let expected = target.stepTime(shape(n, 1 + gamma, ctx), emptyBreakdown());
    for (let j = 0; j < gamma; j++) expected += draft.stepTime(shape(n, 1, ctx - n * (gamma - j)), emptyBreakdown());
    expect(total).toBeCloseTo(expected, 15);
    expect(b.computeSeconds + b.memorySeconds + b.communicationSeconds + b.overheadSeconds).toBeCloseTo(total, 15);
    expect(b.gemmSeconds + b.attentionSeconds + b.communicationSeconds + b.overheadSeconds).toBeCloseTo(total, 15);
  });
});

describe('draftFootprint and the KV sizing', () => {
  it('a draft model adds its weights and its KV per token (Llama-3.2-1B: 32 KiB per token in bf16)', () => {
    const f = draftFootprint('draft-model', llama8b, precision, 1, { draftModel: llama1b });
    expect(f.weightBytesPerGpu).toBe(weightBytesPerGpu(llama1b, 2, 1));
    // 2 · 16 layers · 8 KV heads · 64 · 2 B = 32,768 B.
    expect(f.kvBytesPerTokenPerGpu).toBe(32_768);
    const base = { model: llama8b, gpu: h100, precision, tp: 1, gpuMemoryUtilization: 0.9, blockSize: 16, maxNumBatchedTokens: 8192, maxNumSeqs: 256 };
    const plain = kvCapacity(base);
    const spec = kvCapacity({ ...base, draft: f });
    if (!plain.ok || !spec.ok) throw new Error('does not fit');
    expect(spec.kvBytesPerTokenPerGpu).toBe(131_072 + 32_768);
    // (0.9 × 80 GiB − 8B weights − 1B weights − activation reserve) / (16 tokens × 160 KiB).
    const free = h100.memoryBytes * 0.9 - weightBytesPerGpu(llama8b, 2, 1) - f.weightBytesPerGpu - activationReserveBytes(llama8b, 1, 8192, 256);
    expect(spec.numGpuBlocks).toBe(Math.floor(free / (16 * 163_840)));
    expect(spec.numGpuBlocks).toBeLessThan(plain.numGpuBlocks * 0.8);
  });

  it('EAGLE-style heads add draftLayers layers without the shared embedding and LM head', () => {
    const f = draftFootprint('self-speculative', llama8b, precision, 1, { draftLayers: 1 });
    // One Llama-3.1-8B decoder layer: (4096·(4096 + 2·1024) + 4096·4096 + 3·4096·14336) · 2 B + 2 norms · 4096 · 2 B.
    const layer = (4096 * (4096 + 2 * 1024) + 4096 * 4096 + 3 * 4096 * 14336) * 2 + 2 * 4096 * 2;
    expect(f.weightBytesPerGpu).toBe(layer);
    expect(f.kvBytesPerTokenPerGpu).toBe(kvBytesPerTokenPerGpu(llama8b, 2, 1) / 32);
    expect(draftFootprint('ngram', llama8b, precision, 1)).toEqual({ passModel: null, weightBytesPerGpu: 0, kvBytesPerTokenPerGpu: 0 });
  });
});
