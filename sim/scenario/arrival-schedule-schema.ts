// The time-varying arrival kinds of the scenario file: a rate schedule (piecewise-constant or
// piecewise-linear, optionally repeating), a daily curve of 24 hourly weights, and on/off bursts.
// Each is realised by sim/workload as a non-homogeneous Poisson process (thinning); their rate
// functions are in arrival-profile.ts. ArrivalSchema (schema.ts) takes these three members.
// Invariants checked here, each with its field path: schedule points start at atSeconds 0, are
// strictly increasing, have rates >= 0 with at least one > 0, and repeatSeconds (if any) lies
// after the last point; daily weights are 24 numbers >= 0, not all 0, with exactly one of
// peakRatePerSecond and meanRatePerSecond.
// NOTE: the bounds (MAX_SCHEDULE_POINTS, rates up to 1e9/s, periods and hours of at least
// MIN_PERIOD_SECONDS) keep a typo from building a huge profile or a run that crawls through
// billions of empty segments; they are far beyond any real schedule.

import { z } from 'zod';

/** Most points one schedule may list (a minute-by-minute week is ~10k). */
export const MAX_SCHEDULE_POINTS = 100_000;
const MAX_RATE = 1e9;
/** The shortest repeat period, on or off period, and simulated hour (seconds). */
export const MIN_PERIOD_SECONDS = 0.001;
const rate = () => z.number().min(0).max(MAX_RATE);
const seconds = () => z.number().min(0).max(1e12);

const InterpolationSchema = z.enum(['step', 'linear']);

export const ScheduleArrivalSchema = z.object({
  kind: z.literal('schedule'),
  interpolation: InterpolationSchema.describe("'step': each point's rate holds until the next point; 'linear': the rate moves linearly between points."),
  points: z.array(z.object({
    atSeconds: seconds().describe('When this rate applies (seconds from t = 0); the first point is at 0, later ones strictly increase.'),
    ratePerSecond: rate().describe('Arrival rate at that instant (requests/s, >= 0).'),
  }).strict()).min(1).max(MAX_SCHEDULE_POINTS).describe('The rate at given instants; after the last point its rate holds (until repeatSeconds, if given).'),
  repeatSeconds: z.number().min(MIN_PERIOD_SECONDS).max(1e12).optional().describe('Repeat the pattern with this period (> the last atSeconds); between the last point and repeatSeconds the last rate holds.'),
}).strict().superRefine((a, ctx) => {
  const { points } = a;
  if (points[0].atSeconds !== 0) {
    ctx.addIssue({ code: 'custom', path: ['points', 0, 'atSeconds'], message: `the first point must be at atSeconds 0 (got ${points[0].atSeconds}); the schedule has to say the rate from the start` });
  }
  for (let i = 1; i < points.length; i++) {
    if (!(points[i].atSeconds > points[i - 1].atSeconds)) {
      ctx.addIssue({ code: 'custom', path: ['points', i, 'atSeconds'], message: `atSeconds must strictly increase: ${points[i].atSeconds} follows ${points[i - 1].atSeconds}` });
      return;
    }
  }
  if (!points.some((p) => p.ratePerSecond > 0)) {
    ctx.addIssue({ code: 'custom', path: ['points'], message: 'every ratePerSecond is 0: no request would ever arrive; give at least one point a positive rate' });
  }
  const last = points[points.length - 1].atSeconds;
  if (a.repeatSeconds !== undefined && !(a.repeatSeconds > last)) {
    ctx.addIssue({ code: 'custom', path: ['repeatSeconds'], message: `repeatSeconds (${a.repeatSeconds}) must be greater than the last point's atSeconds (${last})` });
  }
}).describe('A rate schedule: a non-homogeneous Poisson process whose rate follows the points (by thinning).');

export const DailyArrivalSchema = z.object({
  kind: z.literal('daily'),
  hourlyWeights: z.array(z.number().min(0).max(MAX_RATE)).length(24).describe('Relative load of each hour of the day, 00:00–01:00 first (24 numbers >= 0, not all 0); only their shape matters.'),
  peakRatePerSecond: z.number().positive().max(MAX_RATE).optional().describe('The rate at the busiest point of the day (the largest weight); give this or meanRatePerSecond.'),
  meanRatePerSecond: z.number().positive().max(MAX_RATE).optional().describe('The rate averaged over the whole day; give this or peakRatePerSecond.'),
  startHour: z.number().min(0).lt(24).default(0).describe('The hour of the day at t = 0 (0–23.99, fractions allowed).'),
  interpolation: InterpolationSchema.default('linear').describe("'step': each hour's rate is constant; 'linear' (default): the rate moves linearly between hour midpoints, wrapping around midnight."),
  secondsPerHour: z.number().min(MIN_PERIOD_SECONDS).max(1e6).default(3600).describe('Simulated seconds per hour of the curve: 3600 is real time; smaller compresses the day (e.g. 60 for a day in 24 minutes).'),
}).strict().superRefine((a, ctx) => {
  if (!a.hourlyWeights.some((w) => w > 0)) {
    ctx.addIssue({ code: 'custom', path: ['hourlyWeights'], message: 'every hourly weight is 0: no request would ever arrive; give at least one hour a positive weight' });
  }
  if ((a.peakRatePerSecond === undefined) === (a.meanRatePerSecond === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['peakRatePerSecond'], message: 'give exactly one of peakRatePerSecond and meanRatePerSecond (they scale the weights)' });
  }
}).describe('A daily curve: 24 hourly weights scaled to a peak or mean rate, realised as a non-homogeneous Poisson process (by thinning).');

export const OnOffArrivalSchema = z.object({
  kind: z.literal('on-off'),
  ratePerSecond: rate().describe('Poisson rate during the off periods (requests/s, may be 0).'),
  burstRatePerSecond: z.number().positive().max(MAX_RATE).describe('Poisson rate during the on periods (the bursts).'),
  onSeconds: z.number().min(MIN_PERIOD_SECONDS).max(1e12).describe('Length of each burst (its mean with jitter).'),
  offSeconds: z.number().min(MIN_PERIOD_SECONDS).max(1e12).describe('Length of each quiet period (its mean with jitter); the run starts with one.'),
  jitter: z.boolean().default(false).describe('Draw every period length from an exponential distribution with those means (a Markov-modulated Poisson process) instead of fixed lengths.'),
}).strict().describe('Bursts: quiet periods at ratePerSecond alternate with bursts at burstRatePerSecond, Poisson within each.');

export type ScheduleArrivalConfig = z.output<typeof ScheduleArrivalSchema>;
export type DailyArrivalConfig = z.output<typeof DailyArrivalSchema>;
export type OnOffArrivalConfig = z.output<typeof OnOffArrivalSchema>;
export type TimeVaryingArrivalConfig = ScheduleArrivalConfig | DailyArrivalConfig | OnOffArrivalConfig;
export const TIME_VARYING_KINDS: readonly string[] = ['schedule', 'daily', 'on-off'];
