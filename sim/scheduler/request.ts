// A request as the scheduler sees it (vLLM's Request, reduced to what timing needs).
// Token accounting follows vLLM v1: numTokens = numPromptTokens + numOutputTokens; a step
// schedules numTokens − numComputedTokens new tokens (1 for a decode, a chunk for a prefill);
// when every known token is computed the step samples one new output token.
// Invariants: 0 <= numComputedTokens <= numTokens; numOutputTokens <= maxOutputTokens.
// NOTE: while DECODING, numComputedTokens and numOutputTokens are *lazy*: every decoding request
// advances by exactly one token per step, so they are derived from the replica's step counter
// (see decode-set.ts) and only written back ("materialised") when the request leaves decoding.

/**
 * Where a request is (vLLM's RequestStatus, with RUNNING split into its two phases): a small
 * integer, compared in the hot loop. PREFILLING and DECODING are both vLLM's RUNNING; a
 * preempted request is WAITING again.
 */
export const RequestStatus = { WAITING: 0, PREFILLING: 1, DECODING: 2, FINISHED: 3 } as const;
export type RequestStatus = (typeof RequestStatus)[keyof typeof RequestStatus];

export class Request {
  status: RequestStatus = RequestStatus.WAITING;
  numComputedTokens = 0;
  numOutputTokens = 0;
  numPreemptions = 0;
  /** Whether the request was ever scheduled (for scheduledAt). */
  everScheduled = false;
  /** Instant of the latest output token (for inter-token gaps across preemptions). */
  lastTokenAt = 0;
  /** Tokens scheduled for this request in the step in flight (prefill chunks only). */
  numScheduledTokens = 0;
  // Lazy decode bookkeeping (decode-set.ts owns these).
  joinStep = 0;
  baseComputed = 0;
  baseOutput = 0;
  finishStep = 0;
  bucket = -1;
  bucketPos = -1;
  generation = 0;
  /** Position in the replica's prefilling list, or -1. */
  prefillPos = -1;
  /** Host blocks holding its KV while swapped out (preemptionMode 'swap'), else 0. */
  swappedBlocks = 0;
  /**
   * Sequences generated in lock-step (parallel sampling n, beam width B; 1 for greedy): each
   * decode step computes numSeqs tokens, and the sequences share the prompt's full KV blocks
   * (see Scheduler.slots for the copy-on-write rule). Token counts stay per sequence.
   */
  numSeqs = 1;
  /** Shared-prefix group (−1: none) and the prefix length in tokens (part of the prompt). */
  prefixGroup = -1;
  prefixTokens = 0;
  /** Multi-turn session (workload.sessions; −1: none): its blocks are cached under the session's key chain. */
  session = -1;
  /** Request class (endpoint): an index into the scenario's classes (scenario/classes.ts). */
  classIndex = 0;
  /** Speculative-decoding class (acceptance.ts), fixed at the first verify; −1: not yet. */
  specClass = -1;
  /**
   * Disaggregated serving: the request's prompt KV (numComputedTokens tokens) was computed on a
   * prefill replica and moved here, its first token already sampled there (numOutputTokens 1).
   * Admitted, it decodes at once, recomputing nothing; cleared at admission (a later recompute
   * preemption recomputes as usual). Set by the handoff, never by the workload.
   */
  kvHandedOff = false;

  constructor(
    readonly id: number,
    readonly arrivedAt: number,
    readonly numPromptTokens: number,
    readonly maxOutputTokens: number,
    /** Counts toward latency metrics (after warm-up). */
    readonly measured: boolean,
  ) {}

  /**
   * A new request with this one's id, arrival, prompt, sequences, prefix group, session and class,
   * nothing computed, allowed `maxOutputTokens` (a retry starting over, a disaggregated prefill leg).
   */
  freshCopy(maxOutputTokens: number = this.maxOutputTokens): Request {
    const r = new Request(this.id, this.arrivedAt, this.numPromptTokens, maxOutputTokens, this.measured);
    r.numSeqs = this.numSeqs;
    r.prefixGroup = this.prefixGroup;
    r.prefixTokens = this.prefixTokens;
    r.session = this.session;
    r.classIndex = this.classIndex;
    return r;
  }

  /** Prompt plus generated tokens (valid when not DECODING). */
  get numTokens(): number {
    return this.numPromptTokens + this.numOutputTokens;
  }
}
