// The pieces of a step both planners (continuous and static batching) share: putting a prefill
// chunk into the step, and a request sampling one output token.

import type { Request } from './request.ts';
import type { RequestEvents } from './scheduler.ts';
import type { SchedulerOutput } from '../step/index.ts';

/** Puts r's prefill chunk into the step in flight, as the shape's chunk `index`. */
export function addPrefillChunk(r: Request, chunk: number, shape: SchedulerOutput, index: number, stepPrefills: Request[]): void {
  r.numScheduledTokens = chunk;
  stepPrefills.push(r);
  shape.prefillChunkTokens[index] = chunk;
  shape.prefillChunkContext[index] = r.numComputedTokens;
}

/** r samples one output token at `now`: its first token, or the next one after a gap. */
export function sampleToken(r: Request, now: number, events: RequestEvents): void {
  r.numOutputTokens++;
  if (r.numOutputTokens === 1) events.firstToken(r, now);
  else events.resumedToken(r, now - r.lastTokenAt);
  r.lastTokenAt = now;
}
