// The metrics room: per-request records, the ITL histogram, the run's time series and the
// summary formulas (definitions.md). Other rooms import from here only.

export type { LatencyStats, ReplicaReport, RequestColumns, RunResult, SpeculativeSummary, Summary, TimeSeriesPoint } from './types.ts';
export { RecordStore, emptyColumns } from './record-store.ts';
export { LogHistogram, type LogHistogramOptions } from './log-histogram.ts';
export { TimeSeries, type LevelChannel, type TimeSeriesOptions } from './time-series.ts';
export { summarize, latencyStats, LATENCY_STATS, type SummaryInput } from './summarize.ts';
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
