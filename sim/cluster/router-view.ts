// The router's view of the replicas: what a real router can see of them — outstanding requests
// (waiting + running: the queue length an engine's metrics endpoint reports) and KV-cache usage
// (used blocks / blocks, vLLM's gpu_cache_usage_perc) — live, or as a snapshot refreshed every Δ
// seconds (staleSeconds), as a router that scrapes engine metrics periodically sees them.
// Snapshot rule: snapshot k is the state entering instant kΔ (every event before kΔ applied,
// none at or after it); a decision at time t reads snapshot ⌊t/Δ⌋. It is taken lazily: the
// cluster calls observe(t) before applying each event, and the first event at or after kΔ
// finds the state unchanged since kΔ (no event happened in between), so no timer events exist.
// Invariants: Δ = 0 reads the replicas directly (byte-identical to the routers before views).
// NOTE: a stale view does not count the router's own decisions since the snapshot (a router
// that only scrapes does not), so with a large Δ a least-loaded rule herds onto one replica.

export interface RoutableReplica {
  readonly numOutstanding: number;
  /** Used KV blocks / the replica's blocks, in [0, 1]. */
  readonly kvUsage: number;
  /** false: the replica takes no new requests (starting, draining, failed, released: availability.ts); absent: it does. */
  readonly acceptsWork?: boolean;
}

// Availability filter: every router chooses among the replicas that accept work, and only those.
// The cluster calls a router only when at least one does. When all do (every scenario without
// autoscale or failures) each router makes exactly the choices and draws it always made.

/** Whether replica i may receive new requests. */
export function accepts(replicas: readonly RoutableReplica[], i: number): boolean {
  return replicas[i].acceptsWork !== false;
}

/** How many replicas accept work. */
export function numAccepting(replicas: readonly RoutableReplica[]): number {
  let n = 0;
  for (let i = 0; i < replicas.length; i++) if (replicas[i].acceptsWork !== false) n++;
  return n;
}

/** The index of the k-th (from 0) replica that accepts work. */
export function kthAccepting(replicas: readonly RoutableReplica[], k: number): number {
  for (let i = 0; i < replicas.length; i++) if (replicas[i].acceptsWork !== false && k-- === 0) return i;
  throw new Error(`kthAccepting: fewer than ${k + 1} replicas accept work`);
}

export interface ReplicaView {
  /** Brings a stale view up to `now` (before any event at `now` is applied). */
  observe(now: number, replicas: readonly RoutableReplica[]): void;
  outstanding(replicas: readonly RoutableReplica[], i: number): number;
  kvUsage(replicas: readonly RoutableReplica[], i: number): number;
}

const LIVE: ReplicaView = {
  observe() {},
  outstanding: (replicas, i) => replicas[i].numOutstanding,
  kvUsage: (replicas, i) => replicas[i].kvUsage,
};

export function createReplicaView(staleSeconds: number): ReplicaView {
  if (!(staleSeconds > 0)) return LIVE;
  let snapshot = -1;
  let outstanding = new Float64Array(0);
  let kv = new Float64Array(0);
  return {
    observe(now, replicas) {
      const k = Math.floor(now / staleSeconds);
      if (k <= snapshot) return;
      snapshot = k;
      if (outstanding.length !== replicas.length) {
        outstanding = new Float64Array(replicas.length);
        kv = new Float64Array(replicas.length);
      }
      for (let i = 0; i < replicas.length; i++) {
        outstanding[i] = replicas[i].numOutstanding;
        kv[i] = replicas[i].kvUsage;
      }
    },
    outstanding: (_replicas, i) => outstanding[i],
    kvUsage: (_replicas, i) => kv[i],
  };
}
