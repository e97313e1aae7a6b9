// validateMeasurements: every row of a measurement CSV → the simulator's prediction of the same
// metric under the same setup, its relative error, and the summary statistics (MAPE, median
// APE, per-group MAPE) by which the hardware model is judged.
// Invariants: pure — the CSV arrives as text and the simulator as the injected `run`, so this
// room touches no file and depends on no runner; deterministic (same text, same runner → same
// report); every data row ends up in exactly one of `rows` and `skipped`, in file order; rows
// whose scenarios are equal (the same raw scenario object, e.g. three metrics of one benchmark
// run) share one set of calls of `run`: one call, or one per replication (row-scenario.ts: a row
// with random arrivals or lengths is predicted by the mean of its replications' values); a run
// that fails with a ScenarioError (a model that does not fit) skips its rows with the error as the
// reason; any other exception is a bug and propagates.
// NOTE: error = (predicted − measured) / measured, signed: > 0 means the simulator predicts more
// than was measured (for a latency: slower; for a throughput: faster). APE = |error|. Every
// error, MAPE and median APE is a fraction (0.1 = 10%), in JSON and in code; the console table
// prints the same numbers as percentages. The issue's "MAPE ≤ 10%" is mape ≤ 0.1.
// NOTE: groups: by gpu, weight_dtype, engine, metric and source (keys "gpu=h100-sxm", …), in
// that order of dimensions and sorted by key within each, then (options.by) the crossing of the
// dimensions asked for (keys "metric=ttft_mean_ms gpu=h100-sxm", sorted); a group also carries its mean signed
// error (meanError), which says whether the misses lean one way.
// NOTE: the median of an even count is the mean of the two middle values.
// A file that compares nothing (no data rows, every row skipped) is a ValidationInputError (the
// CLI's exit 2) naming how many rows were read and the first reasons, never a MAPE of 0.

import { ScenarioError, didYouMean, type Scenario } from '../scenario/index.ts';
import { bandAround, coverage, residualBand, type ResidualRow, type RunResult } from '../metrics/index.ts';
import { ValidationInputError, columnText, parseMeasurementCsv, type MeasurementRow } from './csv.ts';
import { METRIC_NAMES, metricExtractor, type MetricExtractor } from './metric.ts';
import { residualRowOf } from './residual-row.ts';
import { harnessOf, parseLoad, problemsText, rowScenario } from './row-scenario.ts';

/** Runs a scenario on a seed (validate passes the scenario's own seed, then the next ones for a row's further replications). */
export type Runner = (scenario: Scenario, seed: number) => RunResult;

export interface ValidatedRow {
  line: number;
  /** The row's columns as written (source, engine, model, …, metric, value). */
  [column: string]: string | number | [number, number] | null;
  measured: number;
  predicted: number;
  /** (predicted − measured) / measured. */
  error: number;
  /**
   * The leave-one-out 80% model-error band: the interval the file's other rows give this
   * prediction (metrics/model-interval.ts), or null when its neighbourhood is too small.
   */
  interval: [number, number] | null;
}

export interface SkippedRow {
  line: number;
  [column: string]: string | number;
  reason: string;
}

export interface GroupSummary {
  /** "dimension=value", e.g. "gpu=h100-sxm". */
  key: string;
  count: number;
  /** Mean |error| over the group (fraction). */
  mape: number;
  /** Mean signed error over the group (fraction). */
  meanError: number;
  /** Share of the group's rows inside their leave-one-out 80% band; null when none has one. */
  coverage80: number | null;
}

export interface ValidationSummary {
  /** Rows compared (skipped rows are not counted). */
  count: number;
  /** Mean absolute percentage error, as a fraction; 0 when count = 0. */
  mape: number;
  /** Median of |error|, as a fraction; 0 when count = 0. */
  medianApe: number;
  /** Mean signed error, as a fraction; 0 when count = 0. */
  meanError: number;
  skipped: number;
  /**
   * Share of the compared rows whose measured value lies inside their leave-one-out 80% band
   * (rows without a band are not counted); nominally 0.8. null when no row has a band.
   */
  coverage80: number | null;
  /** Simulations run: one per distinct scenario and replication (rows sharing a scenario share them). */
  simulations: number;
  groups: GroupSummary[];
}

export interface ValidationReport {
  rows: ValidatedRow[];
  skipped: SkippedRow[];
  summary: ValidationSummary;
}

export interface ValidateOptions {
  /** Names the file in error messages. */
  file?: string;
  /** Called after each simulation: done of total distinct simulations. */
  onProgress?(done: number, total: number): void;
  /**
   * Extra groups crossing these dimensions (BY_DIMENSIONS), after the default ones: ['metric',
   * 'gpu'] adds "metric=output_tokens_per_s gpu=h100-sxm", … (only combinations with rows).
   */
  by?: readonly string[];
  /** Resolves a `dataset` row's bundled trace (row-scenario.ts); without it such rows are skipped with the reason. */
  resolveTraceFile?: (path: string) => string;
}

/** The grouping dimensions, in output order; each is a column of the format. */
export const GROUP_DIMENSIONS = ['gpu', 'weight_dtype', 'engine', 'metric', 'source'] as const;

/** What `by` may cross: columns of the format; `load` groups by its kind (max, qps, concurrency). */
export const BY_DIMENSIONS = ['gpu', 'model', 'weight_dtype', 'kv_dtype', 'engine', 'tp', 'pp', 'isl', 'osl', 'load', 'metric', 'source', 'harness', 'dataset'] as const;

/** A row's value along a dimension: the column as written, except `load` (its kind), a blank `harness` (server) and a blank `dataset` (fixed). */
function dimensionValue(r: ValidatedRow, dim: string): string {
  const text = columnText(r, dim);
  if (dim === 'load') {
    const load = parseLoad(text);
    return typeof load === 'string' ? text : load.kind;
  }
  if (dim === 'dataset') return text === '' ? 'fixed' : text.toLowerCase();
  return dim === 'harness' ? (harnessOf(text) ?? text) : text;
}

type Plan =
  | { row: MeasurementRow; reason: string }
  | { row: MeasurementRow; key: string; metric: string; extract: MetricExtractor; measured: number; scenario: Scenario };

/** Pass 1: what each row needs — a metric reader, a measured value and a scenario — and the distinct scenarios with their replications. */
function planRows(text: string, options: ValidateOptions) {
  const table = parseMeasurementCsv(text, options.file);
  const plans: Plan[] = [];
  // Each distinct scenario with the seeds of its replications: its own, then the next ones.
  const pending = new Map<string, { scenario: Scenario; seeds: number[] }>();
  for (const row of table.rows) {
    const metric = columnText(row.columns, 'metric').toLowerCase();
    const extract = metricExtractor(metric);
    if (extract === undefined) {
      const hint = didYouMean(metric, METRIC_NAMES);
      plans.push({ row, reason: `metric ${JSON.stringify(metric)} is not produced${hint ? `; ${hint}` : ''}` });
      continue;
    }
    const valueText = columnText(row.columns, 'value');
    const measured = Number(valueText);
    if (valueText === '' || !Number.isFinite(measured) || measured <= 0) {
      plans.push({ row, reason: `value must be a positive number, got ${JSON.stringify(valueText)}` });
      continue;
    }
    const built = rowScenario(row, options.resolveTraceFile ? { resolveTraceFile: options.resolveTraceFile } : {});
    if (!built.ok) {
      plans.push({ row, reason: built.reason });
      continue;
    }
    if (!pending.has(built.key)) pending.set(built.key, { scenario: built.scenario, seeds: Array.from({ length: built.replications }, (_, i) => built.scenario.config.seed + i) });
    plans.push({ row, key: built.key, metric, extract, measured, scenario: built.scenario });
  }
  return { table, plans, pending };
}

/**
 * The simulations validateMeasurements will ask its runner for, in its order: each distinct
 * scenario on each of its replication seeds. A caller may run them ahead (in parallel) and hand
 * validateMeasurements a runner that looks the results up by scenario name and seed.
 */
export function validationJobs(text: string, options: ValidateOptions = {}): { scenario: Scenario; seed: number }[] {
  return [...planRows(text, options).pending.values()].flatMap(({ scenario, seeds }) => seeds.map((seed) => ({ scenario, seed })));
}

export function validateMeasurements(text: string, run: Runner, options: ValidateOptions = {}): ValidationReport {
  const { table, plans, pending } = planRows(text, options);

  // Pass 2: one simulation per distinct scenario and replication.
  const results = new Map<string, RunResult[] | string>();
  let done = 0;
  let simulations = 0;
  for (const [key, { scenario, seeds }] of pending) {
    try {
      results.set(key, seeds.map((seed) => run(scenario, seed)));
      simulations += seeds.length;
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      results.set(key, problemsText(e));
    }
    options.onProgress?.(++done, pending.size);
  }

  // Pass 3: predictions and errors, in file order.
  const rows: ({ line: number; measured: number; predicted: number; error: number } & Record<string, string | number>)[] = [];
  const residuals: ResidualRow[] = [];
  const skipped: SkippedRow[] = [];
  for (const plan of plans) {
    const { row } = plan;
    if ('reason' in plan) {
      skipped.push(withColumns(row, { reason: plan.reason }));
      continue;
    }
    const result = results.get(plan.key)!;
    if (typeof result === 'string') {
      skipped.push(withColumns(row, { reason: result }));
      continue;
    }
    const predicted = result.reduce((sum, r) => sum + plan.extract(r.summary), 0) / result.length;
    if (!Number.isFinite(predicted) || (predicted === 0 && result.every((r) => r.summary.requests.finished === 0))) {
      skipped.push(withColumns(row, { reason: `the simulation produced no ${plan.metric} (no request finished)` }));
      continue;
    }
    // A run that turned requests away (a dataset's tail at these means beyond the model's context)
    // measured a different benchmark from the row's: say so rather than compare the survivors.
    const rejected = result.reduce((sum, r) => sum + r.summary.requests.rejected, 0);
    if (rejected > 0) {
      const arrived = result.reduce((sum, r) => sum + r.summary.requests.arrived, 0);
      skipped.push(withColumns(row, { reason: `the simulation rejected ${rejected} of ${arrived} requests (${result.length > 1 ? 'the first replication: ' : ''}${result[0].notes.find((n) => n.startsWith('rejected')) ?? 'see the run notes'}): its benchmark is not the row's` }));
      continue;
    }
    rows.push(withColumns(row, { measured: plan.measured, predicted, error: (predicted - plan.measured) / plan.measured }));
    residuals.push(residualRowOf(plan.metric, plan.scenario, plan.measured, predicted));
  }
  // Pass 4: each row's band from the residuals of every other row (leave-one-out).
  const withBands: ValidatedRow[] = rows.map((r, i) => {
    const band = residualBand(residuals, residuals[i], i);
    return { ...r, interval: band === null ? null : bandAround(r.predicted, band) };
  });

  if (rows.length === 0) throw nothingCompared(options.file ?? 'measurements', table.rows.length, skipped);
  return { rows: withBands, skipped, summary: summarize(withBands, skipped.length, simulations, options.by) };
}

/** How many skip reasons "nothing compared" quotes. */
const REASONS_SHOWN = 3;

/** A report that compared no row would print MAPE 0.0%: bad input instead, saying why. */
function nothingCompared(file: string, read: number, skipped: SkippedRow[]): ValidationInputError {
  if (read === 0) return new ValidationInputError(file, 1, 'nothing to compare: the file has no data rows (only a header, comments or blank lines)');
  const reasons = skipped.slice(0, REASONS_SHOWN).map((s) => `line ${s.line}: ${s.reason}`);
  const more = skipped.length > REASONS_SHOWN ? `; and ${skipped.length - REASONS_SHOWN} more` : '';
  return new ValidationInputError(file, skipped[0].line, `nothing compared: read ${read} data row${read === 1 ? '' : 's'}, skipped all ${skipped.length} (${reasons.join('; ')}${more})`);
}

/** line first, then the row's columns as written, then `extra`; line and extra win over a column of the same name. */
function withColumns<T extends object>(row: MeasurementRow, extra: T): { line: number } & Record<string, string | number> & T {
  return Object.assign({ line: row.line }, row.columns, { line: row.line }, extra);
}

function stats(errors: number[]): { mape: number; medianApe: number; meanError: number } {
  const n = errors.length;
  if (n === 0) return { mape: 0, medianApe: 0, meanError: 0 };
  const apes = errors.map(Math.abs).sort((a, b) => a - b);
  const mid = n >> 1;
  return {
    mape: apes.reduce((a, b) => a + b, 0) / n,
    medianApe: n % 2 === 1 ? apes[mid] : (apes[mid - 1] + apes[mid]) / 2,
    meanError: errors.reduce((a, b) => a + b, 0) / n,
  };
}

function summarize(rows: ValidatedRow[], skipped: number, simulations: number, by?: readonly string[]): ValidationSummary {
  const groups: GroupSummary[] = [];
  // A single default dimension is already there: no second copy of its groups.
  const extra = by !== undefined && by.length > 0 && !(by.length === 1 && (GROUP_DIMENSIONS as readonly string[]).includes(by[0]));
  const crossings: (readonly string[])[] = [...GROUP_DIMENSIONS.map((d) => [d]), ...(extra ? [by] : [])];
  for (const dims of crossings) {
    const byValue = new Map<string, ValidatedRow[]>();
    for (const r of rows) {
      const key = dims.map((d) => `${d}=${dimensionValue(r, d)}`).join(' ');
      const list = byValue.get(key) ?? [];
      list.push(r);
      byValue.set(key, list);
    }
    for (const key of [...byValue.keys()].sort()) {
      const members = byValue.get(key)!;
      const s = stats(members.map((r) => r.error));
      groups.push({ key, count: members.length, mape: s.mape, meanError: s.meanError, coverage80: coverage(members) });
    }
  }
  const { mape, medianApe, meanError } = stats(rows.map((r) => r.error));
  return { count: rows.length, mape, medianApe, meanError, skipped, simulations, coverage80: coverage(rows), groups };
}
