// prefix-aware: cache-aware routing with a load cap, as llm-d's prefix-cache scorer and SGLang's
// cache-aware router do. The router never looks into an engine's cache: it records where it
// sent things — for each prefix group, the replicas it sent a request of that group to (each
// holds the group's prefixTokens); for each session, the replica of its latest turn and that
// turn's prompt length (that replica holds at least the prompt) — and scores replica i by the
// longest prefix of the request it recorded there:
//   match_i = max(prefixTokens if i holds the request's group, prompt of the session's latest
//                 turn if i served it).
// Load cap: with L_i the outstanding requests (as the view sees them) and L̄ their mean, replica
// i is skipped when L_i > max(loadCap × L̄, L̄ + loadSlack) — SGLang's rule (imbalanced when
// max − min > balance_abs_threshold and max > balance_rel_threshold × min; defaults 64 and 1.5
// in sgl-model-gateway) taken per replica and against the mean. The least-loaded replica is
// never skipped (L_min ≤ L̄), so a choice always exists.
// Choice: among replicas not skipped, the longest match; ties (a new group, a first turn, several
// holders): fewer outstanding requests, then the lowest index. The choice is then recorded.
// Only replicas that accept work are candidates, and the mean load is over them (router-view.ts).
// NOTE: records are never evicted (SGLang's approximate tree evicts by LRU; an engine's prefix
// cache may have evicted what the router remembers), so the match can overestimate.

import { accepts, numAccepting, type ReplicaView, type RoutableReplica } from './router-view.ts';

export interface RoutedRequest {
  /** workload.sessions' session id, or −1. */
  readonly session: number;
  /** Shared-prefix group, or −1; its prefix is the first prefixTokens tokens of the prompt. */
  readonly prefixGroup: number;
  readonly prefixTokens: number;
  readonly numPromptTokens: number;
}

export interface PrefixAwareOptions {
  /** Relative cap (≥ 1), or Infinity for none. */
  loadCap: number;
  loadSlack: number;
}

export function prefixAware(view: ReplicaView, options: PrefixAwareOptions): (replicas: readonly RoutableReplica[], request: RoutedRequest) => number {
  const holders = new Map<number, Uint8Array>();
  const sessionReplica = new Map<number, number>();
  const sessionTokens = new Map<number, number>();
  return (replicas, request) => {
    const n = replicas.length;
    let total = 0;
    for (let i = 0; i < n; i++) if (accepts(replicas, i)) total += view.outstanding(replicas, i);
    const mean = total / numAccepting(replicas);
    const cap = options.loadCap === Infinity ? Infinity : Math.max(options.loadCap * mean, mean + options.loadSlack);
    const group = request.prefixGroup >= 0 && request.prefixTokens > 0 ? holders.get(request.prefixGroup) : undefined;
    const home = request.session >= 0 ? (sessionReplica.get(request.session) ?? -1) : -1;
    const homeTokens = home >= 0 ? sessionTokens.get(request.session)! : 0;
    let best = -1;
    let bestMatch = -1;
    let bestLoad = Infinity;
    for (let i = 0; i < n; i++) {
      if (!accepts(replicas, i)) continue;
      const load = view.outstanding(replicas, i);
      if (load > cap) continue;
      let match = group !== undefined && group[i] === 1 ? request.prefixTokens : 0;
      if (i === home && homeTokens > match) match = homeTokens;
      if (match > bestMatch || (match === bestMatch && load < bestLoad)) {
        best = i;
        bestMatch = match;
        bestLoad = load;
      }
    }
    if (request.prefixGroup >= 0 && request.prefixTokens > 0) {
      let g = group;
      if (g === undefined) {
        g = new Uint8Array(n);
        holders.set(request.prefixGroup, g);
      }
      g[best] = 1;
    }
    if (request.session >= 0) {
      sessionReplica.set(request.session, best);
      sessionTokens.set(request.session, request.numPromptTokens);
    }
    return best;
  };
}
