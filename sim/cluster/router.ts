// Routers: which replica gets a request when it reaches the engine. One `kind` per variant, one
// factory switch; the load-aware ones are in router-load.ts, prefix-aware in router-prefix.ts.
//   round-robin        — replicas in turn (0, 1, …, n−1, 0, …).
//   random             — uniform over replicas from the `router` stream (Poisson splitting).
//   least-outstanding  — fewest waiting + running requests; ties go to the lowest index.
//   least-kv           — lowest KV usage; power-of-two — the less loaded of two random replicas.
//   session-affinity   — a request of a multi-turn session goes where its session's first turn
//                        went (its KV blocks are cached there); first turns and requests without
//                        a session go by the fallback router.
//   prefix-aware       — the replica holding the longest prefix the router recorded sending
//                        there, with a load cap (router-prefix.ts).
// Load-aware routers read replicas through a ReplicaView (router-view.ts): live, or as observed
// every staleSeconds; `observe` lets the cluster bring a stale view up to each event's time.
// Every router chooses only among replicas that accept work (router-view.ts: the availability
// filter); round-robin skips the others in its turn, random draws uniformly among the others.
// The count of replicas accepting work comes with each call (the cluster's, kept O(1) as
// replicas change state), so random and power-of-two draw in O(1) when all accept; only when
// some do not do they find the k-th accepting one (O(n), during a scale-down or a failure).
// NOTE: routers see replica load counters, KV usage and a request's session, prefix group and
// prompt length, never other request or engine internals. Session affinity and prefix-aware keep
// one map entry per session (and prefix-aware one per prefix group) for the run.

import type { RandomStream } from '../random/index.ts';
import type { RouterConfig } from '../scenario/index.ts';
import { leastKv, leastOutstanding, powerOfTwo, type PickReplica } from './router-load.ts';
import { prefixAware, type RoutedRequest } from './router-prefix.ts';
import { accepts, createReplicaView, kthAccepting, numAccepting, type RoutableReplica } from './router-view.ts';

export type { RoutableReplica } from './router-view.ts';
export type { RoutedRequest } from './router-prefix.ts';

export interface Router {
  /**
   * The replica for `request`, decided at `now`. `accepting`: how many of `replicas` accept work
   * (the cluster keeps the count, availability.ts: O(1)); absent, the router counts them (O(n)).
   */
  route(replicas: readonly RoutableReplica[], request: RoutedRequest, now: number, accepting?: number): number;
  /** Called before the cluster applies any event at `now` (a stale view takes its snapshots here). */
  observe(now: number, replicas: readonly RoutableReplica[]): void;
}

/** A router from a load rule over a view: observes before every decision. */
function viewRouter(view: ReturnType<typeof createReplicaView>, pick: PickReplica): Router {
  return {
    route(replicas, _request, now, accepting) {
      view.observe(now, replicas);
      return pick(replicas, accepting);
    },
    observe: view.observe,
  };
}

const ignore = (): void => {};

export function createRouter(config: RouterConfig, stream: RandomStream): Router {
  switch (config.kind) {
    case 'round-robin': {
      let next = 0;
      return {
        route(replicas) {
          let i = next % replicas.length;
          while (!accepts(replicas, i)) i = (i + 1) % replicas.length;
          next = (i + 1) % replicas.length;
          return i;
        },
        observe: ignore,
      };
    }
    case 'random':
      return {
        route(replicas, _request, _now, accepting) {
          const n = accepting ?? numAccepting(replicas);
          const k = Math.floor(stream.next() * n);
          return n === replicas.length ? k : kthAccepting(replicas, k);
        },
        observe: ignore,
      };
    case 'least-outstanding': {
      const view = createReplicaView(config.staleSeconds ?? 0);
      return viewRouter(view, leastOutstanding(view));
    }
    case 'least-kv': {
      const view = createReplicaView(config.staleSeconds ?? 0);
      return viewRouter(view, leastKv(view));
    }
    case 'power-of-two': {
      const view = createReplicaView(config.staleSeconds ?? 0);
      return viewRouter(view, powerOfTwo(view, stream));
    }
    case 'prefix-aware': {
      const view = createReplicaView(config.staleSeconds ?? 0);
      const pick = prefixAware(view, { loadCap: config.loadCap === 'off' ? Infinity : config.loadCap, loadSlack: config.loadSlack });
      return {
        route(replicas, request, now) {
          view.observe(now, replicas);
          return pick(replicas, request);
        },
        observe: view.observe,
      };
    }
    case 'session-affinity': {
      const fallback = createRouter({ kind: config.fallback }, stream);
      const home = new Map<number, number>();
      return {
        route(replicas, request, now, accepting) {
          if (request.session < 0) return fallback.route(replicas, request, now, accepting);
          let i = home.get(request.session);
          if (i === undefined || !accepts(replicas, i)) {
            i = fallback.route(replicas, request, now, accepting);
            home.set(request.session, i);
          }
          return i;
        },
        observe: ignore,
      };
    }
    default: {
      const never: never = config;
      throw new Error(`unknown router ${JSON.stringify(never)}`);
    }
  }
}
