// A histogram of inter-token latencies (or any positive durations) with log-spaced bins, so a run
// of a billion token gaps is summarised in fixed memory without storing each gap (as
// HdrHistogram and DDSketch do; Masson et al., "DDSketch", VLDB 2019, for the relative-error
// argument).
// Bins: bin i covers [minValue·ratio^i, minValue·ratio^(i+1)) for values in [minValue, maxValue);
// by default ratio = 1.001 (0.1 % wide) from 1 µs to 1e5 s: ⌈ln(1e11)/ln(1.001)⌉ = 25 342 bins,
// 200 KiB. Smaller values (including 0) go to an underflow bucket, larger to an overflow bucket;
// each keeps the sum of its values.
// Invariants: count = Σ weights added; sum = Σ value·weight (in add() order: a mean may differ in
// its last bits between two orders of the same values); min/max are the exact extremes.
// Error bound: quantile(q) returns the geometric centre c = a·√ratio of the bin [a, a·ratio)
// holding the sample's inverted-CDF q-quantile x₍ₖ₎, k = max(1, ⌈q·count⌉) (clamped to
// [min, max]); so |quantile(q)/x₍ₖ₎ − 1| ≤ √ratio − 1 ≈ 5.0e−4 for x₍ₖ₎ in [minValue, maxValue).
// In the underflow (overflow) bucket it returns that bucket's mean value: within minValue
// absolutely (exact when all such values are equal, e.g. all 0).
// NOTE: quantile(q) is the inverted-CDF (type 1) rank, as the ITL statistics have always used;
// interpolatedQuantile(q) is R-7 (numpy's default `linear`, d3's quantileSorted) between the
// values at two ranks, each within the bound above, so it is within the same bound of the exact
// R-7 quantile (a convex combination of two values each within ε relative is within ε). The
// request latencies (TTFT, TPOT, E2E, queue) use it so that bounded summaries keep the meaning
// the exact, sorted-array statistics had. valueAtRank(k) is that per-rank value: the exact
// min at k = 1 and max at k = count. add() is O(1) (one log) and allocation-free; the rank
// queries are O(bins in use), called a handful of times per run (valuesAtRanks: one pass).

export interface LogHistogramOptions {
  /** Lower edge of the first bin; default 1e−6 (1 µs). */
  minValue?: number;
  /** Upper edge of the last bin (rounded up to a whole bin); default 1e5 (≈ 28 h). */
  maxValue?: number;
  /** Ratio of a bin's upper to lower edge; default 1.001. */
  ratio?: number;
}

export class LogHistogram {
  readonly minValue: number;
  readonly ratio: number;
  readonly numBins: number;
  /** The bound on quantile()'s relative error inside [minValue, maxValue): √ratio − 1. */
  readonly relativeError: number;
  private readonly invLogRatio: number;
  private readonly weights: Float64Array;
  private lowestBin: number;
  private highestBin = -1;
  private underflowWeight = 0;
  private underflowSum = 0;
  private overflowWeight = 0;
  private overflowSum = 0;
  private totalWeight = 0;
  private totalSum = 0;
  private minSeen = Infinity;
  private maxSeen = -Infinity;

  constructor(options: LogHistogramOptions = {}) {
    const minValue = options.minValue ?? 1e-6;
    const maxValue = options.maxValue ?? 1e5;
    const ratio = options.ratio ?? 1.001;
    if (!(minValue > 0 && maxValue > minValue && ratio > 1)) throw new RangeError('LogHistogram needs 0 < minValue < maxValue and ratio > 1');
    this.minValue = minValue;
    this.ratio = ratio;
    this.invLogRatio = 1 / Math.log(ratio);
    this.numBins = Math.ceil(Math.log(maxValue / minValue) * this.invLogRatio);
    this.relativeError = Math.sqrt(ratio) - 1;
    this.weights = new Float64Array(this.numBins);
    this.lowestBin = this.numBins;
  }

  /** Adds `weight` observations of `value` (a step of dt with n decoding sequences: add(dt, n)). */
  add(value: number, weight: number): void {
    if (!(weight > 0)) {
      if (weight === 0) return;
      throw new RangeError(`LogHistogram.add: weight must be ≥ 0, got ${weight}`);
    }
    if (!(value >= 0) || value === Infinity) throw new RangeError(`LogHistogram.add: value must be finite and ≥ 0, got ${value}`);
    this.totalWeight += weight;
    this.totalSum += value * weight;
    if (value < this.minSeen) this.minSeen = value;
    if (value > this.maxSeen) this.maxSeen = value;
    if (value < this.minValue) {
      this.underflowWeight += weight;
      this.underflowSum += value * weight;
      return;
    }
    const i = Math.floor(Math.log(value / this.minValue) * this.invLogRatio);
    if (i >= this.numBins) {
      this.overflowWeight += weight;
      this.overflowSum += value * weight;
      return;
    }
    this.weights[i] += weight;
    if (i < this.lowestBin) this.lowestBin = i;
    if (i > this.highestBin) this.highestBin = i;
  }

  /**
   * Adds every observation of `other` (same minValue, ratio and bin count): the histogram of the
   * union of both samples, bin by bin (exact counts, sums, min and max). O(bins in use of other).
   */
  merge(other: LogHistogram): void {
    if (other.minValue !== this.minValue || other.ratio !== this.ratio || other.numBins !== this.numBins) throw new RangeError('LogHistogram.merge: the histograms have different bins');
    if (other.totalWeight === 0) return;
    for (let i = other.lowestBin; i <= other.highestBin; i++) this.weights[i] += other.weights[i];
    if (other.lowestBin < this.lowestBin) this.lowestBin = other.lowestBin;
    if (other.highestBin > this.highestBin) this.highestBin = other.highestBin;
    this.underflowWeight += other.underflowWeight;
    this.underflowSum += other.underflowSum;
    this.overflowWeight += other.overflowWeight;
    this.overflowSum += other.overflowSum;
    this.totalWeight += other.totalWeight;
    this.totalSum += other.totalSum;
    if (other.minSeen < this.minSeen) this.minSeen = other.minSeen;
    if (other.maxSeen > this.maxSeen) this.maxSeen = other.maxSeen;
  }

  /** Σ weights. */
  get count(): number {
    return this.totalWeight;
  }

  /** Exact weighted mean; 0 when empty. */
  get mean(): number {
    return this.totalWeight > 0 ? this.totalSum / this.totalWeight : 0;
  }

  /** Exact largest value; 0 when empty. */
  get max(): number {
    return this.totalWeight > 0 ? this.maxSeen : 0;
  }

  /** Exact smallest value; 0 when empty. */
  get min(): number {
    return this.totalWeight > 0 ? this.minSeen : 0;
  }

  /**
   * The value of the sample's k-th smallest observation (1 ≤ k ≤ count, whole weights) to within
   * relativeError: exact at k = 1 (min) and k = count (max); 0 when empty.
   */
  valueAtRank(k: number): number {
    return this.valuesAtRanks([k])[0];
  }

  /** valueAtRank of each rank of a non-decreasing list, in one pass over the bins. */
  valuesAtRanks(ranks: readonly number[]): number[] {
    const out: number[] = new Array(ranks.length);
    if (this.totalWeight === 0) return out.fill(0);
    let j = 0;
    // Ranks at the ends are the exact extremes.
    const edge = (k: number): number => (k <= 1 ? this.minSeen : k >= this.totalWeight ? this.maxSeen : NaN);
    let cumulative = this.underflowWeight;
    const underflowMean = this.underflowWeight > 0 ? this.underflowSum / this.underflowWeight : 0;
    for (; j < ranks.length && (cumulative >= ranks[j] || ranks[j] <= 1); j++) {
      const e = edge(ranks[j]);
      out[j] = Number.isNaN(e) ? underflowMean : e;
    }
    for (let i = this.lowestBin; i <= this.highestBin && j < ranks.length; i++) {
      const w = this.weights[i];
      if (w === 0) continue;
      cumulative += w;
      if (cumulative < ranks[j]) continue;
      const centre = Math.min(this.maxSeen, Math.max(this.minSeen, this.minValue * Math.pow(this.ratio, i + 0.5)));
      for (; j < ranks.length && cumulative >= ranks[j]; j++) {
        const e = edge(ranks[j]);
        out[j] = Number.isNaN(e) ? centre : e;
      }
    }
    const overflowMean = this.overflowWeight > 0 ? this.overflowSum / this.overflowWeight : this.maxSeen;
    for (; j < ranks.length; j++) {
      const e = edge(ranks[j]);
      out[j] = Number.isNaN(e) ? overflowMean : e;
    }
    return out;
  }

  /**
   * The R-7 q-quantile (as d3's quantileSorted: i = (count − 1)·q, linear interpolation between
   * the values at ranks ⌊i⌋ + 1 and ⌊i⌋ + 2), each value within relativeError; 0 when empty.
   */
  interpolatedQuantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
    if (this.totalWeight === 0) return 0;
    const i = (this.totalWeight - 1) * q;
    const i0 = Math.floor(i);
    const [a, b] = this.valuesAtRanks([i0 + 1, Math.min(i0 + 2, this.totalWeight)]);
    return a + (b - a) * (i - i0);
  }

  /** The q-quantile to within relativeError (see the file comment); 0 when empty. */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
    if (this.totalWeight === 0) return 0;
    if (q === 0) return this.minSeen;
    if (q === 1) return this.maxSeen;
    const target = Math.max(1, Math.ceil(q * this.totalWeight));
    let cumulative = this.underflowWeight;
    if (cumulative >= target) return this.underflowSum / this.underflowWeight;
    for (let i = this.lowestBin; i <= this.highestBin; i++) {
      cumulative += this.weights[i];
      if (cumulative >= target) {
        const centre = this.minValue * Math.pow(this.ratio, i + 0.5);
        return Math.min(this.maxSeen, Math.max(this.minSeen, centre));
      }
    }
    return this.overflowWeight > 0 ? this.overflowSum / this.overflowWeight : this.maxSeen;
  }
}
