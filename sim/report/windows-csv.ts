// windows.csv: summary.windows as a table, one row per window and, with declared classes, one per
// window per class after it (the all-classes row has an empty `class` cell). Written in every
// run's report folder (write.ts), whatever the number of windows.
// Invariants: deterministic; the header is WINDOWS_CSV_HEADER; every line ends in "\n"; numbers
// print in full precision (csvNumber), NaN — a window without a latency sample, or kv_usage and
// usd_per_1k_output_tokens (fleet only) on a class row — as an empty cell; the class name is user text and goes through csvCell
// (CSV-injection rule and RFC 4180 quoting). Its size is bounded by summary.windows' row cap.

import type { WindowRow } from '../metrics/index.ts';
import { csvCell } from './csv-cell.ts';
import { csvNumber } from './csv.ts';

export const WINDOWS_CSV_HEADER =
  'start_s,end_s,class,arrivals,completions,ttft_p50_s,ttft_p95_s,ttft_p99_s,tpot_p50_s,tpot_p95_s,tpot_p99_s,' +
  'output_tokens_per_s,queue_length,running,kv_usage,goodput_fraction,usd_per_1k_output_tokens';

/** The text of windows.csv. */
export function windowsCsv(rows: readonly WindowRow[]): string {
  const lines = [WINDOWS_CSV_HEADER];
  for (const r of rows) {
    const n = (x: number | undefined): string => csvNumber(x ?? NaN);
    lines.push(
      [
        n(r.start),
        n(r.end),
        r.class === undefined ? '' : csvCell(r.class),
        n(r.arrivals),
        n(r.completions),
        n(r.ttftSeconds.p50),
        n(r.ttftSeconds.p95),
        n(r.ttftSeconds.p99),
        n(r.tpotSeconds.p50),
        n(r.tpotSeconds.p95),
        n(r.tpotSeconds.p99),
        n(r.outputTokensPerSecond),
        n(r.queueLength),
        n(r.running),
        n(r.kvUsage),
        n(r.goodputFraction),
        n(r.usdPer1kOutputTokens),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
