// measure: a finished run's RunResult parts — the summary, the replica reports, the run's notes
// on rejections and overload, and the time series — from what the run collected: the folded
// request records, the ITL histogram and time-weighted totals (the collector), each replica's
// counts, and the cluster's counters. The one function run.ts calls after the event loop.
// Invariants: pure; reads only its input (MeasureInput names just the fields it needs, so this
// room does not import cluster/ or scheduler/); O(replicas + time-series bins), independent of
// the number of requests.
// NOTE: the overload verdict: the run was truncated at the drain limit, requests were left
// unfinished, or (open loops) the waiting queue grew while requests arrived (overload.ts); the
// summary's overloadEvidence names exactly the ones that hold.
// NOTE: the steady-state window (window-sums.ts, definitions.md): rates, KV and replica time
// means, cost and energy over it; a replica's busy time inside it is its steps' spans inside it
// (exact for a plain replica); at pp > 1 a micro-batch's span is not stage busy time, so the
// busy seconds are prorated by the share of the replica's micro-batch spans inside the window.
// Classes and windows: with declared classes, summary.classes (class-summary.ts); always,
// summary.windows (window-series.ts), with a note when the windows were widened to stay bounded.
// Pools (fleet.pools): each replica's power, GPU, tp/pp and KV size are its pool's; the fleet's
// gpuCount is Σ pools' GPUs, its price the GPU-weighted mean of the pools' (so the fleet's cost
// is Σ pools' GPUs × price × hours), its numGpuBlocks the mean per replica (KV means are over Σ
// blocks); summary.pools (pool-summary.ts) gives each pool's own figures.

import { classLatencyCdfs } from './class-cdf.ts';
import type { ClassFolds } from './class-folds.ts';
import { classSummaries } from './class-summary.ts';
import { poolSummaries, type PoolFleet, type ReplicaSeconds } from './pool-summary.ts';
import { histogramCdf } from './latency-cdf.ts';
import type { LogHistogram } from './log-histogram.ts';
import { queueGrowth } from './overload.ts';
import type { RequestOutcomes } from './request-outcomes.ts';
import { sloVerdictsOf, type SloTarget } from './slo-verdicts.ts';
import { summarize, type SummaryInput } from './summarize.ts';
import { classOutputTokenSums, perClassGeneration, type ClassGeneration } from './class-generation.ts';
import type { TimeSeries } from './time-series.ts';
import { routingSummary } from './routing-balance.ts';
import type { OverloadEvidence, ReplicaReport, RunResult, SpeculativeSummary, Summary } from './types.ts';
import { WINDOW_CHANNEL, type WindowSums } from './window-sums.ts';
import type { WindowSeries } from './window-series.ts';

/** What measure needs of a replica (cluster's ServingReplica has these fields). */
export interface MeasuredReplica {
  readonly index: number;
  readonly steps: number;
  readonly busySeconds: number;
  readonly totals: { totalSeconds: number; computeSeconds: number; memorySeconds: number; communicationSeconds: number; overheadSeconds: number; draftSeconds: number };
  readonly preemption: { recompute: number; swap: number; recomputedTokens: number; swappedBlocks: number; swapSeconds: number };
  readonly prefixCache: { queriedTokens: number; cachedTokens: number };
  readonly speculation: { verifies: number; numDraftTokens: number; numAcceptedTokens: number; speculativeSteps: number; plainSteps: number } | undefined;
}

/** What measure needs of the collector (cluster's Collector has these fields). */
export interface MeasuredCollector {
  readonly outcomes: RequestOutcomes;
  readonly itl: LogHistogram;
  readonly timeSeries: TimeSeries;
  /** Per replica: Σ used blocks × seconds. */
  readonly kvBlockSeconds: Float64Array;
  /** Per replica: requests routed to it. */
  readonly routedPerReplica: Float64Array;
  readonly maxKvUsage: number;
  /** Per declared class: KV block-seconds, peak usage, and the WindowSums channel of class 0's block level (class k: + k). */
  readonly classKvBlockSeconds: Float64Array;
  readonly classMaxKvUsage: Float64Array;
  readonly classKvChannel: number;
  readonly kvStoredTokenSeconds: number;
  readonly kvReservedTokenSeconds: number;
  readonly runningSeconds: number;
  /** Step levels and token counts over the measurement window and the whole run. */
  readonly window: Pick<WindowSums, 'bounds' | 'inWindow' | 'total'>;
  /** Per declared class (undefined when none are declared). */
  readonly classes: ClassFolds | undefined;
  /** Per scenario pool (undefined without pools): request folds and ITL histograms. */
  readonly pools?: ClassFolds | undefined;
  readonly poolItl?: readonly LogHistogram[] | undefined;
  readonly windowSeries: Pick<WindowSeries, 'rows' | 'windowSeconds' | 'initialWidth' | 'maxWindows'>;
}

export interface MeasureInput {
  collector: MeasuredCollector;
  replicas: readonly MeasuredReplica[];
  /** The cluster's counters: the last arrival and why requests were rejected. */
  cluster: {
    lastArrivalAt: number;
    rejectReasons: ReadonlyMap<string, number>;
    /** When a closed loop stopped after maxRejectionStreak rejections in a row, else NaN. */
    rejectionStreakStoppedAt: number;
    maxRejectionStreak: number;
    /** Requests whose output was cut at maxModelLen, and that limit. */
    lengthCapped: number;
    maxModelLen: number;
  };
  /** How the event loop ended: runSeconds held; truncated at `horizon` (the drain limit). */
  run: { runSeconds: number; truncated: boolean; horizon: number; closedLoop: boolean };
  /** numGpuBlocks: one replica's whole pool (at pp > 1: the sum over its virtual engines). */
  fleet: Omit<PoolFleet, 'name' | 'firstReplica'> & {
    blockSize: number;
    /** Scenario pools, in order (absent without pools): the fields above then describe the whole fleet (see the file comment). */
    pools?: readonly PoolFleet[];
  };
  power: { busyFraction: number; idleFraction: number };
  /** The workload can hit the prefix cache (shared prefixes or sessions): the summary reports it. */
  cacheableWorkload: boolean;
  sessions: { started: number; turns: number; endedByStop: number; endedByContextCap: number; endedByRejection: number; endedByLoss?: number } | null;
  generation: { kind: 'sampling' | 'beam'; numSeqs: number; deliveredSeqs: number } | null;
  /**
   * Per-class generation (workload.classes[i].generation), by class index (null: greedy); needs
   * `classes`. The fleet's output tokens are then summed class by class (classOutputTokenSums).
   */
  classGeneration?: readonly ClassGeneration[];
  speculative: { method: SpeculativeSummary['method']; numSpeculativeTokens: number } | null;
  /**
   * Autoscale / failures (cluster/availability.ts): GPU-seconds held, per replica and fleet-wide,
   * which replace "every GPU for the whole run" in cost and idle energy; and the summary blocks.
   */
  availability?: {
    heldGpuSeconds(from: number, to: number): number;
    replicaHeldSeconds(i: number, from: number, to: number): number;
    replicasOverTime(end: number): NonNullable<Summary['replicasOverTime']>;
    autoscale?: AutoscaleInput;
    failures?: NonNullable<Summary['failures']>;
    /** With pools (fleet.pools), per pool: its held GPU-seconds, replica counts and autoscale block (summary.pools.<name>). */
    pools?: readonly { heldGpuSeconds(from: number, to: number): number; replicasOverTime(end: number): NonNullable<Summary['replicasOverTime']>; autoscale?: AutoscaleInput }[];
  };
  /** The scenario's SLO targets (sloTargets of its slo section): the summary's `slo` verdicts. */
  sloTargets: readonly SloTarget[];
  /** Declared classes' names and SLO targets, by index (the collector's ClassFolds); absent when none are declared. */
  classes?: { names: readonly string[]; sloTargets: readonly (readonly SloTarget[])[] };
}

/** What measure needs of one autoscaler (summary.autoscale less what it computes from held GPU-seconds). */
export type AutoscaleInput = Omit<NonNullable<Summary['autoscale']>, 'gpuSecondsHeld' | 'gpuSecondsHeldInWindow' | 'meanReplicas' | 'fixedPeakFleet'> & { gpusPerReplica: number };

export type Measurement = Pick<RunResult, 'summary' | 'replicas' | 'notes' | 'timeSeries' | 'latencyCdf' | 'classNames' | 'classLatencyCdf'>;

export function measure(input: MeasureInput): Measurement {
  const { collector, cluster, fleet } = input;
  const { runSeconds, truncated, horizon, closedLoop } = input.run;
  const outcomes = collector.outcomes;
  const notes: string[] = [];

  // Unfinished requests and the queue-growth verdict.
  const unfinished = outcomes.unfinished;
  const points = collector.timeSeries.points(runSeconds);
  const binSeconds = collector.timeSeries.binSeconds;
  const growth = closedLoop ? null : queueGrowth(points, binSeconds, cluster.lastArrivalAt, outcomes.arrived);
  const overloaded = truncated || unfinished > 0 || (growth !== null && growth.growing);
  if (cluster.rejectReasons.size > 0) {
    for (const [why, n] of cluster.rejectReasons) notes.push(`rejected ${n} request(s): ${why}`);
    if (!Number.isNaN(cluster.rejectionStreakStoppedAt)) {
      notes.push(`stopped sending follow-up requests at t = ${cluster.rejectionStreakStoppedAt.toFixed(3)} s after ${cluster.maxRejectionStreak} rejections in a row: the workload's requests cannot be served on this configuration`);
    }
  }
  if (cluster.lengthCapped > 0) notes.push(`${cluster.lengthCapped} request(s) stopped at maxModelLen (${cluster.maxModelLen} tokens of prompt + output): their output was cut there`);
  if (unfinished > 0) {
    notes.push(
      `${unfinished} request(s) still unfinished ${truncated ? `when the drain limit (${(horizon - cluster.lastArrivalAt).toFixed(0)} s after the last arrival) was reached` : 'at the end'}`,
    );
  }
  if (growth !== null && growth.growing) {
    notes.push(
      `the waiting queue grew from ${growth.early.toFixed(1)} to ${growth.late.toFixed(1)} requests on average while requests arrived: the offered load exceeds capacity`,
    );
  }

  // Drain-inclusive rates: first measured arrival → last measured finish (whole run if none).
  let drainStart = outcomes.windowStart;
  let drainEnd = outcomes.windowEnd;
  if (!(drainEnd > drainStart)) {
    drainStart = 0;
    drainEnd = runSeconds;
  }

  // The steady-state window: warm-up → last arrival (or stop duration); the whole run if empty.
  const win = collector.window;
  const bounds = win.bounds();
  const loaded = Number.isFinite(bounds.startSeconds) && bounds.endSeconds > bounds.startSeconds;
  const window: Summary['window'] = loaded ? bounds : { startSeconds: 0, endSeconds: runSeconds, endsAt: 'whole-run' };
  const span = window.endSeconds - window.startSeconds;
  if (!loaded && outcomes.arrived > 0) {
    notes.push('no loaded measurement window (every request arrives at one instant, or warm-up covers every arrival): rates, cost and energy are over the whole run, drain included');
  }

  const { tp, pp, numGpuBlocks, numReplicas } = fleet;
  const gpusPerReplica = tp * pp;
  const wattsPerReplica = gpusPerReplica * fleet.tdpWatts;
  // Per replica: its pool's hardware (the fleet's without pools).
  const poolOf = poolIndex(fleet.pools, numReplicas);
  const one: PoolFleet = { name: '', gpuId: fleet.gpuId, tdpWatts: fleet.tdpWatts, usdPerGpuHour: fleet.usdPerGpuHour, tp, pp, numReplicas, numGpuBlocks, firstReplica: 0 };
  const poolFleets = fleet.pools ?? [one];
  const poolEnergy = poolFleets.map(() => 0);
  const poolWindowEnergy = poolFleets.map(() => 0);
  const gpuCount = fleet.pools === undefined ? gpusPerReplica * numReplicas : fleet.pools.reduce((n, p) => n + p.tp * p.pp * p.numReplicas, 0);
  const { busyFraction, idleFraction } = input.power;
  /** GPU-seconds held over [from, to] under autoscale or failures (else gpuCount throughout: undefined). */
  const gpuSecondsHeld = input.availability === undefined ? undefined : (from: number, to: number): number => input.availability!.heldGpuSeconds(from, to);
  /** GPUs held on average over [from, to] (gpuCount without autoscale or failures). */
  const heldGpuCount = (from: number, to: number): number =>
    input.availability === undefined || !(to > from) ? gpuCount : input.availability.heldGpuSeconds(from, to) / (to - from);
  // Pools under autoscaling or failures: dollars are Σ pools' held GPU-seconds × their own price
  // (the fleet's mean price weights the pools as built, not as held).
  const avPools = fleet.pools === undefined ? undefined : input.availability?.pools;
  const usdHeld =
    avPools === undefined ? undefined : (from: number, to: number): number => avPools.reduce((usd, p, k) => usd + (p.heldGpuSeconds(from, to) * poolFleets[k].usdPerGpuHour) / 3600, 0);
  /** Dollars per hour held on average over [from, to]. */
  const heldUsdPerHour = (from: number, to: number): number =>
    usdHeld === undefined || !(to > from) ? heldGpuCount(from, to) * fleet.usdPerGpuHour : (usdHeld(from, to) * 3600) / (to - from);
  let energyJoules = 0;
  let windowEnergyJoules = 0;
  let kvBlockSeconds = 0;
  let queriedTokens = 0;
  let cachedTokens = 0;
  const byMode = { recompute: 0, swap: 0, recomputedTokens: 0, swappedBlocks: 0, swapSeconds: 0 };
  // Under autoscaling or failures: each replica's busy and held seconds (its pool's utilization).
  const replicaSeconds: ReplicaSeconds[] = [];
  const replicas: ReplicaReport[] = input.replicas.map((r) => {
    const k = poolOf[r.index];
    const p = poolFleets[k];
    const watts = fleet.pools === undefined ? wattsPerReplica : p.tp * p.pp * p.tdpWatts;
    const av = input.availability;
    const heldSeconds = av === undefined ? runSeconds : av.replicaHeldSeconds(r.index, 0, runSeconds);
    const idle = Math.max(0, heldSeconds - r.busySeconds);
    // At pp > 1 busySeconds is the mean stage busy time, so tp·pp GPUs at that mean is exact.
    const joules = watts * (r.busySeconds * busyFraction + idle * idleFraction);
    energyJoules += joules;
    poolEnergy[k] += joules;
    const channel = WINDOW_CHANNEL.stepSpan + r.index;
    const stepSpans = win.total(channel);
    const busyInWindow = p.pp === 1 ? win.inWindow(channel) : stepSpans > 0 ? (r.busySeconds * win.inWindow(channel)) / stepSpans : 0;
    const heldInWindow = av === undefined ? span : av.replicaHeldSeconds(r.index, window.startSeconds, window.endSeconds);
    const windowJoules = watts * (busyInWindow * busyFraction + Math.max(0, heldInWindow - busyInWindow) * idleFraction);
    windowEnergyJoules += windowJoules;
    poolWindowEnergy[k] += windowJoules;
    kvBlockSeconds += collector.kvBlockSeconds[r.index];
    byMode.recompute += r.preemption.recompute;
    byMode.swap += r.preemption.swap;
    byMode.recomputedTokens += r.preemption.recomputedTokens;
    byMode.swappedBlocks += r.preemption.swappedBlocks;
    byMode.swapSeconds += r.preemption.swapSeconds;
    queriedTokens += r.prefixCache.queriedTokens;
    cachedTokens += r.prefixCache.cachedTokens;
    if (av !== undefined) {
      replicaSeconds[r.index] = loaded ? { busyInWindow, heldInWindow, busy: r.busySeconds, held: heldSeconds } : { busyInWindow: r.busySeconds, heldInWindow: heldSeconds, busy: r.busySeconds, held: heldSeconds };
    }
    // Utilization is over the time the replica was held (all of it without autoscaling or failures).
    const report = replicaReport(r, p.gpuId, p.tp, p.pp, p.numGpuBlocks, heldSeconds, loaded ? (heldInWindow > 0 ? busyInWindow / heldInWindow : 0) : Number.NaN);
    return fleet.pools === undefined ? report : { ...report, pool: p.name };
  });

  // KV time means over the window (over the whole run when there is none; definitions.md).
  const perReplicaSecond = (x: number, seconds: number): number => (seconds > 0 ? x / (numReplicas * seconds) : 0);
  const slotFraction = (x: number, seconds: number): number => {
    const slotSeconds = numGpuBlocks * fleet.blockSize * numReplicas * seconds;
    return slotSeconds > 0 ? Math.max(0, x) / slotSeconds : 0;
  };
  const meanUsageWithDrain = perReplicaSecond(kvBlockSeconds, runSeconds) / numGpuBlocks;
  const meanRunningWithDrain = perReplicaSecond(collector.runningSeconds, runSeconds);
  const kvTimeMeans = loaded
    ? {
        meanUsage: perReplicaSecond(win.inWindow(WINDOW_CHANNEL.kvBlockSeconds), span) / numGpuBlocks,
        meanReservedUnusedFraction: slotFraction(win.inWindow(WINDOW_CHANNEL.kvReservedTokenSeconds) - win.inWindow(WINDOW_CHANNEL.kvStoredTokenSeconds), span),
        meanInternalFragmentation: slotFraction(win.inWindow(WINDOW_CHANNEL.kvBlockSeconds) * fleet.blockSize - win.inWindow(WINDOW_CHANNEL.kvReservedTokenSeconds), span),
        meanRunning: perReplicaSecond(win.inWindow(WINDOW_CHANNEL.runningSeconds), span),
      }
    : {
        meanUsage: meanUsageWithDrain,
        meanReservedUnusedFraction: slotFraction(collector.kvReservedTokenSeconds - collector.kvStoredTokenSeconds, runSeconds),
        meanInternalFragmentation: slotFraction(kvBlockSeconds * fleet.blockSize - collector.kvReservedTokenSeconds, runSeconds),
        meanRunning: meanRunningWithDrain,
      };

  const evidence: OverloadEvidence = {};
  if (growth !== null && growth.growing) evidence.queueGrowth = { earlyWaiting: growth.early, lateWaiting: growth.late };
  if (unfinished > 0) evidence.unfinished = unfinished;
  if (truncated) evidence.drainLimitSeconds = horizon - cluster.lastArrivalAt;

  const perClass = input.classGeneration !== undefined && collector.classes !== undefined ? input.classGeneration : undefined;
  const sums = perClass === undefined ? undefined : classOutputTokenSums(perClass, collector.classes!, loaded ? win : null);
  const g: SummaryInput['generation'] | null = perClass === undefined ? input.generation : perClassGeneration(perClass);
  const summary = summarize({
    outcomes,
    itl: collector.itl,
    window,
    inWindow: loaded
      ? {
          finished: win.inWindow(WINDOW_CHANNEL.finished),
          promptTokens: win.inWindow(WINDOW_CHANNEL.promptTokens),
          generatedOutputTokens: win.inWindow(WINDOW_CHANNEL.outputTokens),
          energyJoules: windowEnergyJoules,
        }
      : null,
    drainWindow: { startSeconds: drainStart, endSeconds: drainEnd },
    kv: {
      numGpuBlocks,
      meanUsage: kvTimeMeans.meanUsage,
      maxUsage: collector.maxKvUsage,
      preemptions: byMode.recompute + byMode.swap,
      meanReservedUnusedFraction: kvTimeMeans.meanReservedUnusedFraction,
      meanInternalFragmentation: kvTimeMeans.meanInternalFragmentation,
      meanRunning: kvTimeMeans.meanRunning,
      meanUsageWithDrain,
      meanRunningWithDrain,
      preemptionsRecompute: byMode.recompute,
      preemptionsSwap: byMode.swap,
      recomputedTokens: byMode.recomputedTokens,
      swappedBlocks: byMode.swappedBlocks,
      swapSeconds: byMode.swapSeconds,
      // Only for a workload with shared prefixes or sessions, so other summaries keep their shape.
      ...(!input.cacheableWorkload ? {} : { prefixCacheHitRate: queriedTokens > 0 ? cachedTokens / queriedTokens : 0, prefillTokensSaved: cachedTokens }),
    },
    gpuCount,
    usdPerGpuHour: fleet.usdPerGpuHour,
    runSeconds,
    ...(gpuSecondsHeld === undefined ? {} : { gpuSecondsHeld }),
    ...(usdHeld === undefined ? {} : { usdHeld }),
    ...(input.availability?.failures === undefined ? {} : { showLost: true }),
    energyJoules,
    overloaded,
    ...(overloaded ? { overloadEvidence: evidence } : {}),
    ...sessionsSummary(input.sessions, input.availability?.failures !== undefined),
    ...(g === null ? {} : { generation: g }),
    ...(sums === undefined ? {} : { outputTokenSums: sums }),
    ...(input.speculative === null ? {} : { speculative: speculativeSummary(input.speculative, input.replicas) }),
  });
  const samples = { ttft: outcomes.ttft.count, tpot: outcomes.tpot.count, e2e: outcomes.e2e.count, itl: collector.itl.count };
  summary.slo = { verdicts: sloVerdictsOf(summary, input.sloTargets, (metric) => samples[metric]) };
  if (input.classes !== undefined && collector.classes !== undefined) {
    summary.classes = classSummaries({
      names: input.classes.names,
      sloTargets: input.classes.sloTargets,
      folds: collector.classes,
      window: win,
      summaryWindow: window,
      loaded,
      energyJoules: loaded ? windowEnergyJoules : energyJoules,
      gpuCount,
      ...(gpuSecondsHeld === undefined ? {} : { gpuSecondsHeld }),
      // The held-weighted mean price (the fleet's price without pools under autoscaling).
      usdPerGpuHour: usdHeld === undefined ? fleet.usdPerGpuHour : heldUsdPerHour(window.startSeconds, window.endSeconds) / heldGpuCount(window.startSeconds, window.endSeconds),
      runSeconds,
      kvUsage: input.classes.names.map((_, k) => ({
        meanUsage: loaded ? perReplicaSecond(win.inWindow(collector.classKvChannel + k), span) / numGpuBlocks : perReplicaSecond(collector.classKvBlockSeconds[k], runSeconds) / numGpuBlocks,
        maxUsage: collector.classMaxKvUsage[k],
        meanUsageWithDrain: perReplicaSecond(collector.classKvBlockSeconds[k], runSeconds) / numGpuBlocks,
      })),
      ...(perClass !== undefined ? { classGeneration: perClass } : g === null ? {} : { generation: g }),
    });
  }
  // KV usage per replica as a fraction of its own pool (pools differ in blocks per replica).
  const kvUsageSeconds = Array.from(collector.kvBlockSeconds, (blockSeconds, i) => blockSeconds / Math.max(1, replicas[i].numGpuBlocks));
  summary.routing = routingSummary(collector.routedPerReplica, input.replicas.map((r) => r.busySeconds), kvUsageSeconds);
  if (fleet.pools !== undefined && collector.pools !== undefined) {
    summary.pools = poolSummaries({
      pools: fleet.pools,
      folds: collector.pools,
      ...(collector.poolItl === undefined ? {} : { itl: collector.poolItl }),
      window: win,
      summaryWindow: window,
      loaded,
      runSeconds,
      replicas,
      windowEnergyJoules: poolWindowEnergy,
      energyJoules: poolEnergy,
      ...(g === null ? {} : { generation: g }),
      ...(avPools === undefined ? {} : { replicaSeconds }),
      ...(avPools === undefined ? {} : { held: avPools.map((p) => ({ gpuSeconds: (a: number, b: number) => p.heldGpuSeconds(a, b), replicasOverTime: p.replicasOverTime(runSeconds), ...(p.autoscale === undefined ? {} : { autoscale: autoscaleSummary(p.autoscale, p.heldGpuSeconds, window, runSeconds) }) })) }),
    });
  }
  const series = collector.windowSeries;
  // The fleet's GPU cost rate over each window's output-token rate (all-classes rows).
  summary.windows = series.rows(runSeconds).map((row) => {
    if (row.class !== undefined) return row;
    const usdPerSecond = heldUsdPerHour(row.start, row.end) / 3600;
    return { ...row, usdPer1kOutputTokens: row.outputTokensPerSecond > 0 ? (usdPerSecond / row.outputTokensPerSecond) * 1000 : NaN };
  });
  const av = input.availability;
  if (av !== undefined) {
    summary.replicasOverTime = av.replicasOverTime(runSeconds);
    if (av.autoscale !== undefined) summary.autoscale = autoscaleSummary(av.autoscale, (a, b) => av.heldGpuSeconds(a, b), window, runSeconds);
    if (av.failures !== undefined) summary.failures = av.failures;
  }
  if (series.windowSeconds > series.initialWidth) {
    notes.push(`windows widened from ${series.initialWidth} s to ${series.windowSeconds} s to keep at most ${series.maxWindows} windows (metrics.windowSeconds)`);
  }

  return {
    summary,
    replicas,
    notes,
    timeSeries: { binSeconds: collector.timeSeries.binSeconds, points },
    latencyCdf: { ttft: histogramCdf(outcomes.ttft), tpot: histogramCdf(outcomes.tpot), e2e: histogramCdf(outcomes.e2e) },
    ...(input.classes === undefined || collector.classes === undefined
      ? {}
      : { classNames: [...input.classes.names], classLatencyCdf: classLatencyCdfs(input.classes.names, input.classes.sloTargets, collector.classes) }),
  };
}

/** summary.autoscale (or one pool's): the policy's block with the GPU-seconds held over the run and the window. */
function autoscaleSummary(a: AutoscaleInput, heldGpuSeconds: (from: number, to: number) => number, window: Summary['window'], runSeconds: number): NonNullable<Summary['autoscale']> {
  const { gpusPerReplica: g, ...rest } = a;
  const held = heldGpuSeconds(0, runSeconds);
  const heldInWindow = heldGpuSeconds(window.startSeconds, window.endSeconds);
  // The fixed fleet sized for the peak: maxReplicas held over the whole window.
  const fixed = rest.maxReplicas * g * (window.endSeconds - window.startSeconds);
  return {
    ...rest,
    gpuSecondsHeld: held,
    gpuSecondsHeldInWindow: heldInWindow,
    meanReplicas: runSeconds > 0 ? held / g / runSeconds : 0,
    fixedPeakFleet: { gpuSecondsInWindow: fixed, savedFraction: fixed > 0 ? 1 - heldInWindow / fixed : 0 },
  };
}

/** Each replica's pool index (all 0 without pools). */
function poolIndex(pools: readonly PoolFleet[] | undefined, numReplicas: number): Uint16Array {
  const out = new Uint16Array(numReplicas);
  pools?.forEach((p, k) => out.fill(k, p.firstReplica, p.firstReplica + p.numReplicas));
  return out;
}

/** The summary's `sessions` field, present only with workload.sessions. */
function sessionsSummary(s: MeasureInput['sessions'], withFailures: boolean): { sessions?: NonNullable<Summary['sessions']> } {
  if (s === null) return {};
  return {
    sessions: {
      started: s.started,
      turns: s.turns,
      meanTurnsPerSession: s.started > 0 ? s.turns / s.started : 0,
      endedByStop: s.endedByStop,
      endedByContextCap: s.endedByContextCap,
      endedByRejection: s.endedByRejection,
      // Only with failures, so other summaries keep their shape.
      ...(withFailures ? { endedByLoss: s.endedByLoss ?? 0 } : {}),
    },
  };
}

/** Speculative decoding's figures over every replica and the whole run (definitions.md). */
export function speculativeSummary(config: NonNullable<MeasureInput['speculative']>, replicas: readonly MeasuredReplica[]): SpeculativeSummary {
  let verifies = 0;
  let proposed = 0;
  let accepted = 0;
  let on = 0;
  let off = 0;
  let draftSeconds = 0;
  let busySeconds = 0;
  for (const r of replicas) {
    const s = r.speculation;
    if (s !== undefined) {
      verifies += s.verifies;
      proposed += s.numDraftTokens;
      accepted += s.numAcceptedTokens;
      on += s.speculativeSteps;
      off += s.plainSteps;
    }
    draftSeconds += r.totals.draftSeconds;
    busySeconds += r.busySeconds;
  }
  return {
    method: config.method,
    numSpeculativeTokens: config.numSpeculativeTokens,
    acceptanceRate: proposed > 0 ? accepted / proposed : 0,
    meanAcceptanceLength: verifies > 0 ? 1 + accepted / verifies : 0,
    draftOverheadShare: busySeconds > 0 ? draftSeconds / busySeconds : 0,
    verifies,
    proposedTokens: proposed,
    acceptedTokens: accepted,
    speculativeStepFraction: on + off > 0 ? on / (on + off) : 0,
  };
}

/**
 * busySeconds at pp > 1 is the mean stage busy time, so utilizationWithDrain is the mean stage
 * utilization Σ_s busy_s / (pp × heldSeconds) and utilization its share inside the window (NaN in:
 * no window, so the drain-inclusive one); heldSeconds is the run's length unless autoscaling or
 * failures held the replica for less. The regime shares are over the summed stage times,
 * overheads and transfers of the whole run.
 */
function replicaReport(r: MeasuredReplica, gpu: string, tp: number, pp: number, numGpuBlocks: number, heldSeconds: number, windowUtilization: number): ReplicaReport {
  const utilizationWithDrain = heldSeconds > 0 ? r.busySeconds / heldSeconds : 0;
  const t = r.totals;
  const total = t.totalSeconds > 0 ? t.totalSeconds : 1;
  const shares = {
    compute: t.computeSeconds / total,
    memory: t.memorySeconds / total,
    communication: t.communicationSeconds / total,
    overhead: t.overheadSeconds / total,
  };
  let dominant: ReplicaReport['dominantRegime'] = 'compute';
  for (const k of ['memory', 'communication', 'overhead'] as const) if (shares[k] > shares[dominant]) dominant = k;
  return {
    index: r.index,
    gpu,
    tp,
    ...(pp > 1 ? { pp } : {}),
    numGpuBlocks,
    steps: r.steps,
    busySeconds: r.busySeconds,
    utilization: Number.isNaN(windowUtilization) ? utilizationWithDrain : windowUtilization,
    utilizationWithDrain,
    regimeShares: shares,
    dominantRegime: dominant,
  };
}
