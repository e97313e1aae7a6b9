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

export class Availability {
  readonly state: Uint8Array;
  private readonly counts = [0, 0, 0, 0, 0];
  private readonly points: ReplicaCountPoint[] = [];
  /** Per replica: [from, to) intervals held, flattened; an open interval ends at Infinity until released. */
  private readonly heldIntervals: number[][];
  /** Largest count of held replicas (active + starting + draining + failed) at any instant. */
  peakHeld = 0;

  /** `initiallyActive`: replicas 0 … initiallyActive − 1 are active at t = 0, the rest released. */
  constructor(
    private readonly targets: readonly AvailabilityTarget[],
    initiallyActive: number,
    readonly gpusPerReplica: number,
  ) {
    const n = targets.length;
    this.state = new Uint8Array(n).fill(RELEASED);
    this.counts[RELEASED] = n;
    this.heldIntervals = Array.from({ length: n }, () => []);
    for (const t of targets) t.acceptsWork = false;
    for (let i = 0; i < initiallyActive; i++) this.set(i, ACTIVE, 0);
    if (initiallyActive === 0) this.record(0);
  }

  count(state: ReplicaState): number {
    return this.counts[state];
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
    this.state[i] = state;
    this.targets[i].acceptsWork = state === ACTIVE;
    const intervals = this.heldIntervals[i];
    if (was === RELEASED) intervals.push(now, Infinity);
    else if (state === RELEASED) intervals[intervals.length - 1] = now;
    this.record(now);
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

  /** Seconds replica i held its GPUs within [from, to]. */
  replicaHeldSeconds(i: number, from: number, to: number): number {
    const iv = this.heldIntervals[i];
    let s = 0;
    for (let k = 0; k < iv.length; k += 2) s += Math.max(0, Math.min(to, iv[k + 1]) - Math.max(from, iv[k]));
    return s;
  }

  /** GPU-seconds held by the fleet within [from, to]. */
  heldGpuSeconds(from: number, to: number): number {
    let s = 0;
    for (let i = 0; i < this.state.length; i++) s += this.replicaHeldSeconds(i, from, to);
    return s * this.gpusPerReplica;
  }
}
