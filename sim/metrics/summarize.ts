// summarize: the run's Summary as formulas over the request records, the ITL histogram and a
// few run totals. Every formula is written out in definitions.md; this file is its code.
// Invariants: pure (reads its input, returns a new value); every number in the result is finite
// (0 where a ratio or statistic is undefined: no values, zero span, zero tokens), so the summary
// is valid JSON.
// NOTE: percentiles use d3-array's quantileSorted: R-7 linear interpolation between order
// statistics, as numpy's default `linear` method, over values sorted once per metric; ITL
// percentiles come from the log histogram (inverted-CDF rank, within its bin error).

import { quantileSorted } from 'd3-array';
import type { LogHistogram } from './log-histogram.ts';
import type { LatencyStats, RequestColumns, Summary } from './types.ts';
import { e2eSeconds, STATUS_FINISHED, STATUS_REJECTED, tpotSeconds, ttftSeconds } from './request-latencies.ts';

export interface SummaryInput {
  records: RequestColumns;
  itl: LogHistogram;
  slo: { ttftSeconds: number; tpotSeconds: number };
  /** Measurement window for rates: throughput and goodput are per second of it. */
  window: { startSeconds: number; endSeconds: number };
  kv: Summary['kv'];
  gpuCount: number;
  usdPerGpuHour: number;
  /** Simulated seconds the fleet was held (for cost). */
  runSeconds: number;
  energyJoules: number;
  overloaded: boolean;
  /** Multi-turn session counts, passed through (from the workload). */
  sessions?: Summary['sessions'];
  /**
   * Generation strategy other than greedy: sequences decoded per request (generated = k ×
   * record length) and sequences delivered to the user (parallel sampling: n; beam search: 1).
   * Output-token throughput, cost and energy count delivered tokens; `generation` reports both.
   */
  generation?: { kind: 'sampling' | 'beam'; numSeqs: number; deliveredSeqs: number };
  /** Speculative decoding's figures, passed through (computed from the replicas' counts by the run). */
  speculative?: Summary['speculative'];
}


export function summarize(input: SummaryInput): Summary {
  const r = input.records;
  const n = r.count;
  let finished = 0;
  let rejected = 0;
  let unfinished = 0;
  let measured = 0;
  let measuredFinished = 0;
  let measuredWithTpot = 0;
  for (let i = 0; i < n; i++) {
    const s = r.status[i];
    if (s === STATUS_FINISHED) finished++;
    else if (s === STATUS_REJECTED) rejected++;
    else unfinished++;
    if (r.measured[i] === 1) {
      measured++;
      if (s === STATUS_FINISHED) {
        measuredFinished++;
        if (r.numOutputTokens[i] >= 2) measuredWithTpot++;
      }
    }
  }

  const ttft = new Float64Array(measuredFinished);
  const tpot = new Float64Array(measuredWithTpot);
  const e2e = new Float64Array(measuredFinished);
  const queue = new Float64Array(measuredFinished);
  let m = 0;
  let t = 0;
  let meeting = 0;
  let measuredPromptTokens = 0;
  let measuredOutputTokens = 0;
  let allPromptTokens = 0;
  let allOutputTokens = 0;
  const { ttftSeconds: ttftSlo, tpotSeconds: tpotSlo } = input.slo;
  const delivered = input.generation?.deliveredSeqs ?? 1;
  for (let i = 0; i < n; i++) {
    if (r.status[i] !== STATUS_FINISHED) continue;
    const numOutput = delivered === 1 ? r.numOutputTokens[i] : delivered * r.numOutputTokens[i];
    allPromptTokens += r.numPromptTokens[i];
    allOutputTokens += numOutput;
    if (r.measured[i] !== 1) continue;
    measuredPromptTokens += r.numPromptTokens[i];
    measuredOutputTokens += numOutput;
    const ttftI = ttftSeconds(r, i);
    ttft[m] = ttftI;
    e2e[m] = e2eSeconds(r, i);
    queue[m] = r.scheduledAt[i] - r.arrivedAt[i];
    m++;
    let tpotOk = true;
    if (r.numOutputTokens[i] >= 2) {
      const tpotI = tpotSeconds(r, i);
      tpot[t++] = tpotI;
      tpotOk = tpotI <= tpotSlo;
    }
    if (ttftI <= ttftSlo && tpotOk) meeting++;
  }

  const span = input.window.endSeconds - input.window.startSeconds;
  const perSecond = (x: number): number => (span > 0 ? x / span : 0);
  const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);
  const gpuHours = (input.gpuCount * input.runSeconds) / 3600;
  const usd = gpuHours * input.usdPerGpuHour;

  const summary: Summary = {
    requests: { arrived: n, finished, rejected, measured, unfinished },
    ttftSeconds: latencyStats(ttft),
    tpotSeconds: latencyStats(tpot),
    itlSeconds: histogramStats(input.itl),
    e2eSeconds: latencyStats(e2e),
    queueSeconds: latencyStats(queue),
    throughput: {
      requestsPerSecond: perSecond(measuredFinished),
      inputTokensPerSecond: perSecond(measuredPromptTokens),
      outputTokensPerSecond: perSecond(measuredOutputTokens),
    },
    goodput: { requestsPerSecond: perSecond(meeting), fractionMeetingSlo: ratio(meeting, measured) },
    kv: { ...input.kv },
    cost: {
      gpuHours,
      usdPer1kOutputTokens: ratio(usd, allOutputTokens) * 1000,
      usdPer1kTokens: ratio(usd, allPromptTokens + allOutputTokens) * 1000,
    },
    energy: { joulesPerOutputToken: ratio(input.energyJoules, allOutputTokens) },
    overloaded: input.overloaded,
  };
  if (input.sessions !== undefined) summary.sessions = input.sessions;
  const g = input.generation;
  if (g !== undefined) {
    const deliveredPerSecond = perSecond(measuredOutputTokens);
    summary.generation = {
      kind: g.kind,
      numSeqs: g.numSeqs,
      deliveredOutputTokensPerSecond: deliveredPerSecond,
      generatedOutputTokensPerSecond: (deliveredPerSecond * g.numSeqs) / g.deliveredSeqs,
    };
  }
  if (input.speculative !== undefined) summary.speculative = input.speculative;
  return summary;
}

/** Mean, R-7 percentiles and max of the values (sorted in place); all zeros when empty. */
export function latencyStats(values: Float64Array): LatencyStats {
  const n = values.length;
  if (n === 0) return { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
  values.sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  // quantileSorted reads only length and indices; its types ask for an Array.
  const sorted = values as unknown as number[];
  return {
    mean: sum / n,
    p50: quantileSorted(sorted, 0.5) as number,
    p90: quantileSorted(sorted, 0.9) as number,
    p95: quantileSorted(sorted, 0.95) as number,
    p99: quantileSorted(sorted, 0.99) as number,
    max: values[n - 1],
  };
}

function histogramStats(h: LogHistogram): LatencyStats {
  return {
    mean: h.mean,
    p50: h.quantile(0.5),
    p90: h.quantile(0.9),
    p95: h.quantile(0.95),
    p99: h.quantile(0.99),
    max: h.max,
  };
}
