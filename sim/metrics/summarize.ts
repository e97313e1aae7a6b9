// summarize: the run's Summary as formulas over the folded request records (RequestOutcomes),
// the ITL histogram and a few run totals. Every formula is written out in definitions.md; this
// file is its code.
// Rates, cost and energy come twice: over the steady-state window (throughput, goodput, cost,
// energy: the loaded system's figures, independent of the run length) and drain included
// (throughputWithDrain, goodputWithDrain, costWithDrain, energyWithDrain: the definitions
// before the window, kept under their own names).
// Invariants: pure (reads its input, returns a new value); every number in the result is finite
// (0 where a ratio or statistic is undefined: no values, zero span, zero tokens), so the summary
// is valid JSON; memory and time do not depend on the number of requests.
// NOTE: request latency percentiles are R-7 (numpy's default `linear`) over the bounded
// histograms, within their relative error ≈ 0.05 % (definitions.md); means, counts, rates, min
// and max are exact. ITL percentiles are inverted-CDF ranks of the ITL histogram.
// latencyStats(values) keeps the exact, sorted-array statistics for callers that hold samples;
// interpolatedStats(histogram) gives the request latencies' statistics of any bounded fold.

import { quantileSorted } from 'd3-array';
import type { LogHistogram } from './log-histogram.ts';
import type { RequestOutcomes } from './request-outcomes.ts';
import type { LatencyStats, Summary } from './types.ts';
import { HOUR } from '../units.ts';

export interface SummaryInput {
  /** Every request's record, folded. */
  outcomes: RequestOutcomes;
  itl: LogHistogram;
  /** The steady-state measurement window (measure.ts decides it; definitions.md). */
  window: Summary['window'];
  /**
   * What happened inside the window (counts at their instants, energy of its busy and idle
   * seconds); null when the run has no loaded window (endsAt 'whole-run'): then every windowed
   * figure is its WithDrain figure.
   */
  inWindow: { finished: number; promptTokens: number; generatedOutputTokens: number; energyJoules: number } | null;
  /** The span of the drain-inclusive rates: first measured arrival → last measured finish. */
  drainWindow: { startSeconds: number; endSeconds: number };
  kv: Summary['kv'];
  gpuCount: number;
  usdPerGpuHour: number;
  /** Simulated seconds the fleet was held (for the drain-inclusive cost). */
  runSeconds: number;
  /**
   * GPU-seconds held within [from, to] (autoscale, failures: availability.ts); absent: every GPU
   * of gpuCount held throughout. Cost counts these.
   */
  gpuSecondsHeld?: (from: number, to: number) => number;
  /**
   * Pools whose held GPU-seconds vary apart (autoscaling or failures with pools): dollars held
   * over [from, to] (Σ pools' held GPU-seconds × their price); cost's dollars come from it
   * instead of GPU-hours × usdPerGpuHour.
   */
  usdHeld?: (from: number, to: number) => number;
  /** Show requests.lost (failures configured). */
  showLost?: boolean;
  /** Energy of the whole run (the drain-inclusive energy). */
  energyJoules: number;
  overloaded: boolean;
  /** Present only when overloaded. */
  overloadEvidence?: Summary['overloadEvidence'];
  /** Multi-turn session counts, passed through (from the workload). */
  sessions?: Summary['sessions'];
  /**
   * Generation strategy other than greedy: sequences decoded per request (generated = k ×
   * record length) and sequences delivered to the user (parallel sampling: n; beam search: 1).
   * Output-token throughput, cost and energy count delivered tokens; `generation` reports both.
   */
  generation?: GenerationInput;
  /**
   * Per-class generation: output-token totals summed request by request (each with its own
   * sequences decoded and delivered); they replace the run-wide factors of `generation`, whose
   * kind is then 'per-class' and numSeqs the largest. Drain-inclusive: over measured finished
   * requests (measured…) and all finished requests (finished…); windowed: null without a loaded window.
   */
  outputTokenSums?: OutputTokenSums;
  /** Speculative decoding's figures, passed through (computed from the replicas' counts by the run). */
  speculative?: Summary['speculative'];
}

export interface OutputTokenSums {
  measuredDelivered: number;
  measuredGenerated: number;
  finishedDelivered: number;
  windowDelivered: number | null;
  windowGenerated: number | null;
}

/** A run-wide strategy, or per-class generation's summary (kind 'per-class', numSeqs the largest class's). */
export type GenerationInput = { kind: 'sampling' | 'beam' | 'per-class'; numSeqs: number; deliveredSeqs: number };

export function summarize(input: SummaryInput): Summary {
  const o = input.outcomes;
  const delivered = input.generation?.deliveredSeqs ?? 1;
  const numSeqs = input.generation?.numSeqs ?? 1;
  const measured = o.measured;
  const meeting = o.meetingSlo;
  const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);

  // Drain-inclusive figures (the definitions before the window; definitions.md).
  const drainSpan = input.drainWindow.endSeconds - input.drainWindow.startSeconds;
  const perDrainSecond = (x: number): number => (drainSpan > 0 ? x / drainSpan : 0);
  const sums = input.outputTokenSums;
  const drainOutputTokens = sums?.measuredDelivered ?? delivered * o.measuredOutputTokens;
  const throughputWithDrain = {
    requestsPerSecond: perDrainSecond(o.measuredFinished),
    inputTokensPerSecond: perDrainSecond(o.measuredPromptTokens),
    outputTokensPerSecond: perDrainSecond(drainOutputTokens),
  };
  const allOutputTokens = sums?.finishedDelivered ?? delivered * o.finishedOutputTokens;
  const held = input.gpuSecondsHeld ?? ((from: number, to: number): number => input.gpuCount * Math.max(0, to - from));
  const gpuHoursWithDrain = input.gpuSecondsHeld === undefined ? (input.gpuCount * input.runSeconds) / HOUR : held(0, input.runSeconds) / HOUR;
  const usdWithDrain = input.usdHeld === undefined ? gpuHoursWithDrain * input.usdPerGpuHour : input.usdHeld(0, input.runSeconds);
  const costWithDrain = {
    gpuHours: gpuHoursWithDrain,
    usdPer1kOutputTokens: ratio(usdWithDrain, allOutputTokens) * 1000,
    usdPer1kTokens: ratio(usdWithDrain, o.finishedPromptTokens + allOutputTokens) * 1000,
  };
  const energyWithDrain = { joulesPerOutputToken: ratio(input.energyJoules, allOutputTokens) };

  // Windowed figures: over the steady-state window, or the drain-inclusive ones when there is none.
  const w = input.inWindow;
  const span = input.window.endSeconds - input.window.startSeconds;
  const perSecond = (x: number): number => (span > 0 ? x / span : 0);
  let throughput = throughputWithDrain;
  let cost = costWithDrain;
  let energy = energyWithDrain;
  let goodputPerSecond = perDrainSecond(meeting);
  let deliveredPerSecond = throughputWithDrain.outputTokensPerSecond;
  // Per-class generation only (else generated = delivered × numSeqs / deliveredSeqs, below).
  let generatedPerSecond = sums === undefined ? 0 : perDrainSecond(sums.measuredGenerated);
  if (w !== null) {
    const outputTokens = sums?.windowDelivered ?? (w.generatedOutputTokens * delivered) / numSeqs;
    if (sums !== undefined) generatedPerSecond = perSecond(sums.windowGenerated ?? 0);
    deliveredPerSecond = perSecond(outputTokens);
    throughput = { requestsPerSecond: perSecond(w.finished), inputTokensPerSecond: perSecond(w.promptTokens), outputTokensPerSecond: deliveredPerSecond };
    const gpuHours = input.gpuSecondsHeld === undefined ? (input.gpuCount * Math.max(0, span)) / HOUR : held(input.window.startSeconds, input.window.endSeconds) / HOUR;
    const usd = input.usdHeld === undefined ? gpuHours * input.usdPerGpuHour : input.usdHeld(input.window.startSeconds, input.window.endSeconds);
    cost = { gpuHours, usdPer1kOutputTokens: ratio(usd, outputTokens) * 1000, usdPer1kTokens: ratio(usd, w.promptTokens + outputTokens) * 1000 };
    energy = { joulesPerOutputToken: ratio(w.energyJoules, outputTokens) };
    // The window is (start, end]: a request arriving exactly at start (request k of a warm-up by
    // count, a closed loop's clients at t = 0) is measured but not an arrival of the window.
    goodputPerSecond = perSecond(o.meetingSloInWindow);
  }

  const g = input.generation;
  // Keys added by issue 9 (window, …WithDrain, overloadEvidence) come after the older ones, so
  // the contract's key order only grows.
  return {
    requests: { arrived: o.arrived, finished: o.finished, rejected: o.rejected, measured, unfinished: o.unfinished, measuredUnfinished: o.measuredUnfinished, ...(input.showLost === true ? { lost: o.lost } : {}) },
    ttftSeconds: interpolatedStats(o.ttft),
    tpotSeconds: interpolatedStats(o.tpot),
    itlSeconds: histogramStats(input.itl),
    e2eSeconds: interpolatedStats(o.e2e),
    queueSeconds: interpolatedStats(o.queue),
    throughput,
    goodput: { requestsPerSecond: goodputPerSecond, fractionMeetingSlo: ratio(meeting, measured) },
    kv: { ...input.kv },
    cost,
    energy,
    overloaded: input.overloaded,
    ...(input.sessions === undefined ? {} : { sessions: input.sessions }),
    ...(g === undefined
      ? {}
      : {
          generation: {
            kind: g.kind,
            numSeqs: g.numSeqs,
            deliveredOutputTokensPerSecond: deliveredPerSecond,
            generatedOutputTokensPerSecond: sums === undefined ? (deliveredPerSecond * g.numSeqs) / g.deliveredSeqs : generatedPerSecond,
          },
        }),
    ...(input.speculative === undefined ? {} : { speculative: input.speculative }),
    window: { ...input.window },
    throughputWithDrain,
    goodputWithDrain: { requestsPerSecond: perDrainSecond(meeting) },
    costWithDrain,
    energyWithDrain,
    ...(input.overloadEvidence === undefined ? {} : { overloadEvidence: input.overloadEvidence }),
  };
}

/** The statistics of every latency, in the order of LatencyStats (summary.json, the console table, the validation's metric names). */
export const LATENCY_STATS = ['mean', 'p50', 'p90', 'p95', 'p99', 'max'] as const satisfies readonly (keyof LatencyStats)[];

/** Mean, R-7 percentiles and max of the values (sorted in place); all zeros when empty. */
export function latencyStats(values: Float64Array): LatencyStats {
  return sortedLatencyStats(values.sort());
}

/** latencyStats of values already sorted ascending. */
function sortedLatencyStats(sorted: Float64Array): LatencyStats {
  const n = sorted.length;
  if (n === 0) return statsOf(0, 0, () => 0);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  // quantileSorted reads only length and indices; its types ask for an Array.
  const array = sorted as unknown as number[];
  return statsOf(sum / n, sorted[n - 1], (q) => quantileSorted(array, q) as number);
}

/**
 * Exact mean (summed in add() order) and max, R-7 percentiles within the histogram's relative
 * error: the request latencies' statistics, for any bounded fold of durations.
 */
export function interpolatedStats(h: LogHistogram): LatencyStats {
  return statsOf(h.mean, h.max, (q) => h.interpolatedQuantile(q));
}

function histogramStats(h: LogHistogram): LatencyStats {
  return statsOf(h.mean, h.max, (q) => h.quantile(q));
}

/** A LatencyStats from its mean, its max and a quantile function (pXX = quantile(XX/100)). */
function statsOf(mean: number, max: number, quantile: (q: number) => number): LatencyStats {
  return { mean, p50: quantile(0.5), p90: quantile(0.9), p95: quantile(0.95), p99: quantile(0.99), max };
}
