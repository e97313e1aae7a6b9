import { describe, expect, it } from 'vitest';
import { MODELS, MODEL_IDS, findModel } from '../../sim/hardware/index.ts';

describe('MODELS', () => {
  it('holds the catalog ids, each once', () => {
    expect([...MODEL_IDS].sort()).toEqual(
      [
        'llama-2-70b',
        'llama-2-7b',
        'llama-3.1-405b',
        'llama-3.1-70b',
        'llama-3.1-8b',
        'llama-3.2-1b',
        'llama-3.2-3b',
        'llama-3.3-70b',
        'mistral-7b',
        'qwen3-32b',
        'mixtral-8x7b',
        'qwen3-30b-a3b',
        'qwen3-235b-a22b',
        'deepseek-v3',
        'deepseek-r1',
      ].sort(),
    );
    expect(new Set(MODEL_IDS).size).toBe(MODELS.length);
  });

  it('every entry is a consistent shape with positive integers', () => {
    for (const m of MODELS) {
      const sizes = [m.numLayers, m.hiddenSize, m.numAttentionHeads, m.numKeyValueHeads, m.headDim, m.intermediateSize, m.vocabSize, m.maxPositionEmbeddings];
      for (const n of sizes) expect(Number.isInteger(n) && n > 0, `${m.id}: ${n}`).toBe(true);
      if (/^(llama|mistral|mixtral)/.test(m.id)) expect(m.headDim * m.numAttentionHeads, m.id).toBe(m.hiddenSize);
      expect(m.numAttentionHeads % m.numKeyValueHeads).toBe(0);
      expect(m.source).toMatch(/huggingface\.co/);
      if (m.moe) {
        expect(m.moe.numExpertsPerToken, m.id).toBeLessThanOrEqual(m.moe.numExperts);
        expect(m.moe.numDenseLayers, m.id).toBeLessThan(m.numLayers);
      }
      if (m.mla) {
        expect(m.headDim, m.id).toBe(m.mla.qkNopeHeadDim + m.mla.qkRopeHeadDim);
        expect(m.numKeyValueHeads, m.id).toBe(m.numAttentionHeads);
      }
    }
  });
});

describe('findModel', () => {
  it('returns llama-3.1-70b with the numbers of its config.json', () => {
    expect(findModel('llama-3.1-70b')).toMatchObject({
      numLayers: 80,
      hiddenSize: 8192,
      numAttentionHeads: 64,
      numKeyValueHeads: 8,
      headDim: 128,
      intermediateSize: 28672,
      vocabSize: 128256,
      tieWordEmbeddings: false,
    });
  });

  it('returns llama-3.3-70b with the architecture of llama-3.1-70b', () => {
    const { id: _a, name: _b, source: _c, ...a } = findModel('llama-3.3-70b')!;
    const { id: _d, name: _e, source: _f, ...b } = findModel('llama-3.1-70b')!;
    expect(a).toEqual(b);
  });

  it('returns deepseek-r1 with the architecture of deepseek-v3: MLA, 3 dense layers, 256 experts (top 8) and 1 shared', () => {
    const { id: _a, name: _b, source: _c, ...a } = findModel('deepseek-r1')!;
    const { id: _d, name: _e, source: _f, ...b } = findModel('deepseek-v3')!;
    expect(a).toEqual(b);
    expect(b).toMatchObject({
      numLayers: 61,
      hiddenSize: 7168,
      numAttentionHeads: 128,
      intermediateSize: 18432,
      vocabSize: 129280,
      moe: { numExperts: 256, numExpertsPerToken: 8, expertIntermediateSize: 2048, numSharedExperts: 1, sharedExpertIntermediateSize: 2048, numDenseLayers: 3 },
      mla: { kvLoraRank: 512, qkRopeHeadDim: 64, qkNopeHeadDim: 128, vHeadDim: 128, qLoraRank: 1536 },
    });
  });

  it('returns the MoE entries with the expert numbers of their config.json', () => {
    expect(findModel('mixtral-8x7b')!.moe).toMatchObject({ numExperts: 8, numExpertsPerToken: 2, expertIntermediateSize: 14336, numDenseLayers: 0 });
    expect(findModel('qwen3-30b-a3b')!.moe).toMatchObject({ numExperts: 128, numExpertsPerToken: 8, expertIntermediateSize: 768, numDenseLayers: 0 });
    expect(findModel('qwen3-235b-a22b')!.moe).toMatchObject({ numExperts: 128, numExpertsPerToken: 8, expertIntermediateSize: 1536, numDenseLayers: 0 });
    expect(findModel('qwen3-32b')!.moe).toBeUndefined();
  });

  it('returns undefined for an unknown id', () => {
    expect(findModel('llama-3-8b')).toBeUndefined();
  });
});
