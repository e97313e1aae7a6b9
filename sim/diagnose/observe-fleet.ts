// The observations of a fleet that changes during the run: autoscaling (hardware.autoscale) and
// failures. Each a mean over the replications (NaN when the run has no such section):
//   autoscale.coldStartSeconds          the cold start in force (summary.autoscale)
//   autoscale.scaleUps                  replicas started or re-activated
//   autoscale.coldWindowShare           share of the windows (summary.windows) that overlap a cold
//                                       start (summary.replicasOverTime: starting > 0)
//   autoscale.coldWindowTtftOverWarm    mean p95 TTFT of those windows / of the other windows
//   failures.count                      failures that happened
//   failures.recoveryTtftOverBefore     p95 TTFT of requests arriving during a repair / before the
//                                       first failure (summary.failures.recovery)
//   failures.lostShare                  requests lost / arrived
// NOTE: a window's p95 TTFT is over the requests that ARRIVED in it; a window counts as cold when
// any part of it overlaps a cold start. Windows without a finished request are left out.
// Invariants: pure; every key present (NaN when not measured).

import type { RunResult, Summary } from '../metrics/index.ts';
import { finiteMean as mean } from './numbers.ts';
import type { Observations } from './types.ts';

/** [start, end) intervals during which some replica was starting (cold). */
function coldIntervals(s: Summary): [number, number][] {
  const rows = s.replicasOverTime ?? [];
  const out: [number, number][] = [];
  rows.forEach((r, i) => {
    if (r.starting > 0) out.push([r.t, i + 1 < rows.length ? rows[i + 1].t : Infinity]);
  });
  return out;
}

/** The cold windows' share and their mean p95 TTFT over the warm windows'. */
export function coldWindowFigures(s: Summary): { share: number; ratio: number } {
  const cold = coldIntervals(s);
  const rows = (s.windows ?? []).filter((w) => w.class === undefined);
  if (rows.length === 0) return { share: NaN, ratio: NaN };
  const hot: number[] = [];
  const warm: number[] = [];
  let coldCount = 0;
  for (const w of rows) {
    const isCold = cold.some(([a, b]) => a < w.end && b > w.start);
    if (isCold) coldCount++;
    if (!Number.isFinite(w.ttftSeconds.p95)) continue;
    (isCold ? hot : warm).push(w.ttftSeconds.p95);
  }
  const h = mean(hot);
  const c = mean(warm);
  return { share: coldCount / rows.length, ratio: c > 0 ? h / c : NaN };
}

export function observeFleet(runs: readonly RunResult[]): Observations {
  const m = (f: (s: Summary) => number): number => mean(runs.map((r) => f(r.summary)));
  const auto = (f: (s: Summary) => number): number => m((s) => (s.autoscale === undefined ? NaN : f(s)));
  // Each replication's cold-window figures, computed once for both observations.
  const colds = runs.map((r) => (r.summary.autoscale === undefined ? undefined : coldWindowFigures(r.summary)));
  const coldMean = (f: (c: ReturnType<typeof coldWindowFigures>) => number): number => mean(colds.map((c) => (c === undefined ? NaN : f(c))));
  const fail = (f: (s: Summary) => number): number => m((s) => (s.failures === undefined ? NaN : f(s)));
  return {
    'autoscale.coldStartSeconds': auto((s) => s.autoscale!.coldStartSeconds),
    'autoscale.scaleUps': auto((s) => s.autoscale!.scaleUps),
    'autoscale.meanReplicas': auto((s) => s.autoscale!.meanReplicas),
    'autoscale.coldWindowShare': coldMean((c) => c.share),
    'autoscale.coldWindowTtftOverWarm': coldMean((c) => c.ratio),
    'failures.count': fail((s) => s.failures!.events.length),
    'failures.recoveryTtftOverBefore': fail((s) => {
      const r = s.failures!.recovery;
      return r === undefined || !(r.before.ttftSeconds.p95 > 0) ? NaN : r.ttftSeconds.p95 / r.before.ttftSeconds.p95;
    }),
    'failures.lostShare': fail((s) => (s.requests.arrived > 0 ? s.failures!.requestsLost / s.requests.arrived : NaN)),
  };
}
