// The rate functions λ(t) of the time-varying arrival kinds (arrival-schedule-schema.ts), as a
// periodic piecewise-linear profile: segments [start, end) on which the rate moves linearly from
// r0 to r1, covering [0, period) (period Infinity: the last segment holds its rate forever).
// The expected count Λ(t) = ∫₀ᵗ λ is exact (a trapezoid per segment, whole periods by
// multiplication), so the schema can bound a run's requests and tests can compare realised
// counts with it. The workload room realises these profiles (thinning) and re-exports rateAt,
// meanRate and cumulative for every kind.
// Invariants: segments are contiguous, non-empty, start at 0, rates >= 0.
// Daily: hour-of-day h = (startHour + t/secondsPerHour) mod 24; 'step' holds weight[⌊h⌋];
// 'linear' interpolates between hour midpoints h + 0.5, wrapping 23:30 → 00:30. Both have the
// same peak (the largest weight) and the same daily mean (Σw/24), so peak/mean scale one way.
// On-off with jitter is a two-state Markov chain (off→on at 1/offSeconds, on→off at
// 1/onSeconds), starting off: its expected rate E[λ(t)] = r + (R − r)·p·(1 − e^{−st}), with
// s = 1/off + 1/on and p = (1/off)/s the stationary on-probability.

import type { DailyArrivalConfig, OnOffArrivalConfig, ScheduleArrivalConfig, TimeVaryingArrivalConfig } from './arrival-schedule-schema.ts';

export interface RateSegment {
  start: number;
  end: number;
  /** Rate at start (requests/s). */
  r0: number;
  /** Rate just before end; equal to r0 on a constant segment. */
  r1: number;
}

export interface RateProfile {
  segments: readonly RateSegment[];
  /** The pattern repeats with this period; Infinity when it does not. */
  period: number;
  /** Λ at each segment's start, within one period. */
  cumulativeAtStart: Float64Array;
  /** Λ over one whole period (Infinity-period profiles: unused). */
  periodCount: number;
  /** The largest rate anywhere. */
  maxRate: number;
}

const profiles = new WeakMap<object, RateProfile>();

/** The profile of a schedule, a daily curve or a fixed-period on-off arrival (cached per config object). */
export function rateProfileOf(arrival: ScheduleArrivalConfig | DailyArrivalConfig | OnOffArrivalConfig): RateProfile {
  let p = profiles.get(arrival);
  if (p === undefined) {
    p = arrival.kind === 'schedule' ? scheduleProfile(arrival) : arrival.kind === 'daily' ? dailyProfile(arrival) : onOffProfile(arrival);
    profiles.set(arrival, p);
  }
  return p;
}

function build(raw: RateSegment[], period: number): RateProfile {
  const segments = raw.filter((s) => s.end > s.start);
  const cumulativeAtStart = new Float64Array(segments.length);
  let area = 0;
  let maxRate = 0;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    cumulativeAtStart[i] = area;
    if (s.end !== Infinity) area += ((s.r0 + s.r1) / 2) * (s.end - s.start);
    maxRate = Math.max(maxRate, s.r0, s.r1);
  }
  return { segments, period, cumulativeAtStart, periodCount: area, maxRate };
}

function scheduleProfile(a: ScheduleArrivalConfig): RateProfile {
  const { points } = a;
  const period = a.repeatSeconds ?? Infinity;
  const segs: RateSegment[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const next = points[i + 1];
    if (next === undefined) segs.push({ start: p.atSeconds, end: period, r0: p.ratePerSecond, r1: p.ratePerSecond });
    else segs.push({ start: p.atSeconds, end: next.atSeconds, r0: p.ratePerSecond, r1: a.interpolation === 'linear' ? next.ratePerSecond : p.ratePerSecond });
  }
  return build(segs, period);
}

/** The scale that turns weights into rates: peak / max weight, or mean · 24 / Σ weights. */
export function dailyScale(a: DailyArrivalConfig): number {
  const w = a.hourlyWeights;
  if (a.peakRatePerSecond !== undefined) return a.peakRatePerSecond / Math.max(...w);
  const sum = w.reduce((x, y) => x + y, 0);
  return ((a.meanRatePerSecond ?? 0) * 24) / sum;
}

function dailyProfile(a: DailyArrivalConfig): RateProfile {
  const k = dailyScale(a);
  const w = a.hourlyWeights.map((x) => x * k);
  // The day in hour coordinates x ∈ [0, 24).
  const day: RateSegment[] = [];
  if (a.interpolation === 'step') {
    for (let h = 0; h < 24; h++) day.push({ start: h, end: h + 1, r0: w[h], r1: w[h] });
  } else {
    const midnight = (w[23] + w[0]) / 2;
    day.push({ start: 0, end: 0.5, r0: midnight, r1: w[0] });
    for (let h = 0; h < 23; h++) day.push({ start: h + 0.5, end: h + 1.5, r0: w[h], r1: w[h + 1] });
    day.push({ start: 23.5, end: 24, r0: w[23], r1: midnight });
  }
  // Rotate so that t = 0 is startHour: g(x) = f((startHour + x) mod 24).
  const s0 = a.startHour;
  const after: RateSegment[] = [];
  const before: RateSegment[] = [];
  for (const s of day) {
    if (s.end <= s0) before.push({ ...s, start: s.start - s0 + 24, end: s.end - s0 + 24 });
    else if (s.start >= s0) after.push({ ...s, start: s.start - s0, end: s.end - s0 });
    else {
      const mid = s.r0 + ((s.r1 - s.r0) * (s0 - s.start)) / (s.end - s.start);
      after.push({ start: 0, end: s.end - s0, r0: mid, r1: s.r1 });
      before.push({ start: s.start - s0 + 24, end: 24, r0: s.r0, r1: mid });
    }
  }
  const sph = a.secondsPerHour;
  const period = 24 * sph;
  const segs = [...after, ...before].map((s) => ({ ...s, start: s.start * sph, end: s.end * sph }));
  // Contiguous exactly, despite rounding: each start is the previous end, the last end the period.
  for (let i = 1; i < segs.length; i++) segs[i].start = segs[i - 1].end;
  segs[0].start = 0;
  segs[segs.length - 1].end = period;
  return build(segs, period);
}

function onOffProfile(a: OnOffArrivalConfig): RateProfile {
  return build([
    { start: 0, end: a.offSeconds, r0: a.ratePerSecond, r1: a.ratePerSecond },
    { start: a.offSeconds, end: a.offSeconds + a.onSeconds, r0: a.burstRatePerSecond, r1: a.burstRatePerSecond },
  ], a.offSeconds + a.onSeconds);
}

/** The index of the segment holding x (x within one period). */
function segmentIndex(p: RateProfile, x: number): number {
  const segs = p.segments;
  let lo = 0;
  let hi = segs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segs[mid].start <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function withinPeriod(p: RateProfile, t: number): { periods: number; x: number } {
  if (p.period === Infinity) return { periods: 0, x: t };
  const periods = Math.floor(t / p.period);
  return { periods, x: t - periods * p.period };
}

/** λ(t) of a profile (t >= 0). */
export function profileRateAt(p: RateProfile, t: number): number {
  const { x } = withinPeriod(p, t);
  const s = p.segments[segmentIndex(p, x)];
  if (s.r0 === s.r1) return s.r0;
  return s.r0 + ((s.r1 - s.r0) * Math.min(x - s.start, s.end - s.start)) / (s.end - s.start);
}

/** Λ(t) = ∫₀ᵗ λ of a profile (t >= 0): the expected number of arrivals in [0, t). */
export function profileCumulative(p: RateProfile, t: number): number {
  const { periods, x } = withinPeriod(p, t);
  const i = segmentIndex(p, x);
  const s = p.segments[i];
  const d = Math.min(x - s.start, s.end - s.start);
  const inSegment = s.r0 === s.r1 ? s.r0 * d : s.r0 * d + ((s.r1 - s.r0) * d * d) / (2 * (s.end - s.start));
  return (periods > 0 ? periods * p.periodCount : 0) + p.cumulativeAtStart[i] + inSegment;
}

/** Jittered on-off: s (switching rate) and p (stationary probability of a burst). */
function markov(a: OnOffArrivalConfig): { s: number; p: number } {
  const toOn = 1 / a.offSeconds;
  const s = toOn + 1 / a.onSeconds;
  return { s, p: toOn / s };
}

/** The instantaneous rate of a time-varying kind; for jittered on-off, its expectation E[λ(t)]. */
export function timeVaryingRateAt(a: TimeVaryingArrivalConfig, t: number): number {
  if (a.kind === 'on-off' && a.jitter) {
    const { s, p } = markov(a);
    return a.ratePerSecond + (a.burstRatePerSecond - a.ratePerSecond) * p * -Math.expm1(-s * t);
  }
  return profileRateAt(rateProfileOf(a), t);
}

/** The expected number of arrivals in [0, t) of a time-varying kind. */
export function timeVaryingCumulative(a: TimeVaryingArrivalConfig, t: number): number {
  if (a.kind === 'on-off' && a.jitter) {
    const { s, p } = markov(a);
    // ∫₀ᵗ p(1 − e^{−su}) du = p(t − (1 − e^{−st})/s)
    return a.ratePerSecond * t + (a.burstRatePerSecond - a.ratePerSecond) * p * (t + Math.expm1(-s * t) / s);
  }
  return profileCumulative(rateProfileOf(a), t);
}

/** Most rate segments a run may walk through (about a second of thinning per 2e7): more is a typo, not a workload. */
export const MAX_SEGMENTS_WALKED = 1e8;

/**
 * About how many segments thinning walks through before the run's stop: the stop's horizon (its
 * duration, else the time its request count takes at the mean rate) over the period, times the
 * segments per period. A non-repeating schedule walks its own segments once.
 */
export function segmentsToWalk(a: TimeVaryingArrivalConfig, stop: { durationSeconds?: number; numRequests?: number }): number {
  const jittered = a.kind === 'on-off' && a.jitter === true;
  const period = jittered ? a.onSeconds + a.offSeconds : rateProfileOf(a as ScheduleArrivalConfig | DailyArrivalConfig | OnOffArrivalConfig).period;
  const perPeriod = jittered ? 2 : rateProfileOf(a as ScheduleArrivalConfig | DailyArrivalConfig | OnOffArrivalConfig).segments.length;
  if (!Number.isFinite(period)) return perPeriod;
  const meanRate = timeVaryingCumulative(a, period) / period;
  const horizon = stop.durationSeconds ?? (stop.numRequests !== undefined && meanRate > 0 ? stop.numRequests / meanRate : Infinity);
  return (horizon / period) * perPeriod;
}
