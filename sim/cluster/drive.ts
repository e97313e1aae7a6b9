// Drive: runs a started cluster's event loop to its end under the stop rule. Arrivals end by the
// workload's stop condition; the run then drains until every admitted request finishes, or until
// `maxDrainSeconds` after the last arrival (default: the arrival span, at least
// MIN_DRAIN_SECONDS), after which the leftovers are reported unfinished and the run overloaded —
// so an overloaded scenario ends with a verdict instead of running on.
// Invariants: no event later than the horizon is handled; the horizon is fixed once, when
// arrivals are over, from the last arrival instant.
// A cluster with fleet control is `settled` once arrivals are over and no request is in the
// system: its own periodic events (autoscaling decisions, failure clocks) would never end.
// NOTE: the horizon is checked against the next event's instant before handling it, so the clock
// never passes it; events at exactly the horizon are still handled.

import type { EventHandler, Simulation } from '../engine/index.ts';

/** What the loop needs of the cluster (Cluster implements it). */
export interface Drivable extends EventHandler {
  /** True once no further arrival can happen. */
  readonly arrivalsDone: boolean;
  /** Instant of the latest arrival so far. */
  readonly lastArrivalAt: number;
  /** True when the run is over whatever events remain (fleet control's decisions, failures and repairs); absent: never. */
  readonly settled?: boolean;
}

/** The least drain time after the last arrival when the scenario names none, seconds. */
export const MIN_DRAIN_SECONDS = 600;

export interface DriveResult {
  /** Whether the drain limit stopped the run with events left. */
  readonly truncated: boolean;
  /** Last arrival + drain limit (Infinity if arrivals never ended). */
  readonly horizon: number;
}

/** Handles events in order until none is left or the next one is past the horizon. */
export function drive(sim: Simulation, cluster: Drivable, maxDrainSeconds: number | undefined): DriveResult {
  let horizon = Infinity;
  for (;;) {
    const next = sim.peekTime();
    if (next === Infinity || cluster.settled === true) return { truncated: false, horizon };
    if (horizon === Infinity && cluster.arrivalsDone) {
      const drain = maxDrainSeconds ?? Math.max(MIN_DRAIN_SECONDS, cluster.lastArrivalAt);
      horizon = cluster.lastArrivalAt + drain;
    }
    if (next > horizon) return { truncated: true, horizon };
    sim.step(cluster);
  }
}
