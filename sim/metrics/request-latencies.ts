// Per-request latencies from the request columns: the one place of these formulas and of the
// populations they are taken over, used by the summary, the CSV export and the CDF chart. As in
// definitions.md: TTFT = firstTokenAt − arrivedAt; TPOT = (finishedAt − firstTokenAt)/
// (numOutputTokens − 1); E2E = finishedAt − arrivedAt; queue = scheduledAt − arrivedAt; over MF
// (measured and finished; TPOT: those with ≥ 2 output tokens).
// Invariants: NaN wherever an instant never happened (a rejected request has no first token, an
// unfinished one no finish) and TPOT is NaN for a request with fewer than two output tokens
// (there is no inter-token gap to average), so NaN propagates instead of inventing a zero.

import type { RequestColumns } from './types.ts';
import type { Seconds } from '../units.ts';

export { STATUS_FINISHED, STATUS_REJECTED } from './request-record.ts';
import { STATUS_FINISHED } from './request-record.ts';

/** Time to first token of request i, in seconds (NaN without a first token). */
export function ttftSeconds(columns: RequestColumns, i: number): Seconds {
  return columns.firstTokenAt[i] - columns.arrivedAt[i];
}

/** Time per output token after the first, of request i (NaN without a finish or a second token). */
export function tpotSeconds(columns: RequestColumns, i: number): Seconds {
  const gaps = columns.numOutputTokens[i] - 1;
  if (gaps < 1) return NaN;
  return (columns.finishedAt[i] - columns.firstTokenAt[i]) / gaps;
}

/** End-to-end latency of request i, arrival to last token (NaN without a finish). */
export function e2eSeconds(columns: RequestColumns, i: number): Seconds {
  return columns.finishedAt[i] - columns.arrivedAt[i];
}

/** Time from arrival to first scheduling of request i (NaN if never scheduled). */
export function queueSeconds(columns: RequestColumns, i: number): Seconds {
  return columns.scheduledAt[i] - columns.arrivedAt[i];
}

/** A request that counts toward latency metrics: finished, and measured (after warm-up). */
export function isMeasuredFinished(columns: RequestColumns, i: number): boolean {
  return columns.status[i] === STATUS_FINISHED && columns.measured[i] === 1;
}

/** The latencies of the summary's populations, each sorted ascending (seconds). */
export interface MeasuredLatencies {
  /** TTFT, E2E and queue time of every measured finished request (MF). */
  ttft: Float64Array;
  e2e: Float64Array;
  queue: Float64Array;
  /** TPOT of the measured finished requests with at least two output tokens. */
  tpot: Float64Array;
}

/** The latencies over which the summary's statistics and the CDF chart are taken (definitions.md). */
export function measuredLatencies(columns: RequestColumns): MeasuredLatencies {
  let measuredFinished = 0;
  let withTpot = 0;
  for (let i = 0; i < columns.count; i++) {
    if (!isMeasuredFinished(columns, i)) continue;
    measuredFinished++;
    if (columns.numOutputTokens[i] >= 2) withTpot++;
  }
  const ttft = new Float64Array(measuredFinished);
  const e2e = new Float64Array(measuredFinished);
  const queue = new Float64Array(measuredFinished);
  const tpot = new Float64Array(withTpot);
  let m = 0;
  let t = 0;
  for (let i = 0; i < columns.count; i++) {
    if (!isMeasuredFinished(columns, i)) continue;
    ttft[m] = ttftSeconds(columns, i);
    e2e[m] = e2eSeconds(columns, i);
    queue[m] = queueSeconds(columns, i);
    m++;
    if (columns.numOutputTokens[i] >= 2) tpot[t++] = tpotSeconds(columns, i);
  }
  return { ttft: ttft.sort(), e2e: e2e.sort(), queue: queue.sort(), tpot: tpot.sort() };
}
