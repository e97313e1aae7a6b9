import { describe, expect, it } from 'vitest';
import {
  findModel,
  kvBytesPerToken,
  kvBytesPerTokenPerGpu,
  kvHeadsPerGpu,
  modelParameterCount,
  parameterBreakdown,
  weightBytesPerGpu,
} from '../../sim/hardware/index.ts';

const llama8b = findModel('llama-3.1-8b')!;
const llama70b = findModel('llama-3.1-70b')!;

describe('modelParameterCount', () => {
  it('counts Llama-3.1-8B at 8.03e9 (±0.5%), exactly 8,030,261,248', () => {
    const n = modelParameterCount(llama8b);
    expect(Math.abs(n / 8.03e9 - 1)).toBeLessThan(0.005);
    expect(n).toBe(8_030_261_248);
  });

  it('counts Llama-3.1-70B at 70.55e9 and Llama-3.1-405B at 405.85e9', () => {
    expect(modelParameterCount(llama70b)).toBe(70_553_706_496);
    expect(modelParameterCount(findModel('llama-3.1-405b')!)).toBe(405_853_388_800);
  });

  it('drops the LM head when it is tied to the embedding', () => {
    const tied = { ...llama8b, tieWordEmbeddings: true };
    expect(modelParameterCount(llama8b) - modelParameterCount(tied)).toBe(128256 * 4096);
    expect(parameterBreakdown(tied).lmHead).toBe(0);
  });
});

describe('weightBytesPerGpu', () => {
  it('is 2 bytes per parameter in bf16 at tp=1', () => {
    expect(weightBytesPerGpu(llama8b, 2, 1)).toBe(2 * 8_030_261_248);
  });

  it('splits linear layers and the vocabulary tp ways and replicates norms', () => {
    const p = parameterBreakdown(llama8b);
    const norms = 32 * p.normsPerLayer + p.finalNorm;
    expect(weightBytesPerGpu(llama8b, 2, 2)).toBe((2 * (p.total - norms)) / 2 + 2 * norms);
  });

  it('keeps the embedding and LM head in 16 bits when the layers are fp8', () => {
    const p = parameterBreakdown(llama8b);
    const linear = 32 * (p.attentionPerLayer + p.mlpPerLayer);
    expect(weightBytesPerGpu(llama8b, 1, 1)).toBe(linear * 1 + (p.embedding + p.lmHead + 32 * p.normsPerLayer + p.finalNorm) * 2);
  });
});

describe('kvBytesPerToken', () => {
  it('is 2·32·8·128·2 = 131072 bytes per token for Llama-3-8B in fp16', () => {
    expect(kvBytesPerToken(llama8b, 2)).toBe(131072);
    expect(kvBytesPerToken(llama8b, 1)).toBe(65536);
  });
});

describe('kvBytesPerTokenPerGpu', () => {
  it('halves per GPU at tp=2', () => {
    expect(kvBytesPerTokenPerGpu(llama8b, 2, 2)).toBe(65536);
  });

  it('replicates KV heads when tp exceeds the 8 KV heads: one head per GPU at tp=16', () => {
    expect(kvHeadsPerGpu(llama8b, 8)).toBe(1);
    expect(kvHeadsPerGpu(llama8b, 16)).toBe(1);
    expect(kvBytesPerTokenPerGpu(llama8b, 2, 16)).toBe(2 * 32 * 1 * 128 * 2);
    expect(kvBytesPerTokenPerGpu(llama8b, 2, 16)).toBe(kvBytesPerTokenPerGpu(llama8b, 2, 8));
  });
});
