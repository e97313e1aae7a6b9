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
  const bufferBytes = options.bufferBytes ?? DEFAULT_CSV_BUFFER_BYTES;
  const fd = openSync(path, 'wx');
  let pending = `${REQUESTS_CSV_HEADER}\n`;
  let rows = 0;
  let open = true;
  const flush = (): void => {
    if (pending.length === 0) return;
    const bytes = Buffer.from(pending, 'utf8');
    pending = '';
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
  };
  return {
    get rows() {
      return rows;
    },
    write(record: Readonly<RequestRecord>): void {
      if (!open) throw new Error(`requests.csv sink: write after close (${path})`);
      pending += `${requestRow(record)}\n`;
      rows++;
      if (pending.length >= bufferBytes) flush();
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
