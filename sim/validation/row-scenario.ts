// One measurement row → the scenario that reproduces its benchmark: the row's model, GPU, tp,
// precision and engine, every request with exactly isl prompt and osl output tokens (or, with a
// `dataset`, lengths drawn around those means), and the row's load (`max` → every request at t = 0, `qps:N` → Poisson at N/s, `concurrency:N` → a
// closed loop of N clients). A row that cannot be simulated is a reason string, never a throw.
// Invariants: the same columns give the same raw scenario object, built with a fixed key order,
// so its JSON is the cache key under which rows share one simulation; every raw object passed
// on has been through resolveScenario (catalog names, schema), whose ScenarioError becomes the
// skip reason; the scenario is deterministic (fixed seeds: a random row's replications run on
// seeds 1 … RANDOM_ROW_REPLICATIONS).
// NOTE: numRequests is the row's num_requests when given, and then the whole run is measured
// (no warm-up), as the benchmark tools do (trtllm-bench, benchmark_serving: total output tokens
// over first send → last completion, latency means over every request). A blank num_requests
// means "large enough for steady state" (README), and the defaults are:
//   max            6.5M / (isl + osl) tokens' worth of requests, within [1000, 30000]: the rule
//                  behind the request counts NVIDIA used for these very tables (perf-overview,
//                  "Preparing a Dataset": 30000 for 128/128, 3000 for 128/2048 and 1000/1000,
//                  1500 for 2048/2048, 5000/500 and 128/4096, 1000 for 20000/2000 — about 6.5M
//                  tokens per run, more requests where they are short "to guarantee that the
//                  system hit a steady state"); no warm-up, as trtllm-bench measures the whole run.
//                  Wall time is set by steps (~0.3 µs per event): on calibration.csv the slowest
//                  row (70B fp16, tp 2 on A100, 128/4096: ~1.3M steps) takes ~0.4 s, all 494
//                  simulations ~12 s.
//   qps:N          max(1000, 180 s × N), at most 20,000: about three simulated minutes of load
//                  (≥ 1000 requests so a p99 rests on ≥ 9 samples above it); warm-up: first 10%.
//   concurrency:N  max(1000, 10 × N), at most 20,000: every client sends ten requests; warm-up:
//                  the first 10% of requests, i.e. the first synchronized wave of N.
// NOTE: simulation.maxDrainSeconds is set far beyond any run, so every admitted request
// finishes, as a benchmark waits for all of its requests; the work is bounded by numRequests.
// NOTE: pp > 1 rows are simulated with hardware.pp (pipeline-parallel replicas of tp × pp GPUs);
// num_gpus, when given, must equal tp × pp. The raw object carries pp only when > 1, so pp = 1
// rows keep their cache keys. An engine whose preset reserves memory as TensorRT-LLM's
// TensorRT-engine backend (kvReserve 'tensorrt-engine') gets, on `max` rows (trtllm-bench
// throughput), the engine's maxNumSeqs and maxNumBatchedTokens that trtllm-bench derives from the
// row's isl and osl (scenario/trtllm-bench-settings.ts); they join the raw object and so the cache key.
// A blank engine column gets the scenario default (the vLLM preset); an engine
// without a preset is skipped rather than simulated with another engine's defaults.
// NOTE: the engine column may carry the release: `tensorrt-llm@0.20`, `tensorrt-llm 0.20` or
// `tensorrt-llm v0.20` all become engine.preset `tensorrt-llm@0.20`, so each row is simulated with
// its own release (scenario/engine-releases.ts: a release without rows takes the nearest earlier
// fitted one; an unknown or too old release skips the row with the reason).
// NOTE: an `offline` `max` row of a TensorRT-LLM release before 0.19 runs with
// engine.batchSizeTuning (trtllm-bench's TensorRT backend turns the executor's dynamic batch-size
// tuner on: scenario/trtllm-bench-settings.ts); it joins the raw object and so the cache key.
// NOTE: the optional `harness` column says how the figure was measured: `server` (blank: an HTTP
// serving benchmark, the engine's frontend latency applies) or `offline` (the engine's offline API
// or benchmark tool, trtllm-bench, vLLM benchmark_latency/benchmark_throughput: no server, so
// engine.frontendLatencySeconds is 0 for the row).
// NOTE: a row whose benchmark draws random numbers — Poisson arrivals (qps:N) or a dataset's
// lengths — is predicted by the mean of RANDOM_ROW_REPLICATIONS runs on seeds 1, 2, …: the
// published figure is one draw of its benchmark, and the best prediction of it is the benchmark's
// expected value, not one arbitrary draw of ours. With 500 requests at qps:N the arrivals alone
// move the run's span, hence its throughput, by about 4.5% (one standard deviation of a sum of 500
// exponential gaps); one fixed seed carried that offset into every online row and into the fit.
// NOTE: the optional `dataset` column names the length distribution the benchmark drew from
// (datasets.ts): blank is fixed lengths; a named dataset makes the row's requests draw the
// bundled trace's (prompt, output) pairs rescaled to means isl and osl (workload.trace use
// 'lengths'), whose file the caller's resolveTraceFile checks. The raw object (the cache key)
// names the trace by its package-relative path.

import { DtypeSchema, ENGINE_PRESETS, ScenarioError, didYouMean, engineIdOf, formatProblem, parseEnginePreset, resolveScenario, trtllmBenchLimits, trtllmBenchTunesBatchSize, type EnginePresetRef, type Scenario } from '../scenario/index.ts';
import { columnText, type MeasurementRow } from './csv.ts';
import { DATASETS, DATASET_NAMES } from './datasets.ts';

export const VALIDATION_SEED = 1;
/**
 * Replications of a row whose benchmark draws random numbers (Poisson arrivals, or lengths from a
 * dataset): seeds VALIDATION_SEED, VALIDATION_SEED + 1, …; the prediction is their mean (see the
 * NOTE above). Fixed lengths at `max` or `concurrency` are deterministic: one run. 8: on
 * calibration.csv 16 replications moved the whole file's MAPE by 0.01 point (8.16% against 8.17%,
 * 2026-12-07), while each replication costs a full run of those rows.
 */
export const RANDOM_ROW_REPLICATIONS = 8;
const MAX_ROWS_TOKENS = 6_500_000;
const MAX_ROWS_MIN_REQUESTS = 1000;
const MAX_ROWS_CAP = 30_000;
const QPS_SECONDS = 180;
const OPEN_MIN_REQUESTS = 1000;
const CONCURRENCY_ROUNDS = 10;
const OPEN_CAP = 20_000;
export const WARMUP_FRACTION = 0.1;
const DRAIN_SECONDS = 1e9;
/** The most requests a row may ask for: published benchmarks use up to tens of thousands; a `max` row holds them all at once. */
const MAX_ROW_REQUESTS = 1_000_000;

export type Load = { kind: 'max' } | { kind: 'qps'; ratePerSecond: number } | { kind: 'concurrency'; clients: number };

export type RowScenario =
  | { ok: true; key: string; scenario: Scenario; replications: number }
  | { ok: false; reason: string };

const col = (row: MeasurementRow, name: string): string => columnText(row.columns, name);

function positiveInt(row: MeasurementRow, name: string, fallback?: number): number | string {
  const text = col(row, name);
  if (text === '' && fallback !== undefined) return fallback;
  const n = Number(text);
  if (text === '' || !Number.isInteger(n) || n <= 0) return `${name} must be a positive integer, got ${JSON.stringify(text)}`;
  return n;
}

/** `max`, `qps:N` (N > 0 requests/s) or `concurrency:N` (N ≥ 1 clients); a string says what is wrong. */
export function parseLoad(text: string): Load | string {
  const t = text.trim().toLowerCase();
  if (t === 'max') return { kind: 'max' };
  const m = /^(qps|concurrency)\s*:\s*(.+)$/.exec(t);
  if (m) {
    const n = Number(m[2]);
    if (m[1] === 'qps' && Number.isFinite(n) && n > 0) return { kind: 'qps', ratePerSecond: n };
    if (m[1] === 'concurrency' && Number.isInteger(n) && n > 0) return { kind: 'concurrency', clients: n };
  }
  return `load ${JSON.stringify(text)} is not max, qps:N (N > 0) or concurrency:N (N a positive integer)`;
}

/** Requests and warm-up when the row leaves num_requests blank (see the NOTE above). */
export function defaultRequests(load: Load, isl: number, osl: number): { numRequests: number; warmupRequests: number } {
  switch (load.kind) {
    case 'max':
      return { numRequests: Math.min(MAX_ROWS_CAP, Math.max(MAX_ROWS_MIN_REQUESTS, Math.round(MAX_ROWS_TOKENS / (isl + osl)))), warmupRequests: 0 };
    case 'qps': {
      const numRequests = Math.min(OPEN_CAP, Math.max(OPEN_MIN_REQUESTS, Math.ceil(QPS_SECONDS * load.ratePerSecond)));
      return { numRequests, warmupRequests: Math.floor(WARMUP_FRACTION * numRequests) };
    }
    case 'concurrency': {
      const numRequests = Math.min(OPEN_CAP, Math.max(OPEN_MIN_REQUESTS, CONCURRENCY_ROUNDS * load.clients));
      return { numRequests, warmupRequests: Math.floor(WARMUP_FRACTION * numRequests) };
    }
  }
}

function arrival(load: Load): Record<string, unknown> {
  switch (load.kind) {
    case 'max':
      return { kind: 'max' };
    case 'qps':
      return { kind: 'poisson', ratePerSecond: load.ratePerSecond };
    case 'concurrency':
      return { kind: 'closed-loop', concurrency: load.clients };
  }
}

/** A ScenarioError's problems on one line (the multi-line message without the file header). */
export function problemsText(e: ScenarioError): string {
  return e.problems.map(formatProblem).join('; ');
}

/** The engine column as a preset name: `tensorrt-llm 0.20`, `tensorrt-llm v0.20` → `tensorrt-llm@0.20`. */
export function enginePresetName(text: string): string {
  const t = text.trim().toLowerCase();
  const m = /^([a-z][a-z0-9-]*)(?:\s*@\s*|\s+)v?(\S+)$/.exec(t);
  return m ? `${m[1]}@${m[2]}` : t;
}

const HARNESSES = ['server', 'offline'] as const;

/** The harness a `harness` column names (trimmed, any case; blank is `server`), or undefined when it is neither. */
export function harnessOf(column: string): (typeof HARNESSES)[number] | undefined {
  const text = column.trim().toLowerCase();
  if (text === '') return 'server';
  return (HARNESSES as readonly string[]).includes(text) ? (text as (typeof HARNESSES)[number]) : undefined;
}

export interface RowScenarioOptions {
  /** Resolves a dataset's package-relative trace path to a checked absolute path (scenario/load.ts traceFileResolver); without it a `dataset` row is skipped. */
  resolveTraceFile?: (path: string) => string;
}

/** The workload's lengths: fixed, or a named dataset's trace rescaled to the row's means; a string says what is wrong. */
function lengths(dataset: string, isl: number, osl: number): Record<string, unknown> | string {
  if (dataset === '') return { promptTokens: { kind: 'fixed', tokens: isl }, outputTokens: { kind: 'fixed', tokens: osl } };
  const known = Object.hasOwn(DATASETS, dataset) ? DATASETS[dataset] : undefined;
  if (known === undefined) {
    const hint = didYouMean(dataset, DATASET_NAMES);
    return `unknown dataset ${JSON.stringify(dataset)} (blank for fixed lengths, or ${DATASET_NAMES.join(', ')})${hint ? `; ${hint}` : ''}`;
  }
  return { trace: { file: known.file, use: 'lengths', rescale: { promptMeanTokens: isl, outputMeanTokens: osl } } };
}

/** Builds and resolves the scenario of a row, or says why it cannot. */
export function rowScenario(row: MeasurementRow, options: RowScenarioOptions = {}): RowScenario {
  const fail = (reason: string): RowScenario => ({ ok: false, reason });

  const tp = positiveInt(row, 'tp');
  if (typeof tp === 'string') return fail(tp);
  const pp = positiveInt(row, 'pp', 1);
  if (typeof pp === 'string') return fail(pp);
  const numGpus = positiveInt(row, 'num_gpus', tp * pp);
  if (typeof numGpus === 'string') return fail(numGpus);
  if (numGpus !== tp * pp) return fail(`num_gpus ${numGpus} is not tp × pp = ${tp * pp}`);
  const isl = positiveInt(row, 'isl');
  if (typeof isl === 'string') return fail(isl);
  const osl = positiveInt(row, 'osl');
  if (typeof osl === 'string') return fail(osl);

  const dtypes: readonly string[] = DtypeSchema.options;
  const weights = col(row, 'weight_dtype').toLowerCase();
  if (!dtypes.includes(weights)) return fail(`unknown weight_dtype ${JSON.stringify(weights)} (expected ${dtypes.join(', ')})`);
  const kvCache = col(row, 'kv_dtype').toLowerCase();
  if (kvCache !== '' && !dtypes.includes(kvCache)) return fail(`unknown kv_dtype ${JSON.stringify(kvCache)} (expected ${dtypes.join(', ')})`);

  const engineText = col(row, 'engine');
  // The release in force names the preset (`tensorrt-llm v0.20`, `@0.20.0` and a bare
  // `tensorrt-llm` are one setup: one cache key, one simulation).
  let preset = enginePresetName(engineText);
  if (engineText !== '') {
    const choice = parseEnginePreset(preset, 'engine');
    if ('path' in choice) return fail(`engine ${JSON.stringify(engineText)}: ${choice.message}${choice.suggestion ? ` (${choice.suggestion})` : ''}`);
    if (choice.note === undefined) preset = choice.ref;
  }
  const harness = harnessOf(col(row, 'harness'));
  if (harness === undefined) return fail(`harness ${JSON.stringify(col(row, 'harness').trim().toLowerCase())} is not ${HARNESSES.join(' or ')} (blank: server)`);

  const load = parseLoad(col(row, 'load'));
  if (typeof load === 'string') return fail(load);
  let numRequests: number;
  let warmupRequests: number;
  if (col(row, 'num_requests') === '') ({ numRequests, warmupRequests } = defaultRequests(load, isl, osl));
  else {
    const n = positiveInt(row, 'num_requests');
    if (typeof n === 'string') return fail(n);
    if (n > MAX_ROW_REQUESTS) return fail(`num_requests ${n} is above ${MAX_ROW_REQUESTS} (a benchmark row; published runs use up to tens of thousands, and a max row holds every request at once)`);
    numRequests = n;
    warmupRequests = 0;
  }

  const workloadLengths = lengths(col(row, 'dataset').toLowerCase(), isl, osl);
  if (typeof workloadLengths === 'string') return fail(workloadLengths);
  if (load.kind === 'concurrency' && 'trace' in workloadLengths) return fail('a dataset needs load max or qps:N: a closed loop (concurrency:N) cannot draw lengths from a trace yet');

  const gpuText = col(row, 'gpu').toLowerCase();
  const raw: Record<string, unknown> = {
    seed: VALIDATION_SEED,
    model: col(row, 'model').toLowerCase(),
    hardware: { gpu: gpuText, tp, ...(pp > 1 ? { pp } : {}), numReplicas: 1 },
    precision: kvCache === '' ? { weights } : { weights, kvCache },
    ...(engineText === '' && harness !== 'offline' ? {} : { engine: { ...(engineText === '' ? {} : { preset }), ...(harness === 'offline' ? { frontendLatencySeconds: 0 } : {}) } }),
    workload: {
      arrival: arrival(load),
      ...workloadLengths,
      stop: { numRequests },
    },
    metrics: { warmupSeconds: 0, warmupRequests },
    simulation: { maxDrainSeconds: DRAIN_SECONDS },
  };
  // trtllm-bench builds a TensorRT engine with the max batch size and max tokens it derives from
  // the dataset (scenario/trtllm-bench-settings.ts); that engine's buffers are sized by them.
  if (engineText !== '' && ENGINE_PRESETS[engineIdOf(preset as EnginePresetRef)].kvReserve === 'tensorrt-engine' && load.kind === 'max') {
    const settings = trtllmBenchLimits(raw.model as string, gpuText, raw.precision as Parameters<typeof trtllmBenchLimits>[2], { tp, pp, isl, osl });
    if (settings !== undefined) raw.engine = { ...(raw.engine as object), maxNumSeqs: settings.maxBatchSize, maxNumBatchedTokens: settings.maxNumTokens };
  }
  // trtllm-bench on the TensorRT backend (releases before 0.19) runs the dynamic batch-size tuner.
  if (harness === 'offline' && load.kind === 'max' && trtllmBenchTunesBatchSize(preset as EnginePresetRef)) {
    raw.engine = { ...(raw.engine as object), batchSizeTuning: true };
  }
  try {
    const resolveTraceFile = options.resolveTraceFile;
    const scenario = resolveScenario({ name: `line-${row.line}`, ...raw }, { file: `line ${row.line}`, ...(resolveTraceFile ? { resolveTraceFile } : {}) });
    const random = load.kind === 'qps' || 'trace' in workloadLengths;
    return { ok: true, key: JSON.stringify(raw), scenario, replications: random ? RANDOM_ROW_REPLICATIONS : 1 };
  } catch (e) {
    if (e instanceof ScenarioError) return fail(problemsText(e));
    throw e;
  }
}
