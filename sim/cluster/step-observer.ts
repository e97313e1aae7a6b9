// What a replica reports after each step, for time-weighted metrics (KV usage, queue lengths,
// tokens over time, inter-token latency). Implemented by the cluster's metrics collector.
// A pipeline-parallel replica reports each virtual engine's micro-batches as steps: they overlap
// in time, and the time-weighted levels of overlapping steps add up.

import type { StepBreakdown } from '../hardware/index.ts';
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
