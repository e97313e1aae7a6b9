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
// With workload.sessions every generated request above is a session's first turn; the session's
// later turns (sessions.ts) come from onFinished when the cluster reports its previous turn, and
// count toward numRequests like any request. Stop rule: a later turn that would be request
// numRequests + 1, or arrive at or after durationSeconds, is not sent and its session ends there
// (a conversation cut by the end of the measurement, not finished past it). In a closed loop a
// client whose session ended starts a new one arrival.thinkSeconds later; a client whose next
// turn is cut by the stop condition stops.
// With workload.trace, use 'replay' hands the whole source to trace-source.ts (options.traceFile:
// the resolved path), and use 'lengths' replaces the two length samplers by one draw of a
// (prompt, output) pair from the trace (trace-lengths.ts), from the same 'lengths' stream.
// NOTE: a source owns the 'arrivals', 'lengths' (and 'prefix', 'sessions') streams of the
// streams object it is given; build one source per run from fresh streams.

import type { Seconds } from '../units.ts';
import type { RandomStreams } from '../random/index.ts';
import type { WorkloadConfig } from '../scenario/index.ts';
import { createArrivalProcess } from './arrivals.ts';
import { createLengthSampler } from './lengths.ts';
import { Sessions } from './sessions.ts';
import { createClassMix, classIndexOf } from './class-mix.ts';
import { loadLengthPairs, pairSamplers } from './trace-lengths.ts';
import { createTraceSource } from './trace-source.ts';
import type { FinishedRequest, RequestSpec, WorkloadSource } from './types.ts';

export interface WorkloadOptions {
  /** The trace file's resolved path (Scenario.traceFile); required when config.trace is set. */
  traceFile?: string;
}

export function createWorkload(config: WorkloadConfig, streams: RandomStreams, options: WorkloadOptions = {}): WorkloadSource {
  const trace = config.trace;
  if (trace !== undefined && options.traceFile === undefined) throw new Error('internal: workload.trace needs the resolved traceFile');
  // A replayed trace names each row's class by its endpoint column (workload.classes by name).
  if (trace?.use === 'replay') {
    const source = createTraceSource(config, options.traceFile!, { classIndexOf: classIndexOf(config) });
    if (trace.mapping?.endpoint === undefined || config.classes !== undefined) return source;
    // An endpoint column without classes: every row is one class; say so rather than drop it silently.
    const note = `trace endpoint column '${trace.mapping.endpoint}' read but no workload.classes declared: every row counts as one class (declare classes named after the endpoints for per-endpoint metrics and SLOs)`;
    return { ...source, notes: () => [note, ...(source.notes?.() ?? [])] };
  }
  // Several request classes (workload.classes): the multi-class source (class-mix.ts).
  if (config.classes !== undefined) return createClassMix(config, streams);
  const pairs = trace?.use === 'lengths' ? loadLengthPairs(options.traceFile!, trace) : null;
  const maxRequests = config.stop?.numRequests ?? Number.POSITIVE_INFINITY;
  const endsAt: Seconds = config.stop?.durationSeconds ?? Number.POSITIVE_INFINITY;
  if (maxRequests === Number.POSITIVE_INFINITY && endsAt === Number.POSITIVE_INFINITY) {
    throw new RangeError('workload stop needs numRequests or durationSeconds (or both)');
  }
  const arrival = config.arrival;
  if (arrival === undefined) throw new RangeError('workload.arrival is required without workload.classes or a replayed trace');
  if (arrival.kind === 'max' && config.stop?.numRequests === undefined) {
    throw new RangeError("arrival kind 'max' puts every request at t = 0, so it needs stop.numRequests");
  }

  const lengthStream = streams.stream('lengths');
  const traceLengths = pairs === null ? null : pairSamplers(pairs, lengthStream);
  const promptLengths = traceLengths?.prompt ?? createLengthSampler(config.promptTokens!, lengthStream);
  const outputLengths = traceLengths?.output ?? createLengthSampler(config.outputTokens!, lengthStream);
  let numGenerated = 0;
  // Shared prefixes draw from their own stream, so arrivals and lengths are unchanged by them.
  const shared = config.sharedPrefix;
  const prefixStream = shared === undefined ? null : streams.stream('prefix');

  // Sessions draw from their own stream too: first turns see the same arrivals, lengths and groups.
  const sessions = config.sessions === undefined ? null : new Sessions(config.sessions, config.promptTokens!, config.outputTokens!, streams.stream('sessions'));

  const spec = (arrivedAt: Seconds): RequestSpec => {
    numGenerated++;
    const numPromptTokens = promptLengths.sample();
    const numOutputTokens = outputLengths.sample();
    if (shared === undefined) {
      const plain: RequestSpec = { arrivedAt, numPromptTokens, numOutputTokens };
      return sessions === null ? plain : sessions.begin(plain);
    }
    const prefixGroup = Math.min(shared.numGroups - 1, Math.floor(prefixStream!.next() * shared.numGroups));
    const grouped: RequestSpec = { arrivedAt, numPromptTokens: shared.tokens + numPromptTokens, numOutputTokens, prefixGroup, prefixTokens: shared.tokens };
    return sessions === null ? grouped : sessions.begin(grouped);
  };
  /** Set by halt(): nothing more is generated (the cluster gave up on a workload it cannot serve). */
  let halted = false;
  const halt = (): void => {
    halted = true;
  };
  /** Whether a later turn arriving then is within the stop condition; if so it is counted. */
  const mayArrive = (arrivedAt: Seconds): boolean => {
    if (halted || numGenerated >= maxRequests || arrivedAt >= endsAt) return false;
    numGenerated++;
    return true;
  };
  /** Whether a request now in flight may still bring a session's next turn. */
  const sessionFollowUps = (live: boolean, now: Seconds): boolean => !halted && live && numGenerated < maxRequests && now < endsAt;
  const sessionStats = () => (sessions === null ? null : { ...sessions.stats });

  if (arrival.kind === 'closed-loop') {
    const { concurrency, thinkSeconds } = arrival;
    let numInitial = 0;
    /** With sessions: clients not yet told to stop (each has a request in flight or pending). */
    let activeClients = 0;
    return {
      nextArrival(): RequestSpec | null {
        if (halted || numInitial >= concurrency || numGenerated >= maxRequests || 0 >= endsAt) return null;
        numInitial++;
        activeClients++;
        return spec(0);
      },
      onFinished(now: Seconds, finished?: FinishedRequest): RequestSpec | null {
        if (sessions !== null && finished?.spec.session !== undefined) {
          const cutBefore = sessions.stats.endedByStop;
          const turn = sessions.next(now, finished, mayArrive);
          if (turn !== null) return turn;
          if (sessions.stats.endedByStop > cutBefore) {
            // The next turn fell after the stop condition: this client stops.
            activeClients--;
            return null;
          }
        }
        const arrivedAt = now + thinkSeconds;
        if (halted || numGenerated >= maxRequests || arrivedAt >= endsAt) {
          activeClients--;
          return null;
        }
        return spec(arrivedAt);
      },
      followUpsPending(now: Seconds): boolean {
        return sessions !== null && sessionFollowUps(activeClients > 0, now);
      },
      sessionStats,
      halt,
    };
  }

  const arrivals = createArrivalProcess(arrival, streams.stream('arrivals'));
  let stopped = false;
  return {
    nextArrival(): RequestSpec | null {
      if (stopped || halted) return null;
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
    onFinished(now: Seconds, finished?: FinishedRequest): RequestSpec | null {
      if (sessions === null || finished?.spec.session === undefined) return null;
      return sessions.next(now, finished, mayArrive);
    },
    followUpsPending(now: Seconds): boolean {
      return sessions !== null && sessionFollowUps(sessions.live > 0, now);
    },
    sessionStats,
    halt,
    ...(pairs !== null && pairs.skipped > 0 ? { notes: () => [`trace: ${pairs.skipped} malformed row${pairs.skipped === 1 ? '' : 's'} skipped (workload.trace.onMalformed: skip)`] } : {}),
  };
}
