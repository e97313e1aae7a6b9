// The decoding requests of a replica under speculative decoding, kept eagerly. A verify step
// advances each request by a random 1 + accepted tokens, so the lock-step closed form of
// DecodeSet (every request +1 per step) no longer holds; here every request's numComputedTokens
// and numOutputTokens are always current and the scheduler visits each decoding request once per
// step (O(batch) per step; the speculative path only).
// Speculative decoding is single-sequence (numSeqs 1), so requests and decode sequences coincide.
// Invariants: every DECODING request is in `list` exactly once, at r.bucketPos.

import { RequestStatus, type Request } from './request.ts';

export class EagerDecodeSet {
  readonly list: Request[] = [];
  /** Decoding requests that count toward latency metrics (for ITL weights). */
  measuredCount = 0;

  get count(): number {
    return this.list.length;
  }

  join(r: Request): void {
    r.status = RequestStatus.DECODING;
    r.bucketPos = this.list.length;
    this.list.push(r);
    if (r.measured) this.measuredCount++;
  }

  /** Removes r (its token counts are already current). */
  leave(r: Request): void {
    const list = this.list;
    const last = list.pop()!;
    if (last !== r) {
      list[r.bucketPos] = last;
      last.bucketPos = r.bucketPos;
    }
    r.bucketPos = -1;
    if (r.measured) this.measuredCount--;
  }

  collect(out: Request[]): void {
    for (const r of this.list) out.push(r);
  }
}
