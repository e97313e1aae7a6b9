// The rate of every open-loop arrival kind as a function of time — rateAt(arrival, t),
// cumulative(arrival, t) = Λ(t) = ∫₀ᵗ λ (the expected arrivals in [0, t)) and
// meanRate(arrival, duration) = Λ(duration)/duration — for charts, the schema's request bound and
// tests; and the segment source that thinning realises for the schedule and daily kinds.
// Constant-rate kinds (poisson, gamma, constant) have their ratePerSecond at every t. 'max' has
// no rate (every request at t = 0): NaN. Jittered on-off: the expected rate (its periods are random).
// The profile math lives in scenario/arrival-profile.ts (the schema needs Λ too); this file is
// the workload room's face for it.
// NOTE: the thinning source splits a sloped segment into up to SLOPE_PIECES equal pieces, each
// with its own bound, so a steep ramp wastes at most about 1/(2·SLOPE_PIECES) of its candidates
// instead of up to 1/2.

import type { DailyArrivalConfig, RateProfile, RateSegment, ScheduleArrivalConfig, WorkloadConfig } from '../scenario/index.ts';
import { rateProfileOf, timeVaryingCumulative, timeVaryingRateAt } from '../scenario/index.ts';
import type { OpenLoopArrivalConfig } from './arrivals.ts';
import type { SegmentSource } from './thinning.ts';

export const SLOPE_PIECES = 8;

/**
 * The offered rate of a whole workload as a function of time, for the windows chart: the
 * arrival's rate, or with classes that have their own arrivals, the sum of theirs. undefined when
 * there is no rate to show: a replayed trace (its realised arrivals are the chart's), a closed
 * loop, or arrival kind 'max'.
 */
export function offeredRateOf(workload: WorkloadConfig): ((t: number) => number) | undefined {
  if (workload.trace?.use === 'replay') return undefined;
  const arrivals = workload.arrival !== undefined ? [workload.arrival] : (workload.classes ?? []).flatMap((c) => (c.arrival === undefined ? [] : [c.arrival]));
  if (arrivals.length === 0 || arrivals.some((a) => a.kind === 'closed-loop' || a.kind === 'max')) return undefined;
  const open = arrivals as OpenLoopArrivalConfig[];
  return (t) => open.reduce((sum, a) => sum + rateAt(a, t), 0);
}

/** The instantaneous arrival rate at t >= 0 (requests/s). */
export function rateAt(arrival: OpenLoopArrivalConfig, t: number): number {
  switch (arrival.kind) {
    case 'poisson':
    case 'gamma':
    case 'constant':
      return arrival.ratePerSecond;
    case 'max':
      return NaN;
    case 'schedule':
    case 'daily':
    case 'on-off':
      return timeVaryingRateAt(arrival, t);
    default: {
      const unknown: never = arrival;
      throw new Error(`unknown arrival kind: ${JSON.stringify(unknown)}`);
    }
  }
}

/** The expected number of arrivals in [0, t). */
export function cumulative(arrival: OpenLoopArrivalConfig, t: number): number {
  switch (arrival.kind) {
    case 'poisson':
    case 'gamma':
    case 'constant':
      return arrival.ratePerSecond * t;
    case 'max':
      return NaN;
    case 'schedule':
    case 'daily':
    case 'on-off':
      return timeVaryingCumulative(arrival, t);
    default: {
      const unknown: never = arrival;
      throw new Error(`unknown arrival kind: ${JSON.stringify(unknown)}`);
    }
  }
}

/** The mean rate over [0, durationSeconds); at duration 0, the rate at 0. */
export function meanRate(arrival: OpenLoopArrivalConfig, durationSeconds: number): number {
  if (!(durationSeconds > 0)) return rateAt(arrival, 0);
  return cumulative(arrival, durationSeconds) / durationSeconds;
}

/** Thinning's segments for a schedule or daily curve: the profile's, repeated each period, sloped ones split. */
export function profileSegments(arrival: ScheduleArrivalConfig | DailyArrivalConfig): SegmentSource {
  return segmentsOf(rateProfileOf(arrival));
}

export function segmentsOf(profile: RateProfile): SegmentSource {
  const segs = profile.segments;
  let i = 0;
  let offset = 0;
  let piece = 0;
  let pieces = 0;
  return (): RateSegment => {
    const s = segs[i];
    if (pieces === 0) {
      const max = Math.max(s.r0, s.r1);
      pieces = s.r0 === s.r1 || s.end === Infinity ? 1 : Math.min(SLOPE_PIECES, Math.ceil((SLOPE_PIECES * Math.abs(s.r1 - s.r0)) / max));
      piece = 0;
    }
    let out: RateSegment;
    if (pieces === 1) {
      out = { start: s.start + offset, end: s.end + offset, r0: s.r0, r1: s.r1 };
    } else {
      const len = s.end - s.start;
      const a = piece / pieces;
      const b = (piece + 1) / pieces;
      out = {
        start: s.start + a * len + offset,
        end: piece + 1 === pieces ? s.end + offset : s.start + b * len + offset,
        r0: s.r0 + (s.r1 - s.r0) * a,
        r1: s.r0 + (s.r1 - s.r0) * b,
      };
    }
    piece++;
    if (piece >= pieces) {
      pieces = 0;
      i++;
      if (i === segs.length) {
        // Only a finite period gets here: an infinite profile's last segment never ends.
        i = 0;
        offset += profile.period;
      }
    }
    return out;
  };
}
