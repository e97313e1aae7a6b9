// Load-aware routers: least-outstanding, least-kv and power-of-two, each reading replica load
// through a ReplicaView (live, or a snapshot every Δ seconds: router-view.ts).
//   least-outstanding — fewest waiting + running requests; ties: the lowest index.
//   least-kv          — lowest KV usage (used blocks / blocks); ties: fewer outstanding
//                       requests, then the lowest index.
//   power-of-two      — two distinct replicas drawn uniformly (two draws from the `router`
//                       stream: i = ⌊u₁n⌋, j = ⌊u₂(n−1)⌋ shifted past i), the one with fewer
//                       outstanding requests; ties: the first drawn (Mitzenmacher, "The power of
//                       two choices in randomized load balancing", IEEE TPDS 12(10), 2001).
// NOTE: one replica → index 0 without a draw.
// Only replicas that accept work are candidates (router-view.ts); power-of-two draws among them.

import type { RandomStream } from '../random/index.ts';
import { accepts, kthAccepting, numAccepting, type ReplicaView, type RoutableReplica } from './router-view.ts';

/** `accepting`: how many of `replicas` accept work (absent: counted here, O(n)). */
export type PickReplica = (replicas: readonly RoutableReplica[], accepting?: number) => number;

export function leastOutstanding(view: ReplicaView): PickReplica {
  return (replicas) => {
    let best = -1;
    let bestLoad = Infinity;
    for (let i = 0; i < replicas.length; i++) {
      if (!accepts(replicas, i)) continue;
      const load = view.outstanding(replicas, i);
      if (best < 0 || load < bestLoad) {
        best = i;
        bestLoad = load;
      }
    }
    return best;
  };
}

export function leastKv(view: ReplicaView): PickReplica {
  return (replicas) => {
    let best = -1;
    let bestKv = Infinity;
    let bestLoad = Infinity;
    for (let i = 0; i < replicas.length; i++) {
      if (!accepts(replicas, i)) continue;
      const kv = view.kvUsage(replicas, i);
      const load = view.outstanding(replicas, i);
      if (best < 0 || kv < bestKv || (kv === bestKv && load < bestLoad)) {
        best = i;
        bestKv = kv;
        bestLoad = load;
      }
    }
    return best;
  };
}

export function powerOfTwo(view: ReplicaView, stream: RandomStream): PickReplica {
  return (replicas, accepting) => {
    const n = accepting ?? numAccepting(replicas);
    const all = n === replicas.length;
    if (n === 1) return all ? 0 : kthAccepting(replicas, 0);
    let i = Math.min(n - 1, Math.floor(stream.next() * n));
    let j = Math.min(n - 2, Math.floor(stream.next() * (n - 1)));
    if (j >= i) j++;
    if (!all) {
      i = kthAccepting(replicas, i);
      j = kthAccepting(replicas, j);
    }
    return view.outstanding(replicas, j) < view.outstanding(replicas, i) ? j : i;
  };
}
