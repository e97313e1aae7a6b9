// Quality beside cost: published accuracy figures for quantised weights, shown next to the cost
// of an FP8/NVFP4/MXFP4 run, and published speculative-decoding speedups. Nothing here is
// simulated or measured by this project: every figure is transcribed from
// data/reference/specdecode_and_quant_accuracy.csv (shipped; "measured = as reported by the
// authors; none reproduced here"), with the row's source exactly as the CSV gives it.
// Invariants: pure data and pure functions (no file system); a figure that is not in the CSV is
// not here — gaps stay gaps (the CSV has no FP8-vs-16-bit inference accuracy figure, so an fp8
// run gets no table, and no MXFP4 figure, so an mxfp4 run gets the NVFP4 figures under a line
// saying so); the only arithmetic is the difference of two published scores, shown beside them.
// The pretraining caveat: the often-quoted "MMLU-Pro 62.58 vs 62.62" (arXiv:2509.25149) compares
// a 12B model *pretrained* in NVFP4 with one pretrained in FP8 — not quantisation of a trained
// model for inference. That row is shown under every FP4 table, marked "pretraining", and the
// caveat line follows every table that contains it (so: every FP4 table).
// NOTE: this lives in the report room, not hardware/, because the report may import only metrics
// and units (test/architecture.test.ts) and these figures are shown, never simulated. Weight
// formats are taken as plain strings (a hardware Dtype is one).
// NOTE: the CSV's "NVFP4 memory" row (bits per weight) is not an accuracy figure: dtype.ts
// already uses it for BYTES_PER_ELEMENT, so it is not repeated here.

import { formatTable } from './table.ts';

/** Where the figures come from, as printed: the copy shipped in the repository (data/README.md). */
const CSV = 'data/reference/specdecode_and_quant_accuracy.csv';

/** One published accuracy comparison, as the CSV states it. */
export interface PublishedQuantFigure {
  /** The CSV's `method` column, verbatim. */
  method: string;
  /** The CSV's `target_model` column, verbatim. */
  model: string;
  /** Model families the CSV row names (lower-case tags matched against a model id); empty when it names none we know. */
  families: readonly string[];
  /** The CSV's `precision` column, verbatim. */
  precision: string;
  /** The low-precision format the figure is about. */
  quantized: 'nvfp4';
  /** What it is compared with. */
  baseline: 'fp8' | 'bf16';
  /** 'inference' = a trained model quantised (PTQ); 'pretraining' = two models trained in each format. */
  stage: 'inference' | 'pretraining';
  /** The benchmark or metric (the CSV's `metric`, or one benchmark of its `workload` list). */
  benchmark: string;
  /** Scores as published, when the source gives two scores. */
  baselineScore?: number;
  quantizedScore?: number;
  /** The published claim, verbatim from the CSV's `value`, when the source gives no scores. */
  claim?: string;
  /** The CSV's `source_url` column, verbatim. */
  source: string;
  /** The CSV's `confidence` column. */
  confidence: 'high' | 'med' | 'low';
}

const NEMOTRON_NANO = {
  method: 'NVFP4 vs BF16',
  model: 'Nemotron 3 Nano 30B-A3.5B',
  families: ['nemotron'],
  precision: 'NVFP4 vs BF16',
  quantized: 'nvfp4',
  baseline: 'bf16',
  stage: 'inference',
  source: 'https://www.fleek.sh/blog/nvfp4-quantization (quoting NVIDIA)',
  confidence: 'med',
} as const;

/**
 * The quantisation-accuracy rows of the CSV (kind = quant), one entry per benchmark. The Nemotron
 * row "MMLU-Pro / GPQA-D / IFBench / AIME25 | 78.3->77.4; 73.0->71.9; 71.5->70.7; 89.1->86.7" is
 * split into its four benchmarks, in the CSV's order.
 */
export const PUBLISHED_QUANT_ACCURACY: readonly PublishedQuantFigure[] = [
  {
    method: 'NVFP4 pretraining vs FP8 pretraining',
    model: '12B hybrid Mamba-Transformer (NVIDIA)',
    families: [],
    precision: 'NVFP4 vs FP8 (TRAINING)',
    quantized: 'nvfp4',
    baseline: 'fp8',
    stage: 'pretraining',
    benchmark: 'MMLU-Pro 5-shot',
    baselineScore: 62.62,
    quantizedScore: 62.58,
    source: 'https://arxiv.org/abs/2509.25149',
    confidence: 'high',
  },
  {
    method: 'NVFP4 PTQ vs FP8',
    model: 'DeepSeek-R1-0528 / Llama 3 family',
    families: ['deepseek', 'llama-3'],
    precision: 'NVFP4 W4A4 vs FP8',
    quantized: 'nvfp4',
    baseline: 'fp8',
    stage: 'inference',
    benchmark: 'accuracy drop (various reasoning/knowledge evals)',
    claim: '<=~1% vs FP8 (vendor claim)',
    source: 'https://developer.nvidia.com/blog/introducing-nvfp4-for-efficient-and-accurate-low-precision-inference/',
    confidence: 'med',
  },
  { ...NEMOTRON_NANO, benchmark: 'MMLU-Pro', baselineScore: 78.3, quantizedScore: 77.4 },
  { ...NEMOTRON_NANO, benchmark: 'GPQA-D', baselineScore: 73.0, quantizedScore: 71.9 },
  { ...NEMOTRON_NANO, benchmark: 'IFBench', baselineScore: 71.5, quantizedScore: 70.7 },
  { ...NEMOTRON_NANO, benchmark: 'AIME25', baselineScore: 89.1, quantizedScore: 86.7 },
];

/** The caveat printed under every table that holds the FP4-vs-FP8 pretraining row. */
export const PRETRAINING_CAVEAT =
  "caveat: the often-quoted 'MMLU-Pro 62.58 vs 62.62' compares FP4 (NVFP4) and FP8 *pretraining* of a 12B model " +
  '(arXiv:2509.25149), not inference quantization of a trained model';

/** The family tag of a model id ('llama-3.1-70b' → 'llama-3', 'deepseek-r1' → 'deepseek'), or undefined. */
export function modelFamily(modelId: string): string | undefined {
  const id = modelId.toLowerCase();
  if (/llama-?3/.test(id)) return 'llama-3';
  if (/llama-?2/.test(id)) return 'llama-2';
  if (id.includes('deepseek')) return 'deepseek';
  if (id.includes('nemotron')) return 'nemotron';
  if (id.includes('qwen')) return 'qwen';
  if (/mi[sx]tral/.test(id)) return 'mistral';
  return undefined;
}

/**
 * The published accuracy figures relevant to a run's weight format: the NVFP4 figures for nvfp4
 * and mxfp4 weights (the CSV has none for MXFP4 itself), nothing for fp8 (the CSV has no FP8 vs
 * 16-bit inference figure; its FP8 rows are baselines of NVFP4), bf16, fp16, fp32, int8 or int4.
 * Rows of the model's family come first, then inference rows, then the pretraining row; the
 * order is otherwise the CSV's.
 */
export function publishedQuality(weights: string, modelId?: string): PublishedQuantFigure[] {
  if (weights !== 'nvfp4' && weights !== 'mxfp4') return [];
  const family = modelId === undefined ? undefined : modelFamily(modelId);
  const rank = (f: PublishedQuantFigure): number =>
    (family !== undefined && f.families.includes(family) ? 0 : 2) + (f.stage === 'pretraining' ? 1 : 0);
  return PUBLISHED_QUANT_ACCURACY.map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .map(({ f }) => f);
}

const UPPER: Readonly<Record<string, string>> = { nvfp4: 'NVFP4', fp8: 'FP8', bf16: 'BF16' };

/** "BF16 78.3 -> NVFP4 77.4 (-0.9)", or the verbatim claim. */
function figureCell(f: PublishedQuantFigure): string {
  if (f.baselineScore === undefined || f.quantizedScore === undefined) return f.claim ?? '';
  const digits = Math.max(decimals(f.baselineScore), decimals(f.quantizedScore), 1);
  const delta = (f.quantizedScore - f.baselineScore).toFixed(digits);
  return (
    `${UPPER[f.baseline]} ${f.baselineScore.toFixed(digits)} -> ${UPPER[f.quantized]} ${f.quantizedScore.toFixed(digits)} ` +
    `(${delta.startsWith('-') ? delta : `+${delta}`})`
  );
}

function decimals(x: number): number {
  const s = String(x);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/**
 * The table of published accuracy figures for a run's weight format, headed
 * "published accuracy figures (not simulated)", one source per row, the pretraining caveat under
 * it; '' when the reference data holds no figure for that format (then print nothing).
 * ASCII only, no trailing newline.
 */
export function formatPublishedQuality(weights: string, modelId?: string): string {
  const figures = publishedQuality(weights, modelId);
  if (figures.length === 0) return '';
  const family = modelId === undefined ? undefined : modelFamily(modelId);
  const lines: string[] = [];
  lines.push(`published accuracy figures (not simulated) for ${weights} weights, from ${CSV}:`);
  if (weights === 'mxfp4') {
    lines.push('no MXFP4 figures in the reference data: these are NVFP4 figures (16-value E4M3 scales; MXFP4 uses 32-value E8M0 scales)');
  }
  lines.push(
    formatTable(
      ['stage', 'model', 'compared', 'benchmark', 'published figure', 'source'],
      figures.map((f) => [
        f.stage,
        family !== undefined && f.families.includes(family) ? `${f.model} [same family]` : f.model,
        f.precision,
        f.benchmark,
        figureCell(f),
        f.confidence === 'high' ? f.source : `${f.source} [confidence: ${f.confidence}]`,
      ]),
      { align: ['left', 'left', 'left', 'left', 'left', 'left'] },
    ),
  );
  if (figures.some((f) => f.stage === 'pretraining')) lines.push(PRETRAINING_CAVEAT);
  return lines.join('\n');
}

/** One published speculative-decoding result, the CSV's kind = specdec row verbatim. */
export interface PublishedSpecDecodeFigure {
  method: string;
  targetModel: string;
  draftOrHead: string;
  hardware: string;
  engine: string;
  precision: string;
  workload: string;
  load: string;
  metric: string;
  value: string;
  source: string;
  confidence: 'high' | 'med' | 'low';
}

const VLLM_BLOG = 'https://blog.vllm.ai/2024/10/17/spec-decode.html';
const EAGLE_README = 'https://github.com/SafeAILab/EAGLE (README)';

/** The speculative-decoding rows of the CSV (kind = specdec), in its order, every field verbatim. */
export const PUBLISHED_SPEC_DECODE: readonly PublishedSpecDecodeFigure[] = [
  { method: 'draft-model', targetModel: 'Llama-3.3-70B-Instruct', draftOrHead: 'Llama-3.2-1B-Instruct', hardware: 'H200 (NVIDIA internal)', engine: 'TensorRT-LLM', precision: 'FP8', workload: 'NVIDIA internal prompts', load: 'low batch (per-user)', metric: 'output tok/s baseline -> spec', value: '51.14 -> 181.74 (3.55x)', source: 'https://developer.nvidia.com/blog/boost-llama-3-3-70b-inference-throughput-3x-with-nvidia-tensorrt-llm-speculative-decoding/', confidence: 'high' },
  { method: 'draft-model', targetModel: 'Llama-3-70B', draftOrHead: 'turboderp/Qwama-0.5B-Instruct', hardware: '4x H100', engine: 'vLLM (2024-10)', precision: 'BF16', workload: 'ShareGPT', load: 'QPS=1', metric: 'speedup', value: 'up to 1.5x', source: 'https://blog.vllm.ai/2024/10/17/spec-decode.html (repo vllm-project/vllm-project.github.io _posts/2024-10-17-spec-decode.md)', confidence: 'high' },
  { method: 'n-gram (prompt lookup)', targetModel: 'Llama-3-70B', draftOrHead: 'n-gram', hardware: '4x H100', engine: 'vLLM (2024-10)', precision: 'BF16', workload: 'CNN/DailyMail summarization', load: 'QPS=1', metric: 'speedup', value: 'up to 2.8x', source: VLLM_BLOG, confidence: 'high' },
  { method: 'draft-model', targetModel: 'Llama-3-70B', draftOrHead: 'Qwama-0.5B', hardware: '4x H100', engine: 'vLLM (2024-10)', precision: 'BF16', workload: 'ShareGPT', load: 'high QPS', metric: 'speedup', value: '0.71x (1.4x slowdown)', source: VLLM_BLOG, confidence: 'high' },
  { method: 'n-gram', targetModel: 'Llama-3-70B', draftOrHead: 'n-gram', hardware: '4x H100', engine: 'vLLM (2024-10)', precision: 'BF16', workload: 'CNN/DailyMail', load: 'high QPS', metric: 'speedup', value: '0.56x (1.8x slowdown)', source: VLLM_BLOG, confidence: 'high' },
  { method: 'EAGLE-1', targetModel: 'LLaMA2-Chat-70B', draftOrHead: 'EAGLE head (0.99B params)', hardware: 'A100 (paper)', engine: 'HF/PyTorch', precision: 'FP16', workload: 'MT-bench etc.', load: 'batch 1', metric: 'latency speedup', value: '2.7x-3.5x; throughput ~2x', source: 'https://arxiv.org/abs/2401.15077', confidence: 'high' },
  { method: 'EAGLE-1', targetModel: 'Vicuna-13B', draftOrHead: 'EAGLE head (0.37B)', hardware: '2x RTX 3090', engine: 'HF/PyTorch', precision: 'FP16', workload: 'MT-bench greedy', load: 'batch 1', metric: 'speedup', value: '~3x (1.6x faster than Medusa)', source: EAGLE_README, confidence: 'high' },
  { method: 'EAGLE-2', targetModel: 'Vicuna/LLaMA2-Chat/LLaMA3 family', draftOrHead: 'dynamic draft tree', hardware: '(paper)', engine: 'HF/PyTorch', precision: 'FP16', workload: 'six tasks', load: 'batch 1', metric: 'speedup', value: '3.05x-4.26x (20-40% over EAGLE-1)', source: 'https://arxiv.org/abs/2406.16858', confidence: 'high' },
  { method: 'EAGLE-3', targetModel: 'Vicuna-13B', draftOrHead: 'EAGLE-3 head', hardware: '2x RTX 3090', engine: 'HF/PyTorch', precision: 'FP16', workload: 'MT-bench', load: 'batch 1', metric: 'speedup', value: '~5.6x (1.8x over EAGLE-1)', source: EAGLE_README, confidence: 'high' },
  { method: 'EAGLE-1 + gpt-fast', targetModel: 'LLaMA2-Chat-13B', draftOrHead: 'EAGLE head', hardware: '1x A100', engine: 'gpt-fast', precision: 'FP16 / INT4', workload: 'MT-bench', load: 'batch 1', metric: 'tok/s', value: 'FP16 33.2 -> 71.5 (2.15x); INT4 47.4 -> 82.5 (1.74x)', source: 'https://github.com/SafeAILab/EAGLE (README @ 01aa1191)', confidence: 'high' },
  { method: 'Medusa-1 / Medusa-2', targetModel: 'Vicuna-7B/13B/33B', draftOrHead: 'Medusa heads', hardware: 'A100 (paper)', engine: 'HF/PyTorch', precision: 'FP16', workload: 'MT-bench', load: 'batch 1', metric: 'speedup', value: 'Medusa-1 >2.2x; Medusa-2 2.3x-3.6x', source: 'https://arxiv.org/abs/2401.10774', confidence: 'med' },
];

/**
 * The published speculative-decoding speedups as a table with their conditions (hardware, engine,
 * precision, workload, load) and sources, headed "published speculative-decoding figures (not
 * simulated)". `sakiyomi run` prints it under a scenario with a `speculative` section (console
 * only, never in summary.json).
 */
export function formatPublishedSpecDecode(): string {
  return [
    `published speculative-decoding figures (not simulated), from ${CSV}; speedups fall below 1x at high load:`,
    formatTable(
      ['method', 'target', 'draft/head', 'hardware', 'engine', 'precision', 'workload', 'load', 'metric', 'published figure', 'source'],
      PUBLISHED_SPEC_DECODE.map((f) => [
        f.method,
        f.targetModel,
        f.draftOrHead,
        f.hardware,
        f.engine,
        f.precision,
        f.workload,
        f.load,
        f.metric,
        f.value,
        f.confidence === 'high' ? f.source : `${f.source} [confidence: ${f.confidence}]`,
      ]),
      { align: Array<'left'>(11).fill('left') },
    ),
  ].join('\n');
}
