// Latency during failure recovery (summary.failures.recovery): the measured finished requests
// that arrived inside a repair window [failedAt, repairedAt) of any failure, against those that
// arrived before the first failure — "what if we lose a node at peak?". Records are folded as
// they leave the run (Collector.onRecord); every window is opened at its failure, before any
// request arriving in it can leave, so a record's class is final when it is folded.
// Invariants: a record is in at most one group (before the first failure, or inside a window);
// requests arriving after a repair with no window open are in neither.
// NOTE: TTFT of a retried request counts from its original arrival to the first token of the
// attempt that completed (cluster.ts).

import { LogHistogram } from './log-histogram.ts';
import { STATUS_FINISHED, STATUS_LOST, type RequestRecord } from './request-record.ts';

export interface LatencyQuantiles {
  p50: number;
  p95: number;
  p99: number;
}

export interface RecoveryGroup {
  /** Measured requests that arrived in the group's span (finished or not). */
  requests: number;
  /** Of them, lost to a failure. */
  lost: number;
  /** Of them, finished; the latencies are theirs (NaN without any). */
  finished: number;
  ttftSeconds: LatencyQuantiles;
  e2eSeconds: LatencyQuantiles;
}

export interface RecoverySummary extends RecoveryGroup {
  /** The first failure and the last repair (arrivals in any repair window in between count). */
  from: number;
  to: number;
  /** The same over the requests that arrived before the first failure. */
  before: RecoveryGroup;
}

class Group {
  requests = 0;
  lost = 0;
  readonly ttft = new LogHistogram();
  readonly e2e = new LogHistogram();

  add(r: Readonly<RequestRecord>): void {
    this.requests++;
    if (r.status === STATUS_LOST) this.lost++;
    if (r.status !== STATUS_FINISHED) return;
    this.ttft.add(r.firstTokenAt - r.arrivedAt, 1);
    this.e2e.add(r.finishedAt - r.arrivedAt, 1);
  }

  summary(): RecoveryGroup {
    const q = (h: LogHistogram): LatencyQuantiles =>
      h.count === 0 ? { p50: NaN, p95: NaN, p99: NaN } : { p50: h.quantile(0.5), p95: h.quantile(0.95), p99: h.quantile(0.99) };
    return { requests: this.requests, lost: this.lost, finished: this.ttft.count, ttftSeconds: q(this.ttft), e2eSeconds: q(this.e2e) };
  }
}

export class RecoveryFold {
  private readonly windows: { from: number; to: number }[] = [];
  private readonly before = new Group();
  private readonly during = new Group();

  /** A failure at `from`, repaired at `to` (Infinity while no repair is due). */
  window(from: number, to: number): void {
    this.windows.push({ from, to });
  }

  add(r: Readonly<RequestRecord>): void {
    if (r.measured !== 1) return;
    const first = this.windows.length === 0 ? Infinity : this.windows[0].from;
    if (r.arrivedAt < first) {
      this.before.add(r);
      return;
    }
    for (const w of this.windows) {
      if (r.arrivedAt >= w.from && r.arrivedAt < w.to) {
        this.during.add(r);
        return;
      }
    }
  }

  /** Undefined when no failure happened. */
  summary(): RecoverySummary | undefined {
    if (this.windows.length === 0) return undefined;
    let to = -Infinity;
    for (const w of this.windows) if (w.to > to) to = w.to;
    return { from: this.windows[0].from, to, ...this.during.summary(), before: this.before.summary() };
  }
}
