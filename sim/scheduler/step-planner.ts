// What a replica needs of its step planner, whatever the batching discipline: continuous
// batching (Scheduler, vLLM v1) or static batching (StaticBatchScheduler). Both satisfy it
// structurally; the replica and the cluster depend on this interface only.
// Protocol: add() queues an arrival; schedule(now, shape) plans the next step into `shape` and
// says whether there is one; finishStep(now) applies it and returns the output tokens emitted.
// After schedule(), the step* fields describe the step in flight.
// NOTE: the planner never reads a clock. A planner that may wait with work queued (a static
// batch's timeout) exposes nextWakeAt(): the instant at which schedule() would start a step if
// nothing else happened first; the cluster schedules a wake-up for it when the replica is idle.

import type { Request } from './request.ts';
import type { PreemptionStats, PrefixCacheStats, SpeculationStats } from './scheduler.ts';
import type { SchedulerOutput } from '../step/index.ts';

export interface StepPlanner {
  readonly numRunning: number;
  readonly numWaiting: number;
  /** Waiting + running requests (the router's load signal). */
  readonly numOutstanding: number;
  /** Of the step in flight: measured decoding requests whose token gap is this step's span (ITL weight). */
  readonly stepMeasuredDecodes: number;
  /** Of the step in flight: KV tokens stored, and tokens held for running requests. */
  readonly stepStoredTokens: number;
  readonly stepReservedTokens: number;
  /** Of the step in flight: seconds of KV swap copies it waits for (preemptionMode 'swap'). Absent: 0. */
  readonly stepSwapSeconds?: number;
  /** Preemptions by mode and their cost so far. Absent: the planner never preempts. */
  readonly preemption?: PreemptionStats;
  /** Prefix-cache hits at admission so far. Absent: the planner never queries a prefix cache. */
  readonly prefixCache?: PrefixCacheStats;
  /** Speculative decoding's counts so far. Absent: the planner does not speculate. */
  readonly speculation?: SpeculationStats;
  /** Why a request with these lengths (and numSeqs sequences, default 1) could never complete here, or null. */
  admissible(numPromptTokens: number, numOutputTokens: number, numSeqs?: number): string | null;
  add(r: Request): void;
  /** Plans the next step into `shape`; false (shape empty) when there is nothing to run now. */
  schedule(now: number, shape: SchedulerOutput): boolean;
  /** Applies the step that ended at `now`; returns the output tokens it emitted. */
  finishStep(now: number): number;
  /** When idle with work queued: the instant schedule() will start a step unprompted (Infinity: never). Absent: never. */
  nextWakeAt?(): number;
}
