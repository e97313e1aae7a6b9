// ClassFolds: one bounded fold per declared request class — a RequestOutcomes against the class's
// own per-request SLO thresholds (goodput), and three channels of the run's WindowSums (finished
// requests, prompt tokens, output tokens) so class rates are over the same steady-state window as
// the fleet's (definitions.md, "Per class").
// Window counts: a finished request at its finish, its prompt tokens at its first token, its first
// output token at the first-token instant and the other n − 1 spread evenly over (firstTokenAt,
// finishedAt] — all reported when the request leaves (WindowSums accepts amounts reported after
// their instant). Tokens of requests still unfinished at the end are not counted per class.
// Memory: the class histograms are coarser than the fleet's (CLASS_HISTOGRAM: ratio 1.01, ≤ 0.5 %
// relative error, 2,546 bins: four per class ≈ 81 KB), so MAX_CLASSES = 64 classes take ≈ 5.2 MB.
// Invariants: add() once per record (the collector's emit); Σ over classes of outcomes.arrived =
// the fleet's arrived; a record's classIndex is in [0, classes).

import type { LogHistogramOptions } from './log-histogram.ts';
import { RequestOutcomes, type Slo } from './request-outcomes.ts';
import { STATUS_FINISHED, type RequestRecord } from './request-record.ts';
import type { WindowSums } from './window-sums.ts';

export const CLASS_HISTOGRAM: LogHistogramOptions = { ratio: 1.01 };
/** Most classes a scenario may declare (the schema's bound; memory above). */
export const MAX_CLASSES = 64;
/** Channels per class in the run's WindowSums, from the class's base channel. */
const CLASS_CHANNEL = { finished: 0, promptTokens: 1, outputTokens: 2 } as const;
export const CLASS_CHANNELS = 3;

export class ClassFolds {
  readonly outcomes: RequestOutcomes[];

  /** `baseChannel`: the first of the 3 × classes channels the WindowSums holds for the classes. */
  constructor(
    /** Each class's per-request thresholds, by index (the class CDF chart draws them). */
    readonly slos: readonly Slo[],
    readonly baseChannel: number,
  ) {
    if (slos.length > MAX_CLASSES) throw new RangeError(`at most ${MAX_CLASSES} request classes, got ${slos.length}`);
    this.outcomes = slos.map((slo) => new RequestOutcomes({ ttftSeconds: slo.ttftSeconds, tpotSeconds: slo.tpotSeconds }, CLASS_HISTOGRAM));
  }

  /** The first WindowSums channel of class k. */
  channel(k: number, which: keyof typeof CLASS_CHANNEL): number {
    return this.baseChannel + CLASS_CHANNELS * k + CLASS_CHANNEL[which];
  }

  /** Fold k's counts over the window (summarize's inWindow): `numSeqs` sequences generated per request, and the energy given. */
  windowCounts(k: number, window: Pick<WindowSums, 'inWindow'>, numSeqs: number, energyJoules: number): { finished: number; promptTokens: number; generatedOutputTokens: number; energyJoules: number } {
    return {
      finished: window.inWindow(this.channel(k, 'finished')),
      promptTokens: window.inWindow(this.channel(k, 'promptTokens')),
      generatedOutputTokens: numSeqs * window.inWindow(this.channel(k, 'outputTokens')),
      energyJoules,
    };
  }

  /** Fold k's drain-inclusive span (summarize's drainWindow): its first measured arrival → last measured finish; the whole run if none. */
  drainWindow(k: number, runSeconds: number): { startSeconds: number; endSeconds: number } {
    const o = this.outcomes[k];
    return o.windowEnd > o.windowStart ? { startSeconds: o.windowStart, endSeconds: o.windowEnd } : { startSeconds: 0, endSeconds: runSeconds };
  }

  /** Folds a record leaving the run into its class (and the class's window channels); `k`: another key (a pool: collector). */
  add(r: Readonly<RequestRecord>, window: WindowSums, k: number = r.classIndex): void {
    this.outcomes[k].add(r, window.startSeconds);
    if (r.status !== STATUS_FINISHED) return;
    window.addCount(this.channel(k, 'finished'), r.finishedAt, 1);
    window.addCount(this.channel(k, 'promptTokens'), r.firstTokenAt, r.numPromptTokens);
    const out = this.channel(k, 'outputTokens');
    if (r.numOutputTokens < 1) return;
    window.addCount(out, r.firstTokenAt, 1);
    const rest = r.numOutputTokens - 1;
    if (rest === 0) return;
    if (r.finishedAt > r.firstTokenAt) window.addLevel(out, r.firstTokenAt, r.finishedAt, rest / (r.finishedAt - r.firstTokenAt));
    else window.addCount(out, r.finishedAt, rest);
  }
}
