// Autoscaler.decide on hand-built fleets (no simulation): fake replicas carry only the load
// signals the autoscaler reads (numOutstanding, numWaiting) and the acceptsWork flag that
// Availability sets. Every expected count is worked by hand in the comment beside it, from the
// rules in sim/cluster/autoscaler.ts:
//   desired = clamp(⌈(Σ load + parked) / target⌉, minReplicas, maxReplicas), load = outstanding
//   (target-concurrency) or waiting (target-queue); current = active + starting (a cold start in
//   flight counts, draining and failed do not); up: draining re-activated first (lowest index),
//   then released started (lowest index; active at once when coldStartSeconds = 0); down: starting
//   released first (highest index), then active drained, fewest outstanding first (ties: highest
//   index); stabilisation: the largest desired over the decisions in (now − delay, now].
import { describe, expect, it } from 'vitest';
import { ACTIVE, Availability, Autoscaler, DRAINING, FAILED, RELEASED, STARTING } from '../../sim/cluster/index.ts';
import type { AutoscaleSettings } from '../../sim/cluster/autoscaler.ts';

interface FakeReplica {
  numOutstanding: number;
  numWaiting: number;
  acceptsWork: boolean;
}

const replica = (numOutstanding = 0, numWaiting = 0): FakeReplica => ({ numOutstanding, numWaiting, acceptsWork: false });

function settings(over: Partial<AutoscaleSettings> = {}): AutoscaleSettings {
  return { policy: 'target-concurrency', target: 4, minReplicas: 1, maxReplicas: 4, intervalSeconds: 10, coldStartSeconds: 5, scaleDownDelaySeconds: 0, ...over };
}

/** `n` fake replicas, the first `active` of them active at t = 0 (the rest released), one autoscaler over them all. */
function fleet(n: number, active: number, over: Partial<AutoscaleSettings> = {}) {
  const replicas = Array.from({ length: n }, () => replica());
  const availability = new Availability(replicas, active, 1);
  return { replicas, availability, autoscaler: new Autoscaler(settings(over), availability, replicas) };
}

const states = (a: Availability): number[] => Array.from(a.state);

describe('Autoscaler.decide', () => {
  it('target-concurrency scales up to ⌈(Σ outstanding + parked) / target⌉, starting released replicas lowest index first', () => {
    const { replicas, availability, autoscaler } = fleet(4, 1);
    replicas[0].numOutstanding = 9;
    // load = 9 outstanding + 2 parked = 11; ⌈11 / 4⌉ = 3; current = 1 active → start 2: replicas 1, 2.
    const d = autoscaler.decide(10, 2);
    expect(d).toEqual({ desired: 3, started: [1, 2], activated: [], draining: [] });
    expect(states(availability)).toEqual([ACTIVE, STARTING, STARTING, RELEASED]);
    // A starting replica accepts nothing until the cluster activates it.
    expect(replicas.map((r) => r.acceptsWork)).toEqual([true, false, false, false]);
    expect(autoscaler.scaleUps).toBe(2);
    expect(autoscaler.scaleDowns).toBe(0);
  });

  it('counts replicas in their cold start as current: the same load at the next decision starts nothing more', () => {
    const { replicas, availability, autoscaler } = fleet(4, 1);
    replicas[0].numOutstanding = 11;
    expect(autoscaler.decide(10, 0).started).toEqual([1, 2]); // ⌈11 / 4⌉ = 3, current 1 → +2
    // Still starting at t = 15 (cold start 5 s from 10 is the cluster's to end): current = 1 active
    // + 2 starting = 3 = desired ⌈11 / 4⌉ → nothing started, nothing cancelled.
    expect(autoscaler.decide(15, 0)).toEqual({ desired: 3, started: [], activated: [], draining: [] });
    expect(states(availability)).toEqual([ACTIVE, STARTING, STARTING, RELEASED]);
    // One more outstanding request: ⌈13 / 4⌉ = 4 → only the one missing replica starts.
    replicas[0].numOutstanding = 13;
    expect(autoscaler.decide(20, 0).started).toEqual([3]);
    expect(autoscaler.scaleUps).toBe(3);
  });

  it('target-queue reads waiting requests, not outstanding ones', () => {
    const { replicas, autoscaler } = fleet(4, 1, { policy: 'target-queue', target: 2 });
    replicas[0].numOutstanding = 40;
    replicas[0].numWaiting = 3;
    // load = 3 waiting + 0 parked; ⌈3 / 2⌉ = 2 (the 40 outstanding would give 4).
    expect(autoscaler.rawDesired(10, 0)).toBe(2);
    // With 2 parked: ⌈5 / 2⌉ = 3.
    expect(autoscaler.decide(10, 2).desired).toBe(3);
  });

  it('clamps to [minReplicas, maxReplicas]', () => {
    const { replicas, autoscaler } = fleet(6, 2, { minReplicas: 2, maxReplicas: 5 });
    // No load: ⌈0 / 4⌉ = 0 → min 2.
    expect(autoscaler.rawDesired(10, 0)).toBe(2);
    // 100 outstanding: ⌈100 / 4⌉ = 25 → max 5; current 2 → start 3 (replicas 2, 3, 4); replica 5 stays released.
    replicas[0].numOutstanding = 100;
    const d = autoscaler.decide(10, 0);
    expect(d.desired).toBe(5);
    expect(d.started).toEqual([2, 3, 4]);
  });

  it('with coldStartSeconds 0 a released replica is active at once', () => {
    const { replicas, availability, autoscaler } = fleet(3, 1, { coldStartSeconds: 0 });
    replicas[0].numOutstanding = 8; // ⌈8 / 4⌉ = 2 → +1
    expect(autoscaler.decide(10, 0)).toEqual({ desired: 2, started: [], activated: [1], draining: [] });
    expect(states(availability)).toEqual([ACTIVE, ACTIVE, RELEASED]);
    expect(replicas[1].acceptsWork).toBe(true);
  });

  it('scales down by draining the active replicas with the fewest outstanding first, ties to the highest index', () => {
    const { replicas, availability, autoscaler } = fleet(4, 4, { target: 8 });
    [3, 0, 0, 5].forEach((n, i) => (replicas[i].numOutstanding = n));
    // load = 8; ⌈8 / 8⌉ = 1; current 4 → drain 3: replicas 1 and 2 hold 0 (tie: 2 first, then 1),
    // then replica 0 (3 < 5). Replica 3 (5 outstanding) stays active.
    const d = autoscaler.decide(10, 0);
    expect(d).toEqual({ desired: 1, started: [], activated: [], draining: [2, 1, 0] });
    expect(states(availability)).toEqual([DRAINING, DRAINING, DRAINING, ACTIVE]);
    expect(replicas.map((r) => r.acceptsWork)).toEqual([false, false, false, true]);
    expect(autoscaler.scaleDowns).toBe(3);
  });

  it('scales down by cancelling cold starts first, highest index first, before draining an active replica', () => {
    const { replicas, availability, autoscaler } = fleet(4, 1);
    replicas[0].numOutstanding = 16;
    expect(autoscaler.decide(10, 0).started).toEqual([1, 2, 3]); // ⌈16 / 4⌉ = 4
    replicas[0].numOutstanding = 1;
    // ⌈1 / 4⌉ = 1; current = 1 active + 3 starting = 4 → 3 fewer: the three cold starts are
    // cancelled (3, 2, 1: released, not draining); the active replica keeps serving.
    expect(autoscaler.decide(20, 0)).toEqual({ desired: 1, started: [], activated: [], draining: [] });
    expect(states(availability)).toEqual([ACTIVE, RELEASED, RELEASED, RELEASED]);
    expect(autoscaler.scaleDowns).toBe(3);
    // Cancelling 1 of 2 starting: min 2 with replica 0 active and 1..3 starting after a rise.
    const b = fleet(4, 1, { minReplicas: 2 });
    b.replicas[0].numOutstanding = 16;
    b.autoscaler.decide(10, 0);
    b.replicas[0].numOutstanding = 5;
    // ⌈5 / 4⌉ = 2; current 4 → 2 fewer: replicas 3 then 2 released; replica 1 keeps starting.
    b.autoscaler.decide(20, 0);
    expect(states(b.availability)).toEqual([ACTIVE, STARTING, RELEASED, RELEASED]);
  });

  it('scales up by re-activating draining replicas (warm, lowest index first) before starting released ones', () => {
    const { replicas, availability, autoscaler } = fleet(5, 3, { target: 1 });
    [0, 0, 0].forEach((n, i) => (replicas[i].numOutstanding = n));
    // ⌈0 / 1⌉ = 0 → min 1; current 3 → drain 2: all hold 0 → highest index first: 2, then 1.
    expect(autoscaler.decide(10, 0).draining).toEqual([2, 1]);
    // They still hold a request each (not yet released): load = 0 + 1 + 1 + 2 parked = 4 → desired 4;
    // current 1 → +3: draining 1 and 2 re-activated (lowest first), then released 3 started.
    replicas[1].numOutstanding = 1;
    replicas[2].numOutstanding = 1;
    const d = autoscaler.decide(20, 2);
    expect(d).toEqual({ desired: 4, started: [3], activated: [1, 2], draining: [] });
    expect(states(availability)).toEqual([ACTIVE, ACTIVE, ACTIVE, STARTING, RELEASED]);
    expect(autoscaler.scaleUps).toBe(3);
    expect(autoscaler.scaleDowns).toBe(2);
  });

  it('starts only released replicas: a failed one is neither counted nor started (the count stays short)', () => {
    const { replicas, availability, autoscaler } = fleet(3, 2, { minReplicas: 3, maxReplicas: 3 });
    availability.set(0, FAILED, 5);
    replicas[1].numOutstanding = 1;
    // desired = min 3 (⌈1 / 4⌉ = 1); current = 1 active (replica 0 failed) → need 2, but only replica 2 is released.
    expect(autoscaler.decide(10, 0)).toEqual({ desired: 3, started: [2], activated: [], draining: [] });
    expect(states(availability)).toEqual([FAILED, ACTIVE, STARTING]);
  });

  it('stabilises scale-down over the decisions within (now − scaleDownDelaySeconds, now]; scale-up is immediate', () => {
    const { replicas, availability, autoscaler } = fleet(4, 1, { scaleDownDelaySeconds: 30, coldStartSeconds: 0 });
    const load = (n: number) => (replicas[0].numOutstanding = n);
    load(16); // raw ⌈16 / 4⌉ = 4
    expect(autoscaler.decide(10, 0).desired).toBe(4);
    load(0); // raw 0 → min 1 from here on
    // t = 20: history {10: 4, 20: 1} → 4. t = 30: {10, 20, 30} (10 > 30 − 30 = 0 kept) → 4.
    expect(autoscaler.decide(20, 0).desired).toBe(4);
    expect(autoscaler.decide(30, 0).desired).toBe(4);
    expect(availability.countIn(0, ACTIVE)).toBe(4);
    // t = 40: the entry at 10 leaves (10 ≤ 40 − 30): {20: 1, 30: 1, 40: 1} → 1; drain 3.
    const d = autoscaler.decide(40, 0);
    expect(d.desired).toBe(1);
    expect(d.draining).toHaveLength(3);
    // t = 50: raw 3 (⌈12 / 4⌉) is above every remembered count → up at once, no delay.
    load(12);
    expect(autoscaler.decide(50, 0)).toMatchObject({ desired: 3, activated: [1, 2] });
    // t = 60: raw 1, but 50's 3 is within the window → stays 3.
    load(0);
    expect(autoscaler.decide(60, 0).desired).toBe(3);
  });

  it('without a delay, scales down at the first decision the load allows', () => {
    const { replicas, autoscaler } = fleet(4, 1, { coldStartSeconds: 0 });
    replicas[0].numOutstanding = 16;
    expect(autoscaler.decide(10, 0).desired).toBe(4);
    replicas[0].numOutstanding = 0;
    expect(autoscaler.decide(20, 0).desired).toBe(1);
  });

  it('decides every intervalSeconds from t = intervalSeconds', () => {
    const { autoscaler } = fleet(2, 1, { intervalSeconds: 15 });
    expect(autoscaler.firstDecisionAt()).toBe(15);
    expect(autoscaler.nextDecisionAt(15)).toBe(30);
    expect(autoscaler.nextDecisionAt(30)).toBe(45);
  });

  it('schedule policy: decides at the entries, the last entry at or before now, not stabilised', () => {
    const schedule = [
      { atSeconds: 5, replicas: 3 },
      { atSeconds: 20, replicas: 1 },
    ];
    const { availability, autoscaler } = fleet(4, 2, { policy: 'schedule', schedule, scaleDownDelaySeconds: 100, coldStartSeconds: 0 });
    expect(autoscaler.firstDecisionAt()).toBe(5);
    expect(autoscaler.nextDecisionAt(5)).toBe(20);
    expect(autoscaler.nextDecisionAt(20)).toBe(Infinity);
    // Before the first entry the count is the current one (2 active).
    expect(autoscaler.rawDesired(1, 0)).toBe(2);
    expect(autoscaler.decide(5, 0)).toEqual({ desired: 3, started: [], activated: [2], draining: [] });
    // At 20 the entry says 1: down at once despite scaleDownDelaySeconds 100 (schedules are not stabilised).
    expect(autoscaler.decide(20, 0).desired).toBe(1);
    expect(availability.countIn(0, ACTIVE)).toBe(1);
    expect(availability.countIn(0, DRAINING)).toBe(2);
  });

  it('governs only its pool: choices in the fleet\'s numbering, loads of its own replicas', () => {
    const replicas = Array.from({ length: 5 }, () => replica());
    const availability = new Availability(replicas, [
      { firstReplica: 0, numReplicas: 2, initiallyActive: 2, gpusPerReplica: 1 },
      { firstReplica: 2, numReplicas: 3, initiallyActive: 1, gpusPerReplica: 2 },
    ]);
    replicas[0].numOutstanding = 100; // pool 0's load is not pool 1's
    replicas[2].numOutstanding = 5;
    const autoscaler = new Autoscaler(settings(), availability, replicas.slice(2), 1);
    // Pool 1: ⌈(5 + 3 parked) / 4⌉ = 2; current 1 (replica 2) → start replica 3 (its lowest released).
    expect(autoscaler.decide(10, 3)).toEqual({ desired: 2, started: [3], activated: [], draining: [] });
    expect(states(availability)).toEqual([ACTIVE, ACTIVE, ACTIVE, STARTING, RELEASED]);
  });
});
