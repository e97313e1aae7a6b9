// The contract of the workload room: a pull-based source of request specs. Arrivals are drawn
// from the `arrivals` stream and lengths from the `lengths` stream, one per request in order,
// so two scenarios that differ only in policy see the same requests (common random numbers).

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
}

export interface WorkloadSource {
  /**
   * The next open-loop request (non-decreasing arrivedAt), or null when no more arrive on
   * their own. A closed loop returns its initial requests here, then null.
   */
  nextArrival(): RequestSpec | null;
  /**
   * A request finished at `now`. A closed loop answers with the follow-up request of that
   * client (arrivedAt >= now), or null when the stop condition is reached; open loops return null.
   */
  onFinished(now: Seconds): RequestSpec | null;
}
