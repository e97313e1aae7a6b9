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
// NOTE: the room is reserved at admission and held during the transfer, so a decode replica never
// over-commits blocks to KV still in flight.

import { latencyStats, type LatencyStats } from '../metrics/index.ts';
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
  private readonly waits: number[] = [];

  /** `room`: the decode replica's KV blocks; one KvHandoff per decode replica. */
  constructor(private readonly room: DecodeRoom) {}

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
      this.waits.push(now - w.readyAt);
      out.push({ id: w.id, readyAt: w.readyAt, admittedAt: now, landsAt: t.doneAt });
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return out;
  }

  /** Decode admission waits (readyAt → admittedAt) of the requests admitted so far, in admission order. */
  get admissionWaits(): readonly number[] {
    return this.waits;
  }

  /** Decode admission waits (readyAt → admittedAt) of the requests admitted so far. */
  admissionWaitStats(): LatencyStats & { count: number } {
    return { count: this.waits.length, ...latencyStats(Float64Array.from(this.waits)) };
  }
}
