// Fleet control: the cluster's events that change which replicas are available — autoscaling
// decisions, cold starts ending, failures and repairs — over one Availability (availability.ts).
// Event kinds (FLEET_EVENTS and up; the cluster hands them here):
//   SCALE      autoscaler `target`'s decision (autoscaler.ts; one autoscaler per autoscaled
//              pool, target 0 without pools); its next one is scheduled while the run is not
//              settled (arrivals over and nothing in the system);
//   READY      replica `target`'s cold start ends: it becomes active (stale if the start was
//              cancelled: readyAt no longer matches);
//   FAIL_EVENT failures.events[target]: the replica fails if it is held and not failed (else the
//              event is skipped and counted);
//   FAIL_RATE  replica `target` fails at the time drawn from its stream 'failures/<target>'
//              (exponential, mean mtbfSeconds, drawn each time the replica comes up; stale if the
//              replica went down since: failAt no longer matches);
//   REPAIR     replica `target` is repaired: active again.
// A failure: the replica's engine is replaced by a fresh one (empty KV and prefix cache; the old
// engine's steps still in the event queue are dropped by their epoch, stepEvent/stepTarget); every
// request routed to it and not finished is lost (collector.lost) or routed again and started
// over (collector.retried, a new Request with the same id and arrival: prefill again). A
// replica failing while draining is released instead of repaired (it was leaving). Requests
// that find no replica accepting work — with pools: none in the pools their class may go to
// (router.poolRules) — are parked here, in arrival order, and routed when one becomes active
// (a request waits; it is never rejected for want of a replica). An autoscaled pool's policy
// counts the parked requests that may go to it.
// Invariants: every request routed and not finished is in `live` with its replica; the run's
// GPU-seconds held are Availability's; epochs only grow.
// NOTE: a repaired replica serves at once (repairSeconds includes reloading the weights); a
// repaired replica is active even if the autoscaler would not want it: its next decision drains it.

import type { Simulation } from '../engine/index.ts';
import { exponential, type RandomStreams } from '../random/index.ts';
import { Request } from '../scheduler/index.ts';
import type { RecoveryFold } from '../metrics/index.ts';
import { ACTIVE, Availability, DRAINING, FAILED, RELEASED, STARTING } from './availability.ts';
import type { Autoscaler } from './autoscaler.ts';
import type { Collector } from './collector.ts';
import type { ServingReplica } from './replica.ts';
import type { ReplicaSlot } from './replica-slot.ts';

/** The first event kind fleet control owns; the cluster's own kinds lie below it. */
export const FLEET_EVENTS = 5;
const SCALE = FLEET_EVENTS;
const READY = FLEET_EVENTS + 1;
const FAIL_EVENT = FLEET_EVENTS + 2;
const FAIL_RATE = FLEET_EVENTS + 3;
const REPAIR = FLEET_EVENTS + 4;

export interface FailureSettings {
  readonly events: readonly { readonly replica: number; readonly atSeconds: number; readonly repairSeconds: number }[];
  readonly mtbfSeconds?: number;
  readonly repairSeconds?: number;
  readonly onFailure: 'lost' | 'retry';
  /** Builds a fresh engine for replica i (same plan, same index and pool). */
  readonly rebuild: (index: number) => ServingReplica;
  readonly streams: RandomStreams;
  readonly recovery: RecoveryFold;
}

/** One failure as it happened (summary.failures.events). */
export interface FailureRecord {
  replica: number;
  atSeconds: number;
  /** When it serves again; NaN when it was released instead (it was draining). */
  repairedAt: number;
  requestsLost: number;
  requestsRetried: number;
}

/** What fleet control needs of the cluster. */
export interface FleetHost {
  /** Routes a request (it is in the system already); parks it when no replica accepts work. */
  route(r: Request): void;
  /** A request left the system without finishing (lost): follow-ups may come. */
  requestLost(now: number, id: number): void;
  /** Whether arrivals are over and no request is in the system. */
  readonly settled: boolean;
}

export class FleetControl {
  readonly parked: Request[] = [];
  /** Requests routed and not finished, by id, with their replica (failures only). */
  private readonly live = new Map<number, { request: Request; replica: number }>();
  private readonly readyAt: Float64Array;
  private readonly failAt: Float64Array;
  private readonly epoch: Uint32Array;
  private readonly n: number;
  private host!: FleetHost;
  readonly failureLog: FailureRecord[] = [];
  /** failures.events that found their replica released or already failed. */
  skippedFailures = 0;
  requestsLost = 0;
  requestsRetried = 0;

  constructor(
    private readonly sim: Simulation,
    readonly availability: Availability,
    private readonly replicas: readonly ServingReplica[],
    private readonly collector: Collector,
    /** One per autoscaled pool (SCALE's target is the index here). */
    readonly autoscalers: readonly Autoscaler[],
    readonly failures: FailureSettings | undefined,
    /** Per class index: the pools its requests may go to; null: every pool (one pool without pools). */
    private readonly allowedPools: readonly (readonly number[])[] | null = null,
    /** The pools whose replicas the router sees (disaggregation: the prefill pools); null: every pool. */
    private readonly routedPools: readonly number[] | null = null,
  ) {
    this.n = replicas.length;
    this.readyAt = new Float64Array(this.n).fill(NaN);
    this.failAt = new Float64Array(this.n).fill(Infinity);
    this.epoch = new Uint32Array(this.n);
  }

  start(host: FleetHost): void {
    this.host = host;
    this.autoscalers.forEach((a, k) => this.scheduleDecision(k, a.firstDecisionAt()));
    const f = this.failures;
    if (f === undefined) return;
    f.events.forEach((e, k) => this.sim.schedule(e.atSeconds, FAIL_EVENT, k));
    for (let i = 0; i < this.n; i++) if (this.availability.state[i] !== RELEASED) this.armFailure(i, 0);
  }

  /** The STEP_DONE target for replica i's step: i in epoch 0 (as without failures), else i + epoch·n. */
  stepEvent(i: number): number {
    return i + this.epoch[i] * this.n;
  }

  /** The replica a STEP_DONE target names, or −1 when it was the engine of a failed replica. */
  stepTarget(target: number): number {
    const i = target % this.n;
    return Math.floor(target / this.n) === this.epoch[i] ? i : -1;
  }

  routed(r: Request, replica: number): void {
    if (this.failures !== undefined) this.live.set(r.id, { request: r, replica });
  }

  left(id: number): void {
    if (this.failures !== undefined) this.live.delete(id);
  }

  /** After a step on replica i: a draining replica with nothing left is released. */
  afterStep(i: number, now: number): void {
    if (this.availability.state[i] === DRAINING && this.replicas[i].numOutstanding === 0 && this.pendingOf(i) === 0) this.release(i, now);
  }

  handle(kind: number, target: number, now: number): void {
    const a = this.availability;
    switch (kind) {
      case SCALE: {
        const autoscaler = this.autoscalers[target];
        const d = autoscaler.decide(now, this.parkedFor(autoscaler.pool));
        for (const i of d.started) {
          this.readyAt[i] = now + autoscaler.settings.coldStartSeconds;
          this.sim.schedule(this.readyAt[i], READY, i);
          this.armFailure(i, now);
        }
        // A replica re-activated from draining kept its failure clock; only a fresh one is armed.
        for (const i of d.activated) if (this.failAt[i] === Infinity) this.armFailure(i, now);
        for (const i of d.draining) this.afterStep(i, now);
        // A started replica whose start was cancelled holds nothing: disarm its failure clock.
        for (let i = 0; i < this.n; i++) if (a.state[i] === RELEASED) this.failAt[i] = Infinity;
        if (d.activated.length > 0) this.unpark();
        if (!this.host.settled) this.scheduleDecision(target, autoscaler.nextDecisionAt(now));
        return;
      }
      case READY:
        if (a.state[target] !== STARTING || this.readyAt[target] !== now) return;
        a.set(target, ACTIVE, now);
        this.unpark();
        return;
      case FAIL_EVENT: {
        const e = this.failures!.events[target];
        const s = a.state[e.replica];
        if (s === RELEASED || s === FAILED) {
          this.skippedFailures++;
          return;
        }
        this.fail(e.replica, now, e.repairSeconds);
        return;
      }
      case FAIL_RATE:
        if (this.failAt[target] !== now) return;
        this.fail(target, now, this.failures!.repairSeconds!);
        return;
      case REPAIR:
        if (a.state[target] !== FAILED) return;
        a.set(target, ACTIVE, now);
        this.armFailure(target, now);
        this.unpark();
        return;
      default:
        throw new Error(`unknown fleet event kind ${kind}`);
    }
  }

  private scheduleDecision(k: number, t: number): void {
    if (t < Infinity) this.sim.schedule(t, SCALE, k);
  }

  /** Work a replica holds outside its engine (disaggregation: KV hand-offs waiting for or in flight to a decode replica); a draining replica is released only when this is 0 too. */
  pendingOf: (i: number) => number = () => 0;

  /** Replicas the router sees that accept work now (its O(1) count, router.ts). */
  routeAccepting(): number {
    const a = this.availability;
    if (this.routedPools === null) return a.count(ACTIVE);
    let n = 0;
    for (const k of this.routedPools) n += a.countIn(k, ACTIVE);
    return n;
  }

  /** Whether r may be routed now: some replica of a pool its class may go to accepts work. */
  canRoute(r: Request): boolean {
    const a = this.availability;
    if (this.allowedPools === null) return a.anyAccepting;
    for (const k of this.allowedPools[r.classIndex] ?? this.allowedPools[0]) if (a.countIn(k, ACTIVE) > 0) return true;
    return false;
  }

  /** Parked requests that may go to pool k. */
  private parkedFor(k: number): number {
    if (this.allowedPools === null) return this.parked.length;
    let n = 0;
    for (const r of this.parked) if ((this.allowedPools[r.classIndex] ?? this.allowedPools[0]).includes(k)) n++;
    return n;
  }

  private release(i: number, now: number): void {
    this.availability.set(i, RELEASED, now);
    this.failAt[i] = Infinity;
  }

  /** Replica i came up at `now`: with an MTBF, its next failure is drawn. */
  private armFailure(i: number, now: number): void {
    const mtbf = this.failures?.mtbfSeconds;
    if (mtbf === undefined) return;
    const t = now + exponential(this.failures!.streams.stream(`failures/${i}`), 1 / mtbf);
    this.failAt[i] = t;
    this.sim.schedule(t, FAIL_RATE, i);
  }

  private fail(i: number, now: number, repairSeconds: number): void {
    const f = this.failures!;
    const a = this.availability;
    const wasDraining = a.state[i] === DRAINING;
    this.failAt[i] = Infinity;
    this.readyAt[i] = NaN;
    const record: FailureRecord = { replica: i, atSeconds: now, repairedAt: wasDraining ? NaN : now + repairSeconds, requestsLost: 0, requestsRetried: 0 };
    this.failureLog.push(record);
    if (wasDraining) a.set(i, RELEASED, now);
    else {
      a.set(i, FAILED, now);
      this.sim.schedule(now + repairSeconds, REPAIR, i);
    }
    f.recovery.window(now, wasDraining ? now : now + repairSeconds);
    // The engine and everything in it are gone; its steps still queued are dropped by epoch.
    this.epoch[i]++;
    (this.replicas[i] as ReplicaSlot).replace(f.rebuild(i));
    const victims: Request[] = [];
    for (const [, v] of this.live) if (v.replica === i) victims.push(v.request);
    victims.sort((x, y) => x.id - y.id);
    for (const old of victims) {
      this.live.delete(old.id);
      if (f.onFailure === 'lost') {
        this.collector.lost(old.id, now);
        this.requestsLost++;
        record.requestsLost++;
        this.host.requestLost(now, old.id);
      } else {
        this.collector.retried(old.id);
        this.requestsRetried++;
        record.requestsRetried++;
        this.host.route(old.freshCopy());
      }
    }
  }

  /** Routes the parked requests that may be routed now, oldest first (the others stay parked, in order). */
  private unpark(): void {
    if (this.parked.length === 0 || !this.availability.anyAccepting) return;
    const waiting = this.parked.splice(0);
    for (const r of waiting) this.host.route(r);
  }
}

