// Per-request latencies from the request columns: the one place of these formulas, used by the
// summary, the CSV export and the CDF chart. As in definitions.md: TTFT = firstTokenAt − arrivedAt;
// TPOT = (finishedAt − firstTokenAt)/(numOutputTokens − 1); E2E = finishedAt − arrivedAt.
// Invariants: NaN wherever an instant never happened (a rejected request has no first token, an
// unfinished one no finish) and TPOT is NaN for a request with fewer than two output tokens
// (there is no inter-token gap to average), so NaN propagates instead of inventing a zero.

import type { RequestColumns } from './types.ts';
import type { Seconds } from '../units.ts';

/** Request status codes of RequestColumns.status. */
export const STATUS_UNFINISHED = 0;
export const STATUS_FINISHED = 1;
export const STATUS_REJECTED = 2;

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

/** A request that counts toward latency metrics: finished, and measured (after warm-up). */
export function isMeasuredFinished(columns: RequestColumns, i: number): boolean {
  return columns.status[i] === STATUS_FINISHED && columns.measured[i] === 1;
}
