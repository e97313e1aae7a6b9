import { describe, expect, it } from 'vitest';
import { bytesPerElement, findGpu, resolvePrecision } from '../../sim/hardware/index.ts';

const a100 = findGpu('a100-sxm-80gb')!;
const l40s = findGpu('l40s')!;
const h100 = findGpu('h100-sxm')!;
const b200 = findGpu('b200')!;
const mi300x = findGpu('mi300x')!;

describe('bytesPerElement', () => {
  it('is 2 for fp16/bf16, 1 for fp8 and 0.5625 for nvfp4 (4 bits + one 8-bit scale per 16)', () => {
    expect([bytesPerElement('fp32'), bytesPerElement('fp16'), bytesPerElement('bf16'), bytesPerElement('fp8')]).toEqual([4, 2, 2, 1]);
    expect(bytesPerElement('nvfp4')).toBe(0.5625);
    expect(bytesPerElement('nvfp4')).toBe((4 + 8 / 16) / 8);
  });
});

describe('resolvePrecision', () => {
  it('defaults to bf16 everywhere with fp16 math and no notes', () => {
    expect(resolvePrecision(h100, {})).toEqual({
      weights: 'bf16',
      activations: 'bf16',
      kvCache: 'bf16',
      weightBytes: 2,
      activationBytes: 2,
      kvBytes: 2,
      gemmMath: 'fp16',
      attentionMath: 'fp16',
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

  it('always resolves to math formats the GPU runs natively', () => {
    const dtypes = ['fp16', 'bf16', 'fp8', 'nvfp4'] as const;
    for (const gpu of [a100, l40s, h100, b200, mi300x]) {
      for (const weights of dtypes) for (const activations of dtypes) for (const kvCache of dtypes) {
        const p = resolvePrecision(gpu, { weights, activations, kvCache });
        expect(gpu.peakFlops[p.gemmMath]).toBeDefined();
        expect(gpu.peakFlops[p.attentionMath]).toBeDefined();
        expect(p.weightBytes).toBe(bytesPerElement(weights));
      }
    }
  });
});
