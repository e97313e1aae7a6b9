// `compare`: every scenario run on the same replication seeds (common random numbers — the named
// random streams give scenarios that differ only in policy identical arrivals, lengths and
// sessions), then, for each scenario after the first (the baseline A) and each metric of
// COMPARE_METRICS, the paired difference B − A with its 95% interval and a verdict in words,
// the Welch half-width it would have had unpaired, and the fields in which B's resolved
// configuration differs from A's.
// Invariants: seeds are replicationSeed(base, i) for i < R, base = options.seed ?? A's seed, the
// same for every scenario (a file's own seed is ignored, with a warning when it differs);
// replication i of every scenario is result i of that scenario; the result is a pure function of
// (scenarios, seeds) — runMany returns results in job order however many workers ran them.
// NOTE: file paths are left out of the result (machine-specific, as in summary.json); names identify.
// NOTE: different workloads are legal (comparing two arrival rates), but their arrivals or
// lengths then differ and pairing removes less noise: a warning says so.

import type { RunResult, Summary } from '../metrics/index.ts';
import { resolvedScenarioRecord } from '../provenance.ts';
import type { Scenario } from '../scenario/index.ts';
import { configDiff, type ConfigDifference } from './config-diff.ts';
import { COMPARE_METRICS, HEADLINE_METRICS, type CompareMetric } from './compare-metrics.ts';
import { compareMetric, type MetricComparison } from './compare-stats.ts';
import { metricVerdict } from './compare-verdict.ts';
import { runMany } from './run-many.ts';
import { replicationSeed } from './seeds.ts';

export const DEFAULT_COMPARE_REPLICATIONS = 10;
export const COMPARE_CONFIDENCE = 0.95;

/** Bad arguments to compare (fewer than 2 scenarios, fewer than 2 replications): exit 2. */
export class CompareInputError extends Error {}

export interface CompareOptions {
  /** Replications per scenario (≥ 2; default DEFAULT_COMPARE_REPLICATIONS). */
  replications?: number;
  /** Base seed of the replication seeds (default: the baseline scenario's seed). */
  seed?: number;
  /** Worker threads for runMany. */
  jobs?: number;
  onDone?: (done: number, total: number) => void;
}

export interface MetricResult extends MetricComparison {
  /** Words for the metric ('p95 TTFT') and its unit, from COMPARE_METRICS. */
  label: string;
  unit: CompareMetric['unit'];
  better: CompareMetric['better'];
  verdict: string;
}

export interface ScenarioComparison {
  name: string;
  /** Dotted paths of the resolved configuration where this scenario differs from the baseline. */
  differsIn: string[];
  /** The same differences with both values. */
  differences: ConfigDifference[];
  /** The headline verdicts joined: p95 TTFT, p95 TPOT, p95 E2E, output tokens/s, goodput, cost. */
  verdict: string;
  warnings: string[];
  /** Keyed by COMPARE_METRICS names, in that order. */
  metrics: Record<string, MetricResult>;
  /** Replications in which this scenario was overloaded. */
  overloadedReplications: number;
}

export interface CompareResult {
  baseline: string;
  replications: number;
  seeds: number[];
  confidence: number;
  baselineOverloadedReplications: number;
  scenarios: ScenarioComparison[];
}

/** The metrics of B's replications against A's (same seeds, same order). */
export function compareSummaries(name: string, a: readonly Summary[], b: readonly Summary[]): Record<string, MetricResult> {
  const metrics: Record<string, MetricResult> = {};
  for (const metric of COMPARE_METRICS) {
    const c = compareMetric(a.map(metric.value), b.map(metric.value), COMPARE_CONFIDENCE);
    metrics[metric.name] = { label: metric.label, unit: metric.unit, better: metric.better, ...c, verdict: metricVerdict(name, metric, c) };
  }
  return metrics;
}

/** The comparison of already-run replications: runs[k][i] is scenario k on seeds[i]. */
export function comparisonOf(scenarios: readonly Scenario[], runs: readonly (readonly RunResult[])[], seeds: readonly number[]): CompareResult {
  const [base, ...others] = scenarios;
  const baseRecord = resolvedScenarioRecord(base);
  const summaries = runs.map((rs) => rs.map((r) => r.summary));
  const overloaded = runs.map((rs) => rs.filter((r) => r.summary.overloaded).length);
  return {
    baseline: base.name,
    replications: seeds.length,
    seeds: [...seeds],
    confidence: COMPARE_CONFIDENCE,
    baselineOverloadedReplications: overloaded[0],
    scenarios: others.map((scenario, j) => {
      const k = j + 1;
      const differences = configDiff(baseRecord, resolvedScenarioRecord(scenario));
      const metrics = compareSummaries(scenario.name, summaries[0], summaries[k]);
      const warnings: string[] = [];
      const workload = differences.filter((d) => d.path === 'workload' || d.path.startsWith('workload.')).map((d) => d.path);
      if (workload.length > 0) {
        warnings.push(`${scenario.name}'s workload differs from ${base.name}'s (${workload.join(', ')}): its arrivals or lengths differ, so pairing removes less noise`);
      }
      if (scenario.config.seed !== base.config.seed) {
        warnings.push(`${scenario.name}'s own seed (${scenario.config.seed}) is not used: every scenario runs on the same replication seeds (${seeds.join(', ')})`);
      }
      const rejected = (i: number) => summaries[i].reduce((sum, x) => sum + x.requests.rejected, 0) / seeds.length;
      if (rejected(k) !== rejected(0)) {
        warnings.push(
          `rejected requests differ (${base.name} ${formatMean(rejected(0))}, ${scenario.name} ${formatMean(rejected(k))} per replication): ` +
            'latency figures leave rejected requests out, so they compare different populations',
        );
      }
      if (overloaded[k] > 0 || overloaded[0] > 0) {
        warnings.push(`overloaded replications: ${base.name} ${overloaded[0]} of ${seeds.length}, ${scenario.name} ${overloaded[k]} of ${seeds.length}; latencies of an overloaded run grow with its length`);
      }
      return {
        name: scenario.name,
        differsIn: differences.map((d) => d.path),
        differences,
        verdict: HEADLINE_METRICS.map((m) => metrics[m].verdict).join('; '),
        warnings,
        metrics,
        overloadedReplications: overloaded[k],
      };
    }),
  };
}

/** A mean count, short: 18.7, 0, 3. */
function formatMean(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

/** The replication seeds of a comparison: replicationSeed(base, i) for i < replications. */
export function compareSeeds(baseSeed: number, replications: number): number[] {
  return Array.from({ length: replications }, (_, i) => replicationSeed(baseSeed, i));
}

/** Runs every scenario on the same replication seeds and compares each with the first. */
export async function compareScenarios(scenarios: readonly Scenario[], options: CompareOptions = {}): Promise<CompareResult> {
  if (scenarios.length < 2) throw new CompareInputError(`compare needs at least 2 scenario files (got ${scenarios.length}); e.g. sakiyomi compare a.yaml b.yaml`);
  const replications = options.replications ?? DEFAULT_COMPARE_REPLICATIONS;
  if (!Number.isInteger(replications) || replications < 2) {
    throw new CompareInputError(`--replications must be an integer of at least 2 (got ${replications}): an interval needs two replications`);
  }
  const seeds = compareSeeds(options.seed ?? scenarios[0].config.seed, replications);
  const jobs = scenarios.flatMap((scenario) => seeds.map((seed) => ({ scenario, seed })));
  const results = await runMany(jobs, { ...(options.jobs === undefined ? {} : { jobs: options.jobs }), ...(options.onDone === undefined ? {} : { onDone: options.onDone }) });
  const runs = scenarios.map((_, k) => results.slice(k * replications, (k + 1) * replications));
  return comparisonOf(scenarios, runs, seeds);
}
