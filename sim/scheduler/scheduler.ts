// The iteration-level scheduler of one replica, with vLLM v1 semantics: there is no separate
// prefill mode; every step gives each running request some new tokens under a token budget
// (maxNumBatchedTokens) and a sequence cap (maxNumSeqs).
//   1. Decoding requests first: one token each (budget >= maxNumSeqs guarantees room). If the
//      blocks they need this step exceed the free pool, the latest-arrived running requests are
//      preempted (recompute: blocks freed, numComputedTokens = 0, back to the *front* of the
//      waiting queue) until the rest fit — the same victims vLLM's sequential loop picks.
//      The decoding requests are kept by a DecodeTracker chosen at construction
//      (decode-tracker.ts): lock-step and lazy for plain decoding (lockstep-decodes.ts), eager
//      with 1 + γ tokens per verify under speculative decoding (speculative-decodes.ts).
//   2. Running requests still in prefill continue, in admission order, with chunks
//      min(remaining, budget); if a chunk's blocks do not fit, the running list's tail (the
//      most recently admitted prefill, possibly the request itself) is preempted.
//   3. Waiting requests are admitted in queue order (FCFS; by class priority, then arrival,
//      under schedulingPolicy 'priority': priority-queue.ts) while budget, maxNumSeqs (under
//      batchSizeTuning, TensorRT-LLM's runtime batch size: batch-size-tuner.ts) and blocks allow; the first
//      that does not fit stops admission (head-of-line, as vLLM breaks). Without chunked
//      prefill a prompt must fit the remaining budget whole. A step that preempted admits
//      nothing (vLLM v1 does the same).
// Prefix caching (a manager with computeCachedPrefix): a request of a prefix group or a session admitted from
// scratch (numComputedTokens 0: first admission or after a recompute) first takes its cached
// prefix blocks, which count as computed, so its chunk and the budget cover only the rest; if it
// then does not fit, the blocks are released and numComputedTokens reset. prefixCache counts it.
// With kvAdmission 'reserve-full' (TensorRT-LLM) step 3 also requires the request's whole final
// KV length to fit beside every running request's reservation, so steps 1–2 never preempt.
// With a manager that reserves up front (kv.setMaxTokens present: ContiguousKvCache) step 3
// registers prompt + output tokens before the first allocation, whose all-or-nothing result
// then decides admission; a running request never needs another block, so step 1 allocates
// nothing and steps 1–2 never preempt.
// After planning, stepStoredTokens = Σ over running requests of the tokens whose KV the step
// leaves in the cache (decodes: the decode tracker's context sum, O(1) for plain decoding; prefills:
// computed + scheduled), and stepReservedTokens the tokens the manager was asked to hold (=
// stored when paged; Σ prompt + output of running requests when reserved up front): the
// inputs of the fragmentation metrics (definitions.md).
// Disaggregated serving (Request.kvHandedOff): a request added with its prompt computed and its
// first token sampled elsewhere, its blocks possibly already held (the handoff reserves them),
// is admitted like a swapped decode — it decodes in its first step, recomputes and copies nothing,
// and its first gap (prefill replica's token → this replica's) is reported by resumedToken.
// A step's outputs: every decode emits one token; a prefill whose chunk completes all known
// tokens samples one token (the first token, or the next one after a recompute).
// Preemption modes (config.preemptionMode). 'recompute' (vLLM v1, the only mode there): the
// victim's blocks are freed, numComputedTokens = 0, and it recomputes prompt + output so far.
// 'swap' (vLLM v0's PreemptionMode.SWAP): the victim's ⌈numComputedTokens / blockSize⌉ blocks
// are copied to host memory and freed on the GPU; numComputedTokens is kept. On re-admission it
// takes blocks for its whole computed length plus its new tokens, the blocks are copied back,
// and it recomputes nothing: a prefill continues its next chunk, a decode rejoins the decode tracker
// at once (no prefill chunk; its token gap spans the preemption and is reported by
// resumedToken). Each copy takes blocks × kvBytesPerBlock / hostLinkBandwidth seconds and stalls
// the step that plans it (vLLM v0 swaps in the step's cache operations before the forward
// pass): stepSwapSeconds is their sum, which the replica adds to the step's duration. A victim
// whose blocks do not fit the remaining host space (swapSpaceBlocks) is recomputed instead.
// Invariants: running = decoding ∪ prefilling, |running| <= maxNumSeqs; every running request
// holds blocks covering its computed tokens; a request admitted by `admissible` always finishes;
// a WAITING request with swappedBlocks > 0 holds that many host blocks and numComputedTokens > 0.
// Multi-sequence requests (numSeqs = k > 1: parallel sampling n, beam width B) are one request
// that prefills its prompt once and then decodes k tokens per step (k decode rows of the same
// context). KV: the prompt's ⌊prompt / blockSize⌋ full blocks are shared by the k sequences; a
// partially filled last prompt block is copied on write at the first decode (k − 1 new blocks
// then), and from there each sequence takes its own block at every block boundary (k blocks per
// crossing). So r holds blocksFor(c) = S + k·⌈(c − S·blockSize) / blockSize⌉ blocks for
// c > prompt computed tokens, S = ⌊prompt / blockSize⌋ (slots() turns this into the token count
// the manager is asked for). maxNumSeqs and the step's sequence count stay per request; the
// token budget is charged k per multi-sequence decode. A recompute after preemption recomputes
// the shared prompt plus one sequence's output (the other beams' KV is taken as rebuilt in the
// same pass — an approximation). With k = 1 every path is the original arithmetic.
// NOTE: the scheduler never reads a clock; instants are passed in and only forwarded to the sink.
// NOTE: a swap copies only the request's own blocks (no sharing) and at full link rate; tp GPUs
// swap their shards in parallel, each over its own link (kvBytesPerBlock is per GPU).

import type { KvCacheManager } from '../kv/index.ts';
import { finalKvTokens, kvSlots, whyNeverFits } from './admissible.ts';
import type { AcceptanceModel } from './acceptance.ts';
import type { DecodeHost, DecodeTracker } from './decode-tracker.ts';
import { LockstepDecodes } from './lockstep-decodes.ts';
import { SpeculativeDecodes } from './speculative-decodes.ts';
import { RequestDeque } from './request-deque.ts';
import { PriorityWaitingQueue, sortVictimsByPriority, worstByPriority, type WaitingQueue } from './priority-queue.ts';
import { addPrefillChunk, sampleToken } from './step-parts.ts';
import { RequestStatus, type Request } from './request.ts';
import { BatchSizeTuner } from './batch-size-tuner.ts';
import type { SchedulerOutput } from '../step/index.ts';

export interface SchedulerConfig {
  maxNumSeqs: number;
  maxNumBatchedTokens: number;
  enableChunkedPrefill: boolean;
  /**
   * 'on-demand' (vLLM, SGLang): blocks are taken as tokens are computed; running out preempts.
   * 'reserve-full' (TensorRT-LLM's default GUARANTEED_NO_EVICT capacity scheduler): a request
   * is admitted only if the blocks for its whole final length (prompt + output − 1) can be set
   * aside next to every running request's own reservation; nothing is ever preempted.
   */
  kvAdmission: 'on-demand' | 'reserve-full';
  /** What preemption does to the victim's KV (see the file comment). Default 'recompute'. */
  preemptionMode?: 'recompute' | 'swap';
  /** Under 'swap': host memory for swapped KV, in blocks (per GPU bytes / kvBytesPerBlock). */
  swapSpaceBlocks?: number;
  /** Under 'swap': seconds to copy one block one way (KV bytes per block per GPU / host-link B/s). */
  swapSecondsPerBlock?: number;
  /** Speculative decoding (speculative-decodes.ts); absent: plain decoding (lockstep-decodes.ts). */
  speculative?: SpeculativeSchedulerConfig;
  /**
   * 'fcfs' (default): the waiting queue in arrival order, preempted requests back at its front,
   * victims latest-arrived first. 'priority' (vLLM --scheduling-policy priority; priority-queue.ts):
   * the waiting queue by (class priority, arrival), victims with the largest (priority, arrival)
   * first — in step 2 among the running prefills only, as the fcfs victim is.
   */
  schedulingPolicy?: 'fcfs' | 'priority';
  /** Under 'priority': each class's priority, by classIndex (lower first; missing: 0). */
  classPriorities?: readonly number[];
  /**
   * TensorRT-LLM's dynamic batch-size tuner (batch-size-tuner.ts): admissions stop at the runtime
   * batch size it derives from the KV pool and the moving-average request length, under maxNumSeqs.
   */
  batchSizeTuning?: boolean;
}

export interface SpeculativeSchedulerConfig {
  /** γ: draft tokens per decoding sequence per step. */
  numSpeculativeTokens: number;
  /** Steps with more decoding requests than this verify no drafts (Infinity: never off). */
  disableAboveBatchSize: number;
  /** Draws each verify's accepted count (from the replica's own stream). */
  acceptance: AcceptanceModel;
}

/** Speculative decoding so far (summary `speculative`, definitions.md). */
export interface SpeculationStats {
  /** Sequence-verifies: Σ over steps that drafted of the decoding sequences verified. */
  verifies: number;
  /** Draft tokens proposed (γ per verify). */
  numDraftTokens: number;
  /** Draft tokens accepted. */
  numAcceptedTokens: number;
  /** Steps with decoding requests in which drafting was on / off (disableAboveBatchSize). */
  speculativeSteps: number;
  plainSteps: number;
}

/** Preemptions by mode and what they cost (summary `kv`, definitions.md). */
export interface PreemptionStats {
  recompute: number;
  swap: number;
  /** Σ numComputedTokens discarded by recompute preemptions: tokens computed again. */
  recomputedTokens: number;
  /** Blocks copied over the host link, swap-outs plus swap-ins. */
  swappedBlocks: number;
  /** Σ of the copies' durations, all on the critical path. */
  swapSeconds: number;
}

/** Prefix caching at admission (summary `kv`, definitions.md). */
export interface PrefixCacheStats {
  /** Σ over admissions that start from no computed tokens of the tokens to prefill (numTokens). */
  queriedTokens: number;
  /** Of those, the tokens served from cached prefix blocks (prefill saved). */
  cachedTokens: number;
}

/** Where the scheduler reports what happened to requests; instants are the caller's. */
export interface RequestEvents {
  scheduled(r: Request, now: number): void;
  firstToken(r: Request, now: number): void;
  /** A token after a preemption: the gap since the request's previous token. */
  resumedToken(r: Request, gapSeconds: number): void;
  finished(r: Request, now: number): void;
  preempted(r: Request, now: number): void;
}

export class Scheduler implements DecodeHost {
  readonly waiting: WaitingQueue;
  /** Under schedulingPolicy 'priority': each class's priority by classIndex; null under 'fcfs'. */
  private readonly priorities: readonly number[] | null;
  /** Running requests still in prefill, in admission order (the running requests decoding are in `decodes`). */
  prefilling: Request[] = [];
  /** The decoding requests: lock-step (plain) or eager (speculative), chosen here once (decode-tracker.ts). */
  readonly decodes: DecodeTracker;
  completedSteps = 0;
  readonly preemption: PreemptionStats = { recompute: 0, swap: 0, recomputedTokens: 0, swappedBlocks: 0, swapSeconds: 0 };
  readonly prefixCache: PrefixCacheStats = { queriedTokens: 0, cachedTokens: 0 };
  /** Speculative decoding's counts; undefined for plain decoding. */
  readonly speculation: SpeculationStats | undefined;
  /** KV slots each request holds beyond its tokens at its end: γ under speculative decoding, else 0. */
  private readonly lookahead: number;
  /** Of the step just planned: seconds of swap copies it waits for (0 under recompute). */
  stepSwapSeconds = 0;
  private readonly swapMode: boolean;
  private readonly swapSecondsPerBlock: number;
  /** Host blocks free for swapped-out KV. */
  private hostFreeBlocks: number;
  private readonly stepPrefills: Request[] = [];
  /** Whether the step being planned preempted (then it admits nothing). */
  private preemptedThisStep = false;
  /** Under 'reserve-full': Σ over running requests of the blocks of their final length. */
  private committedBlocks = 0;
  private readonly finishedBuf: Request[] = [];
  /** Under batchSizeTuning: the moving-average request length that caps admissions; else null. */
  private readonly tuner: BatchSizeTuner | null;
  private readonly victimsBuf: Request[] = [];

  private readonly reserveFull: boolean;
  /** The manager reserves each request's whole length at admission (implements setMaxTokens). */
  private readonly upFront: boolean;
  /** Under upFront: Σ over running requests of their registered maxTokens. */
  private runningMaxTokens = 0;
  /** Of the step just planned: KV tokens stored, and tokens held for running requests. */
  stepStoredTokens = 0;
  stepReservedTokens = 0;

  constructor(
    private readonly config: SchedulerConfig,
    private readonly kv: KvCacheManager,
    private readonly events: RequestEvents,
  ) {
    this.priorities = config.schedulingPolicy === 'priority' ? (config.classPriorities ?? []) : null;
    this.tuner = config.batchSizeTuning === true ? new BatchSizeTuner() : null;
    this.waiting = this.priorities === null ? new RequestDeque() : new PriorityWaitingQueue(this.priorities);
    this.reserveFull = config.kvAdmission === 'reserve-full';
    this.upFront = kv.setMaxTokens !== undefined;
    this.swapMode = config.preemptionMode === 'swap';
    this.swapSecondsPerBlock = config.swapSecondsPerBlock ?? 0;
    this.hostFreeBlocks = this.swapMode ? (config.swapSpaceBlocks ?? 0) : 0;
    this.decodes =
      config.speculative === undefined
        ? new LockstepDecodes(kv, this.upFront, events, this)
        : new SpeculativeDecodes(config.speculative, config.maxNumBatchedTokens, kv, this.upFront, this);
    this.lookahead = this.decodes.lookahead;
    this.speculation = this.decodes.speculation;
  }

  /** Of the step in flight: measured decoding requests whose token gap is the step's span (ITL weight). */
  get stepMeasuredDecodes(): number {
    return this.decodes.stepMeasuredDecodes;
  }

  /** Tokens an up-front manager reserves for r: prompt + max output (see ContiguousKvCache). */
  private maxTokens(r: Request): number {
    return this.slots(r, finalKvTokens(r.numPromptTokens, r.maxOutputTokens, true, this.lookahead));
  }

  /** Blocks of the request's final KV length (prompt + output − 1 tokens). */
  private finalBlocks(r: Request): number {
    return Math.ceil(this.slots(r, finalKvTokens(r.numPromptTokens, r.maxOutputTokens, false, this.lookahead)) / this.kv.blockSize);
  }

  /**
   * The token count to ask the KV manager for so that r's table holds the blocks of `tokens`
   * computed tokens per sequence: `tokens` itself for one sequence or within the prompt, else
   * blocksFor(tokens) × blockSize (see the file comment: shared full prompt blocks, one block
   * per sequence from the partial prompt block on).
   */
  slots(r: Request, tokens: number): number {
    return r.numSeqs === 1 ? tokens : kvSlots(r.numPromptTokens, r.numSeqs, tokens, this.kv.blockSize);
  }

  /** Preemptions so far, of either mode. */
  get numPreemptions(): number {
    return this.preemption.recompute + this.preemption.swap;
  }

  get numRunning(): number {
    return this.decodes.count + this.prefilling.length;
  }

  get numWaiting(): number {
    return this.waiting.length;
  }

  get numOutstanding(): number {
    return this.numRunning + this.waiting.length;
  }

  /**
   * Why a request with these lengths could never complete on this replica, or null if it can.
   * KV must hold prompt + output − 1 tokens at the end (the last token is sampled, not stored).
   */
  admissible(numPromptTokens: number, numOutputTokens: number, numSeqs = 1): string | null {
    return whyNeverFits(this.kv, this.upFront, this.config, numPromptTokens, numOutputTokens, numSeqs, this.lookahead);
  }

  add(r: Request): void {
    this.tuner?.update(r.numPromptTokens, r.maxOutputTokens);
    this.waiting.pushBack(r);
  }

  /** Plans the next step into `shape`; false (shape empty) when there is nothing to run. */
  schedule(now: number, shape: SchedulerOutput): boolean {
    const s = this.completedSteps;
    const kv = this.kv;
    this.preemptedThisStep = false;
    this.stepSwapSeconds = 0;

    // 1. Decodes: their new tokens (one each, 1 + γ under speculative decoding) and KV blocks,
    // preempting when those do not fit (decode-tracker.ts).
    let budget = this.config.maxNumBatchedTokens - this.decodes.plan(now, s, shape);
    let nChunks = 0;

    // 2. Running prefills continue.
    const prefilling = this.prefilling;
    for (let i = 0; i < prefilling.length && budget > 0; ) {
      const r = prefilling[i];
      const chunk = Math.min(r.numTokens - r.numComputedTokens, budget);
      let selfPreempted = false;
      while (kv.allocateSlots(r.id, this.slots(r, r.numComputedTokens + chunk)) === null) {
        const victim = this.priorities === null ? prefilling[prefilling.length - 1] : worstByPriority(prefilling, this.priorities);
        this.preempt(victim, now);
        if (victim === r) {
          selfPreempted = true;
          break;
        }
      }
      if (selfPreempted) break;
      addPrefillChunk(r, chunk, shape, nChunks++, this.stepPrefills);
      budget -= chunk;
      i++;
    }

    // 3. Admit waiting requests FCFS — but not in a step that preempted (vLLM v1 skips the
    // waiting queue then: freed blocks go back to the running requests first).
    const waiting = this.waiting;
    const maxBatched = this.config.maxNumBatchedTokens;
    const maxSeqs = this.tuner === null || waiting.length === 0 ? this.config.maxNumSeqs : this.tuner.cap(kv.numGpuBlocks, kv.blockSize, this.config.maxNumSeqs);
    while (!this.preemptedThisStep && waiting.length > 0 && budget > 0 && this.numRunning < maxSeqs) {
      const r = waiting.front()!;
      // Prefix caching: a request starting from scratch takes its cached prefix blocks first;
      // they count as computed, so only the rest is charged to the budget. Undone if it waits.
      // A session's turn also binds the tokens its blocks will hold when it ends (prompt + output
      // − 1; the prompt alone for multi-sequence requests), cached for the session's next turn.
      const fresh = r.numComputedTokens === 0;
      const cacheable = (r.prefixGroup >= 0 || r.session >= 0) && kv.computeCachedPrefix !== undefined;
      const sessionTokens = r.session < 0 ? 0 : r.numSeqs === 1 ? finalKvTokens(r.numPromptTokens, r.maxOutputTokens, false) : r.numPromptTokens;
      const hit = fresh && cacheable ? kv.computeCachedPrefix!(r.id, r.prefixGroup, r.prefixTokens, r.numTokens, r.session, sessionTokens) : 0;
      r.numComputedTokens = r.numComputedTokens + hit;
      const remaining = r.numTokens - r.numComputedTokens;
      // Without chunking a prompt must fit whole; a recompute longer than any budget is
      // chunked anyway (else it could never resume).
      let fits = !(!this.config.enableChunkedPrefill && remaining <= maxBatched && remaining > budget);
      const chunk = Math.min(remaining, budget);
      const reserve = this.reserveFull ? this.finalBlocks(r) : 0;
      if (fits && reserve > 0 && this.committedBlocks + reserve > kv.numGpuBlocks) fits = false;
      if (fits && this.upFront) kv.setMaxTokens!(r.id, this.maxTokens(r));
      if (fits && kv.allocateSlots(r.id, this.slots(r, r.numComputedTokens + chunk)) === null) fits = false;
      if (!fits) {
        // Undo the cache lookup: its blocks and its binding (a request that waits holds neither).
        if (fresh && cacheable) {
          kv.free(r.id);
          r.numComputedTokens = 0;
        }
        break;
      }
      if (fresh && kv.computeCachedPrefix !== undefined) {
        this.prefixCache.queriedTokens += r.numTokens;
        this.prefixCache.cachedTokens += hit;
      }
      this.committedBlocks += reserve;
      if (this.upFront) this.runningMaxTokens += this.maxTokens(r);
      waiting.popFront();
      // A swapped decode (its KV copied back now) or a handed-off one (its KV moved here from a
      // prefill replica, disaggregated serving): it decodes this step (its block was taken above).
      const kvBack = r.swappedBlocks > 0 || r.kvHandedOff;
      if (r.swappedBlocks > 0) {
        this.swap(r.swappedBlocks);
        this.hostFreeBlocks += r.swappedBlocks;
        r.swappedBlocks = 0;
      }
      r.kvHandedOff = false;
      if (kvBack && r.numOutputTokens > 0 && remaining === 1 && this.decodes.resumeSwapped(r, s, shape)) {
        budget -= r.numSeqs;
        continue;
      }
      r.status = RequestStatus.PREFILLING;
      r.prefillPos = prefilling.length;
      prefilling.push(r);
      addPrefillChunk(r, chunk, shape, nChunks++, this.stepPrefills);
      budget -= chunk;
      if (!r.everScheduled) {
        r.everScheduled = true;
        this.events.scheduled(r, now);
      }
    }
    shape.numPrefillChunks = nChunks;
    let stored = shape.decodeContextSum;
    for (let i = 0; i < prefilling.length; i++) stored += prefilling[i].numComputedTokens + prefilling[i].numScheduledTokens;
    this.stepStoredTokens = stored;
    this.stepReservedTokens = this.upFront ? this.runningMaxTokens : stored;
    return nChunks > 0 || shape.numDecodeSeqs > 0;
  }

  /** One copy of `blocks` blocks over the host link, in the step being planned. */
  private swap(blocks: number): void {
    const seconds = blocks * this.swapSecondsPerBlock;
    this.stepSwapSeconds += seconds;
    this.preemption.swapSeconds += seconds;
    this.preemption.swappedBlocks += blocks;
  }

  /** Applies the outputs of the step that just ended at `now`. Returns output tokens emitted. */
  finishStep(now: number): number {
    const s = ++this.completedSteps;
    const done = this.finishedBuf;
    const emitted = this.decodes.finish(now, s, done);
    for (let i = 0; i < done.length; i++) this.finish(done[i], now);
    done.length = 0;
    return emitted + this.finishPrefills(now, s);
  }

  /** The step's prefill chunks: those that computed every known token sample one. Returns tokens. */
  private finishPrefills(now: number, s: number): number {
    let emitted = 0;
    const chunks = this.stepPrefills;
    let anyLeft = false;
    for (let i = 0; i < chunks.length; i++) {
      const r = chunks[i];
      r.numComputedTokens += r.numScheduledTokens;
      r.numScheduledTokens = 0;
      if (r.numComputedTokens < r.numTokens) continue;
      // All known tokens computed: sample one.
      sampleToken(r, now, this.events);
      emitted += r.numSeqs;
      r.prefillPos = -1;
      anyLeft = true;
      if (r.numOutputTokens >= r.maxOutputTokens) this.finish(r, now);
      else this.decodes.join(r, s);
    }
    chunks.length = 0;
    if (anyLeft) this.compactPrefilling();
    return emitted;
  }

  private finish(r: Request, now: number): void {
    r.status = RequestStatus.FINISHED;
    r.lastTokenAt = now;
    if (this.reserveFull) this.committedBlocks -= this.finalBlocks(r);
    if (this.upFront) this.runningMaxTokens -= this.maxTokens(r);
    this.kv.free(r.id);
    this.events.finished(r, now);
  }

  private compactPrefilling(): void {
    const list = this.prefilling;
    let k = 0;
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (r.status === RequestStatus.PREFILLING) {
        r.prefillPos = k;
        list[k++] = r;
      }
    }
    list.length = k;
  }

  /**
   * vLLM's `running`: every running request, decoding (order unspecified) then prefilling (in
   * admission order), appended to `out`, which is returned. O(running): not for the hot path.
   */
  running(out: Request[] = []): Request[] {
    this.decodes.collect(out);
    for (const r of this.prefilling) out.push(r);
    return out;
  }

  /**
   * Every running request, latest arrival first (ids are in arrival order): the preemption
   * victims in vLLM's order (under 'priority': largest (priority, arrival) first). Fills and
   * returns victimsBuf; the caller empties it when done.
   */
  runningLatestFirst(): Request[] {
    const victims = this.victimsBuf;
    victims.length = 0;
    this.running(victims);
    if (this.priorities !== null) return sortVictimsByPriority(victims, this.priorities);
    victims.sort((a, b) => b.id - a.id);
    return victims;
  }

  /** Preempts r (running) at `now`: its KV is freed (or swapped out) and it goes back to the front of the waiting queue. */
  preempt(r: Request, now: number): void {
    if (r.status === RequestStatus.DECODING) {
      this.decodes.leave(r, this.completedSteps);
      r.lastTokenAt = now; // decodes emitted a token at the end of the previous step, i.e. now
    } else if (r.status === RequestStatus.PREFILLING) {
      const list = this.prefilling;
      list.splice(r.prefillPos, 1);
      for (let i = r.prefillPos; i < list.length; i++) list[i].prefillPos = i;
      r.prefillPos = -1;
      r.numScheduledTokens = 0;
    } else {
      throw new Error('internal: preempting a request that is not running');
    }
    if (this.upFront) this.runningMaxTokens -= this.maxTokens(r);
    this.kv.free(r.id);
    const blocks = Math.ceil(this.slots(r, r.numComputedTokens) / this.kv.blockSize);
    if (this.swapMode && blocks > 0 && blocks <= this.hostFreeBlocks) {
      this.hostFreeBlocks -= blocks;
      r.swappedBlocks = blocks;
      this.swap(blocks);
      this.preemption.swap++;
    } else {
      this.preemption.recomputedTokens += r.numComputedTokens;
      r.numComputedTokens = 0;
      this.preemption.recompute++;
    }
    r.status = RequestStatus.WAITING;
    r.numPreemptions++;
    this.preemptedThisStep = true;
    this.waiting.pushFront(r);
    this.events.preempted(r, now);
  }
}
