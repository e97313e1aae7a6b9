// A non-homogeneous Poisson process by thinning (Lewis & Shedler 1979, "Simulation of
// nonhomogeneous Poisson processes by thinning", Naval Res. Logistics Quarterly 26(3)), with a
// piecewise majorant: on each segment [start, end) the rate is linear from r0 to r1 and bounded
// by λmax = max(r0, r1). Candidates come from a homogeneous process at λmax; a candidate at t
// is kept with probability λ(t)/λmax. A candidate past the segment's end is dropped and the
// clock restarts at the end with the next segment's bound — exact by memorylessness — so a deep
// trough is sampled at the trough's own bound and wastes few draws.
// Invariants: instants are non-decreasing; a constant segment accepts every candidate without a
// uniform draw (λ(t)/λmax = 1); a segment whose bound is 0 is skipped without a draw; when the
// rate is 0 forever (an infinite zero segment) the process returns Infinity from then on.
// Deterministic for a stream: the draws depend only on the segments and the stream.

import type { Seconds } from '../units.ts';
import type { RandomStream } from '../random/index.ts';
import { exponential } from '../random/index.ts';
import type { RateSegment } from '../scenario/index.ts';
import type { ArrivalProcess } from './arrivals.ts';

/** Successive segments, contiguous from t = 0 and covering [0, ∞); non-empty; end is Infinity only if r0 = r1. */
export type SegmentSource = () => RateSegment;

export interface ThinningStats {
  /** Candidates that fell inside their segment (the ones a uniform decided, plus constant-segment ones). */
  proposed: number;
  accepted: number;
}

export interface ThinnedArrivals extends ArrivalProcess {
  stats(): ThinningStats;
}

/** Arrivals of the process whose rate the segments describe; `observe` sees every candidate (tests). */
export function thinnedArrivals(nextSegment: SegmentSource, rng: RandomStream, observe?: (t: Seconds, accepted: boolean) => void): ThinnedArrivals {
  let seg = nextSegment();
  let t = 0;
  let proposed = 0;
  let accepted = 0;
  return {
    nextArrivalAt(): Seconds {
      for (;;) {
        const max = seg.r0 > seg.r1 ? seg.r0 : seg.r1;
        if (!(max > 0)) {
          if (seg.end === Infinity) return Infinity;
          t = seg.end;
          seg = nextSegment();
          continue;
        }
        const candidate = t + exponential(rng, max);
        if (candidate >= seg.end) {
          t = seg.end;
          seg = nextSegment();
          continue;
        }
        t = candidate;
        proposed++;
        let keep = true;
        if (seg.r0 !== seg.r1) {
          const rate = seg.r0 + ((seg.r1 - seg.r0) * (t - seg.start)) / (seg.end - seg.start);
          keep = rng.next() * max < rate;
        }
        if (observe !== undefined) observe(t, keep);
        if (keep) {
          accepted++;
          return t;
        }
      }
    },
    stats: () => ({ proposed, accepted }),
  };
}
