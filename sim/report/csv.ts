// The per-request CSV export (requests.csv), produced lazily in chunks so a run of a million
// requests never becomes one giant string; and the CSV field helpers (csvNumber, csvText) that
// journey.csv uses too.
// Invariants: the first chunk is exactly the header line; every later chunk holds at most
// rowsPerChunk rows, one per request in id order; every line ends in "\n"; concatenating the
// chunks gives the same bytes for any rowsPerChunk. Numbers print with String(x) (shortest
// round-trip form, deterministic in every JS engine); NaN — an instant that never happened, or
// a latency without one — prints as an empty field; status prints as finished|rejected|unfinished.
// NOTE: ttft_s, tpot_s and e2e_s are derived here (metrics/request-latencies.ts) for convenience; they
// are given for every request with the instants to compute them, measured or not — filter on
// `measured` and `status` to reproduce the summary's populations.

import type { RequestColumns } from '../metrics/index.ts';
import { e2eSeconds, STATUS_FINISHED, STATUS_REJECTED, tpotSeconds, ttftSeconds } from '../metrics/index.ts';

export const REQUESTS_CSV_HEADER =
  'id,arrived_at_s,scheduled_at_s,first_token_at_s,finished_at_s,prompt_tokens,output_tokens,' +
  'preemptions,replica,status,measured,ttft_s,tpot_s,e2e_s';

/** Rows per chunk by default: about a megabyte of text, few enough chunks for a 1M-row run. */
export const DEFAULT_ROWS_PER_CHUNK = 10_000;

/** A number as a CSV field: String(x), full precision; NaN (never happened, no value) as an empty field. */
export function csvNumber(x: number): string {
  return Number.isNaN(x) ? '' : String(x);
}

/** A text field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvText(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function statusName(code: number): string {
  if (code === STATUS_FINISHED) return 'finished';
  if (code === STATUS_REJECTED) return 'rejected';
  return 'unfinished';
}

function requestLine(c: RequestColumns, i: number): string {
  // One template literal rather than [...].join(','), which measured slower on a million rows.
  return (
    `${i},${csvNumber(c.arrivedAt[i])},${csvNumber(c.scheduledAt[i])},${csvNumber(c.firstTokenAt[i])},` +
    `${csvNumber(c.finishedAt[i])},${c.numPromptTokens[i]},${c.numOutputTokens[i]},${c.numPreemptions[i]},` +
    `${c.replica[i]},${statusName(c.status[i])},${c.measured[i]},` +
    `${csvNumber(ttftSeconds(c, i))},${csvNumber(tpotSeconds(c, i))},${csvNumber(e2eSeconds(c, i))}`
  );
}

/** The CSV text of the requests: the header line, then chunks of at most rowsPerChunk rows. */
export function* requestsCsvChunks(
  columns: RequestColumns,
  rowsPerChunk: number = DEFAULT_ROWS_PER_CHUNK,
): Generator<string, void, undefined> {
  if (!Number.isInteger(rowsPerChunk) || rowsPerChunk < 1) {
    throw new RangeError(`rowsPerChunk must be a positive integer, got ${rowsPerChunk}`);
  }
  yield `${REQUESTS_CSV_HEADER}\n`;
  for (let start = 0; start < columns.count; start += rowsPerChunk) {
    const end = Math.min(columns.count, start + rowsPerChunk);
    const lines: string[] = new Array(end - start);
    for (let i = start; i < end; i++) lines[i - start] = requestLine(columns, i);
    yield `${lines.join('\n')}\n`;
  }
}
