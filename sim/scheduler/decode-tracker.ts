// How a scheduler keeps its decoding requests: one interface, two bookkeepings, chosen once when
// the scheduler is built (never per step):
//   LockstepDecodes    — plain decoding: every decoding request gains exactly one token per step,
//                        so they are advanced lazily in closed form (decode-set.ts): a step costs
//                        O(block boundaries crossed + finishes), not O(batch).
//   SpeculativeDecodes — speculative decoding: a verify step advances each request by a random
//                        1 + accepted tokens, so they are kept eagerly (eager-decode-set.ts) and
//                        visited once per step (O(batch)).
// The scheduler plans a step as: decodes first (tracker.plan, which may preempt through the
// DecodeHost when their KV blocks do not fit), then prefill chunks and admissions under the
// budget that is left; at the step's end tracker.finish applies the decode outputs.
// Invariants: a request is in the tracker exactly while its status is DECODING; `count` is their
// number; plan() leaves every decoding request holding KV blocks for what the step computes.
// NOTE: one implementation per scheduler for its whole life, so every call site stays monomorphic
// within a run.

import type { SchedulerOutput } from '../step/index.ts';
import type { Request } from './request.ts';
import type { SpeculationStats } from './scheduler.ts';

/** What a tracker needs of its scheduler when decodes do not fit: victims and preemption. */
export interface DecodeHost {
  /** Every running request, latest arrival first (vLLM's victim order); the caller empties the array. */
  runningLatestFirst(): Request[];
  /** Preempts r at `now` (it leaves the tracker through leave()). */
  preempt(r: Request, now: number): void;
}

export interface DecodeTracker {
  /** Decoding requests. */
  readonly count: number;
  /** KV slots a request holds beyond its tokens at its end: γ under speculative decoding, else 0. */
  readonly lookahead: number;
  /** Speculative decoding's counts; undefined for plain decoding. */
  readonly speculation: SpeculationStats | undefined;
  /** Of the step planned: measured decoding requests whose token gap is the step's span (ITL weight). */
  readonly stepMeasuredDecodes: number;
  /**
   * Step 1 of planning, after `completedSteps` steps: every decoding request's new tokens and
   * their KV blocks (preempting through the host on a shortage; nothing to allocate when the
   * KV manager reserved up front), written into `out`'s decode fields. Returns the tokens charged
   * to the step's budget.
   */
  plan(now: number, completedSteps: number, out: SchedulerOutput): number;
  /**
   * A swapped-out decode whose KV was just copied back: true when it decodes in the step being
   * planned (it joined; `out` updated, r.numSeqs tokens charged by the caller), false when it
   * must run its last token as a one-token prefill chunk instead.
   */
  resumeSwapped(r: Request, completedSteps: number, out: SchedulerOutput): boolean;
  /** r's prefill completed (it sampled a token and has more to generate): it decodes from the next step. */
  join(r: Request, completedSteps: number): void;
  /** r leaves decoding before finishing (preemption); its token counts are made current. */
  leave(r: Request, completedSteps: number): void;
  /** r's computed tokens after `completedSteps` steps (lazy bookkeeping may not have written them back). */
  numComputed(r: Request, completedSteps: number): number;
  /** Appends every decoding request to `out` (order unspecified). */
  collect(out: Request[]): void;
  /**
   * Applies the decode outputs of the step that ended at `now` (the `completedSteps`th): tokens
   * emitted are returned; requests that finished leave the tracker and are appended to `done`
   * (empty on entry) in id order.
   */
  finish(now: number, completedSteps: number, done: Request[]): number;
}
