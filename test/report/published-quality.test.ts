import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PRETRAINING_CAVEAT,
  PUBLISHED_QUANT_ACCURACY,
  PUBLISHED_SPEC_DECODE,
  formatPublishedQuality,
  formatPublishedSpecDecode,
  modelFamily,
  publishedQuality,
} from '../../sim/report/index.ts';

import { dataPath } from '../../sim/package-root.ts';

// The copy shipped in data/ (data/README.md): present in every clone, so nothing here skips.
const CSV_PATH = dataPath('reference', 'specdecode_and_quant_accuracy.csv');

describe('publishedQuality(weights, modelId)', () => {
  it('returns nothing for 16-bit, fp8 (no FP8 inference figure in the CSV) and integer weights', () => {
    for (const w of ['bf16', 'fp16', 'fp32', 'fp8', 'int8', 'int4']) {
      expect(publishedQuality(w, 'llama-3.1-70b')).toEqual([]);
      expect(formatPublishedQuality(w, 'llama-3.1-70b')).toBe('');
    }
  });

  it('returns every NVFP4 figure for nvfp4 and mxfp4 weights', () => {
    expect(publishedQuality('nvfp4')).toHaveLength(PUBLISHED_QUANT_ACCURACY.length);
    expect(publishedQuality('mxfp4')).toHaveLength(PUBLISHED_QUANT_ACCURACY.length);
  });

  it('puts rows of the same model family first and the pretraining row last', () => {
    const rows = publishedQuality('nvfp4', 'deepseek-r1');
    expect(rows[0].model).toBe('DeepSeek-R1-0528 / Llama 3 family');
    expect(rows.at(-1)?.stage).toBe('pretraining');
    const nano = publishedQuality('nvfp4', 'nemotron-3-nano');
    expect(nano.slice(0, 4).map((r) => r.model)).toEqual(Array(4).fill('Nemotron 3 Nano 30B-A3.5B'));
    expect(publishedQuality('nvfp4', 'qwen3-32b').map((r) => r.stage)).toEqual([...Array(5).fill('inference'), 'pretraining']);
    expect(modelFamily('llama-3.1-8b')).toBe('llama-3');
    expect(modelFamily('llama-2-7b')).toBe('llama-2');
  });
});

describe('formatPublishedQuality', () => {
  const text = formatPublishedQuality('nvfp4', 'llama-3.3-70b');

  it('is headed as published, not simulated, figures and is ASCII without a trailing newline', () => {
    expect(text.split('\n')[0]).toContain('published accuracy figures (not simulated)');
    expect(/^[\x20-\x7e\n]*$/.test(text)).toBe(true);
    expect(text.endsWith('\n')).toBe(false);
  });

  it('shows published scores with their sources, row by row', () => {
    const row = (needle: string) => text.split('\n').find((l) => l.includes(needle)) ?? '';
    const mmlu = row('| MMLU-Pro ');
    expect(mmlu).toContain('BF16 78.3 -> NVFP4 77.4 (-0.9)');
    expect(mmlu).toContain('https://www.fleek.sh/blog/nvfp4-quantization (quoting NVIDIA)');
    const aime = row('AIME25');
    expect(aime).toContain('BF16 89.1 -> NVFP4 86.7 (-2.4)');
    const pretrain = row('MMLU-Pro 5-shot');
    expect(pretrain).toContain('FP8 62.62 -> NVFP4 62.58 (-0.04)');
    expect(pretrain).toContain('pretraining');
    expect(pretrain).toContain('https://arxiv.org/abs/2509.25149');
    const ptq = row('<=~1% vs FP8 (vendor claim)');
    expect(ptq).toContain('[same family]');
    expect(ptq).toContain('https://developer.nvidia.com/blog/introducing-nvfp4-for-efficient-and-accurate-low-precision-inference/');
  });

  it('ends with the pretraining caveat', () => {
    expect(text.split('\n').at(-1)).toBe(PRETRAINING_CAVEAT);
    expect(PRETRAINING_CAVEAT).toBe(
      "caveat: the often-quoted 'MMLU-Pro 62.58 vs 62.62' compares FP4 (NVFP4) and FP8 *pretraining* of a 12B model " +
        '(arXiv:2509.25149), not inference quantization of a trained model',
    );
  });

  it('says that MXFP4 runs are shown NVFP4 figures', () => {
    expect(formatPublishedQuality('mxfp4')).toContain('no MXFP4 figures in the reference data');
  });

  it('renders the speculative-decoding table with its slowdowns', () => {
    const spec = formatPublishedSpecDecode();
    expect(spec.split('\n')[0]).toContain('published speculative-decoding figures (not simulated)');
    expect(spec).toContain('0.56x (1.8x slowdown)');
  });
});

const csvText = readFileSync(CSV_PATH, 'utf8');

describe('transcription against the CSV', () => {
  const rows = csvText
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .slice(1)
    .map((l) => l.split(','));

  it('every accuracy figure, source and precision appears in a quant row of the CSV', () => {
    const quant = rows.filter((r) => r[0] === 'quant').map((r) => r.join(','));
    for (const f of PUBLISHED_QUANT_ACCURACY) {
      const line = quant.find((l) => l.includes(f.source) && l.includes(f.model) && l.includes(f.precision));
      expect(line, `${f.model} / ${f.benchmark}`).toBeDefined();
      if (f.baselineScore !== undefined) expect(line).toContain(String(f.baselineScore).replace(/^73$/, '73.0'));
      if (f.quantizedScore !== undefined) expect(line).toContain(String(f.quantizedScore));
      if (f.claim !== undefined) expect(line).toContain(f.claim);
      expect(line?.endsWith(`,${f.confidence}`)).toBe(true);
    }
  });

  it('every speculative-decoding row is the CSV row verbatim', () => {
    for (const f of PUBLISHED_SPEC_DECODE) {
      const line = [
        'specdec', f.method, f.targetModel, f.draftOrHead, f.hardware, f.engine, f.precision,
        f.workload, f.load, f.metric, f.value, f.source, f.confidence,
      ].join(',');
      expect(csvText, f.method).toContain(line);
    }
    expect(PUBLISHED_SPEC_DECODE).toHaveLength(rows.filter((r) => r[0] === 'specdec').length);
  });
});
