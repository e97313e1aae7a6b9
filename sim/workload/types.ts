// The contract of the workload room: a pull-based source of request specs. Arrivals are drawn
// from the `arrivals` stream and lengths from the `lengths` stream, one per request in order,
// so two scenarios that differ only in policy see the same requests (common random numbers).
// Multi-turn sessions (workload.sessions) close a loop per session: the cluster tells the source
// which request finished (onFinished with a FinishedRequest), and the source answers with that
// session's next turn.

import type { Seconds } from '../units.ts';

export interface RequestSpec {
  arrivedAt: Seconds;
  numPromptTokens: number;
  /** Output length: the request generates exactly this many tokens (>= 1). */
  numOutputTokens: number;
  /** Shared-prefix group (workload.sharedPrefix): the prompt starts with that group's prefix. */
  prefixGroup?: number;
  /** Length of that shared prefix, included in numPromptTokens. */
  prefixTokens?: number;
  /** Session (workload.sessions): its id, 0, 1, … in the order sessions start. */
  session?: number;
  /** The turn's place in its session: 1 for the first turn. */
  turn?: number;
  /**
   * Of numPromptTokens, the leading tokens that repeat the session's previous turn (its prompt
   * and every output token); 0 on a first turn. The rest are the turn's new user tokens.
   */
  repeatedTokens?: number;
  /** Request class (endpoint), an index into the scenario's classes (scenario/classes.ts); 0 when absent. */
  classIndex?: number;
}

/** How a request left the system, as the cluster reports it to a source that asked (sessions). */
export interface FinishedRequest {
  spec: RequestSpec;
  /** Output tokens it generated (the engine's length, e.g. after a beam length factor). */
  numOutputTokens: number;
  /** It could never fit and was rejected at arrival: it generated nothing. */
  rejected: boolean;
  /** It was lost to its replica's failure (failures.onFailure 'lost'): the client got no answer. */
  lost?: boolean;
}

/** What became of the sessions a source started (workload.sessions). */
export interface SessionStats {
  /** Sessions started (first turns generated). */
  started: number;
  /** Turns generated, first turns included: requests that belong to a session. */
  turns: number;
  /** Sessions that ended before their drawn turn count: the stop condition, the context cap, a rejected turn, a lost turn. */
  endedByStop: number;
  endedByContextCap: number;
  endedByRejection: number;
  /** Sessions whose turn was lost to a replica failure (failures.onFailure 'lost'); absent until one is. */
  endedByLoss?: number;
}

export interface WorkloadSource {
  /**
   * The next open-loop request (non-decreasing arrivedAt), or null when no more arrive on
   * their own. A closed loop returns its initial requests here, then null.
   */
  nextArrival(): RequestSpec | null;
  /**
   * A request finished (or was rejected) at `now`. A closed loop answers with the follow-up
   * request of that client (arrivedAt >= now), or null when the stop condition is reached. With
   * sessions, `finished` names the request (the cluster passes it for requests that carry a
   * session) and the answer is the session's next turn, or null (open loop: the session ended).
   * Open loops without sessions return null.
   */
  onFinished(now: Seconds, finished?: FinishedRequest): RequestSpec | null;
  /**
   * Whether a request now in flight may still bring a follow-up of its own (an open-loop session
   * with turns left, before the stop condition), so that arrivals are not yet over. Always false
   * without sessions; a closed loop reports its end through onFinished's null instead.
   */
  followUpsPending(now: Seconds): boolean;
  /** Session counts so far; null without workload.sessions. */
  sessionStats(): SessionStats | null;
  /**
   * Generate nothing more: nextArrival and onFinished answer null from now on (a closed-loop
   * client stops, a session's next turn ends it as by the stop condition). The cluster calls it
   * when it gives up on a workload it cannot serve (see cluster.ts, MAX_REJECTION_STREAK).
   */
  halt(): void;
  /** Lines for RunResult.notes about the workload itself (e.g. malformed trace rows skipped); optional. */
  notes?(): string[];
}
