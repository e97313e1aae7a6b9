// Metric names of the measurement format → the simulator's prediction, read from a run's
// Summary. The names are the README's (output_tokens_per_s, ttft_mean_ms, itl_mean_ms,
// ttft_p99_ms, tpot_mean_ms, tpot_p99_ms) and, by the same pattern, every statistic the Summary
// holds: {ttft,tpot,itl,e2e}_{mean,p50,p90,p95,p99}_ms and {output,input}_tokens_per_s,
// requests_per_s.
// Invariants: a pure lookup; a name it does not know is undefined (the row is skipped as
// "metric X is not produced"), never a guess; latencies in ms, rates per second of the whole
// replica (all tp GPUs).
// NOTE: output_tokens_per_s = summary.throughputWithDrain.outputTokensPerSecond: measured output
// tokens over first measured arrival → last measured finish, drain included, as a benchmark
// client's "total output tokens / benchmark duration" (not the steady-state window's throughput). For `max` rows
// nothing is warm-up, every request arrives at t = 0 and the drain limit is never hit, so the
// window is the whole run, t = 0 → last finish — trtllm-bench's "total output tokens / total
// time".
// NOTE: itl_mean_ms is the mean over all token gaps of all measured requests (vLLM
// benchmark_serving's and genai-perf's "ITL"), itlSeconds.mean; tpot_* are per-request
// (finishedAt − firstTokenAt)/(osl − 1), each request weighted once. With fixed lengths every
// request has osl − 1 gaps, so the two means are equal.

import { LATENCY_STATS, type LatencyStats, type Summary } from '../metrics/index.ts';

/** Reads one metric's prediction from a run's summary. */
export type MetricExtractor = (s: Summary) => number;

const LATENCIES: Record<string, (s: Summary) => LatencyStats> = {
  ttft: (s) => s.ttftSeconds,
  tpot: (s) => s.tpotSeconds,
  itl: (s) => s.itlSeconds,
  e2e: (s) => s.e2eSeconds,
};
/** Every statistic but max: a benchmark's maximum is one sample, too noisy to compare. */
const STATS = LATENCY_STATS.filter((stat) => stat !== 'max');

const METRICS: Record<string, MetricExtractor> = {
  output_tokens_per_s: (s) => s.throughputWithDrain.outputTokensPerSecond,
  input_tokens_per_s: (s) => s.throughputWithDrain.inputTokensPerSecond,
  requests_per_s: (s) => s.throughputWithDrain.requestsPerSecond,
};
for (const [name, stats] of Object.entries(LATENCIES)) {
  for (const stat of STATS) METRICS[`${name}_${stat}_ms`] = (s) => stats(s)[stat] * 1000;
}

/** Every metric name the validation can predict. */
export const METRIC_NAMES: readonly string[] = Object.keys(METRICS);

/** The reader of a metric, or undefined when the simulator does not produce it. */
export function metricExtractor(name: string): MetricExtractor | undefined {
  return Object.hasOwn(METRICS, name) ? METRICS[name] : undefined;
}
