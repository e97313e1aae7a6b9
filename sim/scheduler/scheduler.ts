// The iteration-level scheduler of one replica, with vLLM v1 semantics: there is no separate
// prefill mode; every step gives each running request some new tokens under a token budget
// (maxNumBatchedTokens) and a sequence cap (maxNumSeqs).
//   1. Decoding requests first: one token each (budget >= maxNumSeqs guarantees room). If the
//      blocks they need this step exceed the free pool, the latest-arrived running requests are
//      preempted (recompute: blocks freed, numComputedTokens = 0, back to the *front* of the
//      waiting queue) until the rest fit — the same victims vLLM's sequential loop picks.
//   2. Running requests still in prefill continue, in admission order, with chunks
//      min(remaining, budget); if a chunk's blocks do not fit, the running list's tail (the
//      most recently admitted prefill, possibly the request itself) is preempted.
//   3. Waiting requests are admitted FCFS while budget, maxNumSeqs and blocks allow; the first
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
// leaves in the cache (decodes: computed + 1, from DecodeSet.contextSum in O(1); prefills:
// computed + scheduled), and stepReservedTokens the tokens the manager was asked to hold (=
// stored when paged; Σ prompt + output of running requests when reserved up front): the
// inputs of the fragmentation metrics (definitions.md).
// A step's outputs: every decode emits one token; a prefill whose chunk completes all known
// tokens samples one token (the first token, or the next one after a recompute).
// Preemption modes (config.preemptionMode). 'recompute' (vLLM v1, the only mode there): the
// victim's blocks are freed, numComputedTokens = 0, and it recomputes prompt + output so far.
// 'swap' (vLLM v0's PreemptionMode.SWAP): the victim's ⌈numComputedTokens / blockSize⌉ blocks
// are copied to host memory and freed on the GPU; numComputedTokens is kept. On re-admission it
// takes blocks for its whole computed length plus its new tokens, the blocks are copied back,
// and it recomputes nothing: a prefill continues its next chunk, a decode rejoins the decode set
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
import { DecodeSet } from './decode-set.ts';
import { EagerDecodeSet } from './eager-decode-set.ts';
import { RequestDeque } from './request-deque.ts';
import { addPrefillChunk, sampleToken } from './step-parts.ts';
import { RequestStatus, type Request } from './request.ts';
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
  /** Speculative decoding (see the file comment); absent: plain decoding. */
  speculative?: SpeculativeSchedulerConfig;
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

export class Scheduler {
  readonly waiting = new RequestDeque();
  /** Running requests still in prefill, in admission order. */
  prefilling: Request[] = [];
  readonly decode: DecodeSet;
  completedSteps = 0;
  readonly preemption: PreemptionStats = { recompute: 0, swap: 0, recomputedTokens: 0, swappedBlocks: 0, swapSeconds: 0 };
  readonly prefixCache: PrefixCacheStats = { queriedTokens: 0, cachedTokens: 0 };
  /** Under speculative decoding: the decoding requests (kept eagerly) and the counts; else empty / null. */
  readonly eager = new EagerDecodeSet();
  readonly speculation: SpeculationStats | undefined;
  private readonly spec: SpeculativeSchedulerConfig | null;
  /** Lookahead slots each request needs beyond its tokens: γ under speculative decoding, else 0. */
  private readonly lookahead: number;
  /** Draft tokens per sequence in the step in flight (0: a plain decode step). */
  private stepGamma = 0;
  /** Of the step just planned: seconds of swap copies it waits for (0 under recompute). */
  stepSwapSeconds = 0;
  private readonly swapMode: boolean;
  private readonly swapSecondsPerBlock: number;
  /** Host blocks free for swapped-out KV. */
  private hostFreeBlocks: number;
  /** Swapped-in decodes of the step in flight: their token gap spans the preemption. */
  private readonly stepResumedDecodes: Request[] = [];
  /** Of the step in flight: measured decoding requests (ITL weight) and tokens it will emit. */
  stepMeasuredDecodes = 0;
  private readonly stepPrefills: Request[] = [];
  /** Whether the step being planned preempted (then it admits nothing). */
  private preemptedThisStep = false;
  /** Under 'reserve-full': Σ over running requests of the blocks of their final length. */
  private committedBlocks = 0;
  private readonly finishedBuf: Request[] = [];
  private readonly victimsBuf: Request[] = [];
  /** Multi-sequence requests that joined the decode set since the last plan (copy-on-write due). */
  private readonly joinedMulti: Request[] = [];

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
    this.decode = new DecodeSet(kv.blockSize);
    this.reserveFull = config.kvAdmission === 'reserve-full';
    this.upFront = kv.setMaxTokens !== undefined;
    this.swapMode = config.preemptionMode === 'swap';
    this.swapSecondsPerBlock = config.swapSecondsPerBlock ?? 0;
    this.hostFreeBlocks = this.swapMode ? (config.swapSpaceBlocks ?? 0) : 0;
    this.spec = config.speculative ?? null;
    this.lookahead = this.spec === null ? 0 : this.spec.numSpeculativeTokens;
    this.speculation = this.spec === null ? undefined : { verifies: 0, numDraftTokens: 0, numAcceptedTokens: 0, speculativeSteps: 0, plainSteps: 0 };
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

  /** New blocks the decodes of the coming step need (due at a boundary, or copy-on-write). */
  private decodeBlocksNeeded(): number {
    const due = this.decode.dueForBlock(this.completedSteps);
    if (this.decode.multiCount === 0 && this.joinedMulti.length === 0) return due.length;
    const s = this.completedSteps;
    let need = 0;
    for (let i = 0; i < due.length; i++) {
      const r = due[i];
      need += r.numSeqs === 1 ? 1 : this.kv.numBlocksToAllocate(r.id, this.slots(r, this.decode.numComputed(r, s) + 1));
    }
    for (const r of this.joinedMulti) {
      if (r.status !== RequestStatus.DECODING || r.bucket === (this.kv.blockSize - (s % this.kv.blockSize)) % this.kv.blockSize) continue; // gone, or counted as due
      need += this.kv.numBlocksToAllocate(r.id, this.slots(r, this.decode.numComputed(r, s) + 1));
    }
    return need;
  }

  /** Preemptions so far, of either mode. */
  get numPreemptions(): number {
    return this.preemption.recompute + this.preemption.swap;
  }

  get numRunning(): number {
    return this.decode.count + this.eager.count + this.prefilling.length;
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
    this.waiting.pushBack(r);
  }

  /** Plans the next step into `shape`; false (shape empty) when there is nothing to run. */
  schedule(now: number, shape: SchedulerOutput): boolean {
    const s = this.completedSteps;
    const kv = this.kv;
    const decode = this.decode;
    this.preemptedThisStep = false;
    this.stepSwapSeconds = 0;

    // 1. Decodes: one token each; blocks for those crossing a block boundary.
    // (An up-front reservation already covers every decode: nothing to allocate.)
    // Under speculative decoding: 1 + γ tokens each, planned eagerly (planSpeculativeDecodes).
    const specTokens = this.spec === null ? 0 : this.planSpeculativeDecodes(now, shape);
    if (this.spec === null && !this.upFront) {
      const due = decode.dueForBlock(s);
      if (this.decodeBlocksNeeded() > kv.numFreeBlocks()) this.relieveDecodeShortage(now);
      for (let i = 0; i < due.length; i++) {
        const r = due[i];
        if (kv.allocateSlots(r.id, this.slots(r, decode.numComputed(r, s) + 1)) === null) {
          throw new Error('internal: decode block allocation failed after relief');
        }
      }
      const joined = this.joinedMulti;
      for (let i = 0; i < joined.length; i++) {
        const r = joined[i];
        if (r.status === RequestStatus.DECODING && kv.allocateSlots(r.id, this.slots(r, decode.numComputed(r, s) + 1)) === null) {
          throw new Error('internal: copy-on-write block allocation failed after relief');
        }
      }
    }
    this.joinedMulti.length = 0;
    let budget: number;
    if (this.spec === null) {
      budget = this.config.maxNumBatchedTokens - decode.seqs;
      shape.numDecodeSeqs = decode.seqs;
      shape.decodeContextSum = decode.contextSum(s); // exactly 0 when empty
      this.stepMeasuredDecodes = decode.measuredCount;
    } else {
      budget = this.config.maxNumBatchedTokens - specTokens;
      this.stepMeasuredDecodes = this.eager.measuredCount;
    }
    let nChunks = 0;

    // 2. Running prefills continue.
    const prefilling = this.prefilling;
    for (let i = 0; i < prefilling.length && budget > 0; ) {
      const r = prefilling[i];
      const chunk = Math.min(r.numTokens - r.numComputedTokens, budget);
      let selfPreempted = false;
      while (kv.allocateSlots(r.id, this.slots(r, r.numComputedTokens + chunk)) === null) {
        const victim = prefilling[prefilling.length - 1];
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
    while (!this.preemptedThisStep && waiting.length > 0 && budget > 0 && this.numRunning < this.config.maxNumSeqs) {
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
      if (r.swappedBlocks > 0) {
        this.swap(r.swappedBlocks);
        this.hostFreeBlocks += r.swappedBlocks;
        r.swappedBlocks = 0;
        if (r.numOutputTokens > 0 && remaining === 1 && this.spec === null) {
          // A swapped decode: its KV is back, it decodes this step (its block was taken above).
          this.decode.join(r, s);
          this.stepResumedDecodes.push(r);
          budget -= r.numSeqs;
          continue;
        }
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
    if (this.stepResumedDecodes.length > 0) {
      shape.numDecodeSeqs = decode.seqs;
      shape.decodeContextSum = decode.contextSum(s);
      let resumedMeasured = 0;
      for (const r of this.stepResumedDecodes) if (r.measured) resumedMeasured++;
      this.stepMeasuredDecodes = decode.measuredCount - resumedMeasured;
    }
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

  /**
   * Speculative step 1: every decoding request runs 1 + γ' tokens, γ' = γ unless the step has
   * more decoding requests than disableAboveBatchSize (then 0) or the token budget cannot give
   * every request 1 + γ (then ⌊maxNumBatchedTokens / n⌋ − 1, at least 0 since the budget covers
   * maxNumSeqs); each needs KV slots for numComputedTokens + 1 + γ' (the lookahead slots of
   * rejected drafts stay allocated and are reused by later tokens). A shortage preempts the
   * latest-arrived running requests first, as in plain decoding. Returns the tokens charged.
   */
  private planSpeculativeDecodes(now: number, shape: SchedulerOutput): number {
    const spec = this.spec!;
    const set = this.eager;
    const kv = this.kv;
    let n = set.count;
    let gamma = 0;
    if (n > 0) {
      gamma = n > spec.disableAboveBatchSize ? 0 : Math.max(0, Math.min(spec.numSpeculativeTokens, Math.floor(this.config.maxNumBatchedTokens / n) - 1));
      if (!this.upFront) {
        const list = set.list;
        // A request gains at most ⌈(1 + γ)/blockSize⌉ + 1 blocks in a step: when that many fit for
        // every request, skip counting the exact need (the common case: one pass, not two).
        const bound = n * (Math.ceil((1 + gamma) / kv.blockSize) + 1);
        let need = 0;
        if (bound > kv.numFreeBlocks()) for (let i = 0; i < list.length; i++) need += kv.numBlocksToAllocate(list[i].id, list[i].numComputedTokens + 1 + gamma);
        if (need > kv.numFreeBlocks()) {
          const victims = this.runningLatestFirst();
          for (let v = 0; v < victims.length && need > kv.numFreeBlocks(); v++) {
            const r = victims[v];
            if (r.status === RequestStatus.DECODING) need -= kv.numBlocksToAllocate(r.id, r.numComputedTokens + 1 + gamma);
            this.preempt(r, now);
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
    else if (gamma > 0) this.speculation!.speculativeSteps++;
    else this.speculation!.plainSteps++;
    this.stepGamma = gamma;
    shape.numDecodeSeqs = n;
    shape.decodeQueryTokens = 1 + gamma;
    shape.decodeContextSum = context;
    return n * (1 + gamma);
  }

  /**
   * Speculative outputs: each decoding request emits 1 + accepted tokens (at most what it has
   * left), its KV keeps the verified ones; finished requests leave in id order. Returns tokens.
   */
  private finishSpeculativeDecodes(now: number): number {
    const list = this.eager.list;
    const gamma = this.stepGamma;
    const stats = this.speculation!;
    const acceptance = this.spec!.acceptance;
    const done = this.finishedBuf;
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
    for (let i = 0; i < done.length; i++) {
      this.eager.leave(done[i]);
      this.finish(done[i], now);
    }
    done.length = 0;
    return emitted;
  }

  /** Applies the outputs of the step that just ended at `now`. Returns output tokens emitted. */
  finishStep(now: number): number {
    const s = ++this.completedSteps;
    if (this.spec !== null) return this.finishSpeculativeDecodes(now) + this.finishPrefills(now, s);
    let emitted = this.decode.seqs; // every decode sequence emits one token
    const resumed = this.stepResumedDecodes;
    for (let i = 0; i < resumed.length; i++) {
      this.events.resumedToken(resumed[i], now - resumed[i].lastTokenAt);
    }
    resumed.length = 0;
    const done = this.finishedBuf;
    this.decode.popFinished(s, done);
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
      else if (this.spec !== null) this.eager.join(r);
      else {
        this.decode.join(r, s);
        if (r.numSeqs !== 1) this.joinedMulti.push(r);
      }
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
   * Every running request (decoding, then prefilling), latest arrival first (ids are in arrival
   * order): the preemption victims in vLLM's order. Fills and returns victimsBuf; the caller
   * empties it when done.
   */
  private runningLatestFirst(): Request[] {
    const victims = this.victimsBuf;
    victims.length = 0;
    if (this.spec === null) this.decode.collect(victims);
    else this.eager.collect(victims);
    for (const r of this.prefilling) victims.push(r);
    victims.sort((a, b) => b.id - a.id);
    return victims;
  }

  /** Preempts latest-arrived running requests until the decodes due for a block fit. */
  private relieveDecodeShortage(now: number): void {
    const victims = this.runningLatestFirst();
    for (let i = 0; i < victims.length && this.decodeBlocksNeeded() > this.kv.numFreeBlocks(); i++) {
      this.preempt(victims[i], now);
    }
    victims.length = 0;
  }

  private preempt(r: Request, now: number): void {
    if (r.status === RequestStatus.DECODING) {
      if (this.spec !== null) this.eager.leave(r);
      else this.decode.leave(r, this.completedSteps);
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
