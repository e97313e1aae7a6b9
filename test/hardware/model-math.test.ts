import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activeParameterCount,
  expectedDistinctExperts,
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

  it('counts the tied-embedding draft models Llama-3.2-1B and 3B at their safetensors sizes (1.24B, 3.21B)', () => {
    expect(modelParameterCount(findModel('llama-3.2-1b')!)).toBe(1_235_814_400);
    expect(modelParameterCount(findModel('llama-3.2-3b')!)).toBe(3_212_749_824);
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

describe('MoE parameter accounting', () => {
  const within = (n: number, target: number, tolerance: number) => Math.abs(n / target - 1) < tolerance;

  it('counts total parameters (memory: every expert) and active parameters (compute: k experts) within 2% of the model cards', () => {
    const cards: Array<[string, number, number]> = [
      ['mixtral-8x7b', 46.7e9, 12.9e9],
      ['qwen3-30b-a3b', 30.5e9, 3.3e9],
      ['qwen3-235b-a22b', 235e9, 22e9],
      ['deepseek-v3', 671e9, 37e9],
    ];
    for (const [id, total, active] of cards) {
      const m = findModel(id)!;
      expect(within(modelParameterCount(m), total, 0.02), `${id} total ${modelParameterCount(m)}`).toBe(true);
      expect(within(activeParameterCount(m), active, 0.02), `${id} active ${activeParameterCount(m)}`).toBe(true);
    }
  });

  it('counts Mixtral-8x7B by hand: 32 layers × (attention + 8 experts + router + norms) + embedding + LM head + final norm', () => {
    const m = findModel('mixtral-8x7b')!;
    const attention = 4096 * (32 + 2 * 8) * 128 + 32 * 128 * 4096;
    const expert = 3 * 4096 * 14336;
    const router = 4096 * 8;
    const norms = 2 * 4096;
    const vocab = 2 * 32000 * 4096 + 4096;
    expect(modelParameterCount(m)).toBe(32 * (attention + 8 * expert + router + norms) + vocab);
    expect(activeParameterCount(m)).toBe(32 * (attention + 2 * expert + router + norms) + vocab);
    expect(modelParameterCount(m)).toBe(46_702_792_704);
  });

  it('counts DeepSeek-V3: MLA projections, 3 dense layers, 58 MoE layers of 256 routed + 1 shared expert', () => {
    const m = findModel('deepseek-v3')!;
    const p = parameterBreakdown(m);
    const mla = 7168 * 1536 + 1536 * 128 * 192 + 7168 * 576 + 512 * 128 * 256 + 128 * 128 * 7168;
    expect(p.attentionPerLayer).toBe(mla);
    expect(p.attentionReplicatedPerLayer).toBe(7168 * 1536 + 7168 * 576);
    expect([p.numDenseMlpLayers, p.numMoeLayers]).toEqual([3, 58]);
    expect(p.expertPerExpert).toBe(3 * 7168 * 2048);
    expect(p.sharedExpertsPerLayer).toBe(3 * 7168 * 2048);
    expect(p.normsPerLayer).toBe(2 * 7168 + 1536 + 512);
    expect(p.active).toBe(p.total - 58 * (256 - 8) * p.expertPerExpert);
  });

  it('a dense model is all active', () => {
    expect(activeParameterCount(llama70b)).toBe(modelParameterCount(llama70b));
    expect(parameterBreakdown(llama70b)).toMatchObject({ numDenseMlpLayers: 80, numMoeLayers: 0, routedExpertsPerLayer: 0 });
  });

  it('weights in memory count every expert: Mixtral fp8 at tp=2 holds half of all expert bytes on each GPU', () => {
    const m = findModel('mixtral-8x7b')!;
    const p = parameterBreakdown(m);
    const linear = 32 * (p.attentionPerLayer + p.routedExpertsPerLayer);
    const replicated16 = (32 * p.routerPerLayer + 32 * p.normsPerLayer + p.finalNorm) * 2;
    expect(weightBytesPerGpu(m, 1, 2)).toBe(linear / 2 + replicated16 + ((p.embedding + p.lmHead) * 2) / 2);
  });
});

describe('expectedDistinctExperts', () => {
  it('is k at T = 1 and tends to E as T grows', () => {
    expect(expectedDistinctExperts(8, 2, 1)).toBeCloseTo(2, 12);
    expect(expectedDistinctExperts(256, 8, 1)).toBeCloseTo(8, 12);
    expect(expectedDistinctExperts(128, 8, 10_000)).toBeCloseTo(128, 9);
    expect(expectedDistinctExperts(8, 2, 0)).toBe(0);
  });

  it('is E·(1 − (1 − k/E)^T), increasing in T and never above min(E, T·k)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 256 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 4096 }), (E, kRaw, T) => {
        const k = Math.min(kRaw, E);
        const d = expectedDistinctExperts(E, k, T);
        expect(d).toBeCloseTo(E * (1 - (1 - k / E) ** T), 9);
        expect(d).toBeLessThanOrEqual(Math.min(E, T * k) + 1e-9);
        expect(expectedDistinctExperts(E, k, T + 1)).toBeGreaterThanOrEqual(d);
      }),
    );
  });

  it('matches exact enumeration of uniform routing: 3 tokens each picking 2 of 8 experts touch 8·(1 − (3/4)³) = 4.625 on average', () => {
    const pairs: number[] = [];
    for (let a = 0; a < 8; a++) for (let b = a + 1; b < 8; b++) pairs.push((1 << a) | (1 << b));
    let sum = 0;
    for (const x of pairs) for (const y of pairs) for (const z of pairs) sum += popcount(x | y | z);
    expect(sum / pairs.length ** 3).toBeCloseTo(4.625, 12);
    expect(expectedDistinctExperts(8, 2, 3)).toBeCloseTo(4.625, 12);
  });
});

function popcount(v: number): number {
  let n = 0;
  for (let x = v; x !== 0; x &= x - 1) n++;
  return n;
}

describe('MLA KV cache', () => {
  const deepseek = findModel('deepseek-v3')!;

  it('is (kvLoraRank + qkRopeHeadDim) · layers · bytes: 61 · (512 + 64) · 2 = 70,272 bytes per token in bf16', () => {
    expect(kvBytesPerToken(deepseek, 2)).toBe(61 * (512 + 64) * 2);
    expect(kvBytesPerToken(deepseek, 2)).toBe(70_272);
    expect(kvBytesPerToken(deepseek, 1)).toBe(35_136);
  });

  it('is not divided by tp: every GPU holds the whole latent', () => {
    for (const tp of [1, 2, 8, 16]) expect(kvBytesPerTokenPerGpu(deepseek, 2, tp)).toBe(70_272);
  });

  it('is ~57× smaller than the same 128 heads with full K and V of 192 dimensions', () => {
    const mha = { ...deepseek, mla: undefined };
    expect(kvBytesPerToken(mha, 2) / kvBytesPerToken(deepseek, 2)).toBeCloseTo((2 * 128 * 192) / 576, 9);
  });

  it('replicates q_a and kv_a (with the routers and norms) on every GPU under tp: 2·W(16) − W(8) is the replicated part', () => {
    const p = parameterBreakdown(deepseek);
    const replicated = 61 * p.attentionReplicatedPerLayer * 1 + (58 * p.routerPerLayer + 61 * p.normsPerLayer + p.finalNorm) * 2;
    expect(2 * weightBytesPerGpu(deepseek, 1, 16) - weightBytesPerGpu(deepseek, 1, 8)).toBeCloseTo(replicated, 0);
    expect(p.attentionReplicatedPerLayer).toBe(7168 * (1536 + 512 + 64));
  });
});

describe('weightBytesPerGpu with hybrid attention weights', () => {
  it('stores the attention projections at attentionWeightBytes and the MLP at weightBytes', () => {
    // Llama-3.1-8B, per layer: attention 4096·(32 + 2·8)·128 + 32·128·4096 = 41,943,040,
    // MLP 3·4096·14336 = 176,160,768. Attention in fp8 (1 B): 32 · 41,943,040 = 1,342,177,280 B;
    // MLP in nvfp4 (0.5625 B): 32 · 176,160,768 · 0.5625 = 3,170,893,824 B; the rest in 16 bits:
    // (2 · 128256·4096 + 32 · 2·4096 + 4096) · 2 = 2,101,878,784 B. Sum 6,614,949,888 B.
    expect(weightBytesPerGpu(llama8b, 0.5625, 1, 1)).toBe(6_614_949_888);
    expect(weightBytesPerGpu(llama8b, 0.5625, 1, 0.5625)).toBe(weightBytesPerGpu(llama8b, 0.5625, 1));
  });
});

describe('weightBytesPerGpu with replicated KV heads (tp > kvHeads)', () => {
  it('holds the K and V weights of kvHeadsPerGpu heads: Qwen3-30B-A3B in bf16 at tp = 8 is 7,680,561,152 B, 24 MiB above an even split', () => {
    const qwen = findModel('qwen3-30b-a3b')!; // 48 layers, hidden 2048, 32 heads, 4 KV heads, headDim 128
    expect(kvHeadsPerGpu(qwen, 8)).toBe(1);
    // Per GPU and layer, in parameters:
    //   QKV      2048 · (32/8 + 2·1) · 128      =  1,572,864  (an even split, 4 + 2·0.5 heads: 1,310,720)
    //   O        (32/8) · 128 · 2048             =  1,048,576
    //   experts  128 · 3·2048·768 / 8            = 75,497,472
    //   router   2048 · 128 (replicated)         =    262,144
    //   norms    2 · 2048 (replicated)           =      4,096
    //   sum                                       = 78,385,152;  × 48 layers = 3,762,487,296
    // plus embedding and LM head 2 · 151936 · 2048 / 8 = 77,791,232 and the final norm 2,048:
    // 3,840,280,576 parameters × 2 B = 7,680,561,152 B. The replicated K/V add
    // 48 · 262,144 · 2 B = 25,165,824 B (24 MiB) per GPU over the even split.
    expect(weightBytesPerGpu(qwen, 2, 8)).toBe(7_680_561_152);
    // At tp = 4 (one KV head each, none replicated) the split is even: the whole QKV over 4.
    const W4 = 48 * ((2048 * (32 + 8) * 128 + 32 * 128 * 2048 + 128 * 3 * 2048 * 768) / 4 + 2048 * 128 + 4096) + (2 * 151936 * 2048) / 4 + 2048;
    expect(weightBytesPerGpu(qwen, 2, 4)).toBe(W4 * 2);
  });
});
