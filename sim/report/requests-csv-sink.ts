// A RequestSink that streams requests.csv to a file as a run emits its records: the header, then
// one row per record (csv.ts's requestRow, so the bytes equal requestsCsvChunks of the same run's
// kept columns), written synchronously — runScenario is synchronous — in chunks of about
// `bufferBytes` (default 1 MiB), so memory stays bounded whatever the number of requests.
// Invariants: the file is created new (flag 'wx': an existing file or a symlink at the path is an
// error, never followed or overwritten); after close() it holds exactly the header and every
// record written, one line each, "\n"-terminated; write() after close() throws.
// NOTE: one of the report room's two file writers (with write.ts, which owns the report folder
// and hands this sink its path); a failed write throws out of runScenario and leaves the
// partial file to the caller's cleanup (ReportDraft.abort()).

import { closeSync, openSync, writeSync } from 'node:fs';
import type { RequestRecord, RequestSink } from '../metrics/index.ts';
import { REQUESTS_CSV_HEADER, requestRow } from './csv.ts';

export interface RequestsCsvSink extends RequestSink {
  /** Flushes what is buffered and closes the file. Idempotent. */
  close(): void;
  /** Rows written so far. */
  readonly rows: number;
}

/** Text kept before a write: 1 MiB (rows are ASCII, so characters = bytes). */
export const DEFAULT_CSV_BUFFER_BYTES = 1 << 20;

export function openRequestsCsv(path: string, options: { bufferBytes?: number } = {}): RequestsCsvSink {
  const bufferBytes = Math.max(4096, options.bufferBytes ?? DEFAULT_CSV_BUFFER_BYTES);
  const fd = openSync(path, 'wx');
  // Rows are copied straight into one reused byte buffer (no growing string to flatten and
  // collect): the fastest of the ways measured (bench 'csv').
  const buffer = Buffer.allocUnsafe(bufferBytes);
  let used = 0;
  let rows = 0;
  let open = true;
  const flush = (): void => {
    for (let at = 0; at < used; ) at += writeSync(fd, buffer, at, used - at);
    used = 0;
  };
  const put = (line: string): void => {
    // Every character of a row is ASCII (numbers, commas, fixed words), so one byte each.
    if (used + line.length > bufferBytes) flush();
    if (line.length > bufferBytes) {
      writeSync(fd, line);
      return;
    }
    used += buffer.write(line, used, 'latin1');
  };
  put(`${REQUESTS_CSV_HEADER}\n`);
  return {
    get rows() {
      return rows;
    },
    write(record: Readonly<RequestRecord>): void {
      if (!open) throw new Error(`requests.csv sink: write after close (${path})`);
      put(`${requestRow(record)}\n`);
      rows++;
    },
    close(): void {
      if (!open) return;
      open = false;
      try {
        flush();
      } finally {
        closeSync(fd);
      }
    },
  };
}
