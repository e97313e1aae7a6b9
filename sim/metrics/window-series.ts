// WindowSeries: the run cut into fixed windows of `windowSeconds` (metrics.windowSeconds), per
// window the arrivals, completions, TTFT/TPOT percentiles, output-token rate and the fleet's
// time-weighted queue, running and KV levels — one row for all classes and, when classes are
// declared, one per class (definitions.md, "Windows"; summary.windows, windows.csv).
// Assignment: an instant t belongs to window k = ⌊t / w⌋, i.e. [k·w, (k+1)·w) (negative t to
// window 0), as a monitoring dashboard bins: a trace with whole-second timestamps puts the
// arrival at 60 s in the window starting at 60 s. Arrivals count at their arrival instant, completions at
// their finish instant; a finished request's TTFT and TPOT go to the window of its ARRIVAL
// (warm-up included: the windows are the whole run's time series); the all-classes row's output
// tokens count at the end of the step that emitted them; a class row's output tokens are its
// requests' first token at the first-token instant and the other n − 1 spread evenly over
// (firstTokenAt, finishedAt], added when the request finishes (the collector's steps do not say
// which class a token belongs to; unfinished requests' tokens are not in class rows). Levels
// (value × seconds over [t0, t1)) are split exactly at window edges.
// Bounded memory: at most maxRows rows in all (maxWindows = maxRows / groups windows, even); when
// time runs past the last window, neighbouring pairs merge and the width doubles (as the time
// series), so a 24 h run at any request rate stays within maxRows rows. Latency percentiles come
// from small log histograms (WINDOW_HISTOGRAM: 1e−4 s to 1e4 s, 2 % wide bins, ≤ 1 % relative
// error; values outside go to the under/overflow buckets), allocated only for rows with samples:
// ≤ 2 × maxRows × 7.4 KB (≈ 30 MB at the default 2,048 rows, far less in practice).
// Invariants: Σ arrivals over the all-classes rows = arrivals added; Σ completions likewise;
// merging adds pairs (histograms merge bin by bin), so totals are conserved; O(1) per arrival and
// completion, O(windows overlapped) per level or spread.
// Levels per class (classLevels, when a record leaves): a class row's queueLength is the
// time-weighted number of the class's requests that arrived and were not yet first scheduled
// ([arrivedAt, scheduledAt): frontend transit included), its running the number first scheduled
// and not yet finished ([scheduledAt, finishedAt), or to the run's end when unfinished; a
// preempted request counts as running until it finishes — the scheduler reports no re-admission).
// So a class's queueLength + running is the class's requests in the system, while the fleet row's
// queue and running are the schedulers' waiting and running counts at their steps: Σ over class
// rows can differ from the fleet row by frontend transit, preempted requests, and the steps'
// sampling (a step holds its planning instant's waiting count over its span, so a request
// arriving mid-step joins the fleet's queue at the next step but the class's at its arrival).
// NOTE: kvUsage is fleet-wide (the steps report totals, not per class), so class rows leave it out.

import { LogHistogram, type LogHistogramOptions } from './log-histogram.ts';
import type { WindowRow } from './types.ts';

/** The default window: one minute, as monitoring dashboards scrape; independent of the run length, so two runs' windows align. */
export const DEFAULT_WINDOW_SECONDS = 60;
/** Most rows (windows × groups) kept; more windows widen them by doubling. */
export const MAX_WINDOW_ROWS = 2048;
/** Bins of the per-window latency histograms (≤ 1 % relative error). */
export const WINDOW_HISTOGRAM: LogHistogramOptions = { minValue: 1e-4, maxValue: 1e4, ratio: 1.02 };

export interface WindowSeriesOptions {
  windowSeconds?: number;
  /** Class names when classes are declared (one row per class per window besides the all-classes row); [] otherwise. */
  classNames?: readonly string[];
  /**
   * Per-request SLO thresholds per row group: [the scenario's, then each class's]. With them a
   * row counts the requests that arrived in it and finished meeting them (goodputFraction).
   */
  slos?: readonly { ttftSeconds: number; tpotSeconds: number }[];
  maxRows?: number;
}

export class WindowSeries {
  readonly initialWidth: number;
  readonly maxWindows: number;
  private readonly groups: number;
  private readonly classNames: readonly string[];
  private w: number;
  /** One past the highest window touched. */
  private used = 0;
  // Per group g and window k at g·maxWindows + k.
  private readonly arrivals: Float64Array;
  private readonly completions: Float64Array;
  /** Requests that arrived in the window and finished meeting their group's SLO thresholds. */
  private readonly meeting: Float64Array;
  private readonly slos: readonly { ttftSeconds: number; tpotSeconds: number }[] | undefined;
  private readonly outputTokens: Float64Array;
  private readonly ttft: (LogHistogram | undefined)[];
  private readonly tpot: (LogHistogram | undefined)[];
  // Levels, per group and window: ∫ value dt (group 0: the fleet's, from the steps; a class's from its records).
  private readonly waiting: Float64Array;
  private readonly running: Float64Array;
  // Fleet only, per window.
  private readonly kvUsage: Float64Array;

  constructor(options: WindowSeriesOptions = {}) {
    const width = options.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
    if (!(width > 0) || !Number.isFinite(width)) throw new RangeError(`windowSeconds must be > 0, got ${width}`);
    this.classNames = options.classNames ?? [];
    this.groups = 1 + this.classNames.length;
    const maxRows = options.maxRows ?? MAX_WINDOW_ROWS;
    this.maxWindows = Math.max(2, 2 * Math.floor(maxRows / this.groups / 2));
    this.initialWidth = width;
    this.w = width;
    const cells = this.groups * this.maxWindows;
    this.arrivals = new Float64Array(cells);
    this.completions = new Float64Array(cells);
    this.meeting = new Float64Array(cells);
    this.slos = options.slos;
    this.outputTokens = new Float64Array(cells);
    this.ttft = new Array<LogHistogram | undefined>(cells).fill(undefined);
    this.tpot = new Array<LogHistogram | undefined>(cells).fill(undefined);
    this.waiting = new Float64Array(cells);
    this.running = new Float64Array(cells);
    this.kvUsage = new Float64Array(this.maxWindows);
  }

  /** The current window width (initial width · 2^merges). */
  get windowSeconds(): number {
    return this.w;
  }

  /** A request of class `classIndex` arrived at t. */
  arrived(t: number, classIndex: number): void {
    const k = this.indexOf(t);
    this.arrivals[k]++;
    if (this.groups > 1) this.arrivals[this.cell(classIndex, k)]++;
  }

  /**
   * A request finished: its completion at finishedAt, its TTFT (and TPOT with ≥ 2 output tokens)
   * in the window of arrivedAt, and (class rows) its output tokens as the file comment says.
   */
  finished(arrivedAt: number, firstTokenAt: number, finishedAt: number, numOutputTokens: number, classIndex: number): void {
    const kf = this.indexOf(finishedAt);
    const ka = this.indexOf(arrivedAt);
    const ttft = firstTokenAt - arrivedAt;
    const tpot = numOutputTokens >= 2 ? (finishedAt - firstTokenAt) / (numOutputTokens - 1) : NaN;
    const base = this.groups > 1 ? [0, 1 + classIndex] : [0];
    for (const g of base) {
      this.completions[g * this.maxWindows + kf]++;
      const slo = this.slos?.[g];
      if (slo !== undefined && ttft <= slo.ttftSeconds && !(tpot > slo.tpotSeconds)) this.meeting[g * this.maxWindows + ka]++;
      this.sample(this.ttft, g * this.maxWindows + ka, ttft);
      if (numOutputTokens >= 2) this.sample(this.tpot, g * this.maxWindows + ka, tpot);
    }
    if (this.groups > 1 && numOutputTokens >= 1) {
      const g = 1 + classIndex;
      this.outputTokens[g * this.maxWindows + this.indexOf(firstTokenAt)] += 1;
      const rest = numOutputTokens - 1;
      if (rest > 0) {
        if (finishedAt > firstTokenAt) this.spread(this.outputTokens, g, firstTokenAt, finishedAt, rest / (finishedAt - firstTokenAt));
        else this.outputTokens[g * this.maxWindows + kf] += rest;
      }
    }
  }

  /** A step over [t0, t1) of one replica: its waiting and running requests, its KV usage share of the fleet, and the tokens it emitted at t1. */
  step(t0: number, t1: number, waiting: number, running: number, kvUsageShare: number, emittedTokens: number): void {
    this.outputTokens[this.indexOf(t1)] += emittedTokens;
    if (!(t1 > t0)) return;
    this.spread(this.waiting, -1, t0, t1, waiting);
    this.spread(this.running, -1, t0, t1, running);
    this.spread(this.kvUsage, -1, t0, t1, kvUsageShare);
  }

  /**
   * A request of class `classIndex` left (finished at `leftAt`, or unfinished at the run's end
   * `leftAt`): it was queued over [arrivedAt, scheduledAt) and running over [scheduledAt, leftAt)
   * (scheduledAt NaN: never scheduled, queued until leftAt). Class rows only (no-op without classes).
   */
  classLevels(classIndex: number, arrivedAt: number, scheduledAt: number, leftAt: number): void {
    if (this.groups === 1) return;
    const g = 1 + classIndex;
    const queuedUntil = Number.isNaN(scheduledAt) ? leftAt : Math.min(scheduledAt, leftAt);
    if (queuedUntil > arrivedAt) this.spread(this.waiting, g, arrivedAt, queuedUntil, 1);
    if (leftAt > scheduledAt) this.spread(this.running, g, scheduledAt, leftAt, 1);
  }

  /**
   * The rows up to the run's end: per window the all-classes row, then one per class (declared
   * classes only). The last window is closed at the run's end: an instant exactly there on a
   * window edge (the run's last event) counts in it rather than in an empty window of no width.
   */
  rows(runSeconds: number): WindowRow[] {
    const n = Math.max(1, Math.ceil(Math.max(0, runSeconds) / this.w));
    const out: WindowRow[] = [];
    const w = this.w;
    for (let k = 0; k < n; k++) {
      const start = k * w;
      const end = k === n - 1 ? Math.max(start, runSeconds) : (k + 1) * w;
      const span = end - start;
      const perSpan = (x: number): number => (span > 0 ? x / span : 0);
      // The last row also holds the windows past it (only instants equal to the run's end).
      const through = k === n - 1 ? Math.max(k + 1, this.used) : k + 1;
      for (let g = 0; g < this.groups; g++) {
        const cells = Array.from({ length: through - k }, (_, j) => g * this.maxWindows + k + j);
        const sum = (a: Float64Array): number => cells.reduce((x, c) => x + a[c], 0);
        const hist = (hs: readonly (LogHistogram | undefined)[]): LogHistogram | undefined => {
          const present = cells.map((c) => hs[c]).filter((h): h is LogHistogram => h !== undefined);
          if (present.length <= 1) return present[0];
          const merged = new LogHistogram(WINDOW_HISTOGRAM);
          for (const h of present) merged.merge(h);
          return merged;
        };
        const row: WindowRow = {
          start,
          end,
          ...(g === 0 ? {} : { class: this.classNames[g - 1] }),
          arrivals: sum(this.arrivals),
          completions: sum(this.completions),
          ...(this.slos === undefined ? {} : { goodputFraction: sum(this.arrivals) > 0 ? sum(this.meeting) / sum(this.arrivals) : NaN }),
          ttftSeconds: percentiles(hist(this.ttft)),
          tpotSeconds: percentiles(hist(this.tpot)),
          outputTokensPerSecond: perSpan(sum(this.outputTokens)),
          queueLength: perSpan(this.waiting[g * this.maxWindows + k]),
          running: perSpan(this.running[g * this.maxWindows + k]),
          ...(g === 0 ? { kvUsage: perSpan(this.kvUsage[k]) } : {}),
        };
        out.push(row);
      }
    }
    return out;
  }

  /** The window of instant t ([k·w, (k+1)·w), t < 0 in window 0), merging windows first when t lies past the last. */
  private indexOf(t: number): number {
    let k = t > 0 ? Math.floor(t / this.w) : 0;
    while (k >= this.maxWindows) {
      this.merge();
      k = t > 0 ? Math.floor(t / this.w) : 0;
    }
    if (k + 1 > this.used) this.used = k + 1;
    return k;
  }

  private cell(classIndex: number, k: number): number {
    return (1 + classIndex) * this.maxWindows + k;
  }

  private sample(hs: (LogHistogram | undefined)[], c: number, value: number): void {
    let h = hs[c];
    if (h === undefined) hs[c] = h = new LogHistogram(WINDOW_HISTOGRAM);
    h.add(Math.max(0, value), 1);
  }

  /** Adds rate × overlap to each window [k·w, (k+1)·w) that [t0, t1) overlaps, in group g's row (g = −1: a fleet level array of maxWindows). */
  private spread(into: Float64Array, g: number, t0: number, t1: number, rate: number): void {
    this.indexOf(t1); // merge first, so the width below is final
    const w = this.w;
    const base = g < 0 ? 0 : g * this.maxWindows;
    for (let k = Math.max(0, Math.floor(t0 / w)); k * w < t1 && k < this.maxWindows; k++) {
      const overlap = Math.min(t1, (k + 1) * w) - Math.max(t0, k * w);
      if (overlap > 0) into[base + k] += rate * overlap;
    }
  }

  /** Merges neighbouring pairs of windows in every row and doubles the width. */
  private merge(): void {
    const m = this.maxWindows;
    const half = m >> 1;
    for (let g = 0; g < this.groups; g++) {
      const b = g * m;
      for (const a of [this.arrivals, this.completions, this.meeting, this.outputTokens, this.waiting, this.running]) pairSum(a, b, m);
      for (const hs of [this.ttft, this.tpot]) {
        for (let j = 0; j < half; j++) {
          const x = hs[b + 2 * j];
          const y = hs[b + 2 * j + 1];
          if (x !== undefined && y !== undefined) x.merge(y);
          hs[b + j] = x ?? y;
        }
        hs.fill(undefined, b + half, b + m);
      }
    }
    pairSum(this.kvUsage, 0, m);
    this.w *= 2;
    this.used = Math.ceil(this.used / 2);
  }
}

function pairSum(a: Float64Array, base: number, m: number): void {
  const half = m >> 1;
  for (let j = 0; j < half; j++) a[base + j] = a[base + 2 * j] + a[base + 2 * j + 1];
  a.fill(0, base + half, base + m);
}

/** p50, p95, p99 (R-7 over the histogram, within its relative error); NaN (null in JSON) without samples. */
function percentiles(h: LogHistogram | undefined): WindowRow['ttftSeconds'] {
  if (h === undefined || h.count === 0) return { p50: NaN, p95: NaN, p99: NaN };
  return { p50: h.interpolatedQuantile(0.5), p95: h.interpolatedQuantile(0.95), p99: h.interpolatedQuantile(0.99) };
}
