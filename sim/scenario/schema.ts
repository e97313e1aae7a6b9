// The scenario file format: this zod schema is its only definition. Types are inferred from it,
// `npm run schema` turns it into scenarios/scenario.schema.json for editors, and every field
// carries a description that the JSON Schema and the error messages reuse.
// Variants are `kind`-tagged unions; adding one is one member here, one case in a factory.
// NOTE: catalog names (GPU, model) are plain strings here and are checked against the catalogs
// by resolve.ts, which can suggest the nearest name; the schema stays independent of data.

import { z } from 'zod';
import { DEFAULT_SLO, SloSchema } from './slo-schema.ts';
import { classesWorkloadIssues, requestClassesSchema } from './classes-schema.ts';
import { DailyArrivalSchema, OnOffArrivalSchema, ScheduleArrivalSchema, type TimeVaryingArrivalConfig } from './arrival-schedule-schema.ts';
import { MAX_SEGMENTS_WALKED, segmentsToWalk, timeVaryingCumulative } from './arrival-profile.ts';
import { TraceSchema, traceWorkloadProblems } from './trace-schema.ts';
import { RouterSchema } from './router-schema.ts';
import { poolsSchema } from './pools-schema.ts';
import { AutoscaleSchema } from './autoscale-schema.ts';
import { FailuresSchema } from './failures-schema.ts';
import { DisaggregationSchema } from './disagg-schema.ts';

export { DEFAULT_SLO, SloSchema, type SloConfig } from './slo-schema.ts';
export { TraceSchema, type TraceConfig, type TraceMapping, type TraceRescale } from './trace-schema.ts';

const positiveInt = () => z.number().int().positive();
const fraction = () => z.number().min(0).max(1);
/** No model has a 10M-token context; bigger lengths are typos. */
const MAX_TOKENS = 10_000_000;
const tokenCount = () => positiveInt().max(MAX_TOKENS);
/** The most requests one run may simulate (about a minute of wall time per 10M on one core). */
export const MAX_REQUESTS = 100_000_000;

/** The longest name SAFE_NAME admits (its first character and {0,99} more). */
export const MAX_NAME_LENGTH = 100;
/**
 * A scenario name becomes a folder name, so it is a safe slug: no path separator, no '..' or
 * hidden name, no control character, nothing a shell or a file system treats specially.
 */
export const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;
export const SAFE_NAME_RULE = "a name is 1 to 100 letters, digits, '.', '_' or '-', not starting with '.'";

export const LengthDistributionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('fixed'),
    tokens: tokenCount().describe('Every request has exactly this many tokens.'),
  }).strict(),
  z.object({
    kind: z.literal('uniform'),
    minTokens: tokenCount().describe('Smallest length (inclusive).'),
    maxTokens: tokenCount().describe('Largest length (inclusive).'),
  }).strict().refine((d) => d.maxTokens >= d.minTokens, {
    message: 'maxTokens must be >= minTokens',
    path: ['maxTokens'],
  }),
  z.object({
    kind: z.literal('lognormal'),
    meanTokens: z.number().positive().max(MAX_TOKENS).describe('Mean of the underlying continuous lognormal (tokens).'),
    sigma: z.number().positive().max(4).describe('Standard deviation of log(length); 0.5–1.2 is typical of chat traces.'),
    maxTokens: tokenCount().optional().describe('Optional truncation: lengths above it are redrawn (a truncated distribution, stated, never clipped).'),
  }).strict(),
  z.object({
    kind: z.literal('empirical'),
    tokens: z.array(tokenCount()).min(1).describe('Lengths sampled uniformly with replacement from this list (e.g. from a trace).'),
  }).strict(),
]).describe('A distribution of token counts; every draw is an integer >= 1.');

export const ArrivalSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('poisson'),
    ratePerSecond: z.number().positive().describe('Mean arrival rate (requests/s); exponential inter-arrival times.'),
  }).strict(),
  z.object({
    kind: z.literal('gamma'),
    ratePerSecond: z.number().positive().describe('Mean arrival rate (requests/s).'),
    cv: z.number().positive().max(20).describe('Coefficient of variation of inter-arrival times (1 = Poisson, > 1 bursty).'),
  }).strict(),
  z.object({
    kind: z.literal('constant'),
    ratePerSecond: z.number().positive().describe('Requests arrive exactly 1/rate apart.'),
  }).strict(),
  z.object({
    kind: z.literal('max'),
  }).strict().describe('Every request arrives at t = 0 (offline / "infinite request rate" benchmark mode). Needs stop.numRequests.'),
  z.object({
    kind: z.literal('closed-loop'),
    concurrency: positiveInt().max(1_000_000).describe('Number of clients; each sends its next request when the previous one finishes.'),
    thinkSeconds: z.number().min(0).default(0).describe('Pause between a response and the same client\'s next request.'),
  }).strict(),
  ScheduleArrivalSchema,
  DailyArrivalSchema,
  OnOffArrivalSchema,
]).describe('How requests arrive.');

export const StopSchema = z.object({
  numRequests: positiveInt().max(MAX_REQUESTS).optional().describe('Stop generating after this many requests.'),
  durationSeconds: z.number().positive().optional().describe('Stop generating requests that would arrive at or after this time.'),
}).strict().refine((s) => s.numRequests !== undefined || s.durationSeconds !== undefined, {
  message: 'give stop.numRequests or stop.durationSeconds (or both)',
}).describe('When arrivals stop; the run then drains what was admitted.');

/** Most turns one session may have: its later turns' lengths are drawn when it starts. */
export const MAX_TURNS = 1000;
/** Most replications of one run (simulation.replications, --replications, --max-replications). */
export const MAX_REPLICATIONS = 1000;

const ThinkTimeSchema = z.union([
  z.number().min(0).max(1e6).describe('Every pause lasts exactly this long (seconds).'),
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('exponential'),
      meanSeconds: z.number().positive().max(1e6).describe('Mean pause; exponentially distributed (memoryless).'),
    }).strict(),
    z.object({
      kind: z.literal('lognormal'),
      meanSeconds: z.number().positive().max(1e6).describe('Mean pause (of the lognormal variable).'),
      sigma: z.number().positive().max(4).describe('Standard deviation of log(pause): heavy-tailed human think times, ~1.'),
    }).strict(),
  ]),
]).describe('Pause between a turn\'s last token and the session\'s next turn (seconds): a number, or a distribution.');

/** The largest count a length distribution can draw (Infinity for an untruncated lognormal). */
function maxDraw(d: z.output<typeof LengthDistributionSchema>): number {
  switch (d.kind) {
    case 'fixed':
      return d.tokens;
    case 'uniform':
      return d.maxTokens;
    case 'lognormal':
      return d.maxTokens ?? Infinity;
    case 'empirical':
      return Math.max(...d.tokens);
  }
}

export const SessionsSchema = z.object({
  turns: LengthDistributionSchema.describe(
    `Turns per session, a count >= 1 (the length-distribution kinds; here tokens, minTokens, maxTokens, meanTokens count turns). At most ${MAX_TURNS}; a lognormal needs maxTokens.`,
  ),
  thinkSeconds: ThinkTimeSchema.default(0),
  userTokens: LengthDistributionSchema.optional().describe('New user tokens per later turn (default: promptTokens). Follow-up messages are often shorter than a first prompt.'),
  maxContextTokens: tokenCount().optional().describe(
    'Context cap: a later turn whose prompt + output would exceed it is not sent and its session ends there (a user starting a new chat). ' +
      'First turns are not capped. Default: none — a turn that could never fit the KV cache is rejected (counted) and ends its session.',
  ),
}).strict().refine((s) => maxDraw(s.turns) <= MAX_TURNS, {
  message: `turns must be bounded by ${MAX_TURNS} (a lognormal needs maxTokens <= ${MAX_TURNS})`,
  path: ['turns'],
});

const SharedPrefixSchema = z.object({
  numGroups: positiveInt().max(2 ** 28).describe('Number of distinct shared prefixes (system prompts); each request draws one uniformly (random stream \'prefix\').'),
  tokens: tokenCount().describe('Length of each shared prefix; it is prepended to the drawn prompt length.'),
}).strict();

export const GenerationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('greedy') }).strict().describe('One sequence per request, argmax decoding (the default).'),
  z.object({
    kind: z.literal('sampling'),
    n: positiveInt().max(1024).default(1).describe('Parallel samples per request (vLLM SamplingParams.n): n sequences decoded in lock-step sharing the prompt\'s KV blocks; the user receives n completions, so delivered output tokens = n × length.'),
    samplingOverheadSeconds: z.number().min(0).max(1).optional().describe('Extra cost of sampling (top-k/top-p, penalties) added to every step\'s fixed overhead (roofline cost model).'),
  }).strict().describe('Random sampling: same compute as greedy per token.'),
  z.object({
    kind: z.literal('beam'),
    width: positiveInt().max(1024).describe('Beam width B: B sequences per request decoded in lock-step (B decode tokens per step), sharing the prompt\'s KV blocks copy-on-write; the user receives one sequence.'),
    lengthPenaltyFactor: z.number().gt(0).max(100).optional().describe('Multiplies each request\'s drawn output length (rounded, at least 1): the net effect of a length penalty on where beams end. Default 1.'),
  }).strict().describe('Beam search.'),
]).describe('How each request generates its output (default greedy); applies to every request of the scenario.');

export const WorkloadSchema = z.object({
  arrival: ArrivalSchema.optional().describe('How requests arrive (absent with workload.trace use replay, or when every class has its own arrival).'),
  promptTokens: LengthDistributionSchema.optional().describe('Prompt (input) length per request (absent with workload.trace).'),
  outputTokens: LengthDistributionSchema.optional().describe('Output length per request: it generates exactly this many tokens (absent with workload.trace).'),
  stop: StopSchema.optional().describe('When arrivals stop; optional with workload.trace use replay (the trace\'s end stops it).'),
  trace: TraceSchema.optional(),
  sharedPrefix: SharedPrefixSchema.optional().describe('Requests start with a shared prefix (a system prompt) that prefix caching can reuse.'),
  sessions: SessionsSchema.optional().describe(
    'Multi-turn sessions (chat conversations): the arrival process starts sessions; each later turn of a session arrives thinkSeconds after ' +
      'its previous turn finished, and its prompt is the whole previous turn (prompt + output) followed by newly drawn user tokens ' +
      '(userTokens, default promptTokens; output from outputTokens). If sharedPrefix is set, a session keeps its first turn\'s group. Turn counts, think times and later turns\' lengths come from the random stream \'sessions\', ' +
      'drawn when the session starts. stop.numRequests counts turns; turns that would come after the stop condition are not sent.',
  ),
  classes: requestClassesSchema({ arrival: ArrivalSchema, lengths: LengthDistributionSchema, sharedPrefix: SharedPrefixSchema, sessions: SessionsSchema, generation: GenerationSchema }).optional(),
}).strict().superRefine((w, ctx) => {
  for (const p of traceWorkloadProblems(w)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
  for (const issue of classesWorkloadIssues(w)) ctx.addIssue({ code: 'custom', ...issue });
}).superRefine((w, ctx) => {
  // A repeating schedule with a tiny period over a long run walks billions of empty segments.
  for (const [path, a] of [[['arrival'], w.arrival], ...(w.classes ?? []).map((c, i) => [['classes', i, 'arrival'], c.arrival] as const)] as const) {
    if (a === undefined || !TIME_VARYING.has(a.kind) || w.stop === undefined) continue;
    const walked = segmentsToWalk(a as TimeVaryingArrivalConfig, w.stop);
    if (walked > MAX_SEGMENTS_WALKED) {
      ctx.addIssue({ code: 'custom', path: [...path], message: `its pattern repeats ${walked.toExponential(1)} segments' worth before the run stops (more than ${MAX_SEGMENTS_WALKED.toExponential(0)}): a period this short over a run this long is a typo; lengthen the period or shorten stop.durationSeconds` });
    }
  }
}).refine((w) => w.arrival?.kind !== 'max' || w.stop?.numRequests !== undefined, {
  message: "arrival kind 'max' puts every request at t = 0, so it needs stop.numRequests",
  path: ['stop', 'numRequests'],
}).refine((w) => w.stop?.numRequests !== undefined || [w.arrival, ...(w.classes ?? []).map((c) => c.arrival)].reduce((n: number, a) => n + (a === undefined ? 0 : expectedArrivals(a, w.stop?.durationSeconds ?? 0)), 0) <= MAX_REQUESTS, {
  message: `the arrivals' expected count over durationSeconds (mean rate × duration, or concurrency; summed over the classes' own arrivals) is more than ${MAX_REQUESTS} requests; lower them or set stop.numRequests`,
  path: ['stop', 'durationSeconds'],
});

const TIME_VARYING = new Set(['schedule', 'daily', 'on-off']);

function expectedArrivals(arrival: { kind: string; ratePerSecond?: number; concurrency?: number }, durationSeconds: number): number {
  if (arrival.kind === 'schedule' || arrival.kind === 'daily' || arrival.kind === 'on-off') return timeVaryingCumulative(arrival as TimeVaryingArrivalConfig, durationSeconds);
  if (arrival.ratePerSecond !== undefined) return arrival.ratePerSecond * durationSeconds;
  return arrival.concurrency ?? 0;
}

export const DtypeSchema = z.enum(['fp16', 'bf16', 'fp8', 'nvfp4', 'mxfp4', 'int8', 'int4']);

export const PrecisionSchema = z.object({
  weights: DtypeSchema.default('bf16').describe('Weight storage format (nvfp4 and mxfp4 count their scales: 4.5 and 4.25 bits; int4 is AWQ/GPTQ-style with group-128 scales).'),
  attentionWeights: DtypeSchema.optional().describe('Storage format of the attention projections (QKV/O; MLA q_a/q_b/kv_a/kv_b/o); the MLP uses `weights`. FP4/FP8 hybrid: weights nvfp4, attentionWeights fp8. Default: weights.'),
  activations: DtypeSchema.optional().describe('Activation / GEMM input format (default: fp8 for fp8, nvfp4 and mxfp4 weights; bf16 for int8 and int4 weights, i.e. weight-only W8A16/W4A16; else the weight format).'),
  kvCache: DtypeSchema.optional().describe('KV-cache format (default: fp8 when the attention weights are fp8, nvfp4 or mxfp4; bf16 for int8/int4; else the weight format).'),
}).strict();

export const ModelRefSchema = z.union([
  z.string().min(1).describe('A model id from `sakiyomi models` (e.g. llama-3.1-8b).'),
  z.object({
    hfConfig: z.string().min(1).describe('Path to a Hugging Face config.json, relative to the scenario file.'),
    name: z.string().min(1).optional().describe('Display name (default: the file\'s folder name).'),
  }).strict(),
]);

export const HardwareSchema = z.object({
  gpu: z.string().min(1).describe('GPU id from `sakiyomi gpus` (e.g. h100-sxm).'),
  tp: positiveInt().default(1).describe('Tensor-parallel degree: GPUs per pipeline stage.'),
  pp: positiveInt().max(64).default(1).describe('Pipeline-parallel degree: stages per replica, each holding a contiguous share of the layers (at most the model\'s layers); a replica has tp × pp GPUs.'),
  numReplicas: positiveInt().max(1024).default(1).describe('Identical model instances behind the router (at most 1024).'),
  usdPerGpuHour: z.number().positive().optional().describe('Price override; default from the GPU catalog.'),
  autoscale: AutoscaleSchema.optional(),
}).strict();

export const EngineSchema = z.object({
  preset: z.string().min(1).default('vllm').describe("Serving engine whose defaults fill the fields below: vllm, tensorrt-llm or sglang, optionally with a release (tensorrt-llm@0.20, tensorrt-llm@0.14). A bare engine with fitted releases is its latest fitted release; a release without calibration rows takes the nearest earlier fitted one (noted in the run). Values and sources: sim/scenario/engine-presets.ts and engine-releases.ts."),
  blockSize: positiveInt().max(4096).optional().describe('Tokens per KV block (vLLM 16, TensorRT-LLM 32, SGLang 1); only the sizes the preset\'s engine offers (vLLM 1, 8, 16, 32, 64, 128, 256; TensorRT-LLM powers of two).'),
  maxModelLen: positiveInt().optional().describe("Most tokens (prompt + output) one request may reach (vLLM --max-model-len; default and maximum: the model's max_position_embeddings). A request whose prompt has maxModelLen tokens or more is rejected (counted); output stops at maxModelLen."),
  gpuMemoryUtilization: z.number().gt(0).max(1).optional().describe('Fraction of GPU memory for weights + activations + KV (vLLM 0.9, SGLang mem-fraction-static ≈ 0.88).'),
  kvCacheFreeMemoryFraction: z.number().gt(0).max(1).optional().describe('Size the KV cache as this fraction of the memory left after weights and activations (TensorRT-LLM free_gpu_memory_fraction, 0.9).'),
  maxNumSeqs: positiveInt().optional().describe('Most requests in one step (vLLM max_num_seqs 256, TensorRT-LLM max_batch_size).'),
  maxNumBatchedTokens: positiveInt().optional().describe('Token budget of one step (vLLM max_num_batched_tokens, TensorRT-LLM max_num_tokens).'),
  enableChunkedPrefill: z.boolean().optional().describe('Split long prompts across steps under the token budget.'),
  batchSizeTuning: z.boolean().optional().describe("TensorRT-LLM's dynamic batch-size tuner (DynamicBatchConfig enable_batch_size_tuning; trtllm-bench turns it on for the TensorRT backend): from the moving average of 128 requests' prompt and requested output lengths (here each arrival, once), the batch is capped at the table entry for how many such requests fit the KV pool whole (under 144: 128, where the KV pool decides; under 336: 256; 672: 512; 832: 768; 1280: 1024; 1664: 1536; above: the capacity, or the multiple of 512 below it when within 128 of it); maxNumSeqs still bounds it. Default false. tensorrt-llm presets only, pp 1."),
  kvAdmission: z.enum(['on-demand', 'reserve-full']).optional().describe("'on-demand': blocks as tokens are computed, preempt when out (vLLM); 'reserve-full': admit only if the whole request's KV fits, never preempt (TensorRT-LLM GUARANTEED_NO_EVICT)."),
  kvLayout: z.enum(['paged', 'contiguous']).optional().describe("Default 'paged': KV in blocks taken as tokens are computed (PagedAttention, every modern engine); 'contiguous': each request reserves blocks for its prompt + max output tokens at admission and holds them to the end (FasterTransformer, Orca) — for measuring the fragmentation and lost concurrency paging removes."),
  batching: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('continuous') }).strict().describe('Iteration-level (continuous) batching: requests join and leave the running batch every step (Orca, vLLM, every modern engine).'),
    z.object({
      kind: z.literal('static'),
      maxBatchSize: positiveInt().max(1_000_000).describe('Most requests in one batch (B).'),
      batchTimeoutSeconds: z.number().min(0).max(3600).describe('A partial batch starts once its oldest request has waited this long since arrival.'),
    }).strict().describe('Static (request-level) batching: a batch of up to maxBatchSize requests forms (full, or on the timeout) and runs until its longest member finishes; finished members stay as padded rows and nothing joins mid-batch (FasterTransformer; Triton dynamic batcher).'),
  ]).optional().describe("How requests are batched (default continuous). enableChunkedPrefill applies to both."),
  stepOverheadSeconds: z.number().min(0).max(10).optional().describe('Fixed per-step engine overhead (scheduling, input preparation, sampling).'),
  frontendLatencySeconds: z.number().min(0).max(60).optional().describe('Time from a request\'s arrival to the scheduler\'s queue (HTTP, tokenization, hand-off); adds to TTFT and E2E.'),
  preemptionMode: z.enum(['recompute', 'swap']).optional().describe("What a preempted request loses. 'recompute' (default; the only mode of vLLM v1): its KV blocks are freed and its tokens recomputed on resumption. 'swap' (vLLM v0's preemption_mode='swap'): its KV is copied to host memory over the GPU's host link and copied back on resumption; both copies stall the step."),
  enablePrefixCaching: z.boolean().optional().describe("Automatic prefix caching (vLLM enable_prefix_caching, on by default in v1): full KV blocks of a shared prefix are kept by hash after use and shared by reference count, evicted LRU when unreferenced. Paged layout only; default true there."),
  schedulingPolicy: z.enum(['fcfs', 'priority']).optional().describe("How the waiting queue is ordered (vLLM --scheduling-policy). 'fcfs' (default): arrival order, preemption victims latest-arrived first. 'priority': by (workload.classes[].priority, arrival time), lower first; preemption victims are the running request with the largest (priority, arrival time). vLLM and SGLang only."),
  swapSpaceGiB: z.number().min(0).max(65536).optional().describe("Host memory per GPU for swapped-out KV under preemptionMode 'swap' (vLLM --swap-space, default 4 GiB); a victim that does not fit is recomputed instead."),
}).strict();

export const CostModelSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('roofline'),
    gemmComputeEfficiency: fraction().optional().describe('Achieved fraction of peak tensor FLOP/s for large GEMMs.'),
    memoryBandwidthEfficiency: fraction().optional().describe('Achieved fraction of peak HBM bandwidth.'),
    attentionComputeEfficiency: fraction().optional().describe('Achieved fraction of peak FLOP/s in prefill attention.'),
    stepOverheadSeconds: z.number().min(0).optional().describe('Fixed cost per step (scheduling, launches, sampling).'),
  }).strict(),
  z.object({
    kind: z.literal('constant'),
    stepSeconds: z.number().positive().describe('Every step takes exactly this long, whatever its shape (for analytic checks).'),
  }).strict(),
]).describe('How a step\'s duration is computed.');

const AcceptanceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('constant'),
    rate: fraction().describe('α: each draft token is accepted with this probability, given that every earlier one was (the first rejection ends the run of accepted tokens).'),
  }).strict().describe('One acceptance rate for every position and request.'),
  z.object({
    kind: z.literal('per-position'),
    rates: z.array(fraction()).min(1).max(64).describe('α₁…α_γ: the probability that draft token i is accepted given that tokens 1…i−1 were; exactly numSpeculativeTokens entries.'),
  }).strict().describe('Conditional acceptance rate per draft position (later positions are usually lower).'),
  z.object({
    kind: z.literal('per-class'),
    classes: z.array(z.object({
      name: z.string().min(1).describe('Class label (e.g. code, chat).'),
      weight: z.number().positive().describe('Relative share of requests in this class; a request\'s class is a keyed draw from the seed (name \'spec-class\') on its session id (a multi-turn conversation keeps one class) or else its request id, the same whatever the routing or the engine settings.'),
      rate: fraction().describe('α of this class\'s requests.'),
    }).strict()).min(1).max(64).describe('Request classes with their share and α.'),
  }).strict().describe('Acceptance differs by kind of request (code and summarisation accept more than open chat).'),
]).describe('How many draft tokens the target accepts; each verify step draws the accepted count from the replica\'s own random stream.');

export const SpeculativeSchema = z.object({
  method: z.enum(['draft-model', 'self-speculative', 'ngram']).describe("'draft-model': a smaller catalog model proposes γ tokens with γ forward passes of its own (costed by the same cost model, on the same GPUs, its weights and KV beside the target's); 'self-speculative': EAGLE/MTP-style heads on the target, each draft pass costing draftLayers target layers; 'ngram': prompt-lookup proposals, costing proposalSecondsPerSeq per sequence."),
  numSpeculativeTokens: z.number().int().min(1).max(64).describe('γ: draft tokens proposed per sequence per step; the verify pass runs γ + 1 tokens per sequence through the target (vLLM num_speculative_tokens).'),
  acceptance: AcceptanceSchema,
  draftModel: z.string().min(1).optional().describe("method 'draft-model': the draft's model id from `sakiyomi models` (same vocabulary as the target)."),
  draftLayers: z.number().gt(0).max(64).optional().describe("method 'self-speculative': cost of one draft pass in target decoder layers (EAGLE: 1; default 1)."),
  proposalSecondsPerSeq: z.number().min(0).max(0.1).optional().describe("method 'ngram': host time to propose per sequence per step (default 5e-6 s)."),
  disableAboveBatchSize: positiveInt().optional().describe('Steps with more decoding requests than this decode normally, without drafts (vLLM v0 speculative_disable_by_batch_size). Default: never.'),
}).strict().superRefine((s, ctx) => {
  if (s.method === 'draft-model' && s.draftModel === undefined) ctx.addIssue({ code: 'custom', path: ['draftModel'], message: "method 'draft-model' needs draftModel (a model id, e.g. llama-3.2-1b)" });
  if (s.method !== 'draft-model' && s.draftModel !== undefined) ctx.addIssue({ code: 'custom', path: ['draftModel'], message: `draftModel applies to method 'draft-model' only, not '${s.method}'` });
  if (s.method !== 'self-speculative' && s.draftLayers !== undefined) ctx.addIssue({ code: 'custom', path: ['draftLayers'], message: `draftLayers applies to method 'self-speculative' only, not '${s.method}'` });
  if (s.method !== 'ngram' && s.proposalSecondsPerSeq !== undefined) ctx.addIssue({ code: 'custom', path: ['proposalSecondsPerSeq'], message: `proposalSecondsPerSeq applies to method 'ngram' only, not '${s.method}'` });
  if (s.acceptance.kind === 'per-position' && s.acceptance.rates.length !== s.numSpeculativeTokens) {
    ctx.addIssue({ code: 'custom', path: ['acceptance', 'rates'], message: `per-position acceptance needs one rate per draft token: ${s.numSpeculativeTokens} (numSpeculativeTokens), got ${s.acceptance.rates.length}` });
  }
}).describe('Speculative decoding: a cheap proposer drafts γ tokens, the target verifies them in one pass and keeps the accepted run plus one token of its own.');

export { RouterSchema } from './router-schema.ts';


export const MetricsSchema = z.object({
  warmupSeconds: z.number().min(0).default(0).describe('Requests arriving before this time are excluded from latency metrics.'),
  warmupRequests: z.number().int().min(0).default(0).describe('The first N requests are excluded from latency metrics.'),
  windowSeconds: z.number().positive().finite().optional().describe('Width of the per-window rows of summary.windows and windows.csv (default 60 s; widened by doubling past 2,048 rows).'),
}).strict();

export const PowerSchema = z.object({
  idleFraction: fraction().default(0.15).describe('GPU power when idle, as a fraction of TDP.'),
  busyFraction: fraction().default(0.85).describe('GPU power while a step runs, as a fraction of TDP.'),
}).strict();

export const SimulationSchema = z.object({
  maxDrainSeconds: z.number().positive().optional().describe('After arrivals stop, simulate at most this long before declaring leftovers unfinished (default: the arrival span, at least 600 s).'),
  replications: z.number().int().min(1).max(MAX_REPLICATIONS).optional().describe('Independent replications (seeds seed, seed + 1, …) reported as means with 95% intervals (default 1; `run --replications` overrides).'),
}).strict();

/** Seeds are hashed as decimal text, so exactly the integers that are distinct doubles seed distinct runs (study/seeds.ts). */
const SEED_MESSAGE = 'expected an integer from 0 to 9007199254740991 (2^53 − 1); larger numbers cannot be told apart, so they would not seed distinct runs';

export const ScenarioSchema = z.object({
  $schema: z.string().optional(),
  name: z.string().regex(SAFE_NAME, { message: SAFE_NAME_RULE }).optional().describe(`Report name and the name of its folder (default: the file name). ${SAFE_NAME_RULE}.`),
  description: z.string().optional(),
  seed: z.number().int({ message: SEED_MESSAGE }).min(0, { message: SEED_MESSAGE }).default(0).describe('Root seed of every random stream: an integer from 0 to 2^53 − 1.'),
  model: ModelRefSchema,
  hardware: HardwareSchema,
  pools: poolsSchema({ autoscale: AutoscaleSchema, precision: PrecisionSchema, engine: EngineSchema, costModel: CostModelSchema }).optional(),
  disaggregation: DisaggregationSchema.optional(),
  precision: PrecisionSchema.default({ weights: 'bf16' }),
  engine: EngineSchema.default({ preset: 'vllm' }),
  costModel: CostModelSchema.default({ kind: 'roofline' }),
  router: RouterSchema.default({ kind: 'round-robin' }),
  workload: WorkloadSchema,
  generation: GenerationSchema.optional(),
  speculative: SpeculativeSchema.optional(),
  slo: SloSchema.default(DEFAULT_SLO),
  metrics: MetricsSchema.default({ warmupSeconds: 0, warmupRequests: 0 }),
  power: PowerSchema.default({ idleFraction: 0.15, busyFraction: 0.85 }),
  simulation: SimulationSchema.default({}),
  failures: FailuresSchema.optional(),
}).strict();

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type ScenarioConfig = z.output<typeof ScenarioSchema>;
export type WorkloadConfig = ScenarioConfig['workload'];
export type ArrivalConfig = NonNullable<WorkloadConfig['arrival']>;
export type RequestClassConfig = NonNullable<WorkloadConfig['classes']>[number];
export type LengthDistributionConfig = NonNullable<WorkloadConfig['promptTokens']>;
export type StopConfig = NonNullable<WorkloadConfig['stop']>;
export type SessionsConfig = z.output<typeof SessionsSchema>;
export type ThinkTimeConfig = SessionsConfig['thinkSeconds'];
export type EngineConfig = ScenarioConfig['engine'];
export type CostModelConfig = ScenarioConfig['costModel'];
export type RouterConfig = ScenarioConfig['router'];
export type GenerationConfig = z.output<typeof GenerationSchema>;
export type PrecisionConfig = ScenarioConfig['precision'];
export type PoolConfig = NonNullable<ScenarioConfig['pools']>[number];
export type DisaggregationConfig = NonNullable<ScenarioConfig['disaggregation']>;
export type HardwareConfig = ScenarioConfig['hardware'];
export type SpeculativeConfig = z.output<typeof SpeculativeSchema>;
