// Public face of the workload room: a pull-based source of request specs from a WorkloadConfig
// (open-loop arrivals, closed-loop clients, multi-turn sessions), and the arrival and length
// samplers it is built from.

export type { FinishedRequest, RequestSpec, SessionStats, WorkloadSource } from './types.ts';
export { createWorkload } from './source.ts';
export { classIndexOf, createClassMix } from './class-mix.ts';
export { createArrivalProcess } from './arrivals.ts';
export type { ArrivalProcess, OpenLoopArrivalConfig } from './arrivals.ts';
export { createLengthSampler, lognormalMu, MIN_TRUNCATED_MASS } from './lengths.ts';
export type { LengthSampler } from './lengths.ts';
export { cumulative, meanRate, profileSegments, rateAt, segmentsOf, SLOPE_PIECES } from './rate-schedule.ts';
export { thinnedArrivals, type SegmentSource, type ThinnedArrivals, type ThinningStats } from './thinning.ts';
export { onOffSegments } from './on-off.ts';
