import { describe, expect, it } from 'vitest';
import { GiB } from '../../sim/units.ts';
import { activationReserveBytes, findGpu, findModel, kvCapacity, resolvePrecision, weightBytesPerGpu } from '../../sim/hardware/index.ts';

const h100 = findGpu('h100-sxm')!;
const llama8b = findModel('llama-3.1-8b')!;

function input(modelId: string, weights: 'bf16' | 'fp8', tp: number) {
  return {
    model: findModel(modelId)!,
    gpu: h100,
    precision: resolvePrecision(h100, { weights }),
    tp,
    gpuMemoryUtilization: 0.9,
    blockSize: 16,
    maxNumBatchedTokens: 8192,
    maxNumSeqs: 256,
  };
}

describe('kvCapacity', () => {
  it('sizes llama-3.1-8b bf16 on one h100 by hand: floor((budget − weights − reserve) / (16 · 131072))', () => {
    const budget = 80 * 2 ** 30 * 0.9;
    const weights = 8_030_261_248 * 2;
    const forward = 8192 * (2 * 4096 + 3 * 14336) * 2; // residual + hidden, gate/up + SiLU·mul, 16-bit
    const sampler = 256 * 128256 * 4 * 2; // fp32 logits and probabilities
    const fixed = 1 * GiB;
    const expected = Math.floor((budget - weights - (forward + sampler + fixed)) / (16 * 131072));
    const r = kvCapacity(input('llama-3.1-8b', 'bf16', 1));
    expect(r).toEqual({
      ok: true,
      numGpuBlocks: expected,
      weightBytesPerGpu: weights,
      activationReserveBytesPerGpu: forward + sampler + fixed,
      kvBytesPerTokenPerGpu: 131072,
      kvBytesPerGpu: expected * 16 * 131072,
      maxTokensInCache: expected * 16,
    });
    expect(expected).toBe(28168);
  });

  it('holds twice the tokens per GPU byte at tp=2 and adds the communication reserve', () => {
    const one = kvCapacity(input('llama-3.1-8b', 'bf16', 1));
    const two = kvCapacity(input('llama-3.1-8b', 'bf16', 2));
    if (!one.ok || !two.ok) throw new Error('expected both to fit');
    expect(two.kvBytesPerTokenPerGpu).toBe(65536);
    expect(two.numGpuBlocks).toBeGreaterThan(2 * one.numGpuBlocks);
  });

  it('fp8 weights and KV hold more than twice the bf16 tokens', () => {
    const bf16 = kvCapacity(input('llama-3.1-8b', 'bf16', 1));
    const fp8 = kvCapacity(input('llama-3.1-8b', 'fp8', 1));
    if (!bf16.ok || !fp8.ok) throw new Error('expected both to fit');
    expect(fp8.maxTokensInCache).toBeGreaterThan(2 * bf16.maxTokensInCache);
  });

  it('refuses llama-3.1-405b bf16 on one h100, stating the numbers in GiB and the remedies', () => {
    const r = kvCapacity(input('llama-3.1-405b', 'bf16', 1));
    expect(r).toEqual({
      ok: false,
      message:
        'llama-3.1-405b in bf16 needs 756.0 GiB of weights per GPU at tp=1, but h100-sxm offers 72.0 GiB at ' +
        'gpuMemoryUtilization 0.9; try tp >= 16, fp8 weights, or a larger GPU',
    });
  });

  it('refuses llama-3.1-70b bf16 on one h100 with the message of the design', () => {
    const r = kvCapacity(input('llama-3.1-70b', 'bf16', 1));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^llama-3\.1-70b in bf16 needs 131\.4 GiB of weights per GPU at tp=1, but h100-sxm offers 72\.0 GiB/);
  });

  it('refuses when the weights fit but the activation reserve leaves no block, naming both', () => {
    const r = kvCapacity({ ...input('llama-3.1-8b', 'bf16', 1), gpuMemoryUtilization: 0.2 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toBe(
      'llama-3.1-8b in bf16 at tp=1 needs 15.0 GiB of weights, 2.0 GiB of activation reserve (maxNumBatchedTokens 8192, maxNumSeqs 256) ' +
        'and at least one 2.0 MiB KV block per GPU, but h100-sxm offers 16.0 GiB at gpuMemoryUtilization 0.2; ' +
        'try tp >= 2, fp8 weights, a smaller maxNumBatchedTokens or maxNumSeqs, a higher gpuMemoryUtilization, or a larger GPU',
    );
  });

  it('with kvCacheFreeMemoryFraction sizes KV as that share of what weights and activations leave (TensorRT-LLM)', () => {
    const base = input('llama-3.1-70b', 'fp8', 1);
    const r = kvCapacity({ ...base, kvCacheFreeMemoryFraction: 0.9, gpuMemoryUtilization: 0.1 }); // utilization ignored
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const used = r.weightBytesPerGpu + r.activationReserveBytesPerGpu;
    expect(r.numGpuBlocks).toBe(Math.floor((0.9 * (80 * 2 ** 30 - used)) / (16 * r.kvBytesPerTokenPerGpu)));
    // vLLM-style sizing at 0.9 of all memory leaves less for a model that fills most of the GPU.
    const vllm = kvCapacity(base);
    expect(vllm.ok && vllm.numGpuBlocks).toBeLessThan(r.numGpuBlocks);
  });

  it('with kvCacheFreeMemoryFraction refuses weights larger than the whole GPU, saying how KV was sized', () => {
    const r = kvCapacity({ ...input('llama-3.1-405b', 'fp8', 1), kvCacheFreeMemoryFraction: 0.9 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/h100-sxm offers 80\.0 GiB with KV at 0\.9 of free memory/);
  });

  it('refuses a tp that does not divide the attention heads', () => {
    const r = kvCapacity({ ...input('llama-3.1-8b', 'bf16', 3) });
    expect(r).toEqual({ ok: false, message: 'tp=3 must be a positive integer that divides the 32 attention heads of llama-3.1-8b' });
    expect(llama8b.numAttentionHeads % 3).not.toBe(0);
  });
});

describe('kvCapacity: MoE, MLA and hybrid models', () => {
  const h200 = findGpu('h200-sxm')!;
  const deepseek = findModel('deepseek-v3')!;
  const base = { gpuMemoryUtilization: 0.9, blockSize: 16, maxNumBatchedTokens: 8192, maxNumSeqs: 256 };

  it('holds the whole MLA latent on every GPU: DeepSeek-V3 fp8 at tp=8 takes 61 · 576 · 1 = 35,136 bytes per token per GPU', () => {
    const precision = resolvePrecision(h200, { weights: 'fp8' });
    const r = kvCapacity({ ...base, model: deepseek, gpu: h200, precision, tp: 8 });
    if (!r.ok) throw new Error(r.message);
    expect(r.kvBytesPerTokenPerGpu).toBe(35_136);
    expect(r.weightBytesPerGpu).toBe(weightBytesPerGpu(deepseek, 1, 8));
    // fp8 DeepSeek-V3 is ~84 GB per GPU at tp=8 (671B parameters, 1 byte each, split 8 ways, replicated parts aside).
    expect(r.weightBytesPerGpu / 1e9).toBeGreaterThan(84);
    expect(r.weightBytesPerGpu / 1e9).toBeLessThan(87);
    const expected = Math.floor((141 * 2 ** 30 * 0.9 - r.weightBytesPerGpu - r.activationReserveBytesPerGpu) / (16 * 35_136));
    expect(r.numGpuBlocks).toBe(expected);
  });

  it('sizes the activation reserve of an MoE + MLA model by its largest transient: the routed experts of DeepSeek-V3', () => {
    // MoE: 8 · 3 · 2048/8 + 8 · 7168 + 2 · 256 = 64,000 elements per token; MLA: 128 · (2 · 192 + 2 · 128)/8 + 1536 + 512 + 64 = 12,352.
    const forward = 8192 * (2 * 7168 + 64_000) * 2;
    const sampler = 256 * 129280 * 4 * 2;
    expect(activationReserveBytes(deepseek, 8, 8192, 256)).toBe(forward + sampler + 2 * GiB);
  });

  it('counts every expert in memory: mixtral-8x7b in bf16 does not fit one h100, and says so in GiB', () => {
    const mixtral = findModel('mixtral-8x7b')!;
    const r = kvCapacity({ ...base, model: mixtral, gpu: h100, precision: resolvePrecision(h100, {}), tp: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^mixtral-8x7b in bf16 needs 87\.0 GiB of weights per GPU at tp=1, but h100-sxm offers 72\.0 GiB/);
  });

  it('names both formats of a hybrid in its messages', () => {
    const precision = resolvePrecision(h100, { weights: 'nvfp4', attentionWeights: 'fp8' });
    const r = kvCapacity({ ...base, model: findModel('llama-3.1-405b')!, gpu: h100, precision, tp: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^llama-3\.1-405b in nvfp4 \(attention fp8\) needs \d+\.\d GiB of weights per GPU at tp=1/);
  });

  it('a hybrid holds its attention projections at 1 byte and its MLP at 4.5 bits', () => {
    const precision = resolvePrecision(h100, { weights: 'nvfp4', attentionWeights: 'fp8' });
    const r = kvCapacity({ ...base, model: llama8b, gpu: h100, precision, tp: 1 });
    if (!r.ok) throw new Error(r.message);
    expect(r.weightBytesPerGpu).toBe(weightBytesPerGpu(llama8b, 0.5625, 1, 1));
  });
});
