// The autoscaler: at each decision instant, a desired replica count from the policy, applied to
// the fleet's availability (availability.ts). Policies (scenario/autoscale-schema.ts):
//   target-concurrency  desired = ⌈(Σ outstanding requests + parked requests) / target⌉
//   target-queue        desired = ⌈(Σ waiting requests + parked requests) / target⌉
//   schedule            desired = replicas of the last entry with atSeconds ≤ now
// clamped to [minReplicas, maxReplicas]. "Current" is active + starting replicas (a draining or
// failed one is not counted: a failed replica is replaced, as an orchestrator replaces a failed
// pod, if a released replica is left to start).
// Scale up by n: draining replicas are re-activated first (they are warm; lowest index first),
// then released ones start a cold start (lowest index first), ready coldStartSeconds later.
// Scale down by n: starting replicas are released first (their cold start is cancelled; highest
// index first), then active ones drain, the fewest outstanding first (ties: highest index); a
// draining replica is released when it holds no request (the cluster checks after its steps).
// Stabilisation: the count scaled down to is the largest desired count of the decisions within
// the last scaleDownDelaySeconds, (now − delay, now] (Kubernetes HPA's downscale stabilisation
// window); scale-up is immediate. The schedule policy is not stabilised.
// Decisions happen at t = k·intervalSeconds (k ≥ 1), or at the schedule's entries.
// Invariants: deterministic (no randomness); active + starting never exceeds maxReplicas and,
// after a decision, is at least minReplicas unless too few replicas are released to start.
// Pools: an autoscaler governs one pool (its range of replicas in the fleet's Availability, pool
// index `pool`); every count, load and choice above is over that pool's replicas only, and
// `parked` is the number of parked requests that could go to that pool (fleet-control.ts).

import { DEFAULT_STORAGE_GBPS } from '../scenario/index.ts';
import { ACTIVE, DRAINING, RELEASED, STARTING, type Availability } from './availability.ts';
import type { ServingReplica } from './replica.ts';

/** The cold start: autoscale.coldStartSeconds, else weight bytes per GPU ÷ (storageGBps × 10⁹ B/s). */
export function coldStartSeconds(autoscale: { coldStartSeconds?: number; storageGBps?: number }, weightBytesPerGpu: number): number {
  return autoscale.coldStartSeconds ?? weightBytesPerGpu / ((autoscale.storageGBps ?? DEFAULT_STORAGE_GBPS) * 1e9);
}

export interface AutoscaleSettings {
  readonly policy: 'target-concurrency' | 'target-queue' | 'schedule';
  readonly target?: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly intervalSeconds: number;
  readonly coldStartSeconds: number;
  readonly scaleDownDelaySeconds: number;
  readonly schedule?: readonly { readonly atSeconds: number; readonly replicas: number }[];
}

/** What the autoscaler reads of a replica: its load signals (a ServingReplica has them). */
type AutoscaledReplica = Pick<ServingReplica, 'numOutstanding' | 'numWaiting'>;

/** What one decision did: replicas whose cold start began (ready at now + coldStartSeconds) and replicas that became active. */
export interface ScaleDecision {
  readonly desired: number;
  readonly started: number[];
  readonly activated: number[];
  readonly draining: number[];
}

export class Autoscaler {
  /** Replicas started (cold) or re-activated from draining. */
  scaleUps = 0;
  /** Replicas drained or whose cold start was cancelled. */
  scaleDowns = 0;
  private readonly history: { t: number; desired: number }[] = [];

  /** The pool's replicas in the fleet's numbering: first … first + replicas.length − 1. */
  private readonly first: number;

  constructor(
    readonly settings: AutoscaleSettings,
    private readonly availability: Availability,
    /** The pool's replicas only (every replica without pools). */
    private readonly replicas: readonly AutoscaledReplica[],
    /** The pool's index in `availability` (0 without pools). */
    readonly pool = 0,
  ) {
    this.first = availability.pools[pool].firstReplica;
  }

  /** The first decision instant. */
  firstDecisionAt(): number {
    const s = this.settings;
    return s.policy === 'schedule' ? s.schedule![0].atSeconds : s.intervalSeconds;
  }

  /** The decision instant after `now` (Infinity: none). */
  nextDecisionAt(now: number): number {
    const s = this.settings;
    if (s.policy !== 'schedule') return now + s.intervalSeconds;
    for (const e of s.schedule!) if (e.atSeconds > now) return e.atSeconds;
    return Infinity;
  }

  /** The policy's count at `now`, before stabilisation, clamped to [min, max]; `parked`: requests held for want of an accepting replica. */
  rawDesired(now: number, parked: number): number {
    const s = this.settings;
    let want: number;
    if (s.policy === 'schedule') {
      want = this.availability.countIn(this.pool, ACTIVE) + this.availability.countIn(this.pool, STARTING);
      for (const e of s.schedule!) if (e.atSeconds <= now) want = e.replicas;
    } else {
      let load = parked;
      for (const r of this.replicas) load += s.policy === 'target-concurrency' ? r.numOutstanding : r.numWaiting;
      want = Math.ceil(load / s.target!);
    }
    return Math.min(s.maxReplicas, Math.max(s.minReplicas, want));
  }

  decide(now: number, parked: number): ScaleDecision {
    const s = this.settings;
    const a = this.availability;
    const raw = this.rawDesired(now, parked);
    let desired = raw;
    if (s.policy !== 'schedule' && s.scaleDownDelaySeconds > 0) {
      this.history.push({ t: now, desired: raw });
      while (this.history.length > 0 && this.history[0].t <= now - s.scaleDownDelaySeconds) this.history.shift();
      for (const h of this.history) if (h.desired > desired) desired = h.desired;
    }
    const current = a.countIn(this.pool, ACTIVE) + a.countIn(this.pool, STARTING);
    const started: number[] = [];
    const activated: number[] = [];
    const draining: number[] = [];
    const n = this.replicas.length;
    if (desired > current) {
      let need = desired - current;
      const f = this.first;
      for (let i = f; i < f + n && need > 0; i++) {
        if (a.state[i] !== DRAINING) continue;
        a.set(i, ACTIVE, now);
        activated.push(i);
        need--;
      }
      for (let i = f; i < f + n && need > 0; i++) {
        if (a.state[i] !== RELEASED) continue;
        if (s.coldStartSeconds > 0) {
          a.set(i, STARTING, now);
          started.push(i);
        } else {
          a.set(i, ACTIVE, now);
          activated.push(i);
        }
        need--;
      }
      this.scaleUps += started.length + activated.length;
    } else if (desired < current) {
      let excess = current - desired;
      const f = this.first;
      for (let i = f + n - 1; i >= f && excess > 0; i--) {
        if (a.state[i] !== STARTING) continue;
        a.set(i, RELEASED, now);
        this.scaleDowns++;
        excess--;
      }
      while (excess > 0) {
        let pick = -1;
        for (let i = f + n - 1; i >= f; i--) {
          if (a.state[i] !== ACTIVE) continue;
          if (pick < 0 || this.replicas[i - f].numOutstanding < this.replicas[pick - f].numOutstanding) pick = i;
        }
        if (pick < 0) break;
        a.set(pick, DRAINING, now);
        draining.push(pick);
        this.scaleDowns++;
        excess--;
      }
    }
    return { desired, started, activated, draining };
  }
}
