// The multi-class workload source (workload.classes): requests of several classes (endpoints),
// each RequestSpec carrying its classIndex (the class's place in workload.classes).
//   share mode    one arrival process (workload.arrival, stream 'arrivals'); each request's
//                 class is drawn from the stream 'classes' with probability share / Σ shares
//                 (Poisson splitting: each class of a Poisson stream is itself Poisson).
//   arrival mode  every class has its own open-loop arrival process (stream 'arrivals/<name>');
//                 the classes' next arrivals are merged by time (ties: the lower class index).
// Lengths: a class with its own promptTokens/outputTokens draws them from 'lengths/<name>'. A
// class without them uses the workload's distributions: in share mode from the shared stream
// 'lengths' (so a scenario whose classes only split the traffic draws the very lengths, in the
// same order, of the same scenario without classes), in arrival mode from 'lengths/<name>'.
// Shared prefixes likewise: a class's own sharedPrefix draws from 'prefix/<name>' and its group
// ids are offset past the workload's and every earlier class's groups (two classes never share a
// prefix); a class without one uses workload.sharedPrefix and the stream 'prefix'
// ('prefix/<name>' in arrival mode).
// Common random numbers: in arrival mode every class draws only from its own streams, so adding
// or removing a class leaves the other classes' requests (instants and lengths) unchanged.
// Invariants: arrivedAt non-decreasing; at most stop.numRequests requests in all; none at or
// after stop.durationSeconds; O(number of classes) per request (classes are at most 64).
// Sessions: every class's generated requests start sessions when the class has sessions — its
// own (class.sessions, drawn from 'sessions/<name>') or the workload's (workload.sessions). In
// share mode the classes on the workload's sessions and lengths share one Sessions on the stream
// 'sessions' (so classes that only split the traffic see the very conversations of the same
// scenario without classes); otherwise each class has its own on 'sessions/<name>', its later
// turns' user tokens and outputs from the class's own lengths. Session ids are numbered across
// classes in start order; a later turn keeps its class (sessions.ts) and is answered by its
// class's Sessions (onFinished), and counts toward stop.numRequests like any request (as in
// source.ts: a turn past the stop condition is not sent and its session ends there).
// NOTE: closed loops are refused at resolve time (scenario/classes-checks.ts): classes split
// open-loop traffic.

import type { Seconds } from '../units.ts';
import type { RandomStream, RandomStreams } from '../random/index.ts';
import type { LengthDistributionConfig, RequestClassConfig, WorkloadConfig } from '../scenario/index.ts';
import { createArrivalProcess, type ArrivalProcess, type OpenLoopArrivalConfig } from './arrivals.ts';
import { createLengthSampler, type LengthSampler } from './lengths.ts';
import { Sessions } from './sessions.ts';
import type { FinishedRequest, RequestSpec, SessionStats, WorkloadSource } from './types.ts';

interface ClassDraws {
  prompt: LengthSampler;
  output: LengthSampler;
  /** Prefix groups: numGroups, tokens, first group id, stream; null without a shared prefix. */
  prefix: { numGroups: number; tokens: number; offset: number; rng: RandomStream } | null;
}

export function createClassMix(config: WorkloadConfig, streams: RandomStreams): WorkloadSource {
  const classes = config.classes;
  if (classes === undefined || classes.length === 0) throw new RangeError('createClassMix needs workload.classes');
  const maxRequests = config.stop?.numRequests ?? Number.POSITIVE_INFINITY;
  const endsAt: Seconds = config.stop?.durationSeconds ?? Number.POSITIVE_INFINITY;
  if (maxRequests === Number.POSITIVE_INFINITY && endsAt === Number.POSITIVE_INFINITY) {
    throw new RangeError('workload stop needs numRequests or durationSeconds (or both)');
  }
  const shareMode = classes[0].share !== undefined;
  const draws = classDraws(config, classes, streams, shareMode);
  const sessionsOf = classSessions(config, classes, streams, shareMode);
  /** The distinct Sessions instances (a shared one once). */
  const allSessions = [...new Set(sessionsOf.filter((s): s is Sessions => s !== null))];

  let numGenerated = 0;
  let halted = false;
  let stopped = false;
  const spec = (arrivedAt: Seconds, classIndex: number): RequestSpec => {
    numGenerated++;
    const d = draws[classIndex];
    const numPromptTokens = d.prompt.sample();
    const numOutputTokens = d.output.sample();
    let made: RequestSpec;
    if (d.prefix === null) made = { arrivedAt, numPromptTokens, numOutputTokens, classIndex };
    else {
      const p = d.prefix;
      const group = Math.min(p.numGroups - 1, Math.floor(p.rng.next() * p.numGroups));
      made = { arrivedAt, numPromptTokens: p.tokens + numPromptTokens, numOutputTokens, prefixGroup: p.offset + group, prefixTokens: p.tokens, classIndex };
    }
    const sessions = sessionsOf[classIndex];
    return sessions === null ? made : sessions.begin(made);
  };
  /** Whether a later turn arriving then is within the stop condition; if so it is counted. */
  const mayArrive = (arrivedAt: Seconds): boolean => {
    if (halted || numGenerated >= maxRequests || arrivedAt >= endsAt) return false;
    numGenerated++;
    return true;
  };
  const common = {
    onFinished(now: Seconds, finished?: FinishedRequest): RequestSpec | null {
      if (finished?.spec.session === undefined) return null;
      const sessions = sessionsOf[finished.spec.classIndex ?? 0];
      return sessions === null ? null : sessions.next(now, finished, mayArrive);
    },
    followUpsPending(now: Seconds): boolean {
      if (halted || numGenerated >= maxRequests || now >= endsAt) return false;
      for (const s of allSessions) if (s.live > 0) return true;
      return false;
    },
    sessionStats(): SessionStats | null {
      if (allSessions.length === 0) return null;
      const sum: SessionStats = { started: 0, turns: 0, endedByStop: 0, endedByContextCap: 0, endedByRejection: 0 };
      const keys = ['started', 'turns', 'endedByStop', 'endedByContextCap', 'endedByRejection'] as const;
      for (const s of allSessions) {
        for (const k of keys) sum[k] += s.stats[k];
        if (s.stats.endedByLoss !== undefined) sum.endedByLoss = (sum.endedByLoss ?? 0) + s.stats.endedByLoss;
      }
      return sum;
    },
    halt(): void {
      halted = true;
    },
  };

  if (shareMode) {
    const arrival = config.arrival;
    if (arrival === undefined || arrival.kind === 'closed-loop') throw new RangeError('class shares split an open-loop workload.arrival');
    if (arrival.kind === 'max' && config.stop?.numRequests === undefined) throw new RangeError("arrival kind 'max' puts every request at t = 0, so it needs stop.numRequests");
    const arrivals = createArrivalProcess(arrival, streams.stream('arrivals'));
    const classStream = streams.stream('classes');
    // Cumulative shares, normalised; the last bound is exactly 1 so every draw finds a class.
    const total = classes.reduce((s, c) => s + c.share!, 0);
    const bounds: number[] = [];
    let acc = 0;
    for (const c of classes) bounds.push((acc += c.share!) / total);
    bounds[bounds.length - 1] = 1;
    return {
      nextArrival(): RequestSpec | null {
        if (stopped || halted) return null;
        if (numGenerated >= maxRequests) return stop();
        const arrivedAt = arrivals.nextArrivalAt();
        if (arrivedAt >= endsAt) return stop();
        const u = classStream.next();
        let k = 0;
        while (u >= bounds[k]) k++;
        return spec(arrivedAt, k);
      },
      ...common,
    };
  }

  // Arrival mode: each class's next instant, merged by time (Infinity once a class is past the end).
  const processes: ArrivalProcess[] = classes.map((c) => createArrivalProcess(c.arrival as OpenLoopArrivalConfig, streams.stream(`arrivals/${c.name}`)));
  const next: number[] = processes.map((p) => p.nextArrivalAt());
  return {
    nextArrival(): RequestSpec | null {
      if (stopped || halted) return null;
      if (numGenerated >= maxRequests) return stop();
      let k = 0;
      for (let i = 1; i < next.length; i++) if (next[i] < next[k]) k = i;
      const arrivedAt = next[k];
      if (arrivedAt >= endsAt) return stop();
      next[k] = processes[k].nextArrivalAt();
      return spec(arrivedAt, k);
    },
    ...common,
  };

  function stop(): null {
    stopped = true;
    return null;
  }
}

/**
 * For trace replay (workload.trace with workload.classes): the class index of a row's endpoint
 * name (its place in workload.classes), or undefined for a name no class has (the trace source
 * decides what an unknown endpoint means). Without classes every endpoint maps to class 0.
 */
export function classIndexOf(config: WorkloadConfig): (endpoint: string) => number | undefined {
  const classes = config.classes;
  if (classes === undefined) return () => 0;
  const byName = new Map(classes.map((c, i) => [c.name, i]));
  return (endpoint) => byName.get(endpoint);
}

/** Each class's length samplers and prefix draws (see the file comment for the streams). */
function classDraws(config: WorkloadConfig, classes: readonly RequestClassConfig[], streams: RandomStreams, shareMode: boolean): ClassDraws[] {
  const own = (name: string, what: string): RandomStream => streams.stream(`${what}/${name}`);
  // Share mode: classes on the workload's distributions share one pair of samplers on 'lengths'.
  let shared: { prompt: LengthSampler; output: LengthSampler } | null = null;
  const sharedLengths = () => {
    if (shared === null) {
      const rng = streams.stream('lengths');
      shared = { prompt: createLengthSampler(config.promptTokens!, rng), output: createLengthSampler(config.outputTokens!, rng) };
    }
    return shared;
  };
  let nextGroup = config.sharedPrefix?.numGroups ?? 0;
  return classes.map((c) => {
    let prompt: LengthSampler;
    let output: LengthSampler;
    if (shareMode && c.promptTokens === undefined && c.outputTokens === undefined) {
      ({ prompt, output } = sharedLengths());
    } else {
      const rng = own(c.name, 'lengths');
      prompt = createLengthSampler((c.promptTokens ?? config.promptTokens) as LengthDistributionConfig, rng);
      output = createLengthSampler((c.outputTokens ?? config.outputTokens) as LengthDistributionConfig, rng);
    }
    let prefix: ClassDraws['prefix'] = null;
    if (c.sharedPrefix !== undefined) {
      prefix = { numGroups: c.sharedPrefix.numGroups, tokens: c.sharedPrefix.tokens, offset: nextGroup, rng: own(c.name, 'prefix') };
      nextGroup += c.sharedPrefix.numGroups;
    } else if (config.sharedPrefix !== undefined) {
      prefix = { numGroups: config.sharedPrefix.numGroups, tokens: config.sharedPrefix.tokens, offset: 0, rng: shareMode ? streams.stream('prefix') : own(c.name, 'prefix') };
    }
    return { prompt, output, prefix };
  });
}

/**
 * Each class's Sessions, or null for a class without sessions (see the file comment for the
 * streams); session ids come from one counter, in start order across classes.
 */
function classSessions(config: WorkloadConfig, classes: readonly RequestClassConfig[], streams: RandomStreams, shareMode: boolean): (Sessions | null)[] {
  let numStarted = 0;
  const nextId = (): number => numStarted++;
  let shared: Sessions | null = null;
  return classes.map((c) => {
    const settings = c.sessions ?? config.sessions;
    if (settings === undefined) return null;
    if (shareMode && c.sessions === undefined && c.promptTokens === undefined && c.outputTokens === undefined) {
      shared ??= new Sessions(settings, config.promptTokens!, config.outputTokens!, streams.stream('sessions'), nextId);
      return shared;
    }
    const prompt = (c.promptTokens ?? config.promptTokens) as LengthDistributionConfig;
    const output = (c.outputTokens ?? config.outputTokens) as LengthDistributionConfig;
    return new Sessions(settings, prompt, output, streams.stream(`sessions/${c.name}`), nextId);
  });
}
