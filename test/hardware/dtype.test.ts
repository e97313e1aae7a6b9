import { describe, expect, it } from 'vitest';
import { bytesPerElement, findGpu, resolvePrecision } from '../../sim/hardware/index.ts';

const a100 = findGpu('a100-sxm-80gb')!;
const l40s = findGpu('l40s')!;
const h100 = findGpu('h100-sxm')!;
const b200 = findGpu('b200')!;
const mi300x = findGpu('mi300x')!;
const b300 = findGpu('b300')!;
const weightOnly = '(weight-only: weights are upcast as they load)';

describe('bytesPerElement', () => {
  it('is 2 for fp16/bf16, 1 for fp8 and 0.5625 for nvfp4 (4 bits + one 8-bit scale per 16)', () => {
    expect([bytesPerElement('fp32'), bytesPerElement('fp16'), bytesPerElement('bf16'), bytesPerElement('fp8')]).toEqual([4, 2, 2, 1]);
    expect(bytesPerElement('nvfp4')).toBe(0.5625);
    expect(bytesPerElement('nvfp4')).toBe((4 + 8 / 16) / 8);
  });
});

describe('bytesPerElement of the narrow formats', () => {
  it('is 0.53125 for mxfp4: 4-bit E2M1 plus one 8-bit E8M0 scale per 32 = 4.25 bits', () => {
    expect(bytesPerElement('mxfp4')).toBe(0.53125);
    expect(bytesPerElement('mxfp4') * 8).toBe(4 + 8 / 32);
  });

  it('is 0.51953125 for int4: 4 bits plus one fp16 scale and one 4-bit zero per group of 128 = 4.15625 bits', () => {
    expect(bytesPerElement('int4')).toBe(0.51953125);
    expect(bytesPerElement('int4') * 8).toBe(4 + (16 + 4) / 128);
  });

  it('is 1 for int8 (per-channel scales are negligible)', () => {
    expect(bytesPerElement('int8')).toBe(1);
  });

  it('orders the 4-bit formats by their scale overhead: int4 < mxfp4 < nvfp4 < fp8', () => {
    expect(bytesPerElement('int4')).toBeLessThan(bytesPerElement('mxfp4'));
    expect(bytesPerElement('mxfp4')).toBeLessThan(bytesPerElement('nvfp4'));
    expect(bytesPerElement('nvfp4')).toBeLessThan(bytesPerElement('fp8'));
  });
});

describe('resolvePrecision', () => {
  it('defaults to bf16 everywhere with fp16 math and no notes', () => {
    const gemm = { weights: 'bf16', weightBytes: 2, activations: 'bf16', activationBytes: 2, math: 'fp16', inputBytes: 2 };
    expect(resolvePrecision(h100, {})).toEqual({
      weights: 'bf16',
      attentionWeights: 'bf16',
      activations: 'bf16',
      kvCache: 'bf16',
      weightBytes: 2,
      activationBytes: 2,
      kvBytes: 2,
      gemmMath: 'fp16',
      attentionMath: 'fp16',
      attentionGemm: gemm,
      mlpGemm: gemm,
      notes: [],
    });
  });

  it('fp8 weights on h100 default to fp8 activations and KV and run fp8 GEMMs and attention', () => {
    expect(resolvePrecision(h100, { weights: 'fp8' })).toMatchObject({
      activations: 'fp8',
      kvCache: 'fp8',
      weightBytes: 1,
      kvBytes: 1,
      gemmMath: 'fp8',
      attentionMath: 'fp8',
      notes: [],
    });
  });

  it('nvfp4 weights on b200 run FP4 GEMMs with an fp8 KV cache by default', () => {
    expect(resolvePrecision(b200, { weights: 'nvfp4' })).toMatchObject({
      activations: 'fp8',
      kvCache: 'fp8',
      weightBytes: 0.5625,
      kvBytes: 1,
      gemmMath: 'nvfp4',
      attentionMath: 'fp8',
      notes: [],
    });
  });

  it('fp8 weights on an A100 stay 1 byte but GEMMs run in fp16, and say so', () => {
    const p = resolvePrecision(a100, { weights: 'fp8' });
    expect([p.weightBytes, p.gemmMath]).toEqual([1, 'fp16']);
    expect(p.notes[0]).toMatch(/^a100-sxm-80gb has no FP8 tensor cores: fp8 weights are stored in 1 byte but GEMMs run in fp16/);
  });

  it('fp8 KV cache on an A100 stays 1 byte, computed in fp16, and says so', () => {
    const p = resolvePrecision(a100, { weights: 'bf16', kvCache: 'fp8' });
    expect([p.kvBytes, p.attentionMath, p.gemmMath]).toEqual([1, 'fp16', 'fp16']);
    expect(p.notes).toEqual([
      'a100-sxm-80gb has no FP8 tensor cores: the fp8 KV cache is stored in 1 byte per element but attention is computed in fp16',
    ]);
  });

  it('nvfp4 weights before Blackwell stay 4.5 bits and compute in fp8 on Hopper, Ada and CDNA3', () => {
    for (const gpu of [h100, l40s, mi300x]) {
      const p = resolvePrecision(gpu, { weights: 'nvfp4' });
      expect([p.weightBytes, p.gemmMath, p.kvBytes], gpu.id).toEqual([0.5625, 'fp8', 1]);
      expect(p.notes).toEqual([`${gpu.id} has no FP4 tensor cores: nvfp4 weights are stored in 4.5 bits but GEMMs run in fp8`]);
    }
  });

  it('nvfp4 weights on an A100 stay 4.5 bits and compute in fp16', () => {
    const p = resolvePrecision(a100, { weights: 'nvfp4' });
    expect([p.weightBytes, p.gemmMath, p.kvBytes, p.attentionMath]).toEqual([0.5625, 'fp16', 1, 'fp16']);
    expect(p.notes[0]).toMatch(/^a100-sxm-80gb has no FP4 or FP8 tensor cores: nvfp4 weights are stored in 4.5 bits but GEMMs run in fp16/);
  });

  it('16-bit activations make fp8 weights weight-only: fp16 GEMMs with no fallback note', () => {
    const p = resolvePrecision(h100, { weights: 'fp8', activations: 'bf16', kvCache: 'bf16' });
    expect([p.gemmMath, p.activationBytes, p.notes]).toEqual(['fp16', 2, []]);
  });

  it('fp8 activations with bf16 weights run fp16 GEMMs and say why', () => {
    const p = resolvePrecision(h100, { weights: 'bf16', activations: 'fp8' });
    expect(p.gemmMath).toBe('fp16');
    expect(p.notes).toHaveLength(1);
  });

  it('an nvfp4 KV cache falls back to fp8 where there is no FP4, and is kept on Blackwell', () => {
    const hopper = resolvePrecision(h100, { weights: 'nvfp4', kvCache: 'nvfp4' });
    expect([hopper.kvCache, hopper.kvBytes]).toEqual(['fp8', 1]);
    expect(hopper.notes[0]).toMatch(/nvfp4 KV cache is not supported/);
    expect(resolvePrecision(b200, { weights: 'nvfp4', kvCache: 'nvfp4' }).kvBytes).toBe(0.5625);
  });

  it('always resolves to math formats the GPU runs natively, keeping the weight storage sizes', () => {
    const dtypes = ['fp16', 'bf16', 'fp8', 'nvfp4', 'mxfp4', 'int8', 'int4'] as const;
    for (const gpu of [a100, l40s, h100, b200, b300, mi300x]) {
      for (const weights of dtypes) for (const activations of dtypes) for (const kvCache of dtypes) {
        for (const attentionWeights of [undefined, 'fp8', 'int4'] as const) {
          const p = resolvePrecision(gpu, { weights, attentionWeights, activations, kvCache });
          expect(gpu.peakFlops[p.gemmMath]).toBeDefined();
          expect(gpu.peakFlops[p.attentionGemm.math]).toBeDefined();
          expect(gpu.peakFlops[p.attentionMath]).toBeDefined();
          expect(p.weightBytes).toBe(bytesPerElement(weights));
          expect(p.attentionGemm.weightBytes).toBe(bytesPerElement(attentionWeights ?? weights));
          expect(p.mlpGemm.math).toBe(p.gemmMath);
          expect(p.kvBytes).toBe(bytesPerElement(p.kvCache));
        }
      }
    }
  });
});

describe('resolvePrecision: MXFP4', () => {
  it('mxfp4 weights on b200 run FP4 GEMMs (the nvfp4 tensor-core rate) with an fp8 KV cache, without notes', () => {
    expect(resolvePrecision(b200, { weights: 'mxfp4' })).toMatchObject({
      activations: 'fp8',
      kvCache: 'fp8',
      weightBytes: 0.53125,
      gemmMath: 'nvfp4',
      attentionMath: 'fp8',
      notes: [],
    });
  });

  it('mxfp4 weights before Blackwell stay 4.25 bits and compute in fp8 on Hopper, Ada and CDNA3, fp16 on Ampere', () => {
    for (const gpu of [h100, l40s, mi300x]) {
      const p = resolvePrecision(gpu, { weights: 'mxfp4' });
      expect([p.weightBytes, p.gemmMath], gpu.id).toEqual([0.53125, 'fp8']);
      expect(p.notes).toEqual([`${gpu.id} has no FP4 tensor cores: mxfp4 weights are stored in 4.25 bits but GEMMs run in fp8`]);
    }
    const p = resolvePrecision(a100, { weights: 'mxfp4' });
    expect([p.weightBytes, p.gemmMath]).toEqual([0.53125, 'fp16']);
    expect(p.notes[0]).toBe(`a100-sxm-80gb has no FP4 or FP8 tensor cores: mxfp4 weights are stored in 4.25 bits but GEMMs run in fp16 ${weightOnly}`);
  });

  it('an mxfp4 KV cache is kept on Blackwell and stored in fp8 elsewhere, with a note', () => {
    expect(resolvePrecision(b200, { weights: 'mxfp4', kvCache: 'mxfp4' })).toMatchObject({ kvCache: 'mxfp4', kvBytes: 0.53125, notes: [] });
    const p = resolvePrecision(h100, { weights: 'fp8', kvCache: 'mxfp4' });
    expect([p.kvCache, p.kvBytes, p.attentionMath]).toEqual(['fp8', 1, 'fp8']);
    expect(p.notes).toEqual(['h100-sxm has no FP4 tensor cores: an mxfp4 KV cache is not supported there, so the KV cache is stored in fp8 (1 byte)']);
  });
});

describe('resolvePrecision: INT8 and INT4', () => {
  it('int4 weights default to weight-only W4A16: 4.15625 bits stored, fp16 GEMMs, 16-bit KV, no notes', () => {
    for (const gpu of [a100, h100, b200, b300]) {
      expect(resolvePrecision(gpu, { weights: 'int4' }), gpu.id).toMatchObject({
        activations: 'bf16',
        kvCache: 'bf16',
        weightBytes: 0.51953125,
        gemmMath: 'fp16',
        attentionMath: 'fp16',
        notes: [],
      });
    }
  });

  it('int8 weights default to weight-only W8A16: 1 byte stored, fp16 GEMMs, no notes', () => {
    expect(resolvePrecision(h100, { weights: 'int8' })).toMatchObject({ activations: 'bf16', weightBytes: 1, gemmMath: 'fp16', notes: [] });
  });

  it('int8 weights with int8 activations (W8A8) run INT8 GEMMs where the GPU has INT8 tensor cores, Ampere included', () => {
    for (const gpu of [a100, l40s, h100, b200, mi300x]) {
      const p = resolvePrecision(gpu, { weights: 'int8', activations: 'int8' });
      expect([p.gemmMath, p.activationBytes, p.mlpGemm.inputBytes, p.notes], gpu.id).toEqual(['int8', 1, 1, []]);
    }
  });

  it('W8A8 INT8 on Blackwell Ultra (INT8 cut) falls back to fp16 GEMMs, and says so', () => {
    const p = resolvePrecision(b300, { weights: 'int8', activations: 'int8' });
    expect([p.weightBytes, p.gemmMath]).toEqual([1, 'fp16']);
    expect(p.notes).toEqual([`b300 has no fast INT8 tensor cores: int8 weights are stored in 1 byte but GEMMs run in fp16 ${weightOnly}`]);
  });

  it('int4 weights with int8 activations (W4A8 integer) run in int8; with int4 activations too, with a note', () => {
    expect(resolvePrecision(h100, { weights: 'int4', activations: 'int8' })).toMatchObject({ gemmMath: 'int8', notes: [] });
    const p = resolvePrecision(h100, { weights: 'int4', activations: 'int4' });
    expect(p.gemmMath).toBe('int8');
    expect(p.notes).toEqual(['int4 activations with int4 weights: INT4 tensor-core math (W4A4) is not modelled, so GEMMs run in int8']);
  });

  it('int4 weights with fp8 activations (W4A8 AWQ) run fp8 GEMMs, and fp16 on an A100 with a note', () => {
    expect(resolvePrecision(h100, { weights: 'int4', activations: 'fp8' })).toMatchObject({ gemmMath: 'fp8', weightBytes: 0.51953125, notes: [] });
    const p = resolvePrecision(a100, { weights: 'int4', activations: 'fp8', kvCache: 'bf16' });
    expect(p.gemmMath).toBe('fp16');
    expect(p.notes).toEqual([`a100-sxm-80gb has no FP8 tensor cores: int4 weights are stored in 4.15625 bits but GEMMs run in fp16 ${weightOnly}`]);
  });

  it('pairings no engine runs (int8 weights × fp8 activations, fp8 weights × int8 activations) compute in fp16, with a note', () => {
    const a = resolvePrecision(h100, { weights: 'int8', activations: 'fp8' });
    expect(a.gemmMath).toBe('fp16');
    expect(a.notes).toEqual([`fp8 activations with int8 weights: no engine pairs these formats, so GEMMs run in fp16 ${weightOnly}`]);
    const b = resolvePrecision(h100, { weights: 'fp8', activations: 'int8' });
    expect(b.gemmMath).toBe('fp16');
    expect(b.notes).toEqual([`int8 activations with fp8 weights: no engine pairs these formats, so GEMMs run in fp16 ${weightOnly}`]);
  });

  it('an int8 KV cache is 1 byte and attended in fp16; an int4 KV cache is stored in int8, with a note', () => {
    expect(resolvePrecision(h100, { weights: 'int8', kvCache: 'int8' })).toMatchObject({ kvBytes: 1, attentionMath: 'fp16', notes: [] });
    const p = resolvePrecision(h100, { weights: 'int4', kvCache: 'int4' });
    expect([p.kvCache, p.kvBytes, p.attentionMath]).toEqual(['int8', 1, 'fp16']);
    expect(p.notes).toEqual([
      'an int4 KV cache is not supported by vLLM (fp8 only) or TensorRT-LLM (fp8, int8, nvfp4), so the KV cache is stored in int8 (1 byte)',
    ]);
  });
});

describe('resolvePrecision: the FP4/FP8 hybrid (attentionWeights)', () => {
  it('on b200, nvfp4 MLP weights run FP4 GEMMs while fp8 attention projections run fp8 GEMMs, KV fp8, no notes', () => {
    const p = resolvePrecision(b200, { weights: 'nvfp4', attentionWeights: 'fp8' });
    expect(p).toMatchObject({ weights: 'nvfp4', attentionWeights: 'fp8', kvCache: 'fp8', weightBytes: 0.5625, gemmMath: 'nvfp4', notes: [] });
    expect(p.mlpGemm).toEqual({ weights: 'nvfp4', weightBytes: 0.5625, activations: 'fp8', activationBytes: 1, math: 'nvfp4', inputBytes: 0.5625 });
    expect(p.attentionGemm).toEqual({ weights: 'fp8', weightBytes: 1, activations: 'fp8', activationBytes: 1, math: 'fp8', inputBytes: 1 });
  });

  it('without attentionWeights both families are the same', () => {
    const p = resolvePrecision(b200, { weights: 'nvfp4' });
    expect(p.attentionWeights).toBe('nvfp4');
    expect(p.attentionGemm).toEqual(p.mlpGemm);
  });

  it('on h100 the MLP falls back to fp8 and says which weights; on an A100 both families fall back to fp16', () => {
    const hopper = resolvePrecision(h100, { weights: 'nvfp4', attentionWeights: 'fp8' });
    expect([hopper.mlpGemm.math, hopper.attentionGemm.math]).toEqual(['fp8', 'fp8']);
    expect(hopper.notes).toEqual(['h100-sxm has no FP4 tensor cores: nvfp4 MLP weights are stored in 4.5 bits but GEMMs run in fp8']);
    const ampere = resolvePrecision(a100, { weights: 'nvfp4', attentionWeights: 'fp8' });
    expect([ampere.mlpGemm.math, ampere.attentionGemm.math, ampere.attentionMath]).toEqual(['fp16', 'fp16', 'fp16']);
    expect(ampere.notes).toEqual([
      `a100-sxm-80gb has no FP4 or FP8 tensor cores: nvfp4 MLP weights are stored in 4.5 bits but GEMMs run in fp16 ${weightOnly}`,
      `a100-sxm-80gb has no FP8 tensor cores: fp8 attention-projection weights are stored in 1 byte but GEMMs run in fp16 ${weightOnly}`,
      'a100-sxm-80gb has no FP8 tensor cores: the fp8 KV cache is stored in 1 byte per element but attention is computed in fp16',
    ]);
  });

  it('takes its KV default from the attention weights, and each family its own activation default', () => {
    const p = resolvePrecision(h100, { weights: 'int4', attentionWeights: 'fp8' });
    expect([p.kvCache, p.mlpGemm.activations, p.mlpGemm.math, p.attentionGemm.activations, p.attentionGemm.math]).toEqual([
      'fp8',
      'bf16',
      'fp16',
      'fp8',
      'fp8',
    ]);
    expect(p.activations).toBe('bf16');
  });
});
