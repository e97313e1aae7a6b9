// A RequestSink that streams requests.csv to a file as a run emits its records: the header, then
// one row per record (csv.ts's writeRequestRow, so the bytes equal requestsCsvChunks of the same run's
// kept columns), written synchronously — runScenario is synchronous — in chunks of about
// `bufferBytes` (default 1 MiB), so memory stays bounded whatever the number of requests. With
// `classNames` (the scenario's declared classes, by index) the file has the `class` column.
// Invariants: the file is created new (flag 'wx': an existing file or a symlink at the path is an
// error, never followed or overwritten); after close() it holds exactly the header and every
// record written, one line each, "\n"-terminated; write() after close() throws.
// NOTE: one of the report room's two file writers (with write.ts, which owns the report folder
// and hands this sink its path); a failed write throws out of runScenario and leaves the
// partial file to the caller's cleanup (ReportDraft.abort()).

import { closeSync, openSync, writeSync } from 'node:fs';
import type { RequestRecord, RequestSink } from '../metrics/index.ts';
import { AsciiBuffer } from './ascii-buffer.ts';
import { classCells, requestsCsvHeader, writeRow } from './csv.ts';

export interface RequestsCsvSink extends RequestSink {
  /** Flushes what is buffered and closes the file. Idempotent. */
  close(): void;
  /** Rows written so far. */
  readonly rows: number;
}

/** Text kept before a write: 1 MiB (rows are ASCII, so characters = bytes). */
export const DEFAULT_CSV_BUFFER_BYTES = 1 << 20;

export function openRequestsCsv(path: string, options: { bufferBytes?: number; classNames?: readonly string[] } = {}): RequestsCsvSink {
  const bufferBytes = Math.max(4096, options.bufferBytes ?? DEFAULT_CSV_BUFFER_BYTES);
  const fd = openSync(path, 'wx');
  // Rows are written as bytes straight into one reused buffer (AsciiBuffer: no string per field or
  // row), which is flushed to the file whenever it fills (bench 'csv').
  const out = new AsciiBuffer(bufferBytes, (bytes, length) => {
    for (let at = 0; at < length; ) at += writeSync(fd, bytes, at, length - at);
  });
  let rows = 0;
  let open = true;
  const classNames = options.classNames;
  const cells = classNames === undefined ? undefined : classCells(classNames);
  out.ascii(`${requestsCsvHeader(classNames)}\n`);
  return {
    get rows() {
      return rows;
    },
    write(record: Readonly<RequestRecord>): void {
      if (!open) throw new Error(`requests.csv sink: write after close (${path})`);
      writeRow(out, record, cells);
      rows++;
    },
    close(): void {
      if (!open) return;
      open = false;
      try {
        out.flush();
      } finally {
        closeSync(fd);
      }
    },
  };
}
