// Plain decoding's DecodeTracker: every decoding request gains one token per step, advanced
// lazily by DecodeSet (decode-set.ts), so a step visits only the requests that cross a KV block
// boundary in it, and the ones that finish.
// KV per step: the requests due for a new block, plus multi-sequence requests that joined since
// the last plan (their partially filled last prompt block is copied on write for the k − 1 other
// sequences; see scheduler.ts on numSeqs). When those blocks exceed the free pool, the
// latest-arrived running requests are preempted (through the host) until the rest fit.
// A decode swapped back in (preemptionMode 'swap') rejoins at once: its KV is back, it decodes
// in the step that copies it in, and its token gap (spanning the preemption) is reported by
// events.resumedToken at that step's end.
// Invariants: after plan(), every decoding request holds blocks for numComputed + 1 tokens per
// sequence; stepMeasuredDecodes counts only the decodes planned in plan(), not the swapped-in ones
// (their gap is not the step's span).
// NOTE: under an up-front KV manager (ContiguousKvCache) a request's reservation already covers
// every decode, so plan() allocates nothing.

import type { KvCacheManager } from '../kv/index.ts';
import type { SchedulerOutput } from '../step/index.ts';
import { kvSlots } from './admissible.ts';
import { DecodeSet } from './decode-set.ts';
import type { DecodeHost, DecodeTracker } from './decode-tracker.ts';
import { RequestStatus, type Request } from './request.ts';
import type { RequestEvents } from './scheduler.ts';

export class LockstepDecodes implements DecodeTracker {
  readonly lookahead = 0;
  readonly speculation = undefined;
  stepMeasuredDecodes = 0;
  readonly set: DecodeSet;
  /** Multi-sequence requests that joined since the last plan (copy-on-write due). */
  private readonly joinedMulti: Request[] = [];
  /** Swapped-in decodes of the step in flight: their token gap spans the preemption. */
  private readonly resumed: Request[] = [];

  constructor(
    private readonly kv: KvCacheManager,
    /** The manager reserves each request's whole length at admission: decodes never allocate. */
    private readonly upFront: boolean,
    private readonly events: RequestEvents,
    private readonly host: DecodeHost,
  ) {
    this.set = new DecodeSet(kv.blockSize);
  }

  get count(): number {
    return this.set.count;
  }

  /** The token count to ask the KV manager for so that r holds `tokens` computed tokens per sequence. */
  private slots(r: Request, tokens: number): number {
    return r.numSeqs === 1 ? tokens : kvSlots(r.numPromptTokens, r.numSeqs, tokens, this.kv.blockSize);
  }

  /** New blocks the decodes of the coming step need (due at a boundary, or copy-on-write). */
  private blocksNeeded(s: number): number {
    const set = this.set;
    const due = set.dueForBlock(s);
    if (set.multiCount === 0 && this.joinedMulti.length === 0) return due.length;
    let need = 0;
    for (let i = 0; i < due.length; i++) {
      const r = due[i];
      need += r.numSeqs === 1 ? 1 : this.kv.numBlocksToAllocate(r.id, this.slots(r, set.numComputed(r, s) + 1));
    }
    const bs = this.kv.blockSize;
    for (const r of this.joinedMulti) {
      if (r.status !== RequestStatus.DECODING || r.bucket === (bs - (s % bs)) % bs) continue; // gone, or counted as due
      need += this.kv.numBlocksToAllocate(r.id, this.slots(r, set.numComputed(r, s) + 1));
    }
    return need;
  }

  plan(now: number, s: number, out: SchedulerOutput): number {
    const set = this.set;
    const kv = this.kv;
    if (!this.upFront) {
      const due = set.dueForBlock(s);
      if (this.blocksNeeded(s) > kv.numFreeBlocks()) {
        // Preempt latest-arrived running requests until the decodes due for a block fit.
        const victims = this.host.runningLatestFirst();
        for (let i = 0; i < victims.length && this.blocksNeeded(s) > kv.numFreeBlocks(); i++) this.host.preempt(victims[i], now);
        victims.length = 0;
      }
      for (let i = 0; i < due.length; i++) {
        const r = due[i];
        if (kv.allocateSlots(r.id, this.slots(r, set.numComputed(r, s) + 1)) === null) {
          throw new Error('internal: decode block allocation failed after relief');
        }
      }
      const joined = this.joinedMulti;
      for (let i = 0; i < joined.length; i++) {
        const r = joined[i];
        if (r.status === RequestStatus.DECODING && kv.allocateSlots(r.id, this.slots(r, set.numComputed(r, s) + 1)) === null) {
          throw new Error('internal: copy-on-write block allocation failed after relief');
        }
      }
    }
    this.joinedMulti.length = 0;
    out.numDecodeSeqs = set.seqs;
    out.decodeQueryTokens = 1;
    out.decodeContextSum = set.contextSum(s); // exactly 0 when empty
    this.stepMeasuredDecodes = set.measuredCount;
    return set.seqs;
  }

  resumeSwapped(r: Request, s: number, out: SchedulerOutput): boolean {
    const set = this.set;
    set.join(r, s);
    this.resumed.push(r);
    out.numDecodeSeqs = set.seqs;
    out.decodeContextSum = set.contextSum(s);
    return true; // stepMeasuredDecodes stays as planned: its gap spans the preemption, not the step
  }

  join(r: Request, s: number): void {
    this.set.join(r, s);
    if (r.numSeqs !== 1) this.joinedMulti.push(r);
  }

  leave(r: Request, s: number): void {
    this.set.leave(r, s);
  }

  numComputed(r: Request, s: number): number {
    return this.set.numComputed(r, s);
  }

  collect(out: Request[]): void {
    this.set.collect(out);
  }

  finish(now: number, s: number, done: Request[]): number {
    const emitted = this.set.seqs; // every decode sequence emits one token
    const resumed = this.resumed;
    for (let i = 0; i < resumed.length; i++) this.events.resumedToken(resumed[i], now - resumed[i].lastTokenAt);
    resumed.length = 0;
    this.set.popFinished(s, done);
    return emitted;
  }
}
