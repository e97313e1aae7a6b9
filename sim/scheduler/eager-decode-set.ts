// The decoding requests of a replica under speculative decoding, kept eagerly. A verify step
// advances each request by a random 1 + accepted tokens, so the lock-step closed form of
// DecodeSet (every request +1 per step) no longer holds; here every request's numComputedTokens
// and numOutputTokens are always current and the scheduler visits each decoding request once per
// step (O(batch) per step; the speculative path only).
// The interface mirrors DecodeSet's where the scheduler shares code between the two (counts,
// join, leave, collect); the completed-step arguments are accepted and ignored.
// Invariants: every DECODING request is in `list` exactly once, at r.bucketPos; count = |list|;
// multiCount = 0 (speculative decoding is single-sequence); seqs = count.

import { DECODING, type SimRequest } from './request.ts';

export class EagerDecodeSet {
  readonly list: SimRequest[] = [];
  count = 0;
  seqs = 0;
  readonly multiCount = 0;
  measuredCount = 0;

  join(r: SimRequest, _completedSteps?: number): void {
    r.state = DECODING;
    r.bucketPos = this.list.length;
    this.list.push(r);
    this.count++;
    this.seqs++;
    if (r.measured) this.measuredCount++;
  }

  /** Removes r (its token counts are already current). */
  leave(r: SimRequest, _completedSteps?: number): void {
    const list = this.list;
    const last = list.pop()!;
    if (last !== r) {
      list[r.bucketPos] = last;
      last.bucketPos = r.bucketPos;
    }
    r.bucketPos = -1;
    this.count--;
    this.seqs--;
    if (r.measured) this.measuredCount--;
  }

  collect(out: SimRequest[]): void {
    for (const r of this.list) out.push(r);
  }
}
