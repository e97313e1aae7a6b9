// Routers: which replica gets an arriving request. One `kind` per variant, one factory switch.
//   round-robin        — replicas in turn (0, 1, …, n−1, 0, …).
//   random             — uniform over replicas from the `router` stream (Poisson splitting).
//   least-outstanding  — fewest waiting + running requests; ties go to the lowest index.
//   session-affinity   — a request of a multi-turn session goes where its session's first turn
//                        went (its KV blocks are cached there); first turns and requests without
//                        a session go by the fallback router.
// NOTE: routers see only replica load counters and a request's session id, never other request
// internals. Session affinity keeps one map entry per session for the run (a number each).

import type { RandomStream } from '../random/index.ts';
import type { RouterConfig } from '../scenario/index.ts';

export interface RoutableReplica {
  readonly numOutstanding: number;
}

export interface Router {
  /** The replica for a request; `session` is its session id (workload.sessions), or −1. */
  route(replicas: readonly RoutableReplica[], session?: number): number;
}

export function createRouter(config: RouterConfig, stream: RandomStream): Router {
  switch (config.kind) {
    case 'round-robin': {
      let next = 0;
      return {
        route(replicas) {
          const i = next;
          next = (next + 1) % replicas.length;
          return i;
        },
      };
    }
    case 'random':
      return {
        route(replicas) {
          return Math.floor(stream.next() * replicas.length);
        },
      };
    case 'least-outstanding':
      return {
        route(replicas) {
          let best = 0;
          let bestLoad = replicas[0].numOutstanding;
          for (let i = 1; i < replicas.length; i++) {
            const load = replicas[i].numOutstanding;
            if (load < bestLoad) {
              best = i;
              bestLoad = load;
            }
          }
          return best;
        },
      };
    case 'session-affinity': {
      const fallback = createRouter({ kind: config.fallback }, stream);
      const home = new Map<number, number>();
      return {
        route(replicas, session = -1) {
          if (session < 0) return fallback.route(replicas);
          let i = home.get(session);
          if (i === undefined) {
            i = fallback.route(replicas);
            home.set(session, i);
          }
          return i;
        },
      };
    }
    default: {
      const never: never = config;
      throw new Error(`unknown router ${JSON.stringify(never)}`);
    }
  }
}
