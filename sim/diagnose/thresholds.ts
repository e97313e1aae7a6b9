// The evidence thresholds of the bottleneck rules (rules.ts), each a named constant with why its
// value. A rule's evidence item "passes" when its value reaches its threshold; a rule fires when
// its required items pass, and its severity is its strongest passing ratio value/threshold
// (capped at SEVERITY_CAP) plus rules.ts's SUPPORT_BONUS per further passing signal.
// NOTE: these are judgement calls, not fitted numbers: each says what it separates and why the
// line is drawn there; test/diagnose checks them on scenarios whose bottleneck is known by
// construction.

/** A single signal cannot count for more than 3× its threshold, so one extreme figure does not drown the rest. */
export const SEVERITY_CAP = 3;

/**
 * Preemptions per finished request. vLLM logs a warning at the first preemption; one request in
 * a hundred preempted (and recomputed) already costs a visible share of the step time.
 */
export const PREEMPTIONS_PER_REQUEST = 0.01;

/**
 * Share of the run's time bins in which requests wait while the KV cache is at least KV_FULL_USAGE
 * full: requests held back for blocks (admission waits). One bin in twenty is past noise.
 */
export const KV_BLOCKED_WAITING_SHARE = 0.05;

/** KV usage that counts as full (vLLM preempts at 100%; the watermark and partly filled blocks keep the last few percent out of reach). */
export const KV_FULL_USAGE = 0.9;

/**
 * Reserved-but-unused share of the KV slots (reserve-full admission, contiguous layout): a
 * quarter of the cache held for tokens not yet written is concurrency lost (Kwon et al. 2023 report
 * 60–80% waste in pre-paged systems; paged vLLM under 4%).
 */
export const RESERVED_UNUSED_SHARE = 0.25;

/** Share of replica busy time in the compute-bound regime above which prefill math limits the step. */
export const COMPUTE_SHARE = 0.4;

/**
 * Pearson correlation of a request's TTFT with its prompt length: above 0.5, the prompt's own
 * prefill (not waiting for others) explains most of the TTFT spread — compute-bound prefill.
 */
export const TTFT_PROMPT_CORRELATION = 0.5;

/** Share of busy time in the memory-bound regime above which decode's weight and KV reads limit the step. */
export const MEMORY_SHARE = 0.5;

/** p95 TPOT over the per-request TPOT target: above half of its budget, decode speed matters to the SLO. */
export const TPOT_BUDGET_SHARE = 0.5;

/** p95 TTFT over the per-request TTFT target: above half of its budget, time to first token matters to the SLO. */
export const TTFT_BUDGET_SHARE = 0.5;

/**
 * Mean queue time over mean TTFT: above half, requests spend most of their wait before the
 * scheduler takes them — queueing, not their own prefill.
 */
export const QUEUE_SHARE_OF_TTFT = 0.5;

/**
 * Mean running requests over maxNumSeqs: at 90% the batch slots are full most of the time, so
 * arrivals queue for a slot (the replica is at its concurrency limit).
 */
export const BATCH_SLOTS_FULL = 0.9;

/** Share of replications called overloaded (queue growth, unfinished requests): half of them is no accident. */
export const OVERLOADED_SHARE = 0.5;

/**
 * Share of busy time spent in fixed per-step overhead (scheduling, launches, sampling): above 30%
 * the GPU idles between kernels for a third of every step — typical of tiny models at small batch.
 */
export const OVERHEAD_SHARE = 0.3;

/** Share of busy time spent drafting (speculative decoding): above 20% the draft eats the gain of a typical 1.5–2× acceptance length. */
export const DRAFT_OVERHEAD_SHARE = 0.2;

/** Mean acceptance length (tokens per verify) below which drafting barely pays: 1.5 tokens per step. */
export const MIN_ACCEPTANCE_LENGTH = 1.5;

/** Busiest replica over the mean (busy time, requests or KV): 15% above the mean is one replica doing the work of 1.15. */
export const IMBALANCE_MAX_OVER_MEAN = 1.15;

/** Share of busy time in tensor-parallel collectives above which the interconnect limits the step. */
export const COMMUNICATION_SHARE = 0.25;

/** Mean running requests at or below which a replica is latency-bound (small batches): where speculative decoding pays (vLLM blog 2024-10: gains at QPS 1, losses at high QPS). */
export const SPECULATIVE_MAX_BATCH = 16;

/**
 * Speculative remedy's assumed acceptance: α = 0.7 per draft token for an EAGLE-style head with 3
 * draft tokens. ASSUMPTION, labelled so in every prescription: EAGLE-1 (arXiv:2401.15077) reports
 * per-token acceptance around 0.7–0.8 on MT-bench for its 1-token head; real acceptance depends
 * on the traffic.
 */
export const SPECULATIVE_ASSUMED_ACCEPTANCE = 0.7;
export const SPECULATIVE_TOKENS = 3;

/**
 * Smallest token budget (maxNumBatchedTokens) the token-budget-down remedy goes to: vLLM V0's
 * default budget with chunked prefill; below it a step's GEMMs over a few hundred tokens fall off
 * the compute roofline and prompts take many steps.
 */
export const MIN_TOKEN_BUDGET = 512;

/** The token-budget remedies double (up) or halve (down) maxNumBatchedTokens: one step large enough to move the latencies past noise. */
export const TOKEN_BUDGET_FACTOR = 2;

/** maxNumSeqs-up doubles the batch slots: a step large enough to move the queue past noise, which the KV rule then checks. */
export const MAX_NUM_SEQS_UP_FACTOR = 2;

/**
 * maxNumSeqs-down caps the batch at this fraction of the requests that ran at once: a quarter
 * fewer frees about a quarter of the KV they held, enough to stop most preemptions while the batch
 * stays near its size.
 */
export const MAX_NUM_SEQS_DOWN_FACTOR = 0.75;

/** speculative-off-above-batch switches drafting off above this fraction of the mean running batch: half the steps then decode without drafts. */
export const SPECULATIVE_OFF_BATCH_FRACTION = 0.5;

/** more-replicas adds this fraction of the fleet (at least one replica): half again is one step a planner would price, large enough to show. */
export const MORE_REPLICAS_FRACTION = 0.5;

/** A time-series bin's mean waiting requests at or above which requests counted as waiting in it (half a request: someone waited for half the bin). */
export const WAITING_PRESENT = 0.5;

/** disaggregate splits the replicas this fraction prefill (rounded down), the rest decode: the even split DistServe and vLLM's examples start from; the simulation tells the rest. */
export const DISAGG_PREFILL_FRACTION = 0.5;

/** other-gpu for step overhead: a cheaper GPU with at least this fraction of the memory (half: the model and a working KV cache must still fit; the patch re-checks the fit). */
export const CHEAPER_GPU_MIN_MEMORY_FRACTION = 0.5;

/**
 * Share of a mean decode step that is fixed — the least-squares intercept of decode step time on
 * the running batch, over the mean step: weight streaming and per-step overhead, paid once per
 * step whatever the batch. At half or more the slope is flat (weight-streaming-bound: a larger
 * batch is nearly free, raise maxNumSeqs; FP8 weights halve the fixed part); below half the
 * per-sequence KV reads dominate (KV-read-bound: an FP8 KV cache halves them). The two evidence
 * figures say the same from both sides: seconds per sequence ≥ intercept / mean batch ⇔ fixed
 * share ≤ 1/2.
 */
export const DECODE_FIXED_SHARE = 0.5;

/**
 * Share of the mean TTFT explained by the prompt's length: the least-squares slope of TTFT on
 * prompt tokens times the mean prompt, over the mean TTFT. At half or more the prompt's own
 * prefill (not waiting for others) sets TTFT — compute-bound prefill; the slope in seconds per
 * 1k prompt tokens is the evidence, its threshold the slope at which the share is one half.
 */
export const PROMPT_SHARE_OF_TTFT = 0.5;

/**
 * Utilization of the KV link of disaggregated serving (serialisation seconds / run seconds per
 * link) at which transfers queue: an M/D/1 queue at ρ = 0.5 already waits half a transfer time
 * on average (ρ / (2(1 − ρ))), and the wait grows without bound towards 1.
 */
export const LINK_UTILIZATION = 0.5;

/** Mean wait for the KV link over the mean time on it (W/S): 0.5 is M/D/1's wait at ρ = 0.5 (ρ / (2(1 − ρ))); past it the link's queue, not its speed, delays the decode. */
export const TRANSFER_QUEUE_OVER_SERVICE = 0.5;

/** Mean KV transfer (its wait included) over the mean TTFT (TTFT counts to the KV's landing on the decode replica): a quarter of the time to first token on the link is worth a faster link. */
export const TRANSFER_SHARE_OF_TTFT = 0.25;

/**
 * Longest mean queue time of a pool over the shortest: at twice, requests of one pool wait twice
 * as long as another's for the same traffic — the router feeds the pools out of proportion to
 * their speed (busy time alone misses it: continuous batching keeps every pool busy under load).
 */
export const POOL_QUEUE_MAX_OVER_MIN = 2;

/**
 * Autoscaling: mean p95 TTFT of the windows (summary.windows) that overlap a cold start over that
 * of the other windows. At half again, requests arriving while a replica loads its weights queue
 * visibly longer: the fleet scales up too late for its cold start.
 */
export const COLD_START_TTFT_RATIO = 1.5;

/** Failures: p95 TTFT of requests arriving during a repair over those arriving before the first failure (summary.failures.recovery): half again is a failure the users notice. */
export const RECOVERY_TTFT_RATIO = 1.5;

/** Failures: lost requests over arrived ones (onFailure 'lost'): one in a thousand is past the "three nines" a service promises. */
export const LOST_SHARE = 0.001;

/** The autoscaling remedies halve the target (scale up at half the load per replica) and the decision interval: one step large enough to show. */
export const AUTOSCALE_STEP_FACTOR = 0.5;
