// The stable JSON contract of a run's summary (other tools read it: add fields, never rename).
// Definitions of every field, as formulas over record fields, are in definitions.md.

import type { Seconds } from '../units.ts';
import type { REQUEST_COLUMN_ARRAYS } from './record-store.ts';
import type { CdfPoint } from './latency-cdf.ts';
import type { SloVerdict } from './slo-verdicts.ts';
import type { RoutingSummary } from './routing-balance.ts';
import type { RecoverySummary } from './recovery.ts';
import type { ModelError } from './model-interval.ts';

export interface LatencyStats {
  mean: Seconds;
  p50: Seconds;
  p90: Seconds;
  p95: Seconds;
  p99: Seconds;
  max: Seconds;
}

export interface Summary {
  /** measuredUnfinished: measured requests still unfinished when the run ended (each counts as an SLO miss). */
  requests: { arrived: number; finished: number; rejected: number; measured: number; unfinished: number; measuredUnfinished: number; lost?: number };
  /**
   * The steady-state measurement window (definitions.md): throughput, goodput rate, KV and
   * replica time means, cost and energy are over it. endsAt: 'last-arrival' or 'duration'
   * (stop.durationSeconds), or 'whole-run' when the run has no loaded window (every request
   * arrives at one instant, or warm-up covers every arrival): then [0, run end], and every
   * windowed figure equals its WithDrain figure.
   */
  window: { startSeconds: Seconds; endSeconds: Seconds; endsAt: 'last-arrival' | 'duration' | 'whole-run' };
  ttftSeconds: LatencyStats;
  tpotSeconds: LatencyStats;
  itlSeconds: LatencyStats;
  e2eSeconds: LatencyStats;
  queueSeconds: LatencyStats;
  throughput: { requestsPerSecond: number; inputTokensPerSecond: number; outputTokensPerSecond: number };
  goodput: { requestsPerSecond: number; fractionMeetingSlo: number };
  /** Before the window existed: measured finished requests over first measured arrival → last measured finish (drain included). */
  throughputWithDrain: { requestsPerSecond: number; inputTokensPerSecond: number; outputTokensPerSecond: number };
  goodputWithDrain: { requestsPerSecond: number };
  kv: {
    numGpuBlocks: number;
    meanUsage: number;
    maxUsage: number;
    preemptions: number;
    /** Time-weighted mean of (slots held for running requests − slots stored) / all slots. */
    meanReservedUnusedFraction: number;
    /** Time-weighted mean of (allocated block slots − slots held for requests) / all slots. */
    meanInternalFragmentation: number;
    /** Time-weighted mean number of running requests per replica: the concurrency the KV layout allowed. */
    meanRunning: number;
    /** meanUsage and meanRunning over the whole run, drain included. */
    meanUsageWithDrain: number;
    meanRunningWithDrain: number;
    /** Preemptions that discarded the victim's KV (recompute), and that copied it to host memory (swap). */
    preemptionsRecompute: number;
    preemptionsSwap: number;
    /** Σ computed tokens discarded by recompute preemptions: work done again. */
    recomputedTokens: number;
    /** KV blocks copied over the host link, swap-outs plus swap-ins. */
    swappedBlocks: number;
    /** Σ duration of those copies, all on the step's critical path (seconds of replica time). */
    swapSeconds: number;
    /**
     * Present only when the workload has shared prefixes (workload.sharedPrefix): cached tokens /
     * tokens to prefill, over admissions that start from no computed tokens (0 with caching off).
     */
    prefixCacheHitRate?: number;
    /** Σ tokens served from cached prefix blocks at those admissions: prefill not computed. */
    prefillTokensSaved?: number;
  };
  cost: { gpuHours: number; usdPer1kOutputTokens: number; usdPer1kTokens: number };
  energy: { joulesPerOutputToken: number };
  /** Cost and energy over the whole run, drain included, per token of every finished request. */
  costWithDrain: { gpuHours: number; usdPer1kOutputTokens: number; usdPer1kTokens: number };
  energyWithDrain: { joulesPerOutputToken: number };
  overloaded: boolean;
  /** Present only when overloaded: the evidence that triggered the verdict (only what is true). */
  overloadEvidence?: OverloadEvidence;
  /**
   * Present only with multi-turn sessions (workload.sessions): sessions started, turns sent (first
   * turns included), turns per session, and sessions ended before their drawn turn count.
   */
  sessions?: { started: number; turns: number; meanTurnsPerSession: number; endedByStop: number; endedByContextCap: number; endedByRejection: number; /** Only with failures: sessions whose turn was lost to a replica failure. */ endedByLoss?: number };
  /**
   * Present only for a non-greedy generation strategy: sequences decoded per request, and output
   * tokens per second delivered to users (= throughput.outputTokensPerSecond: n × length for
   * parallel sampling, length for beam search) and generated (numSeqs × length). With per-class
   * generation (workload.classes[i].generation) kind is 'per-class', numSeqs the largest class's,
   * and both rates are sums request by request (each class's figures: summary.classes.<name>.generation).
   */
  generation?: { kind: 'sampling' | 'beam' | 'per-class'; numSeqs: number; deliveredOutputTokensPerSecond: number; generatedOutputTokensPerSecond: number };
  /** Present only with speculative decoding (definitions.md): over every replica and the whole run. */
  speculative?: SpeculativeSummary;
  /**
   * One verdict per SLO target of the scenario (slo-verdicts.ts; [] when it sets none). A run's
   * summary always has it, after every other field; optional only for summaries built by hand.
   * A single run has no interval: ciLow and ciHigh are NaN (null in JSON).
   */
  slo?: { verdicts: SloVerdict[] };
  /**
   * Present only when the scenario declares request classes (workload.classes): per class name,
   * the summary's figures over that class's requests (class-summary.ts; definitions.md).
   */
  classes?: Record<string, ClassSummary>;
  /**
   * Present only when the scenario declares pools: per pool name, its hardware, price, GPU
   * utilization, cost and energy, and the latency and throughput figures of the requests routed
   * to its replicas (pool-summary.ts; definitions.md).
   */
  pools?: Record<string, PoolSummary>;
  /**
   * Present only with disaggregated prefill/decode (scenario.disaggregation): the KV transfers
   * from prefill to decode replicas and the decode admission wait (sim/cluster/disagg.ts;
   * definitions.md, "Disaggregated serving").
   */
  transfers?: TransferSummary;
  /**
   * The run cut into metrics.windowSeconds windows (window-series.ts): per window one row for all
   * classes and, with declared classes, one per class. A run's summary always has it (last).
   */
  windows?: WindowRow[];
  /** Load imbalance across replicas (routing-balance.ts, definitions.md); set by measure for every run. */
  routing?: RoutingSummary;
  /**
   * Present only with hardware.autoscale or failures: the replica counts by state at every instant
   * one changed (from t = 0; a count holds until the next row).
   */
  replicasOverTime?: ReplicaCountPoint[];
  /** Present only with hardware.autoscale (fleet-summary.ts; definitions.md). */
  autoscale?: AutoscaleSummary;
  /** Present only with failures (fleet-summary.ts; definitions.md). */
  failures?: FailuresSummary;
  /**
   * The model-error bands of the headline metrics (model-interval.ts, definitions.md): from the
   * calibration residuals of the rows nearest the scenario, and whether the scenario stays in
   * calibrated territory. Set by runScenario for every run, after every other field.
   */
  modelError?: ModelError;
}

/** summary.replicasOverTime's row: replicas active, starting (cold start), draining and failed from t on. */
export interface ReplicaCountPoint {
  t: Seconds;
  active: number;
  starting: number;
  draining: number;
  failed: number;
}

export interface AutoscaleSummary {
  policy: 'target-concurrency' | 'target-queue' | 'schedule';
  minReplicas: number;
  maxReplicas: number;
  /** The cold start in force: stated, or weight bytes per GPU ÷ storage bandwidth. */
  coldStartSeconds: Seconds;
  /** GPU-seconds held (active + starting + draining + failed replicas × GPUs each) over the run, drain included; cost counts these. */
  gpuSecondsHeld: number;
  /** The same over the measurement window (summary.cost.gpuHours × 3600). */
  gpuSecondsHeldInWindow: number;
  /** The most replicas held at once. */
  peakReplicas: number;
  /** Time-mean of replicas held over the run. */
  meanReplicas: number;
  /** Replicas started (cold) or re-activated from draining. */
  scaleUps: number;
  /** Replicas drained, or whose cold start was cancelled. */
  scaleDowns: number;
  /**
   * The fixed fleet sized for the peak (maxReplicas held over the whole measurement window) and
   * the share of its GPU-seconds, hence of its cost, that autoscaling saved: 1 − gpuSecondsHeldInWindow / gpuSecondsInWindow.
   */
  fixedPeakFleet: { gpuSecondsInWindow: number; savedFraction: number };
}

export interface FailuresSummary {
  onFailure: 'lost' | 'retry';
  /** Each failure as it happened: repairedAt NaN (null) when a draining replica was released instead. */
  events: { /** With pools: the pool's name (replica is then the index within it). */ pool?: string; replica: number; atSeconds: Seconds; repairedAt: Seconds; requestsLost: number; requestsRetried: number }[];
  /** failures.events that found their replica released or already failed. */
  skippedEvents: number;
  requestsLost: number;
  requestsRetried: number;
  /** Latency of requests arriving during a repair window vs before the first failure; absent when no failure happened. */
  recovery?: RecoverySummary;
}

/**
 * One class's figures: the Summary's fields over the class's requests, against the class's SLO.
 * Left out (fleet-wide, not attributable to a class from what the run collects): itlSeconds
 * (decode gaps are folded per step, not per request), kv, overloaded and its evidence,
 * costWithDrain and energyWithDrain. cost and energy are the fleet's windowed cost and energy
 * times `cost.share`, the class's share of the tokens processed (prompt + output) in the window.
 */
export interface ClassSummary {
  requests: Summary['requests'];
  window: Summary['window'];
  ttftSeconds: LatencyStats;
  tpotSeconds: LatencyStats;
  e2eSeconds: LatencyStats;
  queueSeconds: LatencyStats;
  throughput: Summary['throughput'];
  goodput: Summary['goodput'];
  cost: Summary['cost'] & { share: number };
  energy: Summary['energy'];
  throughputWithDrain: Summary['throughputWithDrain'];
  goodputWithDrain: Summary['goodputWithDrain'];
  /** Verdicts on the class's SLO targets (ITL targets left out: no per-class ITL). */
  slo: { verdicts: SloVerdict[] };
  /**
   * KV blocks held by the class's requests (definitions.md, "Per class"): meanUsage = their
   * time-average over the fleet's window / the fleet's blocks (Σ over classes = kv.meanUsage
   * without prefix caching), meanUsageWithDrain over the whole run, maxUsage = the peak on one
   * replica / its blocks.
   */
  kvUsage?: { meanUsage: number; maxUsage: number; meanUsageWithDrain: number };
  /** Present only with per-class generation, for a class whose strategy is not greedy: Summary['generation'] over the class's requests. */
  generation?: Summary['generation'];
}

/** summary.transfers (disaggregated serving): every KV transfer of the run, warm-up included. */
export interface TransferSummary {
  count: number;
  bytes: number;
  /** Ready (prefill done and decode room reserved) → landed on the decode replica: queue + bytes / bandwidth + latency. */
  seconds: LatencyStats;
  /** Ready → the link starts serialising it (FIFO behind earlier transfers). */
  queueSeconds: LatencyStats;
  /** Serialisation seconds / (run seconds × links), in [0, 1]. */
  linkUtilization: number;
  /** Prefill done → the decode replica reserved the prompt's KV blocks (waiting for room). */
  decodeAdmissionWaitSeconds: LatencyStats;
  linkScope: 'per-prefill-replica' | 'shared';
  /** The link's one-way bandwidth (bytes/s; null in JSON for an infinite link) and per-transfer latency. */
  bandwidthBytesPerSecond: number;
  latencySeconds: number;
}

/**
 * One pool's figures (summary.pools): its hardware and price; the mean utilization of its
 * replicas (in the window, and drain included); its own GPU-hours, dollars and energy (its GPUs ×
 * its price over the window, its replicas' busy and idle power); and the Summary's request fields
 * over the requests its replicas served. A rejected request was routed nowhere and counts in no
 * pool; fleet figures are the sums (cost, energy, requests) of the pools'.
 */
export interface PoolSummary {
  /** Disaggregated serving only: the pool's role. */
  role?: 'prefill' | 'decode';
  gpu: string;
  tp: number;
  pp: number;
  replicas: number;
  /** tp × pp × replicas. */
  gpus: number;
  /** GPUs × price per GPU-hour: what the pool costs per hour held. */
  usdPerHour: number;
  /** KV blocks of one replica of the pool. */
  numGpuBlocks: number;
  /**
   * Mean over the pool's replicas of their utilization (busy seconds in the window / its span);
   * with autoscaling or failures, Σ busy seconds / Σ replica-seconds held in the window (a
   * replica counts only while held: cold start and drain included, released or failed not).
   */
  utilization: number;
  utilizationWithDrain: number;
  requests: Summary['requests'];
  ttftSeconds: LatencyStats;
  tpotSeconds: LatencyStats;
  /** Decode gaps of the pool's replicas (measured requests), as the fleet's itlSeconds. */
  itlSeconds: LatencyStats;
  e2eSeconds: LatencyStats;
  queueSeconds: LatencyStats;
  throughput: Summary['throughput'];
  goodput: Summary['goodput'];
  /** The pool's own cost over the window (the whole run, drain included, without a loaded window): usd = gpuHours × price. */
  cost: Summary['cost'] & { usd: number };
  energy: Summary['energy'] & { joules: number };
  throughputWithDrain: Summary['throughputWithDrain'];
  /**
   * Present only with autoscaling or failures: the pool's replica counts by state at every instant
   * one of them changed (summary.replicasOverTime's rows, for this pool; the fleet's are the sums).
   * `replicas` and `gpus` above are then the pool as built (maxReplicas when autoscaled), and
   * cost counts the GPU-seconds the pool actually held.
   */
  replicasOverTime?: ReplicaCountPoint[];
  /** Present only when this pool autoscales (pools[i].hardware.autoscale): summary.autoscale's block, for this pool. */
  autoscale?: AutoscaleSummary;
  /**
   * Disaggregated serving only: what the pool did in its role (cluster/disagg.ts). The request
   * fields above credit every request to the prefill pool it was routed to, whole; these say
   * what each pool's replicas did of it.
   */
  stage?: PoolStageSummary;
}

/**
 * summary.pools.<name>.stage (disaggregated serving). A prefill pool: `prefills`, the prefill legs
 * its replicas completed (warm-up included); `prefillSeconds`, arrival → prefill done on its
 * replica (queue + prompt + first token sampled) of the measured requests whose first token
 * reached the client — TTFT's part before the hand-off (TTFT = it + decode admission wait +
 * transfer); `ttftFraction` = Σ prefillSeconds / Σ TTFT over those requests. A decode pool:
 * `decodes`, the requests whose KV landed on its replicas (warm-up included); `tpotSeconds`,
 * (finish − landing) / (output tokens − 1) of the measured requests it finished with 2+ tokens.
 */
export interface PoolStageSummary {
  prefills?: number;
  prefillSeconds?: LatencyStats;
  ttftFraction?: number;
  decodes?: number;
  tpotSeconds?: LatencyStats;
}

/** Percentiles of one window's latencies; NaN (null in JSON) when the window has no sample. */
export interface WindowPercentiles {
  p50: Seconds;
  p95: Seconds;
  p99: Seconds;
}

/** One window of the run (window-series.ts): all classes (no `class`) or one class. */
export interface WindowRow {
  start: Seconds;
  end: Seconds;
  class?: string;
  arrivals: number;
  completions: number;
  /** Over the finished requests that ARRIVED in the window. */
  ttftSeconds: WindowPercentiles;
  tpotSeconds: WindowPercentiles;
  outputTokensPerSecond: number;
  /**
   * Of the requests that arrived in the window, the fraction that finished meeting the per-request
   * SLO (the class's for a class row); rejected and unfinished ones count as misses. NaN (null)
   * without arrivals.
   */
  goodputFraction?: number;
  /** All-classes rows: the fleet's GPU cost over the window per 1k output tokens emitted in it; NaN (null) without tokens. */
  usdPer1kOutputTokens?: number;
  /**
   * Time-weighted means over the window: all-classes rows, the schedulers' waiting and running
   * requests (fleet-wide); class rows, the class's requests arrived and not yet first scheduled,
   * and first scheduled and not yet finished (window-series.ts).
   */
  queueLength?: number;
  running?: number;
  /** Fleet-wide mean KV usage (all-classes rows only). */
  kvUsage?: number;
}

/** Why a run was called overloaded; each field is present only when it holds. */
export interface OverloadEvidence {
  /** The mean waiting queue over the second and the last quarter of the arrival window, when it grew (overload.ts). */
  queueGrowth?: { earlyWaiting: number; lateWaiting: number };
  /** Requests still unfinished when the run ended (> 0). */
  unfinished?: number;
  /** The drain limit, in seconds after the last arrival, when the run was cut there. */
  drainLimitSeconds?: number;
}

export interface SpeculativeSummary {
  method: 'draft-model' | 'self-speculative' | 'ngram';
  /** γ as configured. */
  numSpeculativeTokens: number;
  /** Accepted / proposed draft tokens. */
  acceptanceRate: number;
  /** 1 + accepted / verifies: tokens a sequence gains per verify step (vLLM's mean acceptance length). */
  meanAcceptanceLength: number;
  /** Proposer seconds / busy seconds: the share of replica time spent drafting. */
  draftOverheadShare: number;
  /** Sequence-verifies, draft tokens proposed and accepted. */
  verifies: number;
  proposedTokens: number;
  acceptedTokens: number;
  /** Of the steps with decoding requests, the fraction that drafted (the rest: disableAboveBatchSize). */
  speculativeStepFraction: number;
}

/** How one replica spent its busy time: shares of step time by roofline regime, in [0, 1]. */
export interface ReplicaReport {
  index: number;
  /** The replica's pool (scenario pools only). */
  pool?: string;
  gpu: string;
  tp: number;
  /** Pipeline stages; present only when > 1 (a replica has tp × pp GPUs). */
  pp?: number;
  /** KV blocks of the replica's whole pool (at pp > 1: the sum over its virtual engines). */
  numGpuBlocks: number;
  steps: number;
  busySeconds: Seconds;
  /** Busy seconds inside the measurement window / its span (at pp > 1: the mean stage utilization). */
  utilization: number;
  /** busySeconds / the whole run, drain included. */
  utilizationWithDrain: number;
  regimeShares: { compute: number; memory: number; communication: number; overhead: number };
  /** The regime with the largest share. */
  dominantRegime: 'compute' | 'memory' | 'communication' | 'overhead';
}

/** One bin of the run's time series (time-weighted means within the bin). */
export interface TimeSeriesPoint {
  /** Start of the bin. */
  tSeconds: Seconds;
  /** Mean fraction of KV blocks in use over the cluster. */
  kvUsage: number;
  /** Output tokens emitted in the bin / bin width. */
  outputTokensPerSecond: number;
  /** Mean number of running / waiting requests over the cluster. */
  running: number;
  waiting: number;
}

/** An array type per column constructor of REQUEST_COLUMN_ARRAYS. */
type ColumnArray<C> = C extends Float64ArrayConstructor ? Float64Array : C extends Int32ArrayConstructor ? Int32Array : C extends Uint8ArrayConstructor ? Uint8Array : never;

/**
 * Per-request outcome columns; index = request id (arrival order). NaN where an instant never
 * happened. The columns, their array types and meanings: REQUEST_COLUMN_ARRAYS (record-store.ts).
 */
export type RequestColumns = {
  count: number;
  /**
   * The ids in the order their records left the run (RequestRecord's emission order), when the
   * columns were filled by a run; requests.csv lists rows in this order (else in id order).
   */
  recordOrder?: Int32Array;
} & { -readonly [K in keyof typeof REQUEST_COLUMN_ARRAYS]: ColumnArray<(typeof REQUEST_COLUMN_ARRAYS)[K]> };

/** One class's curves of RunResult.classLatencyCdf (class-cdf.ts). */
export interface ClassLatencyCdf {
  name: string;
  /** The class's per-request TTFT threshold (its slo.ttftSeconds, resolved). */
  ttftSeconds: number;
  /** The class's E2E targets (slo.e2e), in sloTargets order; empty when it has none. */
  e2eTargets: { percentile: string; target: number }[];
  ttft: CdfPoint[];
  e2e: CdfPoint[];
}

/** Step time by roofline regime, in seconds of the cost model's breakdown. */
export interface RegimeSeconds {
  compute: Seconds;
  memory: Seconds;
  communication: Seconds;
  overhead: Seconds;
}

export interface RunResult {
  scenarioName: string;
  seed: number;
  summary: Summary;
  replicas: ReplicaReport[];
  /** Human-readable notes: dtype fallbacks, rejections, overload. */
  notes: string[];
  timeSeries: { binSeconds: Seconds; points: TimeSeriesPoint[] };
  /**
   * Downsampled CDFs (≤ DEFAULT_CDF_POINTS points each) of TTFT, TPOT and E2E over the summary's
   * populations, from the bounded histograms (each value within their relative error).
   */
  latencyCdf: { ttft: CdfPoint[]; tpot: CdfPoint[]; e2e: CdfPoint[] };
  /**
   * The declared request classes' names, by class index (workload.classes); absent without
   * declared classes. requests.csv's `class` column reads them.
   */
  classNames?: string[];
  /**
   * Per declared class (in class order), downsampled CDFs of TTFT and E2E over the class's
   * summary populations, from the class's bounded histograms (CLASS_HISTOGRAM's relative error),
   * with the class's thresholds for the chart's rules; absent without declared classes.
   */
  classLatencyCdf?: ClassLatencyCdf[];
  /**
   * Every request's record, by id; present only when runScenario was called with
   * `keepRequests: true` (memory grows with the request count; the CLI streams records instead).
   */
  requests?: RequestColumns;
  /**
   * Per replica (index order), its step time by regime in steps that carried a prefill chunk and
   * in decode-only steps (the cost model's breakdown; prefill + decode = the replica's totals).
   * For the step-breakdown chart; not in summary.json.
   */
  stepBreakdown?: { prefill: RegimeSeconds; decode: RegimeSeconds }[];
  simulatedSeconds: Seconds;
  events: number;
  /** ∫ over the run of the number of requests in the system (waiting or running), request·seconds (Little's law: = Σ sojourn times). */
  inSystemSeconds: number;
}
