// The plan results file on disk (JSON lines; the format is study/plan-jsonl.ts's): read whole
// for resume and merge, and appended one line at a time, each line written with one write(2) and
// fsynced before the next configuration is reported done — so a process killed at any moment
// (kill -9 included) leaves whole lines plus at most one partial last line.
// Invariants: opening for append first cuts the file to `keepBytes` (dropping a partial last
// line), so a new line never glues onto a torn one; the file lives outside any report draft
// (it must survive the kill that the draft does not).
// NOTE: fsync per line is the price of "loses nothing": a few milliseconds per configuration,
// nothing beside the seconds a configuration's simulations take.

import { closeSync, fsyncSync, openSync, readFileSync, ftruncateSync, writeSync, constants } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { OutputPathError } from './write.ts';

/** The file's text, or undefined when it does not exist. Other failures: OutputPathError. */
export function readResultsFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new OutputPathError(`cannot read the results file ${path}: ${(e as Error).message}`);
  }
}

export interface ResultsLog {
  /** Writes one whole line (newline included) and fsyncs it. */
  append(line: string): void;
  close(): void;
}

/**
 * Opens `path` for appending (created when missing, its folder too); with keepBytes, cuts the
 * file to that length first (the whole lines of a killed run). Never follows a symbolic link at `path`.
 */
export function openResultsLog(path: string, keepBytes?: number): ResultsLog {
  let fd: number;
  try {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0), 0o644);
    if (keepBytes !== undefined) ftruncateSync(fd, keepBytes);
  } catch (e) {
    throw new OutputPathError(`cannot write the results file ${path}: ${(e as Error).message}; choose a writable path with --results`);
  }
  return {
    append(line) {
      writeSync(fd, line);
      fsyncSync(fd);
    },
    close() {
      closeSync(fd);
    },
  };
}
