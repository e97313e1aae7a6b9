// The segments of an on-off arrival (bursts) for thinning: quiet periods at ratePerSecond
// alternate with bursts at burstRatePerSecond, starting with a quiet period at t = 0.
// Fixed lengths (offSeconds, onSeconds) repeat exactly; with jitter every period's length is
// exponential with that mean (a Markov-modulated Poisson process), drawn from the same stream
// as the arrivals when the period begins — deterministic for a seed.
// NOTE: both states are constant-rate segments, so thinning accepts every candidate: the
// process is Poisson within each period, exactly.

import type { RandomStream } from '../random/index.ts';
import { exponential } from '../random/index.ts';
import type { OnOffArrivalConfig, RateSegment } from '../scenario/index.ts';
import type { SegmentSource } from './thinning.ts';

export function onOffSegments(a: OnOffArrivalConfig, rng: RandomStream): SegmentSource {
  let at = 0;
  let on = false;
  return (): RateSegment => {
    const mean = on ? a.onSeconds : a.offSeconds;
    const length = a.jitter ? exponential(rng, 1 / mean) : mean;
    const rate = on ? a.burstRatePerSecond : a.ratePerSecond;
    const seg = { start: at, end: at + length, r0: rate, r1: rate };
    at = seg.end;
    on = !on;
    return seg;
  };
}
