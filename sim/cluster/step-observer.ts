// What a replica reports after each step, for time-weighted metrics (KV usage, queue lengths,
// tokens over time, inter-token latency). Implemented by the cluster's metrics collector.
// A pipeline-parallel replica reports each virtual engine's micro-batches as steps: they overlap
// in time, and the time-weighted levels of overlapping steps add up.
// forwarding(inner, overrides) builds every wrapper of an observer (see its comment).

import type { StepBreakdown } from '../hardware/index.ts';
import type { RequestEvents } from '../scheduler/index.ts';
import type { SchedulerOutput } from '../step/index.ts';

export interface StepObserver {
  stepDone(
    replica: number,
    startedAt: number,
    endedAt: number,
    usedBlocks: number,
    running: number,
    waiting: number,
    emittedTokens: number,
    measuredDecodes: number,
    /** KV tokens the step leaves stored, and tokens held for its running requests (Scheduler.stepStoredTokens/stepReservedTokens). */
    storedTokens: number,
    reservedTokens: number,
  ): void;
  /**
   * Pipeline-parallel replicas: the blocks in use over all their virtual engines right after one
   * planned a micro-batch (stepDone's usedBlocks is that engine's alone), for the peak KV usage;
   * with declared classes also each class's blocks over all the engines at that instant (the
   * class peaks: classKvDone's classBlocks are one engine's alone).
   */
  replicaKvUsed(usedBlocks: number, replica: number, classBlocks?: Float64Array): void;
  /**
   * Optional: a step (or micro-batch) was planned on `replica` with this batch and this cost
   * breakdown; its stepDone follows, in the replica's planning order. Only the trace listens
   * (step-trace.ts): both objects are reused by the replica, so read them here, never keep them.
   */
  stepPlanned?(replica: number, batch: SchedulerOutput, breakdown: StepBreakdown): void;
  /**
   * With declared classes (ClassKvCache): the blocks each class's requests held when the step
   * was planned (the instant stepDone's usedBlocks is read), reported just before stepDone.
   */
  classKvDone?(replica: number, startedAt: number, endedAt: number, classBlocks: Float64Array): void;
}

/** What a replica reports: its requests' events and its steps (replica-factory's ReplicaObserver). */
type Observer = RequestEvents & StepObserver;

/**
 * An observer that calls `overrides.x` where given, else forwards to `inner.x` unchanged: the one
 * way a wrapper (the trace, diagnose's probe, disaggregation's prefill and decode observers)
 * forwards what it does not handle, so no call is forgotten. An override replaces the call: it
 * forwards to `inner` itself if it should. The optional methods (stepPlanned, classKvDone) are
 * present when overridden or when `inner` has them at wrap time, so a replica skips them exactly
 * when no observer down the chain listens.
 */
export function forwarding(inner: Observer, overrides: Partial<Observer> = {}): Observer {
  const o = overrides;
  const out: Observer = {
    scheduled: o.scheduled ?? ((r, now) => inner.scheduled(r, now)),
    firstToken: o.firstToken ?? ((r, now) => inner.firstToken(r, now)),
    resumedToken: o.resumedToken ?? ((r, gap) => inner.resumedToken(r, gap)),
    finished: o.finished ?? ((r, now) => inner.finished(r, now)),
    preempted: o.preempted ?? ((r, now) => inner.preempted(r, now)),
    stepDone: o.stepDone ?? ((...a) => inner.stepDone(...a)),
    replicaKvUsed: o.replicaKvUsed ?? ((usedBlocks, replica, classBlocks) => inner.replicaKvUsed(usedBlocks, replica, classBlocks)),
  };
  const stepPlanned = o.stepPlanned ?? inner.stepPlanned?.bind(inner);
  if (stepPlanned !== undefined) out.stepPlanned = stepPlanned;
  const classKvDone = o.classKvDone ?? inner.classKvDone?.bind(inner);
  if (classKvDone !== undefined) out.classKvDone = classKvDone;
  return out;
}
