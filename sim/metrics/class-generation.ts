// Per-class generation (workload.classes[i].generation) in the metrics: each class's requests
// decode numSeqs_k sequences and deliver deliveredSeqs_k (sampling n: n; beam: 1; greedy: 1 and
// 1), so the fleet's output tokens are summed class by class instead of one run-wide factor.
// Invariants: pure; O(classes); the classes' delivered tokens sum to the fleet's.
// NOTE: with per-class generation the fleet's windowed output tokens are the classes' window
// channels (finished requests' tokens, spread over their decode spans) rather than the tokens
// counted per step (which carry no class): tokens of requests unfinished at the end of the run
// are not counted in the window, as for every per-class rate.

import type { ClassFolds } from './class-folds.ts';
import type { GenerationInput, OutputTokenSums } from './summarize.ts';
import type { WindowSums } from './window-sums.ts';

/** One class's generation strategy for the metrics: null for greedy. */
export type ClassGeneration = { kind: 'sampling' | 'beam'; numSeqs: number; deliveredSeqs: number } | null;

/**
 * Per-class generation: the fleet's output tokens summed class by class — delivered = Σ_k
 * deliveredSeqs_k × the class's record tokens, generated = Σ_k numSeqs_k × them (greedy: 1 and 1).
 * Drain-inclusive over measured (and all) finished requests; windowed over the classes' window
 * channels (a finished request's tokens spread over its decode span: class-folds.ts), so the
 * fleet's windowed output rate is the sum of the classes'. `window` null: no loaded window.
 */
export function classOutputTokenSums(perClass: readonly ClassGeneration[], folds: ClassFolds, window: Pick<WindowSums, 'inWindow'> | null): OutputTokenSums {
  const sums: OutputTokenSums = { measuredDelivered: 0, measuredGenerated: 0, finishedDelivered: 0, windowDelivered: window === null ? null : 0, windowGenerated: window === null ? null : 0 };
  folds.outcomes.forEach((o, k) => {
    const d = perClass[k]?.deliveredSeqs ?? 1;
    const n = perClass[k]?.numSeqs ?? 1;
    sums.measuredDelivered += d * o.measuredOutputTokens;
    sums.measuredGenerated += n * o.measuredOutputTokens;
    sums.finishedDelivered += d * o.finishedOutputTokens;
    if (window !== null) {
      const t = window.inWindow(folds.channel(k, 'outputTokens'));
      sums.windowDelivered! += d * t;
      sums.windowGenerated! += n * t;
    }
  });
  return sums;
}

/** The fleet's generation section with per-class generation: kind 'per-class', numSeqs the largest class's; null when every class is greedy. */
export function perClassGeneration(perClass: readonly ClassGeneration[]): GenerationInput | null {
  const multi = perClass.filter((g) => g !== null);
  if (multi.length === 0) return null;
  return { kind: 'per-class', numSeqs: Math.max(...multi.map((g) => g.numSeqs)), deliveredSeqs: 1 };
}
