// The per-request CSV (requests.csv): one row per request record, formatted by one function
// (requestRow) whether the rows are streamed as requests leave a run (requests-csv-sink.ts) or
// produced from kept columns (requestsCsvChunks); and the CSV field helpers (csvNumber, csvText)
// that journey.csv uses too.
// Row order: the order records left the run — finish order, a rejection at its arrival, and the
// requests still in flight at the end last, in id order (the `id` column is the arrival order;
// sort on it for arrival order). Memory stays bounded only in that order; requestsCsvChunks
// follows columns.recordOrder when present (columns kept by a run), else id order.
// Invariants: the first chunk is exactly the header line; every later chunk holds at most
// rowsPerChunk rows; every line ends in "\n"; concatenating the chunks gives the same bytes for
// any rowsPerChunk, and the same bytes as the streamed file of the same run. Numbers print with
// String(x) (shortest round-trip form, deterministic in every JS engine); NaN — an instant that
// never happened, or a latency without one — prints as an empty field; status prints as
// finished|rejected|unfinished. Every cell is a number or one of those three words: no
// user-supplied text reaches requests.csv, so it needs no CSV-injection escaping.
// NOTE: ttft_s, tpot_s and e2e_s are derived here for convenience; they are given for every
// request with the instants to compute them, measured or not — filter on `measured` and `status`
// to reproduce the summary's populations.

import { STATUS_FINISHED, STATUS_REJECTED, type RequestColumns, type RequestRecord } from '../metrics/index.ts';

export const REQUESTS_CSV_HEADER =
  'id,arrived_at_s,scheduled_at_s,first_token_at_s,finished_at_s,prompt_tokens,output_tokens,' +
  'preemptions,replica,status,measured,ttft_s,tpot_s,e2e_s';

/** Rows per chunk by default: about a megabyte of text, few enough chunks for a 1M-row run. */
export const DEFAULT_ROWS_PER_CHUNK = 10_000;

/** A number as a CSV field: String(x), full precision; NaN (never happened, no value) as an empty field. */
export function csvNumber(x: number): string {
  return x !== x ? '' : String(x);
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

/** One request's CSV line, without the line break. */
export function requestRow(r: Readonly<RequestRecord>): string {
  const gaps = r.numOutputTokens - 1;
  const tpot = gaps < 1 ? NaN : (r.finishedAt - r.firstTokenAt) / gaps;
  // One template literal rather than [...].join(','), which measured slower on a million rows.
  return (
    `${r.id},${csvNumber(r.arrivedAt)},${csvNumber(r.scheduledAt)},${csvNumber(r.firstTokenAt)},` +
    `${csvNumber(r.finishedAt)},${r.numPromptTokens},${r.numOutputTokens},${r.numPreemptions},` +
    `${r.replica},${statusName(r.status)},${r.measured},` +
    `${csvNumber(r.firstTokenAt - r.arrivedAt)},${csvNumber(tpot)},${csvNumber(r.finishedAt - r.arrivedAt)}`
  );
}

/** Copies row i of the columns into a record (reused: no allocation per row). */
function readRow(c: RequestColumns, i: number, into: RequestRecord): RequestRecord {
  into.id = i;
  into.arrivedAt = c.arrivedAt[i];
  into.scheduledAt = c.scheduledAt[i];
  into.firstTokenAt = c.firstTokenAt[i];
  into.finishedAt = c.finishedAt[i];
  into.numPromptTokens = c.numPromptTokens[i];
  into.numOutputTokens = c.numOutputTokens[i];
  into.numPreemptions = c.numPreemptions[i];
  into.replica = c.replica[i];
  into.status = c.status[i];
  into.measured = c.measured[i];
  return into;
}

/**
 * The CSV text of kept request columns: the header line, then chunks of at most rowsPerChunk rows
 * (in columns.recordOrder when present, else id order). Throws when there are no columns (a run
 * without keepRequests: stream with openRequestsCsv instead).
 */
export function* requestsCsvChunks(
  columns: RequestColumns | undefined,
  rowsPerChunk: number = DEFAULT_ROWS_PER_CHUNK,
): Generator<string, void, undefined> {
  if (columns === undefined) throw new Error('requestsCsvChunks: the run kept no request records (runScenario with keepRequests: true, or stream them with openRequestsCsv)');
  if (!Number.isInteger(rowsPerChunk) || rowsPerChunk < 1) {
    throw new RangeError(`rowsPerChunk must be a positive integer, got ${rowsPerChunk}`);
  }
  yield `${REQUESTS_CSV_HEADER}\n`;
  const order = columns.recordOrder;
  const n = order !== undefined ? order.length : columns.count;
  const row = {} as RequestRecord;
  for (let start = 0; start < n; start += rowsPerChunk) {
    const end = Math.min(n, start + rowsPerChunk);
    let text = '';
    for (let k = start; k < end; k++) text += `${requestRow(readRow(columns, order !== undefined ? order[k] : k, row))}\n`;
    yield text;
  }
}
