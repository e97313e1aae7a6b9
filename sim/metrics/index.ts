// The metrics room: request records and their sinks, bounded-memory summaries of them (counts,
// log histograms), the ITL histogram, the run's time series, the summary formulas
// (definitions.md) and measure(), which turns what a run collected into its RunResult parts.
// Other rooms import from here only.

export type { ClassLatencyCdf, ClassSummary, PoolStageSummary, PoolSummary, TransferSummary, WindowPercentiles, WindowRow } from './types.ts';
export { maxMinOverMean, routingSummary, type RoutingSummary } from './routing-balance.ts';
export { ClassFolds, CLASS_CHANNELS, CLASS_HISTOGRAM, MAX_CLASSES } from './class-folds.ts';
export { classSummaries, type ClassSummaryInput } from './class-summary.ts';
export { WindowSeries, DEFAULT_WINDOW_SECONDS, MAX_WINDOW_ROWS, WINDOW_HISTOGRAM, type WindowSeriesOptions } from './window-series.ts';
export type { LatencyStats, OverloadEvidence, ReplicaReport, RegimeSeconds, RequestColumns, RunResult, SpeculativeSummary, Summary, TimeSeriesPoint } from './types.ts';
export { RecordStore, emptyColumns } from './record-store.ts';
export { newRecord, STATUS_LOST, STATUS_UNFINISHED, type RequestRecord, type RequestSink } from './request-record.ts';
export { RequestOutcomes, type Slo } from './request-outcomes.ts';
export { LogHistogram, type LogHistogramOptions } from './log-histogram.ts';
export { DEFAULT_CDF_POINTS, evenRanks, histogramCdf, type CdfPoint } from './latency-cdf.ts';
export { TimeSeries, type LevelChannel, type TimeSeriesOptions } from './time-series.ts';
export { summarize, interpolatedStats, latencyStats, LATENCY_STATS, type SummaryInput } from './summarize.ts';
export {
  SLO_LATENCY_METRICS,
  SLO_LATENCY_PERCENTILES,
  SLO_METRICS,
  checkExitCode,
  isLowerBound,
  sloTargets,
  sloValue,
  sloVerdict,
  sloVerdictsOf,
  type LatencyPercentile,
  type SloMetric,
  type SloPercentile,
  type SloTarget,
  type SloTargetsConfig,
  type SloValueSource,
  type SloVerdict,
} from './slo-verdicts.ts';
export { WindowSums, WINDOW_CHANNEL, windowChannels, type WindowBounds, type WindowRule } from './window-sums.ts';
export {
  INTERVAL_HIGH_QUANTILE,
  INTERVAL_LOW_QUANTILE,
  MIN_NEIGHBOURS,
  NEIGHBOURHOOD_LEVELS,
  bandAround,
  coverage,
  quantile,
  residualBand,
  type IntervalQuery,
  type LoadRegime,
  type MetricModelInterval,
  type ModelError,
  type NeighbourhoodKey,
  type ResidualBand,
  type ResidualRow,
} from './model-interval.ts';
export { queueGrowth, type QueueGrowth } from './overload.ts';
export { measure, speculativeSummary, type MeasureInput, type MeasuredCollector, type MeasuredReplica, type Measurement } from './measure.ts';
export {
  ttftSeconds,
  tpotSeconds,
  e2eSeconds,
  queueSeconds,
  isMeasuredFinished,
  measuredLatencies,
  STATUS_FINISHED,
  STATUS_REJECTED,
  type MeasuredLatencies,
} from './request-latencies.ts';
export { CLASS_CDF_BUDGET, MIN_CLASS_CDF_POINTS, classCdfPoints, classLatencyCdfs } from './class-cdf.ts';
export { RecoveryFold, type RecoveryGroup, type RecoverySummary, type LatencyQuantiles } from './recovery.ts';
