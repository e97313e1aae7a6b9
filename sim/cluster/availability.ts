// Availability: which replicas of the built fleet are held and which accept new work, over time —
// the one mechanism autoscaling (autoscaler.ts) and failures (failure-injector.ts) both drive.
// States of a replica:
//   active    holds its GPUs, serves, receives new requests;
//   starting  holds its GPUs through a cold start, serves nothing, receives nothing;
//   draining  holds its GPUs, serves what it has, receives nothing; released when empty;
//   released  holds nothing;
//   failed    holds its GPUs, serves nothing, receives nothing, until repaired.
// Invariants: a replica accepts work iff it is active (ServingReplica.acceptsWork mirrors it);
// held = not released; the counts by state always sum to the fleet; the change points are in
// time order, one per instant (a later change at the same instant overwrites), so
// heldGpuSeconds(a, b) is the exact integral of held replicas × GPUs per replica over [a, b].
// NOTE: held GPU-seconds are what a cloud bill counts (GPUs are paid while allocated, serving or
// not); a starting, draining or failed replica is paid for.
// Pools (scenario pools, each autoscaled or not): the replicas are partitioned into consecutive
// ranges, one per pool, each with its own GPUs per replica and replicas active at t = 0; counts
// and change points are kept per pool as well as fleet-wide (the fleet's are the sums). A fleet
// without pools is one range over every replica.

export const ACTIVE = 0;
export const STARTING = 1;
export const DRAINING = 2;
export const RELEASED = 3;
export const FAILED = 4;
export type ReplicaState = typeof ACTIVE | typeof STARTING | typeof DRAINING | typeof RELEASED | typeof FAILED;

/** summary.replicasOverTime: one row per instant at which some count changed. */
export interface ReplicaCountPoint {
  t: number;
  active: number;
  starting: number;
  draining: number;
  failed: number;
}

/** What availability sets on a replica. */
export interface AvailabilityTarget {
  acceptsWork: boolean;
}

/** One pool's range of replicas: firstReplica … firstReplica + numReplicas − 1. */
export interface AvailabilityPool {
  readonly firstReplica: number;
  readonly numReplicas: number;
  /** Replicas firstReplica … firstReplica + initiallyActive − 1 are active at t = 0, the rest released. */
  readonly initiallyActive: number;
  readonly gpusPerReplica: number;
}

export class Availability {
  readonly state: Uint8Array;
  private readonly counts = [0, 0, 0, 0, 0];
  private readonly points: ReplicaCountPoint[] = [];
  /** Per pool: counts by state and change points. */
  private readonly poolCounts: number[][];
  private readonly poolPoints: ReplicaCountPoint[][];
  /** Per replica: its pool. */
  private readonly poolOf: Uint16Array;
  /** Per replica: [from, to) intervals held, flattened; an open interval ends at Infinity until released. */
  private readonly heldIntervals: number[][];
  /** Largest count of held replicas (active + starting + draining + failed) at any instant. */
  peakHeld = 0;
  /** Per pool: the same. */
  readonly poolPeakHeld: number[];
  readonly pools: readonly AvailabilityPool[];

  /**
   * One pool (a fleet without pools): `pools` is the count active at t = 0 (replicas 0 …
   * initiallyActive − 1) and `gpusPerReplica` the GPUs of each; or every pool's range.
   */
  constructor(targets: readonly AvailabilityTarget[], initiallyActive: number, gpusPerReplica: number);
  constructor(targets: readonly AvailabilityTarget[], pools: readonly AvailabilityPool[]);
  constructor(
    private readonly targets: readonly AvailabilityTarget[],
    poolsOrActive: number | readonly AvailabilityPool[],
    gpusPerReplica = 1,
  ) {
    const n = targets.length;
    this.pools = typeof poolsOrActive === 'number' ? [{ firstReplica: 0, numReplicas: n, initiallyActive: poolsOrActive, gpusPerReplica }] : poolsOrActive;
    this.state = new Uint8Array(n).fill(RELEASED);
    this.counts[RELEASED] = n;
    this.poolOf = new Uint16Array(n);
    this.poolCounts = this.pools.map((p, k) => {
      this.poolOf.fill(k, p.firstReplica, p.firstReplica + p.numReplicas);
      return [0, 0, 0, p.numReplicas, 0];
    });
    this.poolPoints = this.pools.map(() => []);
    this.poolPeakHeld = this.pools.map(() => 0);
    this.heldIntervals = Array.from({ length: n }, () => []);
    for (const t of targets) t.acceptsWork = false;
    let any = false;
    for (const p of this.pools) {
      for (let i = p.firstReplica; i < p.firstReplica + p.initiallyActive; i++) this.set(i, ACTIVE, 0);
      if (p.initiallyActive > 0) any = true;
    }
    if (!any) this.record(0);
    // A pool with none active at t = 0 still has its first row.
    this.pools.forEach((p, k) => {
      if (p.initiallyActive === 0) this.recordPool(k, 0);
    });
  }

  count(state: ReplicaState): number {
    return this.counts[state];
  }

  /** Replicas of pool k in `state` now. */
  countIn(k: number, state: ReplicaState): number {
    return this.poolCounts[k][state];
  }

  /** Replicas holding GPUs now. */
  get held(): number {
    return this.state.length - this.counts[RELEASED];
  }

  /** Whether some replica accepts new work now. */
  get anyAccepting(): boolean {
    return this.counts[ACTIVE] > 0;
  }

  /** Moves replica i to `state` at `now`. */
  set(i: number, state: ReplicaState, now: number): void {
    const was = this.state[i];
    if (was === state) return;
    this.counts[was]--;
    this.counts[state]++;
    const pc = this.poolCounts[this.poolOf[i]];
    pc[was]--;
    pc[state]++;
    this.state[i] = state;
    this.targets[i].acceptsWork = state === ACTIVE;
    const intervals = this.heldIntervals[i];
    if (was === RELEASED) intervals.push(now, Infinity);
    else if (state === RELEASED) intervals[intervals.length - 1] = now;
    this.record(now);
    this.recordPool(this.poolOf[i], now);
  }

  private recordPool(k: number, now: number): void {
    const c = this.poolCounts[k];
    const point = { t: now, active: c[ACTIVE], starting: c[STARTING], draining: c[DRAINING], failed: c[FAILED] };
    const points = this.poolPoints[k];
    const last = points[points.length - 1];
    if (last !== undefined && last.t === now) points[points.length - 1] = point;
    else points.push(point);
    const held = this.pools[k].numReplicas - c[RELEASED];
    if (held > this.poolPeakHeld[k]) this.poolPeakHeld[k] = held;
  }

  private record(now: number): void {
    const c = this.counts;
    const point = { t: now, active: c[ACTIVE], starting: c[STARTING], draining: c[DRAINING], failed: c[FAILED] };
    const last = this.points[this.points.length - 1];
    if (last !== undefined && last.t === now) this.points[this.points.length - 1] = point;
    else this.points.push(point);
    if (this.held > this.peakHeld) this.peakHeld = this.held;
  }

  /** The change points up to `end` (summary.replicasOverTime). */
  replicasOverTime(end: number): ReplicaCountPoint[] {
    return this.points.filter((p) => p.t <= end).map((p) => ({ ...p }));
  }

  /** Pool k's change points up to `end` (summary.pools.<name>.replicasOverTime). */
  poolReplicasOverTime(k: number, end: number): ReplicaCountPoint[] {
    return this.poolPoints[k].filter((p) => p.t <= end).map((p) => ({ ...p }));
  }

  /** Seconds replica i held its GPUs within [from, to]. */
  replicaHeldSeconds(i: number, from: number, to: number): number {
    const iv = this.heldIntervals[i];
    let s = 0;
    for (let k = 0; k < iv.length; k += 2) s += Math.max(0, Math.min(to, iv[k + 1]) - Math.max(from, iv[k]));
    return s;
  }

  /** GPU-seconds held by pool k within [from, to]. */
  poolHeldGpuSeconds(k: number, from: number, to: number): number {
    const p = this.pools[k];
    let s = 0;
    for (let i = p.firstReplica; i < p.firstReplica + p.numReplicas; i++) s += this.replicaHeldSeconds(i, from, to);
    return s * p.gpusPerReplica;
  }

  /** GPU-seconds held by the fleet within [from, to]: the sum over pools. */
  heldGpuSeconds(from: number, to: number): number {
    let s = 0;
    for (let k = 0; k < this.pools.length; k++) s += this.poolHeldGpuSeconds(k, from, to);
    return s;
  }
}
