// One replica: a model instance on `tp` GPUs with its own scheduler, KV cache and cost model.
// It runs one step at a time: plan (scheduler) → duration (cost model) → step-done event →
// outputs (scheduler) → next step immediately if there is work (the engine loop is busy-
// polling-free: an idle replica is woken by an arrival).
// Invariants: at most one step in flight; busySeconds = Σ step durations.
// NOTE: the time-weighted levels (KV usage, running, waiting) are sampled at step start and held
// for the step; arrivals during a step show up at the next step.

import type { CostModel, StepBreakdown, StepShape } from '../hardware/index.ts';
import { emptyBreakdown, makeStepShape } from '../hardware/index.ts';
import type { KvCacheManager } from '../kv/index.ts';
import type { Scheduler } from '../scheduler/index.ts';
import type { StepObserver } from './step-observer.ts';

export class Replica {
  busy = false;
  steps = 0;
  busySeconds = 0;
  /** Accumulated step time by regime, seconds. */
  readonly totals: StepBreakdown = emptyBreakdown();
  private readonly shape: StepShape;
  private readonly breakdown: StepBreakdown = emptyBreakdown();
  private stepStartedAt = 0;
  private stepSeconds = 0;
  private stepUsedBlocks = 0;
  private stepRunning = 0;
  private stepWaiting = 0;

  constructor(
    readonly index: number,
    readonly scheduler: Scheduler,
    readonly kv: KvCacheManager,
    private readonly costModel: CostModel,
    private readonly observer: StepObserver,
    maxNumSeqs: number,
  ) {
    this.shape = makeStepShape(maxNumSeqs);
  }

  get numOutstanding(): number {
    return this.scheduler.numOutstanding;
  }

  /**
   * Starts a step at `now` if idle and there is work; returns its duration, or -1 when no step
   * started. The caller schedules the step-done event.
   */
  startStepIfIdle(now: number): number {
    if (this.busy) return -1;
    if (!this.scheduler.schedule(now, this.shape)) return -1;
    const b = this.breakdown;
    const dt = this.costModel.stepTime(this.shape, b);
    const t = this.totals;
    t.totalSeconds += b.totalSeconds;
    t.computeSeconds += b.computeSeconds;
    t.memorySeconds += b.memorySeconds;
    t.communicationSeconds += b.communicationSeconds;
    t.overheadSeconds += b.overheadSeconds;
    t.gemmSeconds += b.gemmSeconds;
    t.attentionSeconds += b.attentionSeconds;
    this.busy = true;
    this.stepStartedAt = now;
    this.stepSeconds = dt;
    this.stepUsedBlocks = this.kv.numUsedBlocks();
    this.stepRunning = this.scheduler.numRunning;
    this.stepWaiting = this.scheduler.numWaiting;
    return dt;
  }

  /** Applies the step that ends at `now`. */
  finishStep(now: number): void {
    const measuredDecodes = this.scheduler.stepMeasuredDecodes;
    const emitted = this.scheduler.finishStep(now);
    this.busy = false;
    this.steps++;
    this.busySeconds += this.stepSeconds;
    this.observer.stepDone(
      this.index,
      this.stepStartedAt,
      now,
      this.stepUsedBlocks,
      this.stepRunning,
      this.stepWaiting,
      emitted,
      measuredDecodes,
    );
  }
}
