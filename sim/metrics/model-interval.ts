// The model-error band: how far a prediction may be off, read from the residuals of measured rows
// alike to it. A residual is r = ln(measured / predicted) of one validated row; the 80% band of a
// prediction p is [p·e^q10, p·e^q90], q10 and q90 the empirical 10% and 90% quantiles of the
// residuals of its neighbourhood.
// Neighbourhood rule (NEIGHBOURHOOD_LEVELS, tried in order; the first level holding at least
// MIN_NEIGHBOURS rows wins): rows of the same metric and
//   0  same GPU, weight precision, engine and load regime;
//   1  same GPU class (architecture), precision, engine and load regime;
//   2  same GPU class, engine and load regime (any precision);
//   3  same engine and load regime (any GPU);
//   4  any row of the metric.
// Widening is by coarser neighbourhoods only (no multiplier): a coarser set mixes setups whose
// biases differ, so its residuals are already more spread. With fewer than MIN_NEIGHBOURS rows
// even at level 4 there is no band (null), never a band from a handful of rows.
// Invariants: pure; deterministic (ties in sorting are values, so order does not matter);
// `exclude` drops one row by index (leave-one-out) before counting.
// NOTE: quantiles are type 6 of Hyndman & Fan (1996): over the sorted residuals x(1) ≤ … ≤ x(n),
// position h = (n + 1)p, value x(⌊h⌋) + (h − ⌊h⌋)(x(⌊h⌋+1) − x(⌊h⌋)), clamped to x(1) and x(n).
// A new residual exchangeable with n others falls below x(k) with probability k/(n + 1), so the
// (n + 1)p positions give a band whose coverage of the next row is 80% for any n (the split
// conformal argument, Vovk et al. 2005); type 7's (n − 1)p positions are narrower and under-cover
// small neighbourhoods (on calibration.csv: 76% against 80%).
// NOTE: load regime: 'offline' (every request available at t = 0, the `max` rows) or 'online'
// (arrivals over time: qps, concurrency, every other arrival process).

/** One validated row as the band needs it. */
export interface ResidualRow {
  /** Metric name of the measurement format (output_tokens_per_s, ttft_mean_ms, itl_mean_ms, …). */
  metric: string;
  gpu: string;
  /** The GPU's architecture (hopper, ampere, ada, blackwell, …). */
  gpuClass: string;
  weights: string;
  engine: string;
  load: LoadRegime;
  /** ln(measured / predicted). */
  residual: number;
}

export type LoadRegime = 'offline' | 'online';

export type NeighbourhoodKey = 'metric' | 'gpu' | 'gpuClass' | 'weights' | 'engine' | 'load';

export const NEIGHBOURHOOD_LEVELS: readonly (readonly NeighbourhoodKey[])[] = [
  ['metric', 'gpu', 'weights', 'engine', 'load'],
  ['metric', 'gpuClass', 'weights', 'engine', 'load'],
  ['metric', 'gpuClass', 'engine', 'load'],
  ['metric', 'engine', 'load'],
  ['metric'],
];

/** Fewest residuals from which a band's 10% and 90% quantiles are read. */
export const MIN_NEIGHBOURS = 10;
export const INTERVAL_LOW_QUANTILE = 0.1;
export const INTERVAL_HIGH_QUANTILE = 0.9;

export type IntervalQuery = Omit<ResidualRow, 'residual'>;

export interface ResidualBand {
  /** Quantiles of ln(measured / predicted): the band of p is [p·e^low, p·e^high]. */
  low: number;
  high: number;
  /** Index into NEIGHBOURHOOD_LEVELS of the level used. */
  level: number;
  /** The neighbourhood in words: "metric=…, gpu=…, …". */
  neighbourhood: string;
  /** Residuals it rests on. */
  count: number;
}

/** Type-6 quantile of ascending values (n ≥ 1, p in [0, 1]): 1-based position h = (n + 1)p, interpolated, clamped to the extremes. */
export function quantile(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  const h = (n + 1) * p;
  if (h <= 1) return sorted[0];
  if (h >= n) return sorted[n - 1];
  const k = Math.floor(h);
  return sorted[k - 1] + (h - k) * (sorted[k] - sorted[k - 1]);
}

/** The residual band of the first neighbourhood level with ≥ MIN_NEIGHBOURS rows, or null. */
export function residualBand(table: readonly ResidualRow[], query: IntervalQuery, exclude = -1, minNeighbours = MIN_NEIGHBOURS): ResidualBand | null {
  for (let level = 0; level < NEIGHBOURHOOD_LEVELS.length; level++) {
    const keys = NEIGHBOURHOOD_LEVELS[level];
    const residuals: number[] = [];
    table.forEach((row, i) => {
      if (i !== exclude && keys.every((k) => row[k] === query[k])) residuals.push(row.residual);
    });
    if (residuals.length < minNeighbours) continue;
    residuals.sort((a, b) => a - b);
    return {
      low: quantile(residuals, INTERVAL_LOW_QUANTILE),
      high: quantile(residuals, INTERVAL_HIGH_QUANTILE),
      level,
      neighbourhood: keys.map((k) => `${k}=${query[k]}`).join(', '),
      count: residuals.length,
    };
  }
  return null;
}

/** [p·e^low, p·e^high]: the band around a prediction. */
export function bandAround(predicted: number, band: Pick<ResidualBand, 'low' | 'high'>): [number, number] {
  return [predicted * Math.exp(band.low), predicted * Math.exp(band.high)];
}

/** Share of rows whose measured value lies in [lo, hi] (bounds included); null when no row has an interval. */
export function coverage(rows: readonly { measured: number; interval: readonly [number, number] | null }[]): number | null {
  const withBand = rows.filter((r) => r.interval !== null);
  if (withBand.length === 0) return null;
  return withBand.filter((r) => r.measured >= r.interval![0] && r.measured <= r.interval![1]).length / withBand.length;
}

/** One headline metric's band in a run's summary. */
export interface MetricModelInterval {
  /** The 80% model-error band around the simulated value, in the metric's unit. */
  modelInterval: [number, number];
  /** The neighbourhood whose residuals gave it (NEIGHBOURHOOD_LEVELS). */
  neighbourhood: string;
  /** Residuals it rests on. */
  rows: number;
}

/** summary.modelError: the model-error bands of a run's headline metrics (null: no value or no band). */
export interface ModelError {
  /** false when the scenario leaves calibrated territory; `reason` then says how. */
  calibrated: boolean;
  reason?: string;
  outputTokensPerSecond: MetricModelInterval | null;
  ttftMeanSeconds: MetricModelInterval | null;
  tpotMeanSeconds: MetricModelInterval | null;
}
