// Routers by hand: round-robin order, least-outstanding ties, session affinity's stickiness.
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../sim/cluster/index.ts';
import { createStreams } from '../../sim/random/index.ts';

const replicas = (loads: number[]) => loads.map((numOutstanding) => ({ numOutstanding }));

describe('routers', () => {
  it('round-robin cycles; least-outstanding takes the lowest load, ties to the lowest index', () => {
    const rr = createRouter({ kind: 'round-robin' }, createStreams(1).stream('router'));
    expect([0, 1, 2, 3].map(() => rr.route(replicas([0, 0, 0])))).toEqual([0, 1, 2, 0]);
    const lo = createRouter({ kind: 'least-outstanding' }, createStreams(1).stream('router'));
    expect(lo.route(replicas([3, 1, 1, 2]))).toBe(1);
  });

  it('session-affinity: a session stays where its first request went, whatever the loads; no session → fallback', () => {
    const router = createRouter({ kind: 'session-affinity', fallback: 'least-outstanding' }, createStreams(1).stream('router'));
    expect(router.route(replicas([5, 0, 5]), 7)).toBe(1); // first request of session 7: least loaded
    expect(router.route(replicas([0, 9, 0]), 7)).toBe(1); // later: sticks despite the load
    expect(router.route(replicas([0, 9, 0]), 8)).toBe(0); // another session: fallback
    expect(router.route(replicas([4, 9, 1]))).toBe(2); // no session: fallback
    expect(router.route(replicas([4, 9, 1]), 7)).toBe(1);
  });
});
