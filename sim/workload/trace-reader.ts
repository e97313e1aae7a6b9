// A synchronous, chunked line reader for trace files: the simulation pulls requests one at a
// time (WorkloadSource.nextArrival is synchronous), so the file is read in 1 MiB chunks with
// readSync as lines are asked for, and memory stays bounded whatever the file's length.
// Hand-written rather than a package: csv-parse's sync API parses a whole string, and the
// synchronous line readers on npm (n-readlines) have no cap on a line's length, so a file with
// no newline would be read whole; here a line longer than MAX_LINE_BYTES is an error naming it.
// The only file in workload/ that touches the file system (test/architecture.test.ts allows it).
// Invariants: lines are returned in order with 1-based line numbers; '\n' and '\r\n' both end a
// line; a last line without a newline is returned; a leading UTF-8 BOM is dropped; memory is at
// most one chunk plus one line. Lines are decoded as UTF-8.
// NOTE: the file is opened O_NONBLOCK and must be a regular file (a FIFO or a device would block
// or never end); the scenario loader checked this once, and it is checked again on open.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

export const CHUNK_BYTES = 1 << 20;
/** No trace row is anywhere near 1 MiB; a longer "line" is a binary file or a missing newline. */
export const MAX_LINE_BYTES = 1 << 20;

export interface TraceLine {
  text: string;
  /** 1-based. */
  lineNumber: number;
}

export interface LineReader {
  /** The next line, or null at the end of the file (then the file is closed). */
  next(): TraceLine | null;
  close(): void;
}

/** Thrown for a file that cannot be read as lines; the caller names the file. */
export class TraceReadError extends Error {}

export function openLineReader(path: string): LineReader {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TraceReadError(code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'not a regular file (a directory)' : `cannot open it (${code ?? (e as Error).message})`);
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new TraceReadError('not a regular file');
  }
  const chunk = Buffer.alloc(CHUNK_BYTES);
  /** Bytes of the current, unfinished line carried over from earlier chunks. */
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let start = 0;
  let end = 0;
  let lineNumber = 0;
  let open = true;
  let eof = false;

  const close = (): void => {
    if (open) closeSync(fd);
    open = false;
  };
  const emit = (bytes: Buffer): TraceLine => {
    lineNumber++;
    let n = bytes.length;
    if (n > 0 && bytes[n - 1] === 13) n--;
    let text = bytes.toString('utf8', 0, n);
    if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text, lineNumber };
  };
  const takePending = (tail: Buffer): Buffer => {
    const whole = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
    pending = [];
    pendingBytes = 0;
    return whole;
  };

  return {
    next(): TraceLine | null {
      for (;;) {
        if (start < end) {
          const nl = chunk.indexOf(10, start);
          if (nl !== -1 && nl < end) {
            const piece = chunk.subarray(start, nl);
            start = nl + 1;
            if (pendingBytes + piece.length > MAX_LINE_BYTES) throw new TraceReadError(`line ${lineNumber + 1} is longer than ${MAX_LINE_BYTES} bytes`);
            return emit(takePending(piece));
          }
          // No newline in the rest of this chunk: keep a copy and read on.
          pendingBytes += end - start;
          if (pendingBytes > MAX_LINE_BYTES) throw new TraceReadError(`line ${lineNumber + 1} is longer than ${MAX_LINE_BYTES} bytes`);
          pending.push(Buffer.from(chunk.subarray(start, end)));
          start = end;
        }
        if (eof || !open) {
          if (pendingBytes > 0) return emit(takePending(Buffer.alloc(0)));
          close();
          return null;
        }
        const n = readSync(fd, chunk, 0, CHUNK_BYTES, null);
        start = 0;
        end = n;
        if (n === 0) eof = true;
      }
    },
    close,
  };
}
