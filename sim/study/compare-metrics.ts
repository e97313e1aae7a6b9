// The metrics `compare` reports: the summary's headline numbers, each with the direction that is
// better, so a verdict can say "lowers" and whether that is good.
// Invariants: names are the dotted paths of the value inside Summary (stable JSON keys of
// compare --json); the list order is the table and chart order; `better` is 'lower' for latency,
// queueing, preemptions, cost and energy, 'higher' for throughput and goodput, 'neither' for KV
// usage (more usage is neither good nor bad by itself). Rejected requests are listed because a
// policy that rejects the longest prompts (no chunked prefill, prompt > maxNumBatchedTokens) also
// drops them from every latency population: a lower p95 TTFT then needs that caveat beside it.
// NOTE: a request's mean ITL is its TPOT, so the fleet's mean ITL (over token gaps) and mean
// TPOT (over requests) differ only by weighting; ITL appears with its percentiles only; max latencies are left out (one request, no interval worth the name).

import type { Summary } from '../metrics/index.ts';

export type Better = 'lower' | 'higher' | 'neither';
export type MetricUnit = 'seconds' | 'perSecond' | 'fraction' | 'count' | 'usd' | 'joules';

export interface CompareMetric {
  /** Dotted path in the summary, e.g. 'ttftSeconds.p95'. */
  name: string;
  /** Words for verdicts, e.g. 'p95 TTFT'. */
  label: string;
  better: Better;
  unit: MetricUnit;
  value(summary: Summary): number;
}

const latency = (key: 'ttftSeconds' | 'tpotSeconds' | 'itlSeconds' | 'e2eSeconds' | 'queueSeconds', word: string, stats: readonly ('mean' | 'p50' | 'p95' | 'p99')[]): CompareMetric[] =>
  stats.map((stat) => ({ name: `${key}.${stat}`, label: `${stat} ${word}`, better: 'lower', unit: 'seconds', value: (s: Summary) => s[key][stat] }));

/** The compared metrics, in table order. */
export const COMPARE_METRICS: readonly CompareMetric[] = [
  ...latency('ttftSeconds', 'TTFT', ['mean', 'p50', 'p95', 'p99']),
  ...latency('tpotSeconds', 'TPOT', ['mean', 'p50', 'p95', 'p99']),
  ...latency('itlSeconds', 'ITL', ['p50', 'p95', 'p99']),
  ...latency('e2eSeconds', 'E2E', ['mean', 'p50', 'p95', 'p99']),
  ...latency('queueSeconds', 'queue time', ['mean', 'p95']),
  { name: 'throughput.outputTokensPerSecond', label: 'output tokens/s', better: 'higher', unit: 'perSecond', value: (s) => s.throughput.outputTokensPerSecond },
  { name: 'throughput.requestsPerSecond', label: 'requests/s', better: 'higher', unit: 'perSecond', value: (s) => s.throughput.requestsPerSecond },
  { name: 'goodput.fractionMeetingSlo', label: 'goodput fraction', better: 'higher', unit: 'fraction', value: (s) => s.goodput.fractionMeetingSlo },
  { name: 'requests.rejected', label: 'rejected requests', better: 'lower', unit: 'count', value: (s) => s.requests.rejected },
  { name: 'kv.meanUsage', label: 'mean KV usage', better: 'neither', unit: 'fraction', value: (s) => s.kv.meanUsage },
  { name: 'kv.preemptions', label: 'preemptions', better: 'lower', unit: 'count', value: (s) => s.kv.preemptions },
  { name: 'cost.usdPer1kTokens', label: 'cost per 1k tokens', better: 'lower', unit: 'usd', value: (s) => s.cost.usdPer1kTokens },
  { name: 'energy.joulesPerOutputToken', label: 'energy per output token', better: 'lower', unit: 'joules', value: (s) => s.energy.joulesPerOutputToken },
];

/** The metrics of the one-line headline verdict of a comparison. */
export const HEADLINE_METRICS: readonly string[] = [
  'ttftSeconds.p95',
  'tpotSeconds.p95',
  'e2eSeconds.p95',
  'throughput.outputTokensPerSecond',
  'goodput.fractionMeetingSlo',
  'cost.usdPer1kTokens',
];
