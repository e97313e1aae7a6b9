// Collects what happens to requests and steps into the metrics room's stores: per-request
// records, the inter-token-latency histogram, the time series and time-weighted KV usage.
// Implements the scheduler's RequestEvents (per request) and the replicas' StepObserver.
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

import { LogHistogram, RecordStore, TimeSeries } from '../metrics/index.ts';
import type { RequestEvents, Request } from '../scheduler/index.ts';
import type { StepObserver } from './step-observer.ts';

export class Collector implements RequestEvents, StepObserver {
  readonly records = new RecordStore();
  readonly itl = new LogHistogram();
  readonly timeSeries = new TimeSeries();
  /** Σ over steps of usedBlocks × duration, per replica (numGpuBlocks: one replica's whole pool). */
  readonly kvBlockSeconds: Float64Array;
  maxKvUsage = 0;
  /** Σ over steps (all replicas) of duration × stored KV tokens, × reserved KV tokens, × running requests. */
  kvStoredTokenSeconds = 0;
  kvReservedTokenSeconds = 0;
  runningSeconds = 0;
  /** Requests in the system (waiting or running) and ∫ of that count over time (Little's law). */
  inSystem = 0;
  inSystemArea = 0;
  private inSystemChangedAt = 0;
  lastEventAt = 0;
  /** Hook for closed loops and sessions: called when a request (by id) leaves the system (finished or rejected). */
  onRequestDone: (now: number, id: number) => void = () => {};

  constructor(private readonly numGpuBlocks: number, private readonly numReplicas: number) {
    this.kvBlockSeconds = new Float64Array(numReplicas);
  }

  /** A request entered a replica's queue at `now`. */
  entered(now: number): void {
    this.inSystemArea += this.inSystem * (now - this.inSystemChangedAt);
    this.inSystemChangedAt = now;
    this.inSystem++;
  }

  scheduled(r: Request, now: number): void {
    this.records.scheduledAt[r.id] = now;
  }

  firstToken(r: Request, now: number): void {
    this.records.firstTokenAt[r.id] = now;
  }

  resumedToken(r: Request, gapSeconds: number): void {
    if (r.measured) this.itl.add(gapSeconds, 1);
  }

  finished(r: Request, now: number): void {
    const rec = this.records;
    rec.finishedAt[r.id] = now;
    rec.status[r.id] = 1;
    rec.numPreemptions[r.id] = r.numPreemptions;
    this.inSystemArea += this.inSystem * (now - this.inSystemChangedAt);
    this.inSystemChangedAt = now;
    this.inSystem--;
    // lastEventAt: a request finishes at the end of a step, which stepDone records.
    this.onRequestDone(now, r.id);
  }

  preempted(_r: Request, _now: number): void {
    // Counted on the request (numPreemptions) and by the scheduler; nothing else to record.
  }

  replicaKvUsed(usedBlocks: number): void {
    const usage = usedBlocks / this.numGpuBlocks;
    if (usage > this.maxKvUsage) this.maxKvUsage = usage;
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
    if (measuredDecodes > 0) this.itl.add(dt, measuredDecodes);
    this.kvBlockSeconds[replica] += usedBlocks * dt;
    this.kvStoredTokenSeconds += storedTokens * dt;
    this.kvReservedTokenSeconds += reservedTokens * dt;
    this.runningSeconds += running * dt;
    const usage = usedBlocks / this.numGpuBlocks;
    if (usage > this.maxKvUsage) this.maxKvUsage = usage;
    const ts = this.timeSeries;
    ts.addLevel('kvUsedFraction', startedAt, endedAt, usage / this.numReplicas);
    ts.addLevel('running', startedAt, endedAt, running);
    ts.addLevel('waiting', startedAt, endedAt, waiting);
    ts.addCount(endedAt, emittedTokens);
    if (endedAt > this.lastEventAt) this.lastEventAt = endedAt;
  }
}
