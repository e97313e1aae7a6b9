// The decoding requests of one replica, advanced lazily. Every decoding request gets exactly one
// new token per step (the planner guarantees the token budget covers them), so a request that
// joined at completed-step count J with B computed and O output tokens has, after S completed
// steps, B + (S − J) computed and O + (S − J) output tokens. From that closed form:
//   - it needs a new KV block in step S+1 iff (B + S − J) mod blockSize = 0, so requests are kept
//     in blockSize buckets by (B − J) mod blockSize and a step visits only the one bucket due;
//   - it finishes at S = J + maxOutputTokens − O, kept in a min-heap on (S, id);
//   - Σ attended context over the set = Σ(B − J + 1) + count·S, one running sum.
// A step therefore costs O(due blocks + finishes), not O(batch size). The equivalence with
// token-by-token bookkeeping is tested in test/scheduler/decode-set.test.ts.
// Multi-sequence requests (numSeqs = k > 1: parallel sampling, beam search) weigh k in `seqs` and
// in the context sum (k sequences of the same length); `count` stays the number of requests.
// Invariants: every DECODING request is in exactly one bucket and has one live heap entry
// (entries from earlier joins are stale by `generation`).

import { RequestStatus, type Request } from './request.ts';

export class DecodeSet {
  count = 0;
  /** Σ numSeqs over decoding requests: the decode tokens of one step (= count when all are 1). */
  seqs = 0;
  /** Decoding requests with numSeqs > 1. */
  multiCount = 0;
  /** Decoding requests that count toward latency metrics (for ITL weights). */
  measuredCount = 0;
  private sumOffset = 0;
  private readonly buckets: Request[][];
  private heapReq: Request[] = [];
  private heapKey = new Float64Array(64);
  private heapGen = new Int32Array(64);
  private heapN = 0;

  constructor(readonly blockSize: number) {
    this.buckets = Array.from({ length: blockSize }, () => []);
  }

  /** Σ over decoding requests of tokens attended in the next step (context including the new token). */
  contextSum(completedSteps: number): number {
    return this.sumOffset + this.seqs * completedSteps;
  }

  numComputed(r: Request, completedSteps: number): number {
    return r.baseComputed + completedSteps - r.joinStep;
  }

  numOutput(r: Request, completedSteps: number): number {
    return r.baseOutput + completedSteps - r.joinStep;
  }

  /** Requests that need a new block in the step after `completedSteps` steps (do not mutate). */
  dueForBlock(completedSteps: number): readonly Request[] {
    const bs = this.blockSize;
    return this.buckets[(bs - (completedSteps % bs)) % bs];
  }

  join(r: Request, completedSteps: number): void {
    r.status = RequestStatus.DECODING;
    r.joinStep = completedSteps;
    r.baseComputed = r.numComputedTokens;
    r.baseOutput = r.numOutputTokens;
    r.finishStep = completedSteps + r.maxOutputTokens - r.numOutputTokens;
    r.generation++;
    const bs = this.blockSize;
    const b = (((r.baseComputed - completedSteps) % bs) + bs) % bs;
    const bucket = this.buckets[b];
    r.bucket = b;
    r.bucketPos = bucket.length;
    bucket.push(r);
    const k = r.numSeqs;
    if (k === 1) this.sumOffset += r.baseComputed - completedSteps + 1;
    else {
      this.sumOffset += k * (r.baseComputed - completedSteps + 1);
      this.multiCount++;
    }
    this.seqs += k;
    this.count++;
    if (r.measured) this.measuredCount++;
    this.heapPush(r);
  }

  /** Removes r, writing back its token counts as of `completedSteps`. */
  leave(r: Request, completedSteps: number): void {
    r.numComputedTokens = this.numComputed(r, completedSteps);
    r.numOutputTokens = this.numOutput(r, completedSteps);
    const bucket = this.buckets[r.bucket];
    const last = bucket.pop()!;
    if (last !== r) {
      bucket[r.bucketPos] = last;
      last.bucketPos = r.bucketPos;
    }
    r.bucket = -1;
    r.bucketPos = -1;
    r.generation++; // its heap entry is now stale
    const k = r.numSeqs;
    if (k === 1) this.sumOffset -= r.baseComputed - r.joinStep + 1;
    else {
      this.sumOffset -= k * (r.baseComputed - r.joinStep + 1);
      this.multiCount--;
    }
    this.seqs -= k;
    this.count--;
    if (r.measured) this.measuredCount--;
  }

  /** Removes every request whose last token came in step `completedSteps`; appends them to `out` in (step, id) order. */
  popFinished(completedSteps: number, out: Request[]): void {
    while (this.heapN > 0 && this.heapKey[0] <= completedSteps) {
      const r = this.heapReq[0];
      const gen = this.heapGen[0];
      this.heapPop();
      if (r.status !== RequestStatus.DECODING || r.generation !== gen) continue; // stale
      this.leave(r, completedSteps);
      out.push(r);
    }
  }

  /** Every decoding request (order unspecified); for the rare preemption path. */
  collect(out: Request[]): void {
    for (const b of this.buckets) for (const r of b) out.push(r);
  }

  private less(i: number, j: number): boolean {
    const a = this.heapKey[i];
    const b = this.heapKey[j];
    return a < b || (a === b && this.heapReq[i].id < this.heapReq[j].id);
  }

  private swap(i: number, j: number): void {
    const r = this.heapReq[i]; this.heapReq[i] = this.heapReq[j]; this.heapReq[j] = r;
    const k = this.heapKey[i]; this.heapKey[i] = this.heapKey[j]; this.heapKey[j] = k;
    const g = this.heapGen[i]; this.heapGen[i] = this.heapGen[j]; this.heapGen[j] = g;
  }

  private heapPush(r: Request): void {
    if (this.heapN === this.heapKey.length) {
      const k = new Float64Array(this.heapN * 2); k.set(this.heapKey); this.heapKey = k;
      const g = new Int32Array(this.heapN * 2); g.set(this.heapGen); this.heapGen = g;
    }
    let i = this.heapN++;
    this.heapReq[i] = r;
    this.heapKey[i] = r.finishStep;
    this.heapGen[i] = r.generation;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private heapPop(): void {
    const last = --this.heapN;
    if (last > 0) this.swap(0, last);
    this.heapReq.length = last; // drop the reference
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      const c = r < last && this.less(r, l) ? r : l;
      if (!this.less(c, i)) break;
      this.swap(c, i);
      i = c;
    }
  }
}
