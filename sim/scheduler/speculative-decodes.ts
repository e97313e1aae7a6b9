// Speculative decoding's DecodeTracker: decoding requests kept eagerly (eager-decode-set.ts),
// since a verify step advances each by a random 1 + accepted tokens.
// Planning: every decoding request runs 1 + γ' tokens, γ' = γ unless the step has more decoding
// requests than disableAboveBatchSize (then 0) or the token budget cannot give every request
// 1 + γ (then ⌊maxNumBatchedTokens / n⌋ − 1, at least 0 since the budget covers maxNumSeqs);
// each needs KV slots for numComputedTokens + 1 + γ' (the lookahead slots of rejected drafts stay
// allocated and are reused by later tokens). A shortage preempts the latest-arrived running
// requests first (through the host), as in plain decoding.
// Outputs: each decoding request emits 1 + accepted tokens (at most what it has left), drawn by
// the acceptance model; its KV keeps the verified ones; finished requests leave in id order.
// Invariants: 0 ≤ accepted ≤ γ'; numDraftTokens = γ' × verifies summed over steps.
// NOTE: speculative decoding is single-sequence (numSeqs 1), and a swapped-out decode resumes
// through a one-token prefill chunk (resumeSwapped is false), so no gap spans a verify step.

import type { KvCacheManager } from '../kv/index.ts';
import type { SchedulerOutput } from '../step/index.ts';
import type { DecodeHost, DecodeTracker } from './decode-tracker.ts';
import { EagerDecodeSet } from './eager-decode-set.ts';
import { RequestStatus, type Request } from './request.ts';
import type { SpeculationStats, SpeculativeSchedulerConfig } from './scheduler.ts';

export class SpeculativeDecodes implements DecodeTracker {
  readonly set = new EagerDecodeSet();
  readonly speculation: SpeculationStats = { verifies: 0, numDraftTokens: 0, numAcceptedTokens: 0, speculativeSteps: 0, plainSteps: 0 };
  readonly lookahead: number;
  stepMeasuredDecodes = 0;
  /** Draft tokens per sequence in the step in flight (0: a plain decode step). */
  private stepGamma = 0;

  constructor(
    private readonly spec: SpeculativeSchedulerConfig,
    private readonly maxNumBatchedTokens: number,
    private readonly kv: KvCacheManager,
    /** The manager reserves each request's whole length at admission: decodes never allocate. */
    private readonly upFront: boolean,
    private readonly host: DecodeHost,
  ) {
    this.lookahead = spec.numSpeculativeTokens;
  }

  get count(): number {
    return this.set.count;
  }

  plan(now: number, _s: number, out: SchedulerOutput): number {
    const spec = this.spec;
    const set = this.set;
    const kv = this.kv;
    let n = set.count;
    let gamma = 0;
    if (n > 0) {
      gamma = n > spec.disableAboveBatchSize ? 0 : Math.max(0, Math.min(spec.numSpeculativeTokens, Math.floor(this.maxNumBatchedTokens / n) - 1));
      if (!this.upFront) {
        const list = set.list;
        // A request gains at most ⌈(1 + γ)/blockSize⌉ + 1 blocks in a step: when that many fit for
        // every request, skip counting the exact need (the common case: one pass, not two).
        const bound = n * (Math.ceil((1 + gamma) / kv.blockSize) + 1);
        let need = 0;
        if (bound > kv.numFreeBlocks()) for (let i = 0; i < list.length; i++) need += kv.numBlocksToAllocate(list[i].id, list[i].numComputedTokens + 1 + gamma);
        if (need > kv.numFreeBlocks()) {
          const victims = this.host.runningLatestFirst();
          for (let v = 0; v < victims.length && need > kv.numFreeBlocks(); v++) {
            const r = victims[v];
            if (r.status === RequestStatus.DECODING) need -= kv.numBlocksToAllocate(r.id, r.numComputedTokens + 1 + gamma);
            this.host.preempt(r, now);
          }
          victims.length = 0;
        }
      }
      n = set.count;
    }
    // Allocate (paged) and sum the attended contexts in one pass.
    let context = 0;
    const list = set.list;
    const allocate = !this.upFront;
    for (let i = 0; i < list.length; i++) {
      const tokens = list[i].numComputedTokens + 1 + gamma;
      if (allocate && kv.allocateSlots(list[i].id, tokens) === null) throw new Error('internal: speculative block allocation failed after relief');
      context += tokens;
    }
    if (n === 0) gamma = 0;
    else if (gamma > 0) this.speculation.speculativeSteps++;
    else this.speculation.plainSteps++;
    this.stepGamma = gamma;
    out.numDecodeSeqs = n;
    out.decodeQueryTokens = 1 + gamma;
    out.decodeContextSum = context;
    this.stepMeasuredDecodes = set.measuredCount;
    return n * (1 + gamma);
  }

  resumeSwapped(): boolean {
    return false;
  }

  join(r: Request): void {
    this.set.join(r);
  }

  leave(r: Request): void {
    this.set.leave(r);
  }

  numComputed(r: Request): number {
    return r.numComputedTokens;
  }

  collect(out: Request[]): void {
    this.set.collect(out);
  }

  finish(_now: number, _s: number, done: Request[]): number {
    const list = this.set.list;
    const gamma = this.stepGamma;
    const stats = this.speculation;
    const acceptance = this.spec.acceptance;
    let emitted = 0;
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      let tokens = 1;
      if (gamma > 0) {
        const a = acceptance.accepted(r, gamma);
        stats.verifies++;
        stats.numDraftTokens += gamma;
        stats.numAcceptedTokens += a;
        tokens += a;
      }
      const left = r.maxOutputTokens - r.numOutputTokens;
      if (tokens >= left) {
        tokens = left;
        done.push(r);
      }
      r.numComputedTokens += tokens;
      r.numOutputTokens += tokens;
      emitted += tokens;
    }
    if (done.length > 1) done.sort((a, b) => a.id - b.id);
    for (let i = 0; i < done.length; i++) this.set.leave(done[i]);
    return emitted;
  }
}
