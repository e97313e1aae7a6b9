// Public face of the workload room: a pull-based source of request specs from a WorkloadConfig
// (open-loop arrivals, closed-loop clients, multi-turn sessions), and the arrival and length
// samplers it is built from.

export type { FinishedRequest, RequestSpec, SessionStats, WorkloadSource } from './types.ts';
export { classIndexOf, createClassMix } from './class-mix.ts';
export { createWorkload, type WorkloadOptions } from './source.ts';
export { createTraceSource, type TraceSourceOptions } from './trace-source.ts';
export { loadLengthPairs, MAX_LENGTH_PAIRS, type LengthPairs } from './trace-lengths.ts';
export { openTraceRows, type TraceRows } from './trace-file.ts';
export { DIALECTS, type TraceRow } from './trace-rows.ts';
export { parseIsoInstant, parseDecimalInstant, secondsBetween, type Instant } from './trace-time.ts';
export { createArrivalProcess } from './arrivals.ts';
export type { ArrivalProcess, OpenLoopArrivalConfig } from './arrivals.ts';
export { createLengthSampler, lognormalMu, MIN_TRUNCATED_MASS } from './lengths.ts';
export type { LengthSampler } from './lengths.ts';
export { cumulative, meanRate, offeredRateOf, profileSegments, rateAt, segmentsOf, SLOPE_PIECES } from './rate-schedule.ts';
export { thinnedArrivals, type SegmentSource, type ThinnedArrivals, type ThinningStats } from './thinning.ts';
export { onOffSegments } from './on-off.ts';
export { profileTrace, profileMarkdown, DAILY_MIN_SPAN_HOURS, type ProfileOptions, type TraceProfile, type LengthStats } from './trace-profile.ts';
