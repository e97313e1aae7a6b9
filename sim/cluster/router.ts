// Routers: which replica gets an arriving request. One `kind` per variant, one factory switch.
//   round-robin        — replicas in turn (0, 1, …, n−1, 0, …).
//   random             — uniform over replicas from the `router` stream (Poisson splitting).
//   least-outstanding  — fewest waiting + running requests; ties go to the lowest index.
// NOTE: routers see only replica load counters, never request internals.

import type { RandomStream } from '../random/index.ts';
import type { RouterConfig } from '../scenario/index.ts';

export interface RoutableReplica {
  readonly numOutstanding: number;
}

export interface Router {
  route(replicas: readonly RoutableReplica[]): number;
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
    default: {
      const never: never = config;
      throw new Error(`unknown router ${JSON.stringify(never)}`);
    }
  }
}
