// Disaggregated serving: the KV transfers of a run, folded as they happen (summary.transfers'
// count, bytes, seconds and queueSeconds), so the run's memory does not grow with its requests.
// One fold may be shared by every link of a run (Disaggregation passes one to each KvLink), or a
// link keeps its own; kvTransferSummary (kv-link.ts) reads each distinct fold once.
// Invariants: count = transfers added; bytes = Σ bytes in add() order (whole numbers in practice:
// prompt tokens × KV bytes per token, so any order gives the same sum below 2^53); the two
// histograms hold every transfer's readyAt → doneAt and readyAt → startAt with weight 1.
// NOTE: percentiles are the histograms' R-7 estimates, within LogHistogram.relativeError
// (≈ 0.05 %) of the exact ones (definitions.md); means sum in add() order (transfer order), so
// they may differ in their last bits from a sum over sorted values. Exact percentiles would need
// every value kept: memory growing with the request count, which the run may not do.

import { LogHistogram } from '../metrics/index.ts';

export class KvTransferFold {
  count = 0;
  bytes = 0;
  /** readyAt → doneAt of each transfer (seconds). */
  readonly seconds = new LogHistogram();
  /** readyAt → startAt of each transfer (seconds waiting for the link). */
  readonly queueSeconds = new LogHistogram();

  /** Folds one transfer of `bytes`, ready at `readyAt`, that waited `queueSeconds` and landed at `doneAt`. */
  add(readyAt: number, doneAt: number, queueSeconds: number, bytes: number): void {
    this.count++;
    this.bytes += bytes;
    this.seconds.add(doneAt - readyAt, 1);
    this.queueSeconds.add(queueSeconds, 1);
  }

  /** Adds every transfer of `other` (its histograms merged bin by bin). */
  merge(other: KvTransferFold): void {
    this.count += other.count;
    this.bytes += other.bytes;
    this.seconds.merge(other.seconds);
    this.queueSeconds.merge(other.queueSeconds);
  }
}
