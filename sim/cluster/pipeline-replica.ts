// A pipeline-parallel replica: pp stages of tp GPUs each, run as vLLM's "virtual engines" (vLLM
// v0 PP: one scheduler per in-flight micro-batch). It holds pp virtual engines, each a full
// Scheduler over its own KV cache of ⌊numGpuBlocks/pp⌋ blocks (the replica's pool split evenly,
// as vLLM v0 did); an arriving request goes to the engine with the fewest outstanding requests,
// ties to the lowest index (vLLM v0 LLMEngine.add_request's rule). Each engine has at most one
// micro-batch in flight, so the Scheduler's lock-step decode invariant holds per engine.
// Timing of a micro-batch planned at `now`, with stage times t_s, CPU overhead o, transfer p2p
// and per-stage free times F_s (cost model stageTimes):
//   start_0 = max(now + o, F_0),  end_s = start_s + t_s,  F_s = end_s,
//   start_{s+1} = max(end_s + p2p, F_{s+1}),  completion = end_{pp−1}
// and only at completion may its engine plan the next one. One engine alone sees the whole
// pipeline latency per token (bubbles: the other stages idle); pp busy engines keep every stage
// busy and complete micro-batches at 1/max_s t_s (the slowest stage: stage imbalance).
// Invariants: micro-batches complete in the order they were planned (each waits on every stage
// for the previous one), so the in-flight engines form a FIFO whose front completes first;
// an engine is re-planned at its own completion instant when it has work, so a micro-batch's
// plan instant is its decoding requests' previous token instant (the collector's ITL rule holds).
// busySeconds = Σ_s busy_s / pp (the mean stage busy time, so utilization = busySeconds / run is
// the mean stage utilization); steps counts micro-batches; totals sum the cost model's breakdown
// (stage times, overhead and transfers).
// NOTE: each engine's CPU overhead is its own (no contention for one scheduler process), and the
// activation send occupies no stage (asynchronous p2p).

import type { CostModel, StageTimes, StepBreakdown } from '../hardware/index.ts';
import { addBreakdown, emptyBreakdown, makeStageTimes } from '../hardware/index.ts';
import type { KvCacheManager } from '../kv/index.ts';
import { addCounts, type PreemptionStats, type PrefixCacheStats, type Request, type StepPlanner } from '../scheduler/index.ts';
import type { ServingReplica } from './replica.ts';
import type { ClassKvCache } from './class-kv.ts';
import type { StepObserver } from './step-observer.ts';
import { type SchedulerOutput, makeSchedulerOutput } from '../step/index.ts';

export interface VirtualEngine {
  readonly scheduler: StepPlanner;
  readonly kv: KvCacheManager;
  /** With declared classes: `kv` itself, counting blocks per class (class-kv.ts). */
  readonly classKv?: ClassKvCache;
  /** With classKv: the per-class blocks when this engine's micro-batch in flight was planned. */
  readonly stepClassBlocks?: Float64Array;
}

export class PipelineReplica implements ServingReplica {
  pool = 0;
  acceptsWork = true;
  steps = 0;
  readonly totals: StepBreakdown = emptyBreakdown();
  readonly prefillTotals: StepBreakdown = emptyBreakdown();
  /** Σ of each stage's busy time over completed micro-batches. */
  readonly stageBusySeconds: Float64Array;
  readonly pp: number;
  private readonly shape: SchedulerOutput;
  private readonly breakdown: StepBreakdown = emptyBreakdown();
  private readonly timing: StageTimes;
  /** Instant each stage becomes free. */
  private readonly stageFreeAt: Float64Array;
  private readonly inFlight: Uint8Array;
  // Per engine, of its micro-batch in flight.
  private readonly plannedAt: Float64Array;
  /** Row v: the stage times of engine v's micro-batch in flight (pp × pp). */
  private readonly engineStageSeconds: Float64Array;
  private readonly usedBlocks: Int32Array;
  private readonly running: Int32Array;
  private readonly waiting: Int32Array;
  private readonly storedTokens: Float64Array;
  private readonly reservedTokens: Float64Array;
  /** Engines with a micro-batch in flight, in completion order (a ring of pp slots). */
  private readonly fifo: Int32Array;
  private fifoHead = 0;
  private fifoCount = 0;
  /** With declared classes: each class's blocks over every engine at a launch (replicaKvUsed). */
  private readonly replicaClassBlocks: Float64Array | undefined;

  constructor(
    readonly index: number,
    readonly engines: readonly VirtualEngine[],
    private readonly costModel: CostModel,
    private readonly observer: StepObserver,
    maxNumSeqs: number,
  ) {
    const pp = engines.length;
    if (pp < 2) throw new RangeError(`a pipeline replica needs pp >= 2 virtual engines, got ${pp}`);
    if (costModel.stageTimes === undefined) throw new Error('this cost model has no pipeline-parallel timing (stageTimes)');
    this.pp = pp;
    this.shape = makeSchedulerOutput(maxNumSeqs);
    this.timing = makeStageTimes(pp);
    this.stageBusySeconds = new Float64Array(pp);
    this.stageFreeAt = new Float64Array(pp);
    this.inFlight = new Uint8Array(pp);
    this.plannedAt = new Float64Array(pp);
    this.engineStageSeconds = new Float64Array(pp * pp);
    this.usedBlocks = new Int32Array(pp);
    this.running = new Int32Array(pp);
    this.waiting = new Int32Array(pp);
    this.storedTokens = new Float64Array(pp);
    this.reservedTokens = new Float64Array(pp);
    this.fifo = new Int32Array(pp);
    const classes = engines[0].classKv?.blocks.length;
    this.replicaClassBlocks = classes === undefined ? undefined : new Float64Array(classes);
  }

  get numWaiting(): number {
    let n = 0;
    for (const e of this.engines) n += e.scheduler.numWaiting;
    return n;
  }

  get numOutstanding(): number {
    let n = 0;
    for (const e of this.engines) n += e.scheduler.numOutstanding;
    return n;
  }

  /** Used blocks over every virtual engine / their blocks. */
  get kvUsage(): number {
    let used = 0;
    let blocks = 0;
    for (const e of this.engines) {
      used += e.kv.numUsedBlocks();
      blocks += e.kv.numGpuBlocks;
    }
    return used / blocks;
  }

  /** Speculative decoding is not modelled at pp > 1 (rejected when the scenario is read). */
  readonly speculation = undefined;

  get prefixCache(): PrefixCacheStats {
    const sum: PrefixCacheStats = { queriedTokens: 0, cachedTokens: 0 };
    for (const e of this.engines) addCounts(sum, e.scheduler.prefixCache);
    return sum;
  }

  get preemption(): PreemptionStats {
    const sum: PreemptionStats = { recompute: 0, swap: 0, recomputedTokens: 0, swappedBlocks: 0, swapSeconds: 0 };
    for (const e of this.engines) addCounts(sum, e.scheduler.preemption);
    return sum;
  }

  /** Mean stage busy time: Σ_s busy_s / pp. */
  get busySeconds(): number {
    let sum = 0;
    for (let s = 0; s < this.pp; s++) sum += this.stageBusySeconds[s];
    return sum / this.pp;
  }

  /** A request must fit one virtual engine's share of the KV cache. */
  admissible(numPromptTokens: number, numOutputTokens: number, numSeqs: number): string | null {
    return this.engines[0].scheduler.admissible(numPromptTokens, numOutputTokens, numSeqs);
  }

  /** To the virtual engine with the fewest outstanding requests (ties: lowest index). */
  add(r: Request): void {
    const engines = this.engines;
    let best = 0;
    let bestLoad = engines[0].scheduler.numOutstanding;
    for (let v = 1; v < engines.length; v++) {
      const load = engines[v].scheduler.numOutstanding;
      if (load < bestLoad) {
        best = v;
        bestLoad = load;
      }
    }
    engines[best].scheduler.add(r);
  }

  /** The earliest wake-up any idle virtual engine asks for (Infinity: none). */
  nextWakeAt(): number {
    let t = Infinity;
    for (let v = 0; v < this.pp; v++) {
      const s = this.engines[v].scheduler;
      if (this.inFlight[v] === 1 || s.nextWakeAt === undefined) continue;
      const w = s.nextWakeAt();
      if (w < t) t = w;
    }
    return t;
  }

  startStepIfIdle(now: number): number {
    const pp = this.pp;
    for (let v = 0; v < pp; v++) {
      if (this.inFlight[v] === 1) continue;
      const e = this.engines[v];
      if (e.scheduler.numOutstanding === 0 || !e.scheduler.schedule(now, this.shape)) continue;
      return this.launch(v, now);
    }
    return -1;
  }

  /** Times engine v's planned micro-batch through the stages; returns completion − now. */
  private launch(v: number, now: number): number {
    const timing = this.timing;
    const b = this.breakdown;
    this.costModel.stageTimes!(this.shape, timing, b);
    // KV swap copies of this engine's plan (preemptionMode 'swap') stall it before stage 0: overhead.
    const swap = this.engines[v].scheduler.stepSwapSeconds ?? 0;
    if (swap > 0) {
      timing.overheadSeconds += swap;
      b.totalSeconds += swap;
      b.overheadSeconds += swap;
    }
    addBreakdown(this.totals, b);
    if (this.shape.numPrefillChunks > 0) addBreakdown(this.prefillTotals, b);
    this.observer.stepPlanned?.(this.index, this.shape, b);

    const stages = timing.stageSeconds;
    const free = this.stageFreeAt;
    let start = Math.max(now + timing.overheadSeconds, free[0]);
    let end = start;
    const row = this.engineStageSeconds;
    for (let s = 0; s < this.pp; s++) {
      if (s > 0) start = Math.max(end + timing.transferSeconds, free[s]);
      end = start + stages[s];
      free[s] = end;
      row[v * this.pp + s] = stages[s];
    }
    const e = this.engines[v];
    this.inFlight[v] = 1;
    this.plannedAt[v] = now;
    this.usedBlocks[v] = e.kv.numUsedBlocks();
    if (e.classKv !== undefined) e.stepClassBlocks!.set(e.classKv.blocks);
    this.running[v] = e.scheduler.numRunning;
    this.waiting[v] = e.scheduler.numWaiting;
    this.storedTokens[v] = e.scheduler.stepStoredTokens;
    this.reservedTokens[v] = e.scheduler.stepReservedTokens;
    this.fifo[(this.fifoHead + this.fifoCount) % this.pp] = v;
    this.fifoCount++;
    let used = 0;
    for (const x of this.engines) used += x.kv.numUsedBlocks();
    const perClass = this.replicaClassBlocks;
    if (perClass !== undefined) {
      perClass.fill(0);
      for (const x of this.engines) for (let k = 0; k < perClass.length; k++) perClass[k] += x.classKv!.blocks[k];
    }
    this.observer.replicaKvUsed(used, this.index, perClass);
    return end - now;
  }

  finishStep(now: number): void {
    if (this.fifoCount === 0) throw new Error('internal: finishStep with no micro-batch in flight');
    const v = this.fifo[this.fifoHead];
    this.fifoHead = (this.fifoHead + 1) % this.pp;
    this.fifoCount--;
    const e = this.engines[v];
    const measuredDecodes = e.scheduler.stepMeasuredDecodes;
    const emitted = e.scheduler.finishStep(now);
    this.inFlight[v] = 0;
    this.steps++;
    // Stage busy time, charged at completion (as Replica charges a step at its end).
    const row = this.engineStageSeconds;
    for (let s = 0; s < this.pp; s++) this.stageBusySeconds[s] += row[v * this.pp + s];
    if (e.stepClassBlocks !== undefined) this.observer.classKvDone?.(this.index, this.plannedAt[v], now, e.stepClassBlocks);
    this.observer.stepDone(this.index, this.plannedAt[v], now, this.usedBlocks[v], this.running[v], this.waiting[v], emitted, measuredDecodes, this.storedTokens[v], this.reservedTokens[v]);
  }
}
