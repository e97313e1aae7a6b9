// Static (request-level) batching, the pre-Orca way (FasterTransformer, Triton's dynamic batcher
// in front of it; the baseline of Yu et al., OSDI 2022, §2): a batch is formed, runs until its
// longest member finishes, and only then is the next one formed. No request joins mid-batch.
//   Formation (only when no batch is running): when the waiting queue holds ≥ maxBatchSize
//   requests, or its oldest has waited ≥ batchTimeoutSeconds since its arrival, take up to
//   maxBatchSize requests FCFS; the first that does not fit ends the batch (head of line). A
//   request fits when the whole batch's final KV (prompt + output − 1 tokens each; prompt +
//   output under an up-front manager) fits the pool, and, without chunked prefill, when the
//   batch's prompts fit one step's token budget. Every member's prompt blocks are allocated at
//   formation (an up-front manager, ContiguousKvCache, takes its whole reservation then); output
//   blocks are taken as decodes grow, which cannot fail since the batch owns the pool and its
//   final KV was checked. So nothing is ever preempted.
//   Prefill: without chunked prefill one step prefills every member; with it, members are
//   prefilled in order under the token budget (chunks min(remaining, budget)) across steps.
//   A member whose prompt completes samples its first token at that step's end.
//   Decode: once every member is prefilled, each step carries EVERY member of the batch — the
//   padded batch: a finished member emits nothing but its row is still computed, as
//   FasterTransformer's fixed-shape batch does — so numDecodeSeqs = batch size and
//   decodeContextSum counts a finished member at its frozen context (prompt + output − 1, the
//   context of its last real token). A member finishes (its record) at its own last token; its
//   KV stays held with its row until the batch is released, at the end of the step in which the
//   longest member finishes.
// Token gaps: a member's gap to its next token may span several steps (with chunked prefill it
// waits for the rest of the batch's prefill), so every gap after the first token is reported
// individually (events.resumedToken) and stepMeasuredDecodes is 0.
// Invariants: at most one batch; |batch| ≤ maxBatchSize; members hold KV for their computed
// tokens; every admissible request finishes with exactly its output length; it never preempts (no `preemption` stats).
// NOTE: the timeout counts from the request's arrival (arrivedAt), not its hand-off to the
// queue; the planner never reads a clock — nextWakeAt() tells the cluster when the timeout
// would start a batch, and the cluster wakes the replica then.

import { finalKvTokens, whyNeverFits } from './admissible.ts';
import type { KvCacheManager } from '../kv/index.ts';
import { RequestDeque } from './request-deque.ts';
import { RequestStatus, type Request } from './request.ts';
import type { RequestEvents } from './scheduler.ts';
import { addPrefillChunk, sampleToken } from './step-parts.ts';
import type { SchedulerOutput } from '../step/index.ts';

export interface StaticBatchConfig {
  /** Most requests in one batch (B). */
  maxBatchSize: number;
  /** A partial batch starts once its oldest request has waited this long (since arrival). */
  batchTimeoutSeconds: number;
  maxNumBatchedTokens: number;
  enableChunkedPrefill: boolean;
}

export class StaticBatchScheduler {
  readonly waiting = new RequestDeque();
  /** The batch in flight (empty when none), in formation order; finished members stay. */
  readonly batch: Request[] = [];
  /** Members not yet finished. */
  private live = 0;
  /** Index of the first member whose prefill is not complete (batch.length: decode phase). */
  private prefillIdx = 0;
  private readonly stepPrefills: Request[] = [];
  private stepIsDecode = false;
  completedSteps = 0;
  readonly stepMeasuredDecodes = 0;
  stepStoredTokens = 0;
  stepReservedTokens = 0;
  /** Batches formed so far. */
  numBatches = 0;
  private readonly upFront: boolean;
  /** Σ over members of their maxTokens under an up-front manager (stepReservedTokens). */
  private reservedTokens = 0;

  constructor(
    private readonly config: StaticBatchConfig,
    private readonly kv: KvCacheManager,
    private readonly events: RequestEvents,
  ) {
    if (!Number.isInteger(config.maxBatchSize) || config.maxBatchSize < 1) throw new RangeError(`maxBatchSize must be an integer ≥ 1, got ${config.maxBatchSize}`);
    if (!(config.batchTimeoutSeconds >= 0)) throw new RangeError(`batchTimeoutSeconds must be ≥ 0, got ${config.batchTimeoutSeconds}`);
    this.upFront = kv.setMaxTokens !== undefined;
  }

  get numRunning(): number {
    return this.live;
  }

  get numWaiting(): number {
    return this.waiting.length;
  }

  get numOutstanding(): number {
    return this.live + this.waiting.length;
  }

  admissible(numPromptTokens: number, numOutputTokens: number): string | null {
    return whyNeverFits(this.kv, this.upFront, this.config, numPromptTokens, numOutputTokens);
  }

  add(r: Request): void {
    this.waiting.pushBack(r);
  }

  /** When no batch runs and a partial one waits: the instant its timeout expires; else Infinity. */
  nextWakeAt(): number {
    if (this.batch.length > 0 || this.waiting.length === 0 || this.waiting.length >= this.config.maxBatchSize) return Infinity;
    return this.waiting.front()!.arrivedAt + this.config.batchTimeoutSeconds;
  }

  schedule(now: number, shape: SchedulerOutput): boolean {
    shape.numDecodeSeqs = 0;
    shape.decodeContextSum = 0;
    shape.numPrefillChunks = 0;
    if (this.batch.length === 0 && !this.form(now)) return false;
    const batch = this.batch;
    let stored = 0;
    if (this.prefillIdx < batch.length) {
      // Prefill phase.
      this.stepIsDecode = false;
      let budget = this.config.maxNumBatchedTokens;
      let n = 0;
      for (let i = this.prefillIdx; i < batch.length && budget > 0; i++) {
        const r = batch[i];
        const chunk = Math.min(r.numPromptTokens - r.numComputedTokens, budget);
        addPrefillChunk(r, chunk, shape, n++, this.stepPrefills);
        budget -= chunk;
      }
      shape.numPrefillChunks = n;
      for (let i = 0; i < batch.length; i++) stored += batch[i].numComputedTokens + batch[i].numScheduledTokens;
    } else {
      // Decode phase: every member's row, finished ones at their frozen context.
      this.stepIsDecode = true;
      let context = 0;
      for (let i = 0; i < batch.length; i++) {
        const r = batch[i];
        if (r.status === RequestStatus.FINISHED) {
          context += r.numPromptTokens + r.maxOutputTokens - 1;
          continue;
        }
        const c = r.numPromptTokens + r.numOutputTokens; // KV after this step: computed + the new token
        if (this.kv.allocateSlots(r.id, c) === null) throw new Error('internal: a static batch ran out of KV blocks');
        context += c;
      }
      shape.numDecodeSeqs = batch.length;
      shape.decodeContextSum = context;
      stored = context;
    }
    this.stepStoredTokens = stored;
    this.stepReservedTokens = this.upFront ? this.reservedTokens : stored;
    return true;
  }

  /** Forms a batch at `now` if one is due; false when none is. */
  private form(now: number): boolean {
    const waiting = this.waiting;
    if (waiting.length === 0) return false;
    const { maxBatchSize, batchTimeoutSeconds, maxNumBatchedTokens, enableChunkedPrefill } = this.config;
    if (waiting.length < maxBatchSize && now < waiting.front()!.arrivedAt + batchTimeoutSeconds) return false;
    const kv = this.kv;
    const bs = kv.blockSize;
    let blocks = 0;
    let promptTokens = 0;
    while (waiting.length > 0 && this.batch.length < maxBatchSize) {
      const r = waiting.front()!;
      const need = Math.ceil(finalKvTokens(r.numPromptTokens, r.maxOutputTokens, this.upFront) / bs);
      if (blocks + need > kv.numGpuBlocks) break;
      if (!enableChunkedPrefill && promptTokens + r.numPromptTokens > maxNumBatchedTokens) break;
      if (this.upFront) kv.setMaxTokens!(r.id, finalKvTokens(r.numPromptTokens, r.maxOutputTokens, true));
      if (kv.allocateSlots(r.id, r.numPromptTokens) === null) {
        if (this.batch.length === 0) throw new Error('internal: an admissible request does not fit an empty KV cache');
        break;
      }
      blocks += need;
      promptTokens += r.numPromptTokens;
      if (this.upFront) this.reservedTokens += finalKvTokens(r.numPromptTokens, r.maxOutputTokens, true);
      waiting.popFront();
      r.status = RequestStatus.PREFILLING;
      this.batch.push(r);
      this.live++;
      if (!r.everScheduled) {
        r.everScheduled = true;
        this.events.scheduled(r, now);
      }
    }
    if (this.batch.length === 0) throw new Error('internal: the head of the queue does not fit an empty replica');
    this.prefillIdx = 0;
    this.numBatches++;
    return true;
  }

  finishStep(now: number): number {
    this.completedSteps++;
    let emitted = 0;
    const batch = this.batch;
    if (this.stepIsDecode) {
      for (let i = 0; i < batch.length; i++) {
        const r = batch[i];
        if (r.status === RequestStatus.FINISHED) continue;
        r.numComputedTokens++;
        this.emit(r, now);
        emitted++;
      }
    } else {
      const chunks = this.stepPrefills;
      for (let i = 0; i < chunks.length; i++) {
        const r = chunks[i];
        r.numComputedTokens += r.numScheduledTokens;
        r.numScheduledTokens = 0;
        if (r.numComputedTokens < r.numPromptTokens) continue;
        this.prefillIdx++;
        r.status = RequestStatus.DECODING;
        this.emit(r, now);
        emitted++;
      }
      chunks.length = 0;
    }
    if (this.live === 0) this.release();
    return emitted;
  }

  /** r samples one output token at `now`. */
  private emit(r: Request, now: number): void {
    sampleToken(r, now, this.events);
    if (r.numOutputTokens >= r.maxOutputTokens) {
      r.status = RequestStatus.FINISHED;
      this.live--;
      this.events.finished(r, now);
    }
  }

  /** The longest member finished: free every member's KV and end the batch. */
  private release(): void {
    for (let i = 0; i < this.batch.length; i++) this.kv.free(this.batch[i].id);
    this.batch.length = 0;
    this.prefillIdx = 0;
    this.reservedTokens = 0;
  }
}
