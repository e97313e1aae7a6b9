// Routers by hand: round-robin order, least-outstanding and least-kv ties, power of two's draws,
// session affinity's stickiness, prefix-aware's records and load cap, and the stale view's
// snapshot rule (state entering the last multiple of Δ).
import { describe, expect, it } from 'vitest';
import { createRouter, type RoutedRequest } from '../../sim/cluster/index.ts';
import { createStreams } from '../../sim/random/index.ts';
import { RouterSchema } from '../../sim/scenario/index.ts';

const replicas = (loads: number[], kv: number[] = loads.map(() => 0)) => loads.map((numOutstanding, i) => ({ numOutstanding, kvUsage: kv[i] }));
const plain: RoutedRequest = { session: -1, prefixGroup: -1, prefixTokens: 0, numPromptTokens: 100 };
const inSession = (session: number, numPromptTokens = 100): RoutedRequest => ({ ...plain, session, numPromptTokens });
const inGroup = (prefixGroup: number, prefixTokens = 50): RoutedRequest => ({ ...plain, prefixGroup, prefixTokens });
const stream = () => createStreams(1).stream('router');
const router = (raw: unknown) => createRouter(RouterSchema.parse(raw), stream());

describe('routers', () => {
  it('round-robin cycles; least-outstanding takes the lowest load, ties to the lowest index', () => {
    const rr = router({ kind: 'round-robin' });
    expect([0, 1, 2, 3].map(() => rr.route(replicas([0, 0, 0]), plain, 0))).toEqual([0, 1, 2, 0]);
    const lo = router({ kind: 'least-outstanding' });
    expect(lo.route(replicas([3, 1, 1, 2]), plain, 0)).toBe(1);
  });

  it('least-kv takes the lowest KV usage; ties go to fewer outstanding requests, then the lowest index', () => {
    const r = router({ kind: 'least-kv' });
    expect(r.route(replicas([0, 9, 5], [0.5, 0.1, 0.3]), plain, 0)).toBe(1);
    expect(r.route(replicas([4, 2, 2], [0.2, 0.2, 0.2]), plain, 0)).toBe(1);
    expect(r.route(replicas([0, 0], [0.4, 0.4]), plain, 0)).toBe(0);
  });

  it('power-of-two: two distinct replicas from the router stream, the less loaded (ties: the first drawn)', () => {
    const loads = [5, 1, 7, 3];
    const r = router({ kind: 'power-of-two' });
    const s = stream(); // the same draws, by hand
    for (let k = 0; k < 200; k++) {
      const i = Math.floor(s.next() * 4);
      let j = Math.floor(s.next() * 3);
      if (j >= i) j++;
      expect(j).not.toBe(i);
      expect(r.route(replicas(loads), plain, 0)).toBe(loads[j] < loads[i] ? j : i);
    }
    // The most loaded replica (2) is never chosen: it loses to whichever other replica is drawn.
    const counts = [0, 0, 0, 0];
    for (let k = 0; k < 400; k++) counts[r.route(replicas(loads), plain, 0)]++;
    expect(counts[2]).toBe(0);
    expect(router({ kind: 'power-of-two' }).route(replicas([3]), plain, 0)).toBe(0);
  });

  it('session-affinity: a session stays where its first request went, whatever the loads; no session → fallback', () => {
    const r = router({ kind: 'session-affinity', fallback: 'least-outstanding' });
    expect(r.route(replicas([5, 0, 5]), inSession(7), 0)).toBe(1); // first request of session 7: least loaded
    expect(r.route(replicas([0, 9, 0]), inSession(7), 0)).toBe(1); // later: sticks despite the load
    expect(r.route(replicas([0, 9, 0]), inSession(8), 0)).toBe(0); // another session: fallback
    expect(r.route(replicas([4, 9, 1]), plain, 0)).toBe(2); // no session: fallback
    expect(r.route(replicas([4, 9, 1]), inSession(7), 0)).toBe(1);
  });

  it('prefix-aware: a group goes where the router sent it; a session to its latest turn; new ones to the least loaded', () => {
    const r = router({ kind: 'prefix-aware', loadCap: 'off' });
    expect(r.route(replicas([2, 0, 1]), inGroup(4), 0)).toBe(1); // new group → least loaded, recorded
    expect(r.route(replicas([0, 3, 0]), inGroup(4), 0)).toBe(1); // holder wins over idle replicas
    expect(r.route(replicas([0, 3, 0]), inGroup(5), 0)).toBe(0); // another group: least loaded
    // A session turn with its group: the session's replica holds the longer prefix (its prompt).
    expect(r.route(replicas([1, 0, 0]), { ...inSession(9, 400), prefixGroup: 5, prefixTokens: 50 }, 0)).toBe(0); // holds group 5
    expect(r.route(replicas([9, 0, 0]), { ...inSession(9, 600), prefixGroup: 4, prefixTokens: 50 }, 0)).toBe(0); // session 9's 400 > group 4's 50
    expect(r.route(replicas([9, 0, 0]), { ...inSession(9, 800), prefixGroup: 4, prefixTokens: 500 }, 0)).toBe(0); // 600 > 500
    expect(r.route(replicas([9, 0, 0]), { ...inSession(10, 800), prefixGroup: 4, prefixTokens: 500 }, 0)).toBe(1); // session 10 is new: group 4's holder
  });

  it('prefix-aware load cap: a holder over max(loadCap × mean, mean + loadSlack) is skipped for the least loaded', () => {
    const r = router({ kind: 'prefix-aware', loadCap: 1.5, loadSlack: 2 });
    expect(r.route(replicas([0, 0, 0, 0]), inGroup(1), 0)).toBe(0);
    // loads [6,2,2,2]: mean 3, cap max(4.5, 5) = 5 < 6 → holder 0 skipped, least loaded 1 (and recorded).
    expect(r.route(replicas([6, 2, 2, 2]), inGroup(1), 0)).toBe(1);
    // loads [5,2,2,3]: mean 3, cap 5: neither holder over; the less loaded holder (1) wins.
    expect(r.route(replicas([5, 2, 2, 3]), inGroup(1), 0)).toBe(1);
    expect(r.route(replicas([5, 6, 2, 3]), inGroup(1), 0)).toBe(0); // holder 1 over (cap 5), holder 0 at the cap is kept
    // Light load: [3,0,0,0], mean 0.75, cap max(1.125, 2.75) = 2.75 < 3 → skipped; [2,0,0,0] is not.
    expect(r.route(replicas([3, 0, 0, 0]), inGroup(2), 0)).toBe(1);
    expect(r.route(replicas([0, 1, 1, 1]), inGroup(3), 0)).toBe(0);
    expect(r.route(replicas([2, 0, 0, 0]), inGroup(3), 0)).toBe(0);
  });

  it('a stale view reads the snapshot entering ⌊t/Δ⌋·Δ; Δ = 0 reads live state', () => {
    const r = router({ kind: 'least-outstanding', staleSeconds: 1 });
    const live = replicas([0, 5]);
    r.observe(0, live); // snapshot 0: [0, 5]
    live[0].numOutstanding = 9;
    expect(r.route(live, plain, 0.5)).toBe(0); // still sees [0, 5]
    r.observe(0.99, live);
    expect(r.route(live, plain, 0.99)).toBe(0);
    r.observe(1, live); // first event at t ≥ 1: state entering t = 1 is [9, 5]
    live[1].numOutstanding = 20; // applied at t = 1, after the snapshot
    expect(r.route(live, plain, 1.5)).toBe(1);
    expect(r.route(live, plain, 2.5)).toBe(0); // snapshot 2 taken at the first decision after 2: [9, 20]
    const fresh = router({ kind: 'least-outstanding', staleSeconds: 0 });
    expect(fresh.route(live, plain, 0)).toBe(0);
    live[0].numOutstanding = 30;
    expect(fresh.route(live, plain, 0)).toBe(1);
  });

  it('the schema: staleSeconds ≥ 0, loadCap ≥ 1 or "off"; existing kinds parse unchanged', () => {
    expect(RouterSchema.safeParse({ kind: 'least-kv', staleSeconds: -1 }).success).toBe(false);
    expect(RouterSchema.safeParse({ kind: 'prefix-aware', loadCap: 0.5 }).success).toBe(false);
    expect(RouterSchema.parse({ kind: 'prefix-aware' })).toEqual({ kind: 'prefix-aware', loadCap: 1.5, loadSlack: 4 });
    expect(RouterSchema.parse({ kind: 'least-outstanding' })).toEqual({ kind: 'least-outstanding' });
    expect(RouterSchema.safeParse({ kind: 'random', staleSeconds: 1 }).success).toBe(false);
  });
});

describe('the count of replicas accepting work comes with the call (O(1) per request)', () => {
  /** n replicas whose acceptsWork reads are counted. */
  function counted(n: number, down: number[] = []) {
    const reads = { n: 0 };
    const list = Array.from({ length: n }, (_, i) => ({
      numOutstanding: i,
      kvUsage: 0,
      get acceptsWork() {
        reads.n++;
        return !down.includes(i);
      },
    }));
    return { list, reads };
  }

  it('random and power-of-two read no replica to count them when the count is given and all accept', () => {
    for (const kind of ['random', 'power-of-two']) {
      const { list, reads } = counted(64);
      const r = router({ kind });
      for (let k = 0; k < 100; k++) r.route(list, plain, 0, 64);
      expect(reads.n, kind).toBe(0);
    }
  });

  it('the given count gives the same choices as counting (all accepting, and with replicas down)', () => {
    for (const kind of ['random', 'power-of-two']) {
      for (const down of [[], [0, 3, 5]]) {
        const a = router({ kind });
        const b = router({ kind });
        const { list } = counted(8, down);
        for (let k = 0; k < 200; k++) {
          const i = a.route(list, plain, 0, 8 - down.length);
          expect(b.route(list, plain, 0)).toBe(i);
          expect(down).not.toContain(i);
        }
      }
    }
  });
});
