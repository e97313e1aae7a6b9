// The workload source: turns a WorkloadConfig into a pull-based sequence of RequestSpecs.
// Arrival instants come from the stream 'arrivals'; lengths from the stream 'lengths', prompt
// then output for each request in the order requests are generated. Scenarios that differ only
// in policy (or only in arrival process) therefore see the same length sequence — common
// random numbers.
// Invariants: open-loop arrivedAt is non-decreasing; at most stop.numRequests requests are
// generated in all; none has arrivedAt >= stop.durationSeconds; whichever limit is hit first
// ends generation (for good in an open loop; in a closed loop too, as long as the caller's
// `now` never decreases). O(1) per request; the only allocation is the returned spec.
// NOTE: closed loop — `concurrency` clients each send one request at t = 0 (returned by
// nextArrival, fewer if numRequests is smaller), then a follow-up at now + thinkSeconds each
// time one finishes (onFinished). Requests count toward numRequests in generation order,
// whichever call produced them. The arrivals stream is not used by a closed loop.
// NOTE: the arrival instant is drawn (and a gap consumed) before the duration check; lengths
// are drawn only for requests actually generated.
// With workload.sharedPrefix each request draws a prefix group uniformly from the stream
// 'prefix' and its prompt is the group's prefix followed by the drawn prompt length.
// NOTE: a source owns the 'arrivals', 'lengths' (and 'prefix') streams of the streams object it is given;
// build one source per run from fresh streams.

import type { Seconds } from '../units.ts';
import type { RandomStreams } from '../random/index.ts';
import type { WorkloadConfig } from '../scenario/index.ts';
import { createArrivalProcess } from './arrivals.ts';
import { createLengthSampler } from './lengths.ts';
import type { RequestSpec, WorkloadSource } from './types.ts';

export function createWorkload(config: WorkloadConfig, streams: RandomStreams): WorkloadSource {
  const maxRequests = config.stop.numRequests ?? Number.POSITIVE_INFINITY;
  const endsAt: Seconds = config.stop.durationSeconds ?? Number.POSITIVE_INFINITY;
  if (maxRequests === Number.POSITIVE_INFINITY && endsAt === Number.POSITIVE_INFINITY) {
    throw new RangeError('workload stop needs numRequests or durationSeconds (or both)');
  }
  if (config.arrival.kind === 'max' && config.stop.numRequests === undefined) {
    throw new RangeError("arrival kind 'max' puts every request at t = 0, so it needs stop.numRequests");
  }

  const lengthStream = streams.stream('lengths');
  const promptLengths = createLengthSampler(config.promptTokens, lengthStream);
  const outputLengths = createLengthSampler(config.outputTokens, lengthStream);
  let numGenerated = 0;
  // Shared prefixes draw from their own stream, so arrivals and lengths are unchanged by them.
  const shared = config.sharedPrefix;
  const prefixStream = shared === undefined ? null : streams.stream('prefix');

  const spec = (arrivedAt: Seconds): RequestSpec => {
    numGenerated++;
    const numPromptTokens = promptLengths.sample();
    const numOutputTokens = outputLengths.sample();
    if (shared === undefined) return { arrivedAt, numPromptTokens, numOutputTokens };
    const prefixGroup = Math.min(shared.numGroups - 1, Math.floor(prefixStream!.next() * shared.numGroups));
    return { arrivedAt, numPromptTokens: shared.tokens + numPromptTokens, numOutputTokens, prefixGroup, prefixTokens: shared.tokens };
  };

  const arrival = config.arrival;
  if (arrival.kind === 'closed-loop') {
    const { concurrency, thinkSeconds } = arrival;
    let numInitial = 0;
    return {
      nextArrival(): RequestSpec | null {
        if (numInitial >= concurrency || numGenerated >= maxRequests || 0 >= endsAt) return null;
        numInitial++;
        return spec(0);
      },
      onFinished(now: Seconds): RequestSpec | null {
        const arrivedAt = now + thinkSeconds;
        if (numGenerated >= maxRequests || arrivedAt >= endsAt) return null;
        return spec(arrivedAt);
      },
    };
  }

  const arrivals = createArrivalProcess(arrival, streams.stream('arrivals'));
  let stopped = false;
  return {
    nextArrival(): RequestSpec | null {
      if (stopped) return null;
      if (numGenerated >= maxRequests) {
        stopped = true;
        return null;
      }
      const arrivedAt = arrivals.nextArrivalAt();
      if (arrivedAt >= endsAt) {
        stopped = true;
        return null;
      }
      return spec(arrivedAt);
    },
    onFinished(): RequestSpec | null {
      return null;
    },
  };
}
