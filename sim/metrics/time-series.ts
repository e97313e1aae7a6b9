// A run's time series in bounded memory: per time bin, the time-weighted mean of a few levels
// (KV-cache usage, running and waiting requests) and the rate of a count (output tokens).
// Bins are [k·binSeconds, (k+1)·binSeconds) from t = 0. When time runs past the last of the
// `maxBins` bins, neighbouring pairs are merged and binSeconds doubles (repeatedly if needed), so
// any run length fits in maxBins bins (at least maxBins/2 of them in use once merging starts).
// Invariants: each level bin holds ∫ value dt over its interval (value·seconds), each count bin
// the sum of the amounts added in it; merging adds pairs, so totals are conserved exactly up to
// float rounding; binSeconds = initial width · 2^merges.
// NOTE: a count at instant t (tokens emitted at a step's end) falls in the bin (k·w, (k+1)·w]
// that ends at or after t — the step produced them just before t; t = 0 goes to bin 0.
// addLevel is O(bins overlapped) — O(1) for a step inside one bin; nothing allocates after
// construction except points().

import type { TimeSeriesPoint } from './types.ts';

export type LevelChannel = 'kvUsedFraction' | 'running' | 'waiting';

export interface TimeSeriesOptions {
  /** Initial bin width; default 1 s. */
  binSeconds?: number;
  /** Most bins kept (even); default 512. */
  maxBins?: number;
}

export class TimeSeries {
  readonly maxBins: number;
  private width: number;
  private readonly kvUsedFraction: Float64Array;
  private readonly running: Float64Array;
  private readonly waiting: Float64Array;
  private readonly outputTokens: Float64Array;

  constructor(options: TimeSeriesOptions = {}) {
    const binSeconds = options.binSeconds ?? 1;
    const maxBins = options.maxBins ?? 512;
    if (!(binSeconds > 0)) throw new RangeError(`binSeconds must be > 0, got ${binSeconds}`);
    if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins % 2 !== 0) throw new RangeError(`maxBins must be an even integer ≥ 2, got ${maxBins}`);
    this.width = binSeconds;
    this.maxBins = maxBins;
    this.kvUsedFraction = new Float64Array(maxBins);
    this.running = new Float64Array(maxBins);
    this.waiting = new Float64Array(maxBins);
    this.outputTokens = new Float64Array(maxBins);
  }

  /** The current bin width (grows by doubling as the run gets longer). */
  get binSeconds(): number {
    return this.width;
  }

  /** Adds a level `value` held over [t0, t1): value × overlap to each bin it overlaps. */
  addLevel(channel: LevelChannel, t0: number, t1: number, value: number): void {
    if (!(t0 >= 0) || !(t1 >= t0)) throw new RangeError(`addLevel: need 0 ≤ t0 ≤ t1, got [${t0}, ${t1})`);
    if (t1 === t0 || value === 0) return;
    if (t1 > this.maxBins * this.width) this.coverUntil(t1);
    const bins = this.level(channel);
    const w = this.width;
    const first = Math.floor(t0 / w);
    const last = Math.min(Math.ceil(t1 / w) - 1, this.maxBins - 1);
    if (first >= last) {
      bins[first] += value * (t1 - t0);
      return;
    }
    for (let k = first; k <= last; k++) {
      const lo = k === first ? t0 : k * w;
      const hi = k === last ? t1 : (k + 1) * w;
      if (hi > lo) bins[k] += value * (hi - lo);
    }
  }

  /** Adds `amount` (output tokens) emitted at instant t. */
  addCount(t: number, amount: number): void {
    if (!(t >= 0)) throw new RangeError(`addCount: need t ≥ 0, got ${t}`);
    if (amount === 0) return;
    if (t > this.maxBins * this.width) this.coverUntil(t);
    const k = Math.ceil(t / this.width) - 1; // −1 for t = 0 (or t/width underflowing to 0)
    this.outputTokens[k < 0 ? 0 : k < this.maxBins ? k : this.maxBins - 1] += amount;
  }

  /** Σ over bins of a level's integral (value·seconds), or of the count. */
  total(channel: LevelChannel | 'outputTokens'): number {
    const bins = channel === 'outputTokens' ? this.outputTokens : this.level(channel);
    let s = 0;
    for (let k = 0; k < bins.length; k++) s += bins[k];
    return s;
  }

  /**
   * One point per bin up to `endSeconds`: levels = integral / width and outputTokensPerSecond =
   * count / width, where the last, partial bin's width is the part before endSeconds. Merges
   * bins first if endSeconds is past the last bin (read binSeconds after calling this). A last
   * bin covering under 1e−9 of a bin width is left out (its rates would be noise).
   */
  points(endSeconds: number): TimeSeriesPoint[] {
    if (!(endSeconds > 0)) return [];
    if (endSeconds > this.maxBins * this.width) this.coverUntil(endSeconds);
    const w = this.width;
    const n = Math.min(Math.ceil(endSeconds / w), this.maxBins);
    const out: TimeSeriesPoint[] = [];
    for (let k = 0; k < n; k++) {
      const start = k * w;
      const width = Math.min(w, endSeconds - start);
      if (!(width > 1e-9 * w)) break;
      out.push({
        tSeconds: start,
        kvUsage: this.kvUsedFraction[k] / width,
        outputTokensPerSecond: this.outputTokens[k] / width,
        running: this.running[k] / width,
        waiting: this.waiting[k] / width,
      });
    }
    return out;
  }

  private level(channel: LevelChannel): Float64Array {
    switch (channel) {
      case 'kvUsedFraction':
        return this.kvUsedFraction;
      case 'running':
        return this.running;
      case 'waiting':
        return this.waiting;
      default: {
        const never: never = channel;
        throw new Error(`unknown time-series channel ${String(never)}`);
      }
    }
  }

  /** Doubles the bin width until the bins reach t. */
  private coverUntil(t: number): void {
    while (t > this.maxBins * this.width) {
      mergePairs(this.kvUsedFraction);
      mergePairs(this.running);
      mergePairs(this.waiting);
      mergePairs(this.outputTokens);
      this.width *= 2;
    }
  }
}

function mergePairs(bins: Float64Array): void {
  const half = bins.length >> 1;
  for (let j = 0; j < half; j++) bins[j] = bins[2 * j] + bins[2 * j + 1];
  bins.fill(0, half);
}
