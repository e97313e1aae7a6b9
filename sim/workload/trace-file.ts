// Well-formed trace rows from a file, in order, one at a time: lines (trace-reader.ts) → fields
// (CSV header or JSONL object) → rows (trace-rows.ts), with the malformed-row policy applied.
// Invariants: rows come out in non-decreasing time order (a row earlier than the row before it
// is malformed, naming its line); with onMalformed 'error' the first malformed row throws a
// ScenarioError naming the file and the line; with 'skip' it is counted in `skipped` and
// dropped. Blank lines are ignored (not rows). Memory: one chunk plus one row.
// NOTE: the CSV header is the first non-blank line; a JSONL file's columns are resolved from the
// first object's keys (later objects may have more keys; a missing one makes that row malformed).

import { ScenarioError } from '../scenario/index.ts';
import type { TraceConfig } from '../scenario/index.ts';
import { openLineReader, TraceReadError, type LineReader } from './trace-reader.ts';
import { parseRow, resolveColumns, splitCsvLine, traceFormatOf, type Columns, type TraceRow } from './trace-rows.ts';
import { compareInstants } from './trace-time.ts';

export type TraceFileOptions = Pick<TraceConfig, 'format' | 'mapping' | 'timeUnit' | 'onMalformed'>;

export interface TraceRows {
  /** The next well-formed row and its line number, or null at the end. */
  next(): { row: TraceRow; lineNumber: number } | null;
  /** Malformed rows skipped so far (onMalformed 'skip'). */
  readonly skipped: number;
  /** The resolved columns (after the header or first object is read; null before). */
  readonly columns: Columns | null;
  close(): void;
}

export function openTraceRows(file: string, options: TraceFileOptions): TraceRows {
  const format = traceFormatOf(options, file);
  const skip = options.onMalformed === 'skip';
  let lines: LineReader;
  try {
    lines = openLineReader(file);
  } catch (e) {
    throw fileError(file, e);
  }
  let columns: Columns | null = null;
  let index: Map<string, number> | null = null;
  let skipped = 0;
  let previous: TraceRow | null = null;

  const fail = (lineNumber: number, message: string): never => {
    lines.close();
    throw new ScenarioError(file, [{ path: `line ${lineNumber}`, message, suggestion: skip ? undefined : "fix the row, or skip and count malformed rows: workload.trace.onMalformed: skip in a scenario, --skip-malformed for sakiyomi profile" }]);
  };
  const nextLine = () => {
    try {
      return lines.next();
    } catch (e) {
      lines.close();
      throw fileError(file, e);
    }
  };

  if (format === 'csv') {
    let header = nextLine();
    while (header !== null && header.text.trim() === '') header = nextLine();
    if (header === null) throw new ScenarioError(file, [{ path: '', message: 'the trace is empty (no header row)' }]);
    const names = splitCsvLine(header.text);
    if (typeof names === 'string') fail(header.lineNumber, `header: ${names}`);
    const trimmed = (names as string[]).map((n) => n.trim());
    const resolved = resolveColumns(trimmed, options.mapping, options.timeUnit);
    if (typeof resolved === 'string') fail(header.lineNumber, `header: ${resolved}`);
    columns = resolved as Columns;
    index = new Map(trimmed.map((n, i) => [n, i]));
  }

  return {
    next() {
      for (;;) {
        const line = nextLine();
        if (line === null) return null;
        if (line.text.trim() === '') continue;
        let parsed: TraceRow | string;
        if (format === 'csv') {
          const fields = splitCsvLine(line.text);
          if (typeof fields === 'string') parsed = fields;
          else if (fields.length !== index!.size) parsed = `expected ${index!.size} fields, got ${fields.length}`;
          else parsed = parseRow((name) => fields[index!.get(name)!], columns!);
        } else {
          let obj: unknown;
          try {
            obj = JSON.parse(line.text);
          } catch {
            obj = undefined;
          }
          if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
            parsed = 'not a JSON object';
          } else {
            if (columns === null) {
              const resolved = resolveColumns(Object.keys(obj), options.mapping, options.timeUnit);
              if (typeof resolved === 'string') fail(line.lineNumber, resolved);
              columns = resolved as Columns;
            }
            const record = obj as Record<string, unknown>;
            parsed = parseRow((name) => (Object.hasOwn(record, name) ? record[name] : undefined), columns);
          }
        }
        if (typeof parsed !== 'string' && previous !== null && compareInstants(parsed.at, previous.at) < 0) {
          parsed = 'earlier than the row before it: rows must be in non-decreasing time order';
        }
        if (typeof parsed === 'string') {
          if (!skip) fail(line.lineNumber, parsed);
          skipped++;
          continue;
        }
        previous = parsed;
        return { row: parsed, lineNumber: line.lineNumber };
      }
    },
    get skipped() {
      return skipped;
    },
    get columns() {
      return columns;
    },
    close: () => lines.close(),
  };
}

function fileError(file: string, e: unknown): Error {
  if (e instanceof TraceReadError) return new ScenarioError(file, [{ path: '', message: `cannot read the trace: ${e.message}` }]);
  return e as Error;
}
