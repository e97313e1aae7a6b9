// classSummaries: summary.classes — per declared request class, the Summary's formulas
// (summarize.ts) over the class's fold (class-folds.ts), judged against the class's SLO.
// Cost rule: the fleet's windowed cost and energy are shared among classes by the tokens each
// processed (prompt + output) in the window — the drain-inclusive span of finished requests when
// the run has no loaded window — so shares sum to 1 and usdPer1kTokens is the fleet's for every
// class, while usdPer1kOutputTokens differs by each class's prompt-to-output ratio. (Sharing by
// output tokens alone would give every class the fleet's usdPer1kOutputTokens: no information.)
// The fleet's GPU time is the GPU-seconds held (gpuSecondsHeld) under autoscaling or failures,
// else gpuCount for the whole span.
// Invariants: pure; O(classes); the fields and their order are ClassSummary's (types.ts).
// NOTE: ITL targets in a class's SLO get no verdict (no per-class ITL: the collector folds decode
// gaps per step, not per request).

import { ClassFolds } from './class-folds.ts';
import { LogHistogram } from './log-histogram.ts';
import { sloVerdictsOf, type SloTarget } from './slo-verdicts.ts';
import { summarize, type SummaryInput } from './summarize.ts';
import type { ClassSummary, Summary } from './types.ts';
import type { WindowSums } from './window-sums.ts';

export interface ClassSummaryInput {
  names: readonly string[];
  /** Each class's SLO targets (sloTargets of its slo section), by index. */
  sloTargets: readonly (readonly SloTarget[])[];
  folds: ClassFolds;
  window: Pick<WindowSums, 'inWindow'>;
  /** The fleet's window, and whether it is loaded (else the class figures are drain-inclusive, as the fleet's). */
  summaryWindow: Summary['window'];
  loaded: boolean;
  /** The fleet's energy in the window (loaded) or over the whole run. */
  energyJoules: number;
  gpuCount: number;
  /** GPU-seconds held over [from, to] (autoscale, failures; summarize's gpuSecondsHeld): replaces gpuCount × seconds. */
  gpuSecondsHeld?: (from: number, to: number) => number;
  usdPerGpuHour: number;
  runSeconds: number;
  generation?: SummaryInput['generation'];
  /** Each class's KV usage, by index (ClassSummary.kvUsage; measure computes it). */
  kvUsage?: readonly NonNullable<ClassSummary['kvUsage']>[];
  /**
   * Per-class generation, by class index (null: greedy): replaces `generation` class by class
   * (each class's delivered tokens, cost share and summary.classes.<name>.generation).
   */
  classGeneration?: readonly ({ kind: 'sampling' | 'beam'; numSeqs: number; deliveredSeqs: number } | null)[];
}

export function classSummaries(input: ClassSummaryInput): Record<string, ClassSummary> {
  const { folds, window: win, loaded, names, gpuSecondsHeld: held } = input;
  const perClass = input.classGeneration;
  const generationOf = (k: number): SummaryInput['generation'] => (perClass === undefined ? input.generation : (perClass[k] ?? undefined));
  // Tokens processed per class: the share's numerator (output counted as delivered tokens, as the fleet's cost).
  const tokens = names.map((_, k) => {
    const delivered = generationOf(k)?.deliveredSeqs ?? 1;
    return loaded
      ? win.inWindow(folds.channel(k, 'promptTokens')) + delivered * win.inWindow(folds.channel(k, 'outputTokens'))
      : folds.outcomes[k].finishedPromptTokens + delivered * folds.outcomes[k].finishedOutputTokens;
  });
  const all = tokens.reduce((a, b) => a + b, 0);
  const out: Record<string, ClassSummary> = {};
  names.forEach((name, k) => {
    const outcomes = folds.outcomes[k];
    const share = all > 0 ? tokens[k] / all : 0;
    const generation = generationOf(k);
    const numSeqs = generation?.numSeqs ?? 1;
    const s = summarize({
      outcomes,
      itl: new LogHistogram({ minValue: 1, maxValue: 2 }),
      window: input.summaryWindow,
      inWindow: loaded ? folds.windowCounts(k, win, numSeqs, share * input.energyJoules) : null,
      drainWindow: folds.drainWindow(k, input.runSeconds),
      kv: EMPTY_KV,
      // The fleet's GPU time (held, under autoscaling or failures) × share: gpuHours and the usd figures are the class's share.
      gpuCount: share * input.gpuCount,
      ...(held === undefined ? {} : { gpuSecondsHeld: (from: number, to: number) => share * held(from, to) }),
      usdPerGpuHour: input.usdPerGpuHour,
      runSeconds: input.runSeconds,
      energyJoules: share * input.energyJoules,
      overloaded: false,
      ...(generation === undefined ? {} : { generation }),
    });
    const samples = { ttft: outcomes.ttft.count, tpot: outcomes.tpot.count, e2e: outcomes.e2e.count, itl: 0 };
    const targets = input.sloTargets[k].filter((t) => t.metric !== 'itl');
    // Without a loaded window the fleet's cost is drain-inclusive over the run, as summarize's costWithDrain.
    const cost = loaded ? s.cost : s.costWithDrain;
    const energy = loaded ? s.energy : s.energyWithDrain;
    out[name] = {
      requests: s.requests,
      window: s.window,
      ttftSeconds: s.ttftSeconds,
      tpotSeconds: s.tpotSeconds,
      e2eSeconds: s.e2eSeconds,
      queueSeconds: s.queueSeconds,
      throughput: s.throughput,
      goodput: s.goodput,
      cost: { ...cost, share },
      energy,
      throughputWithDrain: s.throughputWithDrain,
      goodputWithDrain: s.goodputWithDrain,
      slo: { verdicts: sloVerdictsOf(s, targets, (metric) => samples[metric]) },
      ...(input.kvUsage === undefined ? {} : { kvUsage: input.kvUsage[k] }),
      ...(perClass === undefined || s.generation === undefined ? {} : { generation: s.generation }),
    };
  });
  return out;
}

/** The kv section a summarize() call gets where no KV figure applies (a class's or a pool's own summary uses none of it). */
export const EMPTY_KV: Summary['kv'] = {
  numGpuBlocks: 0,
  meanUsage: 0,
  maxUsage: 0,
  preemptions: 0,
  meanReservedUnusedFraction: 0,
  meanInternalFragmentation: 0,
  meanRunning: 0,
  meanUsageWithDrain: 0,
  meanRunningWithDrain: 0,
  preemptionsRecompute: 0,
  preemptionsSwap: 0,
  recomputedTokens: 0,
  swappedBlocks: 0,
  swapSeconds: 0,
};
