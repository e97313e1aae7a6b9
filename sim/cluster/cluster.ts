// The cluster: replicas behind a router, fed by a workload, driven by the event engine.
// Four event kinds: ARRIVAL (target = key of a pending request spec), STEP_DONE (target =
// replica index), WAKE (target = replica index; see below) and DELIVER (target = request id: the request leaves the engine's frontend —
// HTTP, tokenization, hand-off to the scheduler — is routed and joins its replica's waiting
// queue; only when the engine has a frontend latency, else it is routed at arrival). Routing at
// delivery lets a load-aware router count every request delivered before. Open-loop arrivals
// are pulled one at a time from the workload (one pending
// arrival event), so the heap stays small whatever the run length. Arrivals at the same instant
// are all admitted before any idle replica starts a step, so a `max` (all at t = 0) run starts
// with a full waiting queue, as a benchmark client's burst does.
// STEP_DONE events of one replica complete its steps in order (a pipeline-parallel replica has
// several micro-batches in flight, which complete first in, first out).
// Invariants: every request spec becomes exactly one record (finished, rejected or unfinished).
// WAKE (target = replica index): a planner that may wait with work queued (a static batch's
// timeout) names the instant it would start a step unprompted (ServingReplica.nextWakeAt); after
// every attempt to start a step on a replica the cluster schedules one wake-up for the earliest
// such instant (a wake-up that finds nothing to do is harmless). Continuous batching never asks.
// NOTE: a request that could never complete (longer than the whole KV cache, or a prompt that
// reaches the engine's maxModelLen) is rejected at arrival and counted, never queued; one whose
// prompt + output would pass maxModelLen has its output cut there (counted in lengthCapped) — so the run cannot hang on it. A closed loop
// answers a rejection with a follow-up, which with no think time comes at the same instant: after
// MAX_REJECTION_STREAK rejections in a row with no admission between them the cluster halts the
// workload (it generates nothing more; rejectionStreakStoppedAt says when), so a workload that
// cannot be served here ends instead of spinning at one instant. Open loops are bounded anyway.
// Sessions (workload.sessions): the spec of every admitted request that carries a session is kept
// until the request leaves (finished, rejected, or lost to a failure); then the workload hears which request it was
// and may answer with the session's next turn, scheduled as an ARRIVAL like any follow-up.
// Arrivals are over only when the workload also has no follow-up pending (a session with turns
// left whose turn is in flight), so the drain limit starts after a session's last turn.
// Generation: every request decodes numSeqs sequences with its output length × outputLengthFactor,
// the run's or (per-class generation) its class's; admission asks the replicas with its own numSeqs.
// Pools: a request is admitted only if every pool its class may be routed to could complete it
// (router.poolRules; no rule: every pool), so a request too long for the smallest of those pools'
// KV caches is rejected.
// Disaggregated serving (ClusterHook, disagg.ts): a fifth kind, LAND, delivers landed KV caches
// to their decode replicas; the router then sees only the hook's routeTargets (prefill replicas).
// Fleet control and disaggregation: autoscaled prefill and decode pools are allowed (the router
// sees the prefill replicas that accept work, the hook picks among accepting decode replicas and
// a draining decode replica waits for its hand-offs, fleet-control.ts pendingOf); failures are
// refused with disaggregation (scenario/pools.ts).
// NOTE: only router kinds 'session-affinity' and 'prefix-aware' (below its load cap) keep a session on one replica; others may
// send a later turn to another replica than the turn before it, whose prefix cache lacks the
// session's blocks. At pp > 1 a replica's virtual engines do not keep sessions apart either.
// Fleet control (autoscale, failures: fleet-control.ts): event kinds from FLEET_EVENTS up are
// its; routers choose among replicas that accept work, and a request that finds none is parked
// until one does; a draining replica is checked after each of its steps; STEP_DONE targets carry
// the replica's epoch so that a failed engine's steps are dropped. The run is `settled` (drive
// stops) once arrivals are over and nothing is in the system, whatever fleet events remain.
// Without fleet control none of this runs.

import type { EventHandler, Simulation } from '../engine/index.ts';
import type { FinishedRequest, RequestSpec, WorkloadSource } from '../workload/index.ts';
import { Request } from '../scheduler/index.ts';
import type { Collector } from './collector.ts';
import { FLEET_EVENTS, type FleetControl, type FleetHost } from './fleet-control.ts';

/** Consecutive rejections after which follow-ups stop (see the file comment). */
export const MAX_REJECTION_STREAK = 100_000;
import type { ServingReplica } from './replica.ts';
import type { Router } from './router.ts';

const ARRIVAL = 0;
const STEP_DONE = 1;
/** A routed request reaches its replica's queue after the engine's frontend latency (target = request id). */
const DELIVER = 2;
/** An idle replica's planner asked to be woken (a static batch's timeout; target = replica index). */
const WAKE = 3;
/** Disaggregated serving: KV caches landed on their decode replicas (target = the hook's key, ClusterHook). */
const LAND = 4;

/**
 * What a serving mode adds between the router and the replicas (disaggregated prefill/decode,
 * disagg.ts): the router picks among routeTargets, the replica receives routed()'s request, the
 * hook's LAND events (target: the hook's key) go to land(), which names the replicas to start a step on,
 * and stepDone() hears every replica's completed step after its next one started.
 */
export interface ClusterHook {
  readonly routeTargets: readonly ServingReplica[];
  routed(r: Request, replica: number): Request;
  bind(schedule: (time: number, id: number) => void): void;
  land(key: number, now: number): readonly number[];
  stepDone(replica: number, now: number): void;
}

export interface Warmup {
  warmupSeconds: number;
  warmupRequests: number;
}

export class Cluster implements EventHandler, FleetHost {
  private readonly pending = new Map<number, RequestSpec>();
  /** Specs of requests in the system that belong to a session, by request id. */
  private readonly sessionSpecs = new Map<number, RequestSpec>();
  /** Replicas that received a request since the last kick (a short list: one per arrival, a few in a burst). */
  private readonly touched: number[] = [];
  /** Routed requests still inside the frontend, by id. */
  private readonly inTransit = new Map<number, Request>();
  private readonly isTouched: Uint8Array;
  /** Per replica: the earliest pending WAKE instant (Infinity: none). */
  private readonly wakeAt: Float64Array;
  private nextKey = 0;
  /** Whether the open-loop chain has an arrival event in flight. */
  private openChainLive = false;
  private openExhausted = false;
  private closedStopped = false;
  /** Rejections since the last admission (see MAX_REJECTION_STREAK). */
  private rejectionStreak = 0;
  /** When follow-ups were stopped after MAX_REJECTION_STREAK rejections in a row, else NaN. */
  rejectionStreakStoppedAt = Number.NaN;
  readonly rejectReasons = new Map<string, number>();
  /** Requests whose output was cut so that prompt + output stays within maxModelLen. */
  lengthCapped = 0;
  lastArrivalAt = 0;

  constructor(
    private readonly sim: Simulation,
    readonly replicas: readonly ServingReplica[],
    private readonly router: Router,
    private readonly workload: WorkloadSource,
    private readonly collector: Collector,
    private readonly warmup: Warmup,
    private readonly closedLoop: boolean,
    /** Time from a request's arrival to its replica's waiting queue (HTTP, tokenization, hand-off). */
    private readonly frontendLatencySeconds: number,
    /**
     * Generation strategy of every request: sequences per request (parallel sampling n, beam
     * width B) and the factor on each drawn output length (beam search's length penalty,
     * rounded, at least 1 token); greedy is (1, 1).
     */
    private readonly generation: {
      numSeqs: number;
      outputLengthFactor: number;
      maxModelLen?: number;
      /** Per-class generation (workload.classes[i].generation), by classIndex: replaces numSeqs and outputLengthFactor for that class's requests. */
      perClass?: readonly { numSeqs: number; outputLengthFactor: number }[];
    },
    /**
     * Per class index: replicas whose admissibility a request must pass (scenario pools: the first
     * replica of each pool the class may be routed to, router.poolRules; default: replica 0, all
     * replicas alike). A class beyond the list uses entry 0.
     */
    private readonly admissionReplicas: readonly (readonly number[])[] = [[0]],
    /** Autoscaling and failures; undefined: every replica serves the whole run. */
    private readonly fleet?: FleetControl,
    /** Disaggregated serving's hook (absent: every replica is routed to and serves whole requests). */
    private readonly hook?: ClusterHook,
  ) {
    hook?.bind((time, id) => this.sim.schedule(time, LAND, id));
    collector.onRequestDone = (now, id) => {
      this.fleet?.left(id);
      this.onRequestDone(now, id, 'finished');
    };
    this.isTouched = new Uint8Array(replicas.length);
    this.wakeAt = new Float64Array(replicas.length).fill(Infinity);
  }

  /** True once no further arrival can happen (open chain exhausted and no closed-loop or session follow-up pending). */
  get arrivalsDone(): boolean {
    return this.openExhausted && this.pending.size === 0 && (!this.closedLoop || this.closedStopped) && !this.workload.followUpsPending(this.sim.now);
  }

  /** With fleet control: arrivals are over and no request is in the system (drive stops; fleet events left do not matter). */
  get settled(): boolean {
    return this.fleet !== undefined && this.arrivalsDone && this.collector.inSystem === 0 && this.inTransit.size === 0 && this.fleet.parked.length === 0;
  }

  start(): void {
    this.fleet?.start(this);
    this.pullOpen(0);
    this.kickTouched(0);
  }

  handle(kind: number, target: number, time: number): void {
    this.router.observe(time, this.hook?.routeTargets ?? this.replicas);
    if (kind === ARRIVAL) {
      const spec = this.pending.get(target)!;
      this.pending.delete(target);
      this.admit(spec, time);
      if (target === this.openKey) {
        this.openChainLive = false;
        this.pullOpen(time);
      }
      this.kickTouched(time);
    } else if (kind === STEP_DONE) {
      const index = this.fleet === undefined ? target : this.fleet.stepTarget(target);
      if (index < 0) return;
      const replica = this.replicas[index];
      replica.finishStep(time);
      this.startStep(replica, time);
      this.fleet?.afterStep(index, time);
      this.hook?.stepDone(index, time);
    } else if (kind >= FLEET_EVENTS) {
      this.fleet!.handle(kind, target, time);
      this.kickTouched(time);
    } else if (kind === LAND) {
      for (const index of this.hook!.land(target, time)) this.startStep(this.replicas[index], time);
    } else if (kind === WAKE) {
      if (this.wakeAt[target] === time) this.wakeAt[target] = Infinity;
      this.startStep(this.replicas[target], time);
    } else {
      const r = this.inTransit.get(target)!;
      this.inTransit.delete(target);
      this.route(r);
      this.kickTouched(time);
    }
  }

  private openKey = -1;

  /** Admits every open-loop arrival at `now`, then schedules the next later one. */
  private pullOpen(now: number): void {
    if (this.openChainLive || this.openExhausted) return;
    for (;;) {
      const spec = this.workload.nextArrival();
      if (spec === null) {
        this.openExhausted = true;
        return;
      }
      if (spec.arrivedAt <= now) {
        this.admit(spec, now);
        continue;
      }
      this.openKey = this.schedule(spec);
      this.openChainLive = true;
      return;
    }
  }

  private schedule(spec: RequestSpec): number {
    const key = this.nextKey++;
    this.pending.set(key, spec);
    this.sim.schedule(spec.arrivedAt, ARRIVAL, key);
    return key;
  }

  private admit(spec: RequestSpec, now: number): void {
    const id = this.collector.numArrived;
    const measured = id >= this.warmup.warmupRequests && spec.arrivedAt >= this.warmup.warmupSeconds;
    const { numSeqs, outputLengthFactor } = this.generation.perClass?.[spec.classIndex ?? 0] ?? this.generation;
    let numOutputTokens = outputLengthFactor === 1 ? spec.numOutputTokens : Math.max(1, Math.round(spec.numOutputTokens * outputLengthFactor));
    // Context length, as vLLM: a prompt of maxModelLen tokens or more is rejected (no room for an
    // output token); otherwise generation stops when prompt + output reaches maxModelLen.
    const maxModelLen = this.generation.maxModelLen ?? Infinity;
    const tooLong = spec.numPromptTokens >= maxModelLen;
    if (!tooLong && spec.numPromptTokens + numOutputTokens > maxModelLen) {
      numOutputTokens = maxModelLen - spec.numPromptTokens;
      this.lengthCapped++;
    }
    this.collector.arrived(spec.arrivedAt, spec.numPromptTokens, numOutputTokens, measured, spec.classIndex ?? 0);
    if (now > this.lastArrivalAt) this.lastArrivalAt = now;
    const why = tooLong
      ? `the prompt has maxModelLen (${maxModelLen}) tokens or more, leaving no room for an output token (vLLM rejects the same)`
      : this.inadmissible(spec.numPromptTokens, numOutputTokens, numSeqs, spec.classIndex ?? 0);
    if (spec.session !== undefined) this.sessionSpecs.set(id, spec);
    if (why !== null) {
      this.collector.rejected(id);
      this.rejectReasons.set(why, (this.rejectReasons.get(why) ?? 0) + 1);
      // Only a closed loop answers a rejection with a follow-up of its own (an open-loop session
      // ends on a rejected turn), so only a closed loop can spin on rejections.
      if (this.closedLoop && ++this.rejectionStreak >= MAX_REJECTION_STREAK && Number.isNaN(this.rejectionStreakStoppedAt)) {
        this.rejectionStreakStoppedAt = now;
        this.workload.halt();
      }
      this.onRequestDone(now, id, 'rejected');
      return;
    }
    this.rejectionStreak = 0;
    const r = new Request(id, spec.arrivedAt, spec.numPromptTokens, numOutputTokens, measured);
    r.numSeqs = numSeqs;
    if (spec.prefixGroup !== undefined) {
      r.prefixGroup = spec.prefixGroup;
      r.prefixTokens = spec.prefixTokens ?? 0;
    }
    if (spec.session !== undefined) r.session = spec.session;
    if (spec.classIndex !== undefined) r.classIndex = spec.classIndex;
    this.collector.entered(now);
    if (this.frontendLatencySeconds > 0) {
      this.inTransit.set(id, r);
      this.sim.schedule(now + this.frontendLatencySeconds, DELIVER, id);
    } else {
      this.route(r);
    }
  }

  /** Why some replica the request may be routed to could never complete it, or null. */
  private inadmissible(numPromptTokens: number, numOutputTokens: number, numSeqs: number, classIndex: number): string | null {
    for (const k of this.admissionReplicas[classIndex] ?? this.admissionReplicas[0]) {
      const why = this.replicas[k].admissible(numPromptTokens, numOutputTokens, numSeqs);
      if (why !== null) return why;
    }
    return null;
  }

  /**
   * Picks r's replica and queues it there. Routing happens when the request reaches the engine
   * (after the frontend latency), so a load-aware router sees every request delivered before it.
   */
  route(r: Request): void {
    if (this.fleet !== undefined && !this.fleet.canRoute(r)) {
      this.fleet.parked.push(r);
      return;
    }
    const targets = this.hook?.routeTargets ?? this.replicas;
    const accepting = this.fleet === undefined ? targets.length : this.fleet.routeAccepting();
    const index = targets[this.router.route(targets, r, this.sim.now, accepting)].index;
    this.fleet?.routed(r, index);
    this.collector.routed(r.id, index);
    this.replicas[index].add(this.hook === undefined ? r : this.hook.routed(r, index));
    if (this.isTouched[index] === 0) {
      this.isTouched[index] = 1;
      this.touched.push(index);
    }
  }

  /** A request was lost to its replica's failure: it leaves as lost — not a rejection (rejected means refused at admission); a session ends on it (endedByLoss). */
  requestLost(now: number, id: number): void {
    this.onRequestDone(now, id, 'lost');
  }

  /** A request left the system (finished, rejected at admission, or lost to a failure): a closed loop may send the client's next request, a session its next turn. */
  private onRequestDone(now: number, id: number, how: 'finished' | 'rejected' | 'lost'): void {
    const spec = this.sessionSpecs.size === 0 ? undefined : this.sessionSpecs.get(id);
    let next: RequestSpec | null;
    if (spec === undefined) next = this.workload.onFinished(now);
    else {
      this.sessionSpecs.delete(id);
      const finished: FinishedRequest = { spec, numOutputTokens: how === 'finished' ? this.collector.numOutputTokensOf(id) : 0, rejected: how === 'rejected', ...(how === 'lost' ? { lost: true } : {}) };
      next = this.workload.onFinished(now, finished);
    }
    if (next !== null) this.schedule(next);
    else this.closedStopped = true;
  }

  /** Starts a step on each idle replica that received requests in this instant's burst. */
  private kickTouched(now: number): void {
    const touched = this.touched;
    for (let i = 0; i < touched.length; i++) {
      this.isTouched[touched[i]] = 0;
      this.startStep(this.replicas[touched[i]], now);
    }
    touched.length = 0;
  }

  /** Starts what can start on the replica now: one step, or at pp > 1 one micro-batch per idle virtual engine with work. */
  private startStep(replica: ServingReplica, now: number): void {
    const target = this.fleet === undefined ? replica.index : this.fleet.stepEvent(replica.index);
    for (let dt = replica.startStepIfIdle(now); dt >= 0; dt = replica.startStepIfIdle(now)) {
      this.sim.schedule(now + dt, STEP_DONE, target);
    }
    const wake = replica.nextWakeAt();
    if (wake > now && wake < this.wakeAt[replica.index]) {
      this.wakeAt[replica.index] = wake;
      this.sim.schedule(wake, WAKE, replica.index);
    }
  }
}
