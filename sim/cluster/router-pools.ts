// Two-level routing over pools (router.poolRules / router.poolWeights): a request's class names
// the pools it may go to (allowed[classIndex]); with weights one of them is drawn — a weighted
// random draw from the `router` stream, so each pool gets an independent (Poisson-thinned) share
// of the traffic, as the kind `random` splits over replicas; smooth weighted round-robin would
// be less noisy, but would interleave pools in lockstep with the class mix — then the router
// kind picks among the replicas of the chosen pool (without weights: of all allowed pools).
// Each distinct replica subset has its own kind router (its own round-robin counter, stale view,
// session and prefix maps), fed the subset and mapped back to global replica indices.
// Invariants: a request only reaches a replica of a pool its class allows; without rules or
// weights createPoolRouter is not used (run.ts), so routing is the kind's alone.
// Autoscaling / failures (routing.accepting): a drawn pool with no replica accepting work is
// skipped — the same uniform is mapped over the weights of the allowed pools that accept — so a
// scaled-to-nothing or failed pool's share goes to the others in proportion; the cluster parks a
// request none of whose pools accepts (fleet-control.ts), so some pool always does here.
// NOTE: a weight-0 pool gets nothing from a weighted draw; checks ensure every class has a pool
// of positive weight. Session affinity keeps a session within the pool its first turn drew only
// because its map is per subset: a later turn drawing another pool goes to that pool.

import type { RandomStream } from '../random/index.ts';
import type { RoutableReplica, RoutedRequest, Router } from './router.ts';

export interface PoolRouting {
  /** Per class index: the pool indices its requests may go to (non-empty). */
  readonly allowed: readonly (readonly number[])[];
  /** Per pool: [first replica, replica count] in the cluster's numbering. */
  readonly pools: readonly { readonly firstReplica: number; readonly numReplicas: number }[];
  /** Per pool weight (all pools), or null: no draw, every allowed replica is a candidate. */
  readonly weights: readonly number[] | null;
  /**
   * Autoscaling or failures: replicas of pool k accepting work now. A weighted draw then skips
   * the pools with none (the same uniform, over the weights of the others); absent: all accept.
   */
  readonly accepting?: (pool: number) => number;
}

interface Subset {
  readonly indices: readonly number[];
  /** The pools whose replicas `indices` lists. */
  readonly pools: readonly number[];
  readonly router: Router;
  view: RoutableReplica[] | null;
}

export function createPoolRouter(routing: PoolRouting, makeRouter: () => Router, stream: RandomStream): Router {
  const subsets = new Map<string, Subset>();
  const subsetOf = (pools: readonly number[]): Subset => {
    const key = pools.join(',');
    let s = subsets.get(key);
    if (s === undefined) {
      const indices = pools.flatMap((k) => Array.from({ length: routing.pools[k].numReplicas }, (_, j) => routing.pools[k].firstReplica + j));
      s = { indices, pools: [...pools], router: makeRouter(), view: null };
      subsets.set(key, s);
    }
    return s;
  };
  // Per class: with weights, one subset per allowed positive-weight pool and the cumulative weights.
  const perClass = routing.allowed.map((pools) => {
    if (routing.weights === null) return { pools: undefined, subsets: [subsetOf(pools)], cumulative: [1] };
    const w = routing.weights;
    const live = pools.filter((k) => w[k] > 0);
    let sum = 0;
    const cumulative = live.map((k) => (sum += w[k]));
    return { pools: live, subsets: live.map((k) => subsetOf([k])), cumulative: cumulative.map((c) => c / sum) };
  });
  const accepting = routing.accepting;
  /** The subset drawn by u over the classes' pools that accept work (some does: the cluster parks otherwise). */
  const drawAccepting = (c: (typeof perClass)[number], u: number): Subset => {
    const w = routing.weights!;
    let sum = 0;
    for (const k of c.pools!) if (accepting!(k) > 0) sum += w[k];
    let acc = 0;
    let last = -1;
    for (let j = 0; j < c.pools!.length; j++) {
      const k = c.pools![j];
      if (accepting!(k) === 0) continue;
      last = j;
      acc += w[k] / sum;
      if (u < acc) return c.subsets[j];
    }
    return c.subsets[last];
  };
  const viewOf = (s: Subset, replicas: readonly RoutableReplica[]): RoutableReplica[] => (s.view ??= s.indices.map((i) => replicas[i]));
  return {
    route(replicas, request, now) {
      const c = perClass[(request as RoutedRequest & { classIndex?: number }).classIndex ?? 0];
      let j = 0;
      let s: Subset;
      if (c.subsets.length > 1) {
        const u = stream.next();
        while (j < c.cumulative.length - 1 && u >= c.cumulative[j]) j++;
        s = accepting !== undefined && accepting(c.pools![j]) === 0 ? drawAccepting(c, u) : c.subsets[j];
      } else s = c.subsets[j];
      return s.indices[s.router.route(viewOf(s, replicas), request, now, accepting === undefined ? s.indices.length : s.pools.reduce((n, k) => n + accepting(k), 0))];
    },
    observe(now, replicas) {
      for (const s of subsets.values()) s.router.observe(now, viewOf(s, replicas));
    },
  };
}
