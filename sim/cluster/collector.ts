// Collects what happens to requests and steps into the metrics room's stores: per-request
// records, the inter-token-latency histogram, the time series and time-weighted KV usage.
// Implements the scheduler's RequestEvents (per request) and the replicas' StepObserver.
// Memory is bounded by the work in flight: a request's record lives here only while the request
// is in the system; when it finishes or is rejected (and, at finishRun(), for every request still
// in flight, in id order) the record is emitted — folded into `outcomes` (bounded summaries),
// written to the optional sink, and, with keepRequests, stored by id in a RecordStore.
// Invariants: every gap between two consecutive output tokens of a measured request is added to
// the ITL histogram exactly once — decode gaps in bulk per step (n decoding requests, gap = the
// step's duration, since a decoding request's previous token came at the previous step's end,
// which is this step's start), and a gap spanning a preemption individually.
// Pipeline parallelism: a replica's virtual engines report their micro-batches as steps from
// the instant the engine planned it to its completion; an engine with decoding requests plans
// at its previous completion, so the step's span is exactly completion − that engine's previous
// completion, the gap every decoding request of the engine sees (not the stage time). Their
// levels overlap and add; usedBlocks / numGpuBlocks (the replica's whole pool) per engine sums
// to the replica's usage, and the peak comes from replicaKvUsed (all engines at once).
// Measurement window: the same step levels and token counts also go to `window` (WindowSums),
// which keeps them over the steady-state window (warm-up → last arrival or stop duration) as
// well as over the whole run; output tokens count at the step's end, a request's prompt tokens
// at its first token, a finished request at its finish.
// Classes and windows: each record carries its request's class (arrived(…, classIndex)); with
// declared classes each leaving record is also folded into its class (ClassFolds, with 3 more
// WindowSums channels per class), and every arrival, finish and step goes to the per-window
// series (WindowSeries: summary.windows, windows.csv); a leaving record's queued and running spans
// give its class's window levels (WindowSeries.classLevels; unfinished ones to the run's end).
// Pools: with scenario pools, numGpuBlocks is per replica (pools differ in KV size), so each
// step's KV usage is its replica's own fraction; and each leaving record that was routed is also
// folded into its replica's pool (a ClassFolds keyed by pool, against the scenario's SLO, with 3
// WindowSums channels per pool after the classes'), and each ITL gap also into its replica's
// pool's histogram. Without pools nothing of this exists.
// Failures (cluster/fleet-control.ts): a request of a failed replica is either lost (lost(): its
// record leaves at the failure with STATUS_LOST) or retried (retried(): its record stays, its
// scheduledAt and firstTokenAt are cleared so that the attempt that completes sets them; its
// prompt tokens count in the window once, at its first first token). onRecord sees every record
// as it leaves (the recovery fold).
// Class KV: with declared classes each KV cache counts blocks per class (cluster/class-kv.ts) and
// every step reports them (classKvDone, before stepDone, sampled at the same instant as usedBlocks):
// per class Σ blocks × duration, a WindowSums level channel, and the peak of blocks / replica blocks
// (at pp > 1 over all virtual engines at once, from replicaKvUsed, like the fleet's peak).

import {
  ClassFolds,
  CLASS_CHANNELS,
  LogHistogram,
  WindowSeries,
  RecordStore,
  RequestOutcomes,
  STATUS_FINISHED,
  STATUS_LOST,
  STATUS_REJECTED,
  TimeSeries,
  newRecord,
  type RequestColumns,
  type RequestRecord,
  type RequestSink,
  type Slo,
  WINDOW_CHANNEL,
  WindowSums,
  windowChannels,
  type WindowRule,
} from '../metrics/index.ts';
import type { RequestEvents, Request } from '../scheduler/index.ts';
import type { StepObserver } from './step-observer.ts';

export interface CollectorOptions {
  slo: Slo;
  /** Receives every request's record as it leaves the run. */
  requestSink?: RequestSink;
  /** Keep every record (by id) for requests(): memory grows with the run. */
  keepRequests?: boolean;
  /** Where the steady-state measurement window lies (default: from t = 0 to the last arrival). */
  window?: WindowRule;
  /** Declared request classes, by index (none: no per-class folds or rows): names and per-request SLO thresholds. */
  classes?: { names: readonly string[]; slos: readonly Slo[] };
  /** Width of summary.windows' windows (default DEFAULT_WINDOW_SECONDS). */
  windowSeconds?: number;
  /** Scenario pools: each replica's pool index and the number of pools (per-pool folds). */
  pools?: { replicaPool: readonly number[]; count: number };
}

export class Collector implements RequestEvents, StepObserver {
  /** Every emitted record, folded (bounded memory). */
  readonly outcomes: RequestOutcomes;
  /** Records of the requests in the system, by id (insertion = id order). */
  private readonly inFlight = new Map<number, RequestRecord>();
  private nextId = 0;
  private readonly sink: RequestSink | undefined;
  private readonly kept: RecordStore | undefined;
  readonly itl = new LogHistogram();
  readonly timeSeries = new TimeSeries();
  /** Step levels and token counts over the measurement window and the whole run. */
  readonly window: WindowSums;
  /** Per declared class: its fold (undefined when no classes are declared). */
  readonly classes: ClassFolds | undefined;
  /** Per scenario pool: its fold, keyed by the pool of the record's replica (undefined without pools). */
  readonly pools: ClassFolds | undefined;
  private readonly replicaPool: readonly number[] | undefined;
  /** Disaggregation: the pool a decoding request's resumed tokens are filed under (fileResumedTokensBy). */
  private resumedPoolOf: ((id: number) => number | undefined) | undefined;
  /** Per scenario pool: the ITL histogram of its replicas' decode gaps (as `itl`; undefined without pools). */
  readonly poolItl: LogHistogram[] | undefined;
  /** The run in fixed windows (summary.windows). */
  readonly windowSeries: WindowSeries;
  /** Σ over steps of usedBlocks × duration, per replica (numGpuBlocks: one replica's whole pool). */
  readonly kvBlockSeconds: Float64Array;
  /** Requests routed to each replica (summary.routing). */
  readonly routedPerReplica: Float64Array;
  maxKvUsage = 0;
  /** Per declared class: Σ over steps of the blocks its requests held × duration (all replicas), and the peak of blocks / the replica's blocks. */
  readonly classKvBlockSeconds: Float64Array;
  readonly classMaxKvUsage: Float64Array;
  /** The WindowSums channel of class 0's KV block level (class k: + k). */
  readonly classKvChannel: number;
  /** Σ over steps (all replicas) of duration × stored KV tokens, × reserved KV tokens, × running requests. */
  kvStoredTokenSeconds = 0;
  kvReservedTokenSeconds = 0;
  runningSeconds = 0;
  /** Requests in the system (waiting or running) and ∫ of that count over time (Little's law). */
  inSystem = 0;
  inSystemArea = 0;
  private inSystemChangedAt = 0;
  lastEventAt = 0;
  /** Receives every record as it leaves (failure recovery metrics); undefined: none. */
  onRecord: ((rec: Readonly<RequestRecord>) => void) | undefined;
  /** Requests retried after a failure whose prompt tokens were counted at an earlier first token. */
  private readonly promptCounted = new Set<number>();
  /** Hook for closed loops and sessions: called when a request (by id) leaves the system (finished or rejected). */
  onRequestDone: (now: number, id: number) => void = () => {};

  /** numGpuBlocks: one replica's whole pool, or (scenario pools) each replica's. */
  constructor(
    private readonly numGpuBlocks: number | readonly number[],
    private readonly numReplicas: number,
    options: CollectorOptions,
  ) {
    this.kvBlockSeconds = new Float64Array(numReplicas);
    this.routedPerReplica = new Float64Array(numReplicas);
    const base = windowChannels(numReplicas);
    const classes = options.classes;
    const numClasses = classes?.slos.length ?? 0;
    const pools = options.pools;
    // After the classes' and pools' channels: one KV block level per class.
    this.classKvChannel = base + CLASS_CHANNELS * (numClasses + (pools?.count ?? 0));
    this.window = new WindowSums(this.classKvChannel + numClasses, options.window ?? { warmupSeconds: 0, warmupRequests: 0 });
    this.classKvBlockSeconds = new Float64Array(numClasses);
    this.classMaxKvUsage = new Float64Array(numClasses);
    this.classes = classes === undefined ? undefined : new ClassFolds(classes.slos, base);
    this.pools = pools === undefined ? undefined : new ClassFolds(Array.from({ length: pools.count }, () => options.slo), base + CLASS_CHANNELS * numClasses);
    this.replicaPool = pools?.replicaPool;
    this.poolItl = pools === undefined ? undefined : Array.from({ length: pools.count }, () => new LogHistogram());
    this.windowSeries = new WindowSeries({
      ...(options.windowSeconds === undefined ? {} : { windowSeconds: options.windowSeconds }),
      classNames: classes?.names ?? [],
      slos: [options.slo, ...(classes?.slos ?? [])],
    });
    this.outcomes = new RequestOutcomes(options.slo);
    this.sink = options.requestSink;
    this.kept = options.keepRequests === true ? new RecordStore() : undefined;
  }

  /** Requests that have arrived so far (the next request's id). */
  get numArrived(): number {
    return this.nextId;
  }

  /** A request (of class classIndex) arrived: opens its record and returns its id (0, 1, 2, … in arrival order). */
  arrived(arrivedAt: number, numPromptTokens: number, numOutputTokens: number, measured: boolean, classIndex = 0): number {
    const id = this.nextId++;
    this.window.arrived(arrivedAt);
    this.windowSeries.arrived(arrivedAt, classIndex);
    this.inFlight.set(id, newRecord(id, arrivedAt, numPromptTokens, numOutputTokens, measured, classIndex));
    return id;
  }

  /** Request `id` was rejected at arrival (it could never complete): its record leaves now. */
  rejected(id: number): void {
    const rec = this.inFlight.get(id)!;
    rec.status = STATUS_REJECTED;
    this.emit(rec);
  }

  /** Request `id` was lost at `now` to its replica's failure: it leaves the system and the run, unserved. */
  lost(id: number, now: number): void {
    const rec = this.inFlight.get(id)!;
    rec.status = STATUS_LOST;
    this.inSystemArea += this.inSystem * (now - this.inSystemChangedAt);
    this.inSystemChangedAt = now;
    this.inSystem--;
    // A retried request lost before its new first token: its prompt mark goes with it.
    if (this.promptCounted.size > 0) this.promptCounted.delete(id);
    this.emit(rec, now);
  }

  /** Request `id` starts over on another replica after its replica failed: it stays in the system; its first scheduling and first token are those of the new attempt. */
  retried(id: number): void {
    const rec = this.inFlight.get(id)!;
    if (!Number.isNaN(rec.firstTokenAt)) this.promptCounted.add(id);
    rec.scheduledAt = NaN;
    rec.firstTokenAt = NaN;
  }

  /** Request `id` was given to replica `replica`. */
  routed(id: number, replica: number): void {
    this.inFlight.get(id)!.replica = replica;
    this.routedPerReplica[replica]++;
  }

  /** The class of a request in flight (ClassKvCache asks when the request first takes KV blocks). */
  classOf(id: number): number {
    return this.inFlight.get(id)?.classIndex ?? 0;
  }

  /** The blocks each class's requests held over one step of `replica` (see StepObserver.classKvDone). */
  classKvDone(replica: number, startedAt: number, endedAt: number, classBlocks: Float64Array): void {
    const dt = endedAt - startedAt;
    const total = this.blocksOf(replica);
    for (let k = 0; k < classBlocks.length; k++) {
      const b = classBlocks[k];
      if (b === 0) continue;
      this.classKvBlockSeconds[k] += b * dt;
      this.window.addLevel(this.classKvChannel + k, startedAt, endedAt, b);
      const usage = b / total;
      if (usage > this.classMaxKvUsage[k]) this.classMaxKvUsage[k] = usage;
    }
  }

  /** Output tokens of a request in flight (valid inside onRequestDone for the request that left). */
  numOutputTokensOf(id: number): number {
    return this.inFlight.get(id)?.numOutputTokens ?? 0;
  }

  /** The run is over (at `endSeconds`, default the last event): every request still in flight leaves as unfinished, in id order. */
  finishRun(endSeconds: number = this.lastEventAt): void {
    for (const rec of this.inFlight.values()) this.emit(rec, endSeconds);
  }

  /** Every record by id, when kept (keepRequests), after finishRun(). */
  requests(): RequestColumns | undefined {
    return this.kept?.columns();
  }

  /** `leftAt`: when the record leaves (a finished request's finish; the run's end for an unfinished one). */
  private emit(rec: RequestRecord, leftAt: number = rec.finishedAt): void {
    this.inFlight.delete(rec.id);
    if (this.classes !== undefined && rec.status !== STATUS_REJECTED) this.windowSeries.classLevels(rec.classIndex, rec.arrivedAt, rec.scheduledAt, leftAt);
    this.outcomes.add(rec, this.window.startSeconds);
    this.classes?.add(rec, this.window);
    if (this.pools !== undefined && rec.replica >= 0) this.pools.add(rec, this.window, this.replicaPool![rec.replica]);
    if (rec.status === STATUS_FINISHED) this.windowSeries.finished(rec.arrivedAt, rec.firstTokenAt, rec.finishedAt, rec.numOutputTokens, rec.classIndex);
    this.sink?.write(rec);
    this.kept?.write(rec);
    this.onRecord?.(rec);
  }

  /** A request entered a replica's queue at `now`. */
  entered(now: number): void {
    this.inSystemArea += this.inSystem * (now - this.inSystemChangedAt);
    this.inSystemChangedAt = now;
    this.inSystem++;
  }

  scheduled(r: Request, now: number): void {
    this.inFlight.get(r.id)!.scheduledAt = now;
  }

  firstToken(r: Request, now: number): void {
    const rec = this.inFlight.get(r.id)!;
    rec.firstTokenAt = now;
    if (this.promptCounted.size > 0 && this.promptCounted.delete(r.id)) return;
    this.window.addCount(WINDOW_CHANNEL.promptTokens, now, rec.numPromptTokens);
  }

  /** A resumed token's gap, filed under the pool of the replica the request is on (see fileResumedTokensBy). */
  resumedToken(r: Request, gapSeconds: number): void {
    if (!r.measured) return;
    this.itl.add(gapSeconds, 1);
    if (this.poolItl === undefined) return;
    const pool = this.resumedPoolOf?.(r.id) ?? this.replicaPool![this.inFlight.get(r.id)!.replica];
    this.poolItl[pool].add(gapSeconds, 1);
  }

  /**
   * Disaggregation: `poolOf(id)` names the pool a request's resumed tokens come from while it
   * decodes away from the replica its record names (its decode pool; undefined: the record's).
   */
  fileResumedTokensBy(poolOf: (id: number) => number | undefined): void {
    this.resumedPoolOf = poolOf;
  }

  finished(r: Request, now: number): void {
    const rec = this.inFlight.get(r.id)!;
    rec.finishedAt = now;
    rec.status = STATUS_FINISHED;
    rec.numPreemptions = r.numPreemptions;
    this.window.addCount(WINDOW_CHANNEL.finished, now, 1);
    this.inSystemArea += this.inSystem * (now - this.inSystemChangedAt);
    this.inSystemChangedAt = now;
    this.inSystem--;
    // lastEventAt: a request finishes at the end of a step, which stepDone records.
    // The hook may read the record (numOutputTokensOf), so it leaves after.
    this.onRequestDone(now, r.id);
    this.emit(rec);
  }

  preempted(_r: Request, _now: number): void {
    // Counted on the request (numPreemptions) and by the scheduler; nothing else to record.
  }

  replicaKvUsed(usedBlocks: number, replica: number, classBlocks?: Float64Array): void {
    const total = this.blocksOf(replica);
    const usage = usedBlocks / total;
    if (usage > this.maxKvUsage) this.maxKvUsage = usage;
    if (classBlocks === undefined) return;
    for (let k = 0; k < classBlocks.length; k++) {
      const u = classBlocks[k] / total;
      if (u > this.classMaxKvUsage[k]) this.classMaxKvUsage[k] = u;
    }
  }

  stepDone(
    replica: number,
    startedAt: number,
    endedAt: number,
    usedBlocks: number,
    running: number,
    waiting: number,
    emittedTokens: number,
    measuredDecodes: number,
    storedTokens: number,
    reservedTokens: number,
  ): void {
    const dt = endedAt - startedAt;
    if (measuredDecodes > 0) {
      this.itl.add(dt, measuredDecodes);
      if (this.poolItl !== undefined) this.poolItl[this.replicaPool![replica]].add(dt, measuredDecodes);
    }
    this.kvBlockSeconds[replica] += usedBlocks * dt;
    this.kvStoredTokenSeconds += storedTokens * dt;
    this.kvReservedTokenSeconds += reservedTokens * dt;
    this.runningSeconds += running * dt;
    const usage = usedBlocks / this.blocksOf(replica);
    if (usage > this.maxKvUsage) this.maxKvUsage = usage;
    const ts = this.timeSeries;
    ts.addLevel('kvUsedFraction', startedAt, endedAt, usage / this.numReplicas);
    ts.addLevel('running', startedAt, endedAt, running);
    ts.addLevel('waiting', startedAt, endedAt, waiting);
    ts.addCount(endedAt, emittedTokens);
    this.windowSeries.step(startedAt, endedAt, waiting, running, usage / this.numReplicas, emittedTokens);
    const w = this.window;
    w.addLevel(WINDOW_CHANNEL.stepSpan + replica, startedAt, endedAt, 1);
    w.addLevel(WINDOW_CHANNEL.kvBlockSeconds, startedAt, endedAt, usedBlocks);
    w.addLevel(WINDOW_CHANNEL.kvStoredTokenSeconds, startedAt, endedAt, storedTokens);
    w.addLevel(WINDOW_CHANNEL.kvReservedTokenSeconds, startedAt, endedAt, reservedTokens);
    w.addLevel(WINDOW_CHANNEL.runningSeconds, startedAt, endedAt, running);
    w.addCount(WINDOW_CHANNEL.outputTokens, endedAt, emittedTokens);
    if (endedAt > this.lastEventAt) this.lastEventAt = endedAt;
  }

  private blocksOf(replica: number): number {
    const b = this.numGpuBlocks;
    return typeof b === 'number' ? b : b[replica];
  }
}
