// One replica: a model instance on `tp` GPUs (pp = 1) with its own scheduler, KV cache and cost
// model. Pipeline-parallel replicas (pp > 1) are PipelineReplica; both are ServingReplica.
// It runs one step at a time: plan (scheduler) → duration (cost model) → step-done event →
// outputs (scheduler) → next step immediately if there is work (the engine loop is busy-
// polling-free: an idle replica is woken by an arrival).
// Invariants: at most one step in flight; busySeconds = Σ step durations.
// NOTE: a step's duration is the cost model's plus the scheduler's stepSwapSeconds (KV copies to
// and from host memory under preemptionMode 'swap'), which the breakdown counts as overhead.
// NOTE: the time-weighted levels (KV usage, running, waiting) are sampled at step start and held
// for the step; arrivals during a step show up at the next step.

import type { CostModel, StepBreakdown } from '../hardware/index.ts';
import { addBreakdown, emptyBreakdown } from '../hardware/index.ts';
import type { KvCacheManager } from '../kv/index.ts';
import type { PreemptionStats, PrefixCacheStats, Request, SpeculationStats, StepPlanner } from '../scheduler/index.ts';
import type { StepObserver } from './step-observer.ts';
import type { ClassKvCache } from './class-kv.ts';
import { type SchedulerOutput, makeSchedulerOutput } from '../step/index.ts';

/** What the cluster and the run's report need of a replica, whatever its parallelism. */
export interface ServingReplica {
  readonly index: number;
  /** The pool the replica belongs to (scenario pools, in file order; 0 without pools): for routers and per-pool metrics. */
  pool: number;
  /** Waiting + running requests (the router's load signal). */
  readonly numOutstanding: number;
  /** Requests waiting to be scheduled (an autoscaler's queue signal). */
  readonly numWaiting: number;
  /** Whether routers may send it new requests (false while starting, draining, failed or released: availability.ts). */
  acceptsWork: boolean;
  /** Used KV blocks / the replica's blocks now (what a router reads as KV usage). */
  readonly kvUsage: number;
  /** Forward passes (micro-batches at pp > 1) completed. */
  readonly steps: number;
  /** GPU-busy seconds (at pp > 1: the mean over the stages). */
  readonly busySeconds: number;
  readonly totals: StepBreakdown;
  /** The part of totals spent in steps that carried a prefill chunk (the rest: decode-only steps). */
  readonly prefillTotals: StepBreakdown;
  /** Preemptions by mode and their cost (at pp > 1: summed over the virtual engines). */
  readonly preemption: PreemptionStats;
  /** Prefix-cache hits at admission (at pp > 1: summed over the virtual engines). */
  readonly prefixCache: PrefixCacheStats;
  /** Speculative decoding's counts; undefined when the replica does not speculate. */
  readonly speculation: SpeculationStats | undefined;
  /** Why a request with these lengths could never complete here, or null. */
  admissible(numPromptTokens: number, numOutputTokens: number, numSeqs: number): string | null;
  add(r: Request): void;
  /** Starts one forward pass at `now` if one can start; its duration until completion, or -1. Call again until -1. */
  startStepIfIdle(now: number): number;
  /** Applies the earliest forward pass in flight, which completes at `now`. */
  finishStep(now: number): void;
  /** When idle: the instant a step would start with no further arrival (a static batch's timeout), else Infinity. */
  nextWakeAt(): number;
}

/** The stats of a planner that never preempts. */
const NO_PREEMPTIONS: PreemptionStats = Object.freeze({ recompute: 0, swap: 0, recomputedTokens: 0, swappedBlocks: 0, swapSeconds: 0 });

export class Replica implements ServingReplica {
  pool = 0;
  acceptsWork = true;
  busy = false;
  steps = 0;
  busySeconds = 0;
  /** Accumulated step time by regime, seconds. */
  readonly totals: StepBreakdown = emptyBreakdown();
  readonly prefillTotals: StepBreakdown = emptyBreakdown();
  private readonly shape: SchedulerOutput;
  private readonly breakdown: StepBreakdown = emptyBreakdown();
  private stepStartedAt = 0;
  private stepSeconds = 0;
  private stepUsedBlocks = 0;
  private stepRunning = 0;
  private stepWaiting = 0;
  private stepStoredTokens = 0;
  private stepReservedTokens = 0;
  /** Per class, the blocks its requests held when the step in flight was planned (with classKv). */
  private readonly stepClassBlocks: Float64Array | undefined;

  constructor(
    readonly index: number,
    readonly scheduler: StepPlanner,
    readonly kv: KvCacheManager,
    private readonly costModel: CostModel,
    private readonly observer: StepObserver,
    maxNumSeqs: number,
    /** With declared classes: the KV cache above, which counts blocks per class (class-kv.ts). */
    private readonly classKv?: ClassKvCache,
  ) {
    this.shape = makeSchedulerOutput(maxNumSeqs);
    this.stepClassBlocks = classKv === undefined ? undefined : new Float64Array(classKv.blocks.length);
  }

  get numOutstanding(): number {
    return this.scheduler.numOutstanding;
  }

  get numWaiting(): number {
    return this.scheduler.numWaiting;
  }

  get kvUsage(): number {
    return this.kv.numUsedBlocks() / this.kv.numGpuBlocks;
  }

  get preemption(): PreemptionStats {
    return this.scheduler.preemption ?? NO_PREEMPTIONS;
  }

  get prefixCache(): PrefixCacheStats {
    return this.scheduler.prefixCache ?? { queriedTokens: 0, cachedTokens: 0 };
  }

  get speculation(): SpeculationStats | undefined {
    return this.scheduler.speculation;
  }

  admissible(numPromptTokens: number, numOutputTokens: number, numSeqs: number): string | null {
    return this.scheduler.admissible(numPromptTokens, numOutputTokens, numSeqs);
  }

  add(r: Request): void {
    this.scheduler.add(r);
  }

  /**
   * Starts a step at `now` if idle and there is work; returns its duration, or -1 when no step
   * started. The caller schedules the step-done event.
   */
  startStepIfIdle(now: number): number {
    if (this.busy) return -1;
    if (!this.scheduler.schedule(now, this.shape)) return -1;
    const b = this.breakdown;
    let dt = this.costModel.stepTime(this.shape, b);
    // KV swap copies planned with the step stall it (preemptionMode 'swap'): counted as overhead.
    const swap = this.scheduler.stepSwapSeconds ?? 0;
    if (swap > 0) {
      dt += swap;
      b.totalSeconds += swap;
      b.overheadSeconds += swap;
    }
    addBreakdown(this.totals, b);
    if (this.shape.numPrefillChunks > 0) addBreakdown(this.prefillTotals, b);
    this.observer.stepPlanned?.(this.index, this.shape, b);
    this.busy = true;
    this.stepStartedAt = now;
    this.stepSeconds = dt;
    this.stepUsedBlocks = this.kv.numUsedBlocks();
    if (this.classKv !== undefined) this.stepClassBlocks!.set(this.classKv.blocks);
    this.stepRunning = this.scheduler.numRunning;
    this.stepWaiting = this.scheduler.numWaiting;
    this.stepStoredTokens = this.scheduler.stepStoredTokens;
    this.stepReservedTokens = this.scheduler.stepReservedTokens;
    return dt;
  }

  nextWakeAt(): number {
    if (this.busy || this.scheduler.nextWakeAt === undefined) return Infinity;
    return this.scheduler.nextWakeAt();
  }

  /** Applies the step that ends at `now`. */
  finishStep(now: number): void {
    const measuredDecodes = this.scheduler.stepMeasuredDecodes;
    const emitted = this.scheduler.finishStep(now);
    this.busy = false;
    this.steps++;
    this.busySeconds += this.stepSeconds;
    if (this.stepClassBlocks !== undefined) this.observer.classKvDone?.(this.index, this.stepStartedAt, now, this.stepClassBlocks);
    this.observer.stepDone(
      this.index,
      this.stepStartedAt,
      now,
      this.stepUsedBlocks,
      this.stepRunning,
      this.stepWaiting,
      emitted,
      measuredDecodes,
      this.stepStoredTokens,
      this.stepReservedTokens,
    );
  }
}
