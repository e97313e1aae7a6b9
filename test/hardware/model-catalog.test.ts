import { describe, expect, it } from 'vitest';
import { MODELS, MODEL_IDS, findModel } from '../../sim/hardware/index.ts';

describe('MODELS', () => {
  it('holds the catalog ids, each once', () => {
    expect([...MODEL_IDS].sort()).toEqual(
      ['llama-2-70b', 'llama-2-7b', 'llama-3.1-405b', 'llama-3.1-70b', 'llama-3.1-8b', 'llama-3.3-70b', 'mistral-7b'].sort(),
    );
    expect(new Set(MODEL_IDS).size).toBe(MODELS.length);
  });

  it('every entry is a consistent dense shape with positive integers', () => {
    for (const m of MODELS) {
      const sizes = [m.numLayers, m.hiddenSize, m.numAttentionHeads, m.numKeyValueHeads, m.headDim, m.intermediateSize, m.vocabSize, m.maxPositionEmbeddings];
      for (const n of sizes) expect(Number.isInteger(n) && n > 0, `${m.id}: ${n}`).toBe(true);
      expect(m.headDim * m.numAttentionHeads).toBe(m.hiddenSize);
      expect(m.numAttentionHeads % m.numKeyValueHeads).toBe(0);
      expect(m.source).toMatch(/huggingface\.co/);
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

  it('returns undefined for an unknown id', () => {
    expect(findModel('llama-3-8b')).toBeUndefined();
  });
});
