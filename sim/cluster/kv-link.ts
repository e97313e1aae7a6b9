// Disaggregated serving: the link that carries a prefilled request's KV cache from its prefill
// replica to its decode replica. One KvLink is one FIFO pipe (per prefill replica, or one shared
// by all, as the scenario's linkScope says; the caller decides which transfers share a link).
// Model: a transfer of b bytes, ready at r, starts at s = max(r, the instant the link finished
// serialising the transfer before it), occupies the link for b / bandwidth (serialisation) and
// lands at s + b / bandwidth + latency. The latency (handshake, first byte) is NOT link
// occupancy: the next transfer may serialise while the previous one's tail is in flight, as on a
// wire. So on an idle link a transfer takes exactly b / bandwidth + latency, and a transfer that
// finds the link busy first waits (queueSeconds = s − r).
// Invariants: transfers are served in the order they are offered (FIFO), so offers must come in
// non-decreasing readyAt order (the event loop's clock); busySeconds sums serialisation only, so
// utilisation = busySeconds / window ≤ 1. bandwidth = Infinity makes serialisation 0. A link
// keeps no transfer: each is folded into its KvTransferFold (kv-transfer-fold.ts; one shared by
// the run's links, or the link's own), so its memory is fixed whatever the request count.
// NOTE: contention is FIFO, not fair-share: two concurrent transfers on a real RDMA link share its
// bandwidth, which finishes the first later and the second at the same time as here; FIFO keeps
// the arithmetic checkable by hand and the mean completion no worse (SRPT-like for equal sizes).

import { interpolatedStats, type LatencyStats } from '../metrics/index.ts';
import { KvTransferFold } from './kv-transfer-fold.ts';

export interface KvLinkSpec {
  /** One direction, bytes per second (Infinity: no serialisation time). */
  readonly bandwidthBytesPerSecond: number;
  /** Fixed time of one transfer, seconds. */
  readonly latencySeconds: number;
}

export interface KvTransfer {
  readonly readyAt: number;
  readonly startAt: number;
  /** When the KV has landed on the decode replica. */
  readonly doneAt: number;
  readonly bytes: number;
  /** startAt − readyAt: time waiting for the link. */
  readonly queueSeconds: number;
}

export interface KvTransferSummary {
  count: number;
  bytes: number;
  /** readyAt → doneAt of each transfer. */
  seconds: LatencyStats;
  /** readyAt → startAt of each transfer. */
  queueSeconds: LatencyStats;
  /** Serialisation seconds over the window's seconds, summed over links and divided by their number. */
  linkUtilization: number;
}

export class KvLink {
  private freeAt = 0;
  private lastReadyAt = -Infinity;
  busySeconds = 0;

  /** `fold`: where this link's transfers are counted (pass one fold to every link of a run to share it). */
  constructor(
    readonly spec: KvLinkSpec,
    readonly fold: KvTransferFold = new KvTransferFold(),
  ) {
    const { bandwidthBytesPerSecond: bw, latencySeconds: lat } = spec;
    if (!(bw > 0)) throw new RangeError(`KV link bandwidth must be > 0 bytes/s (Infinity allowed), got ${bw}`);
    if (!(lat >= 0) || !Number.isFinite(lat)) throw new RangeError(`KV link latency must be a finite number ≥ 0 s, got ${lat}`);
  }

  /** Serialisation time of `bytes` on this link. */
  serialSeconds(bytes: number): number {
    const bw = this.spec.bandwidthBytesPerSecond;
    return bw === Infinity ? 0 : bytes / bw;
  }

  /** Queues a transfer of `bytes` ready at `readyAt` behind every transfer offered before it. */
  transfer(readyAt: number, bytes: number): KvTransfer {
    if (!(bytes >= 0)) throw new RangeError(`KV transfer bytes must be ≥ 0, got ${bytes}`);
    if (readyAt < this.lastReadyAt) throw new RangeError(`KV transfers must be offered in time order: ${readyAt} after ${this.lastReadyAt}`);
    this.lastReadyAt = readyAt;
    const startAt = Math.max(readyAt, this.freeAt);
    const serial = this.serialSeconds(bytes);
    this.freeAt = startAt + serial;
    this.busySeconds += serial;
    const t: KvTransfer = { readyAt, startAt, doneAt: startAt + serial + this.spec.latencySeconds, bytes, queueSeconds: startAt - readyAt };
    this.fold.add(readyAt, t.doneAt, t.queueSeconds, bytes);
    return t;
  }
}

/**
 * summary.transfers of the links over a window of `windowSeconds` (> 0): their folds (each
 * distinct fold once, so links sharing one count each transfer once) and their busy seconds.
 */
export function kvTransferSummary(links: readonly KvLink[], windowSeconds: number): KvTransferSummary {
  const folds = [...new Set(links.map((l) => l.fold))];
  let all = folds[0];
  if (folds.length !== 1) {
    all = new KvTransferFold();
    for (const f of folds) all.merge(f);
  }
  const busy = links.reduce((s, l) => s + l.busySeconds, 0);
  return {
    count: all.count,
    bytes: all.bytes,
    seconds: interpolatedStats(all.seconds),
    queueSeconds: interpolatedStats(all.queueSeconds),
    linkUtilization: links.length === 0 || !(windowSeconds > 0) ? 0 : busy / (windowSeconds * links.length),
  };
}
