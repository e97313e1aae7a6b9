// Disaggregated serving: the handoff of a prefilled request to its decode replica. As vLLM's
// NixlConnector does, the DECODE side first allocates the request's KV blocks, then pulls the
// KV over the link; so a request whose prefill is done waits (decode admission wait) until its
// decode replica has room for its KV (its prompt's tokens), and only then its transfer is offered to the link
// (kv-link.ts: FIFO, bytes / bandwidth + latency when idle). When the KV has landed the request
// joins the decode replica with its prompt already computed (the caller's part).
// One KvHandoff per decode replica; the links are the caller's (several decode replicas' pulls
// may share one link, and one decode replica may pull over several).
// Invariants: waiting requests are admitted first in, first out (head-of-line: a large request
// at the head holds back smaller ones behind it, as a FIFO allocator does); every offered request
// is admitted exactly once; admissionWaitSeconds = admittedAt − readyAt ≥ 0; pump(now) is called
// with a non-decreasing clock (offers, and every time the decode replica frees blocks).
// Memory: the queue holds the waiting requests (admitted ones are dropped, see pump); each
// admission's wait is folded into a LogHistogram (one shared by a run's handoffs, or the
// handoff's own), so nothing grows with the number of requests admitted.
// NOTE: the room is reserved at admission and held during the transfer, so a decode replica never
// over-commits blocks to KV still in flight.

import { LogHistogram, interpolatedStats, type LatencyStats } from '../metrics/index.ts';
import type { KvLink } from './kv-link.ts';

/** The decode replica's KV blocks as the handoff needs them. */
export interface DecodeRoom {
  /**
   * Reserves room for request `id`'s KV of `tokens` tokens if free now (a paged replica:
   * kv.allocateSlots(id, tokens) !== null); false, and nothing reserved, if not.
   */
  tryReserve(id: number, tokens: number): boolean;
}

export interface HandoffAdmission {
  readonly id: number;
  readonly readyAt: number;
  /** When the decode replica reserved the request's blocks (and the pull was offered to the link). */
  readonly admittedAt: number;
  /** When the KV has landed on the decode replica. */
  readonly landsAt: number;
}

interface Waiting {
  readonly id: number;
  readonly readyAt: number;
  readonly tokens: number;
  readonly bytes: number;
  readonly link: KvLink;
}

const NO_ADMISSIONS: readonly HandoffAdmission[] = Object.freeze([]);

export class KvHandoff {
  private readonly queue: Waiting[] = [];
  private head = 0;
  /**
   * `room`: the decode replica's KV blocks; one KvHandoff per decode replica. `waits`: where each
   * admission's wait (readyAt → admittedAt) is folded (pass one histogram to every handoff of a
   * run to share it).
   */
  constructor(
    private readonly room: DecodeRoom,
    readonly waits: LogHistogram = new LogHistogram(),
  ) {}

  /** Requests prefilled and waiting for decode room. */
  get numWaiting(): number {
    return this.queue.length - this.head;
  }

  /**
   * A request's prefill is done at `now`: queue it, then admit what fits. `link`: the link its KV
   * crosses (its prefill replica's under linkScope per-prefill-replica, else the shared one).
   */
  offer(now: number, id: number, tokens: number, bytes: number, link: KvLink): readonly HandoffAdmission[] {
    if (!Number.isInteger(tokens) || tokens < 0) throw new RangeError(`handoff tokens must be an integer ≥ 0, got ${tokens}`);
    this.queue.push({ id, readyAt: now, tokens, bytes, link });
    return this.pump(now);
  }

  /** Admits waiting requests, first in first out, while the decode replica has room for the head. */
  pump(now: number): readonly HandoffAdmission[] {
    // Every decode step pumps: an empty queue allocates nothing.
    if (this.head === this.queue.length) return NO_ADMISSIONS;
    const out: HandoffAdmission[] = [];
    while (this.head < this.queue.length) {
      const w = this.queue[this.head];
      if (!this.room.tryReserve(w.id, w.tokens)) break;
      this.head++;
      const t = w.link.transfer(now, w.bytes);
      this.waits.add(now - w.readyAt, 1);
      out.push({ id: w.id, readyAt: w.readyAt, admittedAt: now, landsAt: t.doneAt });
    }
    // Admitted entries are dropped: all at once when none waits (the common case), else in
    // batches, so the queue holds at most max(1024, 2 × waiting) entries.
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return out;
  }

  /** Decode admission waits (readyAt → admittedAt) folded so far into `waits` (every handoff sharing it). */
  admissionWaitStats(): LatencyStats & { count: number } {
    return { count: this.waits.count, ...interpolatedStats(this.waits) };
  }
}
