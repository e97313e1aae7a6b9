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
// any rowsPerChunk, and the same bytes as the streamed file of the same run. Instants and
// latencies print in seconds rounded to the nanosecond, trailing zeros dropped (csvSeconds:
// integer arithmetic, 4–5× faster than String(x) on a double, which was most of the writer's
// time; deterministic in every JS engine); counts print as integers; NaN — an instant that
// never happened, or a latency without one — prints as an empty field; status prints as
// finished|rejected|lost|unfinished. With declared classes (classNames given) a last column `class`
// holds the request's class name; without, the header and rows are exactly as before (no column).
// Every cell is a number, one of those three words or a class name; a class name is user text and
// goes through csvCell (the CSV-injection rule: a name starting with '-' is neutralised), once per
// class, not per row (the rows only copy the prepared cell).
// NOTE: ttft_s, tpot_s and e2e_s are derived here for convenience; they are given for every
// request with the instants to compute them, measured or not — filter on `measured` and `status`
// to reproduce the summary's populations.

import { AsciiBuffer, asciiText } from './ascii-buffer.ts';
import { csvCell } from './csv-cell.ts';
import { STATUS_FINISHED, STATUS_LOST, STATUS_REJECTED, type RequestColumns, type RequestRecord } from '../metrics/index.ts';

export const REQUESTS_CSV_HEADER =
  'id,arrived_at_s,scheduled_at_s,first_token_at_s,finished_at_s,prompt_tokens,output_tokens,' +
  'preemptions,replica,status,measured,ttft_s,tpot_s,e2e_s';

/** The header line (without its line break): REQUESTS_CSV_HEADER, plus `,class` when classes are declared. */
export function requestsCsvHeader(classNames?: readonly string[]): string {
  return classNames === undefined ? REQUESTS_CSV_HEADER : `${REQUESTS_CSV_HEADER},class`;
}

/** Rows per chunk by default: about a megabyte of text, few enough chunks for a 1M-row run. */
export const DEFAULT_ROWS_PER_CHUNK = 10_000;

/** A number as a CSV field: String(x), full precision; NaN (never happened, no value) as an empty field. */
export function csvNumber(x: number): string {
  return x !== x ? '' : String(x);
}

/** Seconds as a CSV field, rounded to the nanosecond, trailing zeros dropped (AsciiBuffer.seconds); NaN as an empty field. */
export function csvSeconds(x: number): string {
  return asciiText((out) => out.seconds(x));
}

/** A text field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvText(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function statusName(code: number): 'finished' | 'rejected' | 'lost' | 'unfinished' {
  if (code === STATUS_FINISHED) return 'finished';
  if (code === STATUS_REJECTED) return 'rejected';
  if (code === STATUS_LOST) return 'lost';
  return 'unfinished';
}

/** The longest row writeRequestRow can write: 16-digit integers, 24-character numbers, a ≤ 64-character class name (≤ 68 as a cell). */
const MAX_ROW_BYTES = 512;
const COMMA = 44;
const NEWLINE = 10;

/**
 * One request's CSV line, with its line break, written into out; with classNames, the `class`
 * column last (classNames[r.classIndex]; a class index without a name is an internal error).
 */
export function writeRequestRow(out: AsciiBuffer, r: Readonly<RequestRecord>, classNames?: readonly string[]): void {
  writeRow(out, r, classNames === undefined ? undefined : classCells(classNames));
}

/** The class column's cells, by class index: each name through csvCell. */
export function classCells(classNames: readonly string[]): string[] {
  return classNames.map(csvCell);
}

/** writeRequestRow with the class cells prepared (classCells). */
export function writeRow(out: AsciiBuffer, r: Readonly<RequestRecord>, classCellsByIndex?: readonly string[]): void {
  const gaps = r.numOutputTokens - 1;
  const tpot = gaps < 1 ? NaN : (r.finishedAt - r.firstTokenAt) / gaps;
  out.reserve(MAX_ROW_BYTES);
  out.int(r.id);
  out.byte(COMMA);
  out.seconds(r.arrivedAt);
  out.byte(COMMA);
  out.seconds(r.scheduledAt);
  out.byte(COMMA);
  out.seconds(r.firstTokenAt);
  out.byte(COMMA);
  out.seconds(r.finishedAt);
  out.byte(COMMA);
  out.int(r.numPromptTokens);
  out.byte(COMMA);
  out.int(r.numOutputTokens);
  out.byte(COMMA);
  out.int(r.numPreemptions);
  out.byte(COMMA);
  out.int(r.replica);
  out.byte(COMMA);
  out.ascii(statusName(r.status));
  out.byte(COMMA);
  out.int(r.measured);
  out.byte(COMMA);
  out.seconds(r.firstTokenAt - r.arrivedAt);
  out.byte(COMMA);
  out.seconds(tpot);
  out.byte(COMMA);
  out.seconds(r.finishedAt - r.arrivedAt);
  if (classCellsByIndex !== undefined) {
    const name = classCellsByIndex[r.classIndex];
    if (name === undefined) throw new Error(`internal: request ${r.id} has class index ${r.classIndex}, but ${classCellsByIndex.length} classes are named`);
    out.byte(COMMA);
    out.ascii(name);
  }
  out.byte(NEWLINE);
}

/** One request's CSV line, without the line break. */
export function requestRow(r: Readonly<RequestRecord>, classNames?: readonly string[]): string {
  return asciiText((out) => writeRequestRow(out, r, classNames)).slice(0, -1);
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
  into.classIndex = c.classIndex[i];
  return into;
}

/**
 * The CSV text of kept request columns: the header line, then chunks of at most rowsPerChunk rows
 * (in columns.recordOrder when present, else id order); with classNames, the `class` column.
 * Throws when there are no columns (a run without keepRequests: stream with openRequestsCsv instead).
 */
export function* requestsCsvChunks(
  columns: RequestColumns | undefined,
  rowsPerChunk: number = DEFAULT_ROWS_PER_CHUNK,
  classNames?: readonly string[],
): Generator<string, void, undefined> {
  if (columns === undefined) throw new Error('requestsCsvChunks: the run kept no request records (runScenario with keepRequests: true, or stream them with openRequestsCsv)');
  if (!Number.isInteger(rowsPerChunk) || rowsPerChunk < 1) {
    throw new RangeError(`rowsPerChunk must be a positive integer, got ${rowsPerChunk}`);
  }
  yield `${requestsCsvHeader(classNames)}\n`;
  const order = columns.recordOrder;
  const n = order !== undefined ? order.length : columns.count;
  const row = {} as RequestRecord;
  const cells = classNames === undefined ? undefined : classCells(classNames);
  for (let start = 0; start < n; start += rowsPerChunk) {
    const end = Math.min(n, start + rowsPerChunk);
    yield asciiText((out) => {
      for (let k = start; k < end; k++) writeRow(out, readRow(columns, order !== undefined ? order[k] : k, row), cells);
    });
  }
}
