// A workload source that replays a trace file (workload.trace use 'replay'), streaming its rows:
// each row is one request with the row's lengths (and class, prefix group, session, turn when
// mapped), arriving at the row's offset from the first kept row, divided by timeScale.
// Window: rows at trace seconds [startSeconds, endSeconds) from the file's first well-formed row
// are kept; the first kept row arrives at t = 0. Loop: after the last kept row the file is read
// again, every arrival shifted by one more period: endSeconds − (startSeconds ?? 0) when a window
// end is given, else the kept span plus one mean gap, span·n/(n − 1) for n kept rows (so the seam
// between repetitions has the trace's mean spacing instead of two requests at one instant).
// Stop: the trace's end (without loop), stop.numRequests, or stop.durationSeconds (arrivals at or
// after it are not sent), whichever comes first.
// Invariants: arrivedAt = x / timeScale with x = offsetNanos / 1e9 + k·period, where offsetNanos
// is the exact integer nanosecond offset (trace-time.ts), so at timeScale 2 every arrival (hence
// every gap) is exactly half of its timeScale-1 value. Memory is independent of the file's length
// (one row at a time). No randomness is used.
// NOTE: open loop: a row with a session carries RequestSpec.session/turn (for session-affinity
// routing and per-session counts) but a replay generates no follow-ups; turns arrive when the
// trace says. Malformed rows skipped (onMalformed 'skip') are counted on the first pass only
// (a loop skips the same rows again) and reported through notes().

import type { Seconds } from '../units.ts';
import { ScenarioError, type TraceConfig, type WorkloadConfig } from '../scenario/index.ts';
import { openTraceRows, type TraceRows } from './trace-file.ts';
import type { TraceRow } from './trace-rows.ts';
import { nanosBetween, show, type Instant } from './trace-time.ts';
import type { RequestSpec, WorkloadSource } from './types.ts';

export interface TraceSourceOptions {
  /** The class index of an endpoint name, or undefined when no class has that name (a malformed row). Default: only 'default' (index 0). */
  classIndexOf?: (endpoint: string) => number | undefined;
}

export function createTraceSource(config: WorkloadConfig, traceFile: string, options: TraceSourceOptions = {}): WorkloadSource {
  const trace = config.trace as TraceConfig;
  const maxRequests = config.stop?.numRequests ?? Number.POSITIVE_INFINITY;
  const endsAt: Seconds = config.stop?.durationSeconds ?? Number.POSITIVE_INFINITY;
  const classIndexOf = options.classIndexOf ?? ((e: string) => (e === 'default' ? 0 : undefined));
  const startNanos = trace.startSeconds === undefined ? -Infinity : trace.startSeconds * 1e9;
  const endNanos = trace.endSeconds === undefined ? Infinity : trace.endSeconds * 1e9;
  const scale = trace.timeScale;

  let rows: TraceRows = openTraceRows(traceFile, trace);
  /** The file's first well-formed row: the origin of the window. */
  let origin: Instant | null = null;
  /** Offset (ns from origin) of the first kept row: t = 0. */
  let firstKeptNanos = 0;
  let keptInPass = 0;
  let keptFirstPass = 0;
  let lastOffsetNanos = 0;
  let repetition = 0;
  let period = 0;
  let skippedFirstPass = 0;
  let skippedByClass = 0;
  let numGenerated = 0;
  let done = false;

  const finish = (): null => {
    if (repetition === 0 && !done) skippedFirstPass = rows.skipped;
    done = true;
    rows.close();
    return null;
  };
  const malformed = (lineNumber: number, message: string): void => {
    if (trace.onMalformed === 'skip') {
      if (repetition === 0) skippedByClass++;
      return;
    }
    rows.close();
    throw new ScenarioError(traceFile, [{ path: `line ${lineNumber}`, message, suggestion: "fix the row, or skip and count malformed rows: workload.trace.onMalformed: skip in a scenario, --skip-malformed for sakiyomi profile" }]);
  };
  /** End of one pass over the file: stop, or start the next repetition. */
  const endOfPass = (): boolean => {
    if (repetition === 0) skippedFirstPass = rows.skipped;
    rows.close();
    if (keptInPass === 0) {
      throw new ScenarioError(traceFile, [{ path: 'workload.trace', message: repetition === 0 ? `no well-formed row${trace.startSeconds !== undefined || trace.endSeconds !== undefined ? ' in the window' : ''}: nothing to replay` : 'no row kept on a repeated pass' }]);
    }
    if (!trace.loop) return false;
    if (repetition === 0) {
      keptFirstPass = keptInPass;
      if (trace.endSeconds !== undefined) {
        period = trace.endSeconds - (trace.startSeconds ?? 0);
      } else {
        if (keptFirstPass < 2 || lastOffsetNanos === 0) throw new ScenarioError(traceFile, [{ path: 'workload.trace.loop', message: 'a looping trace needs at least two rows at distinct instants (or a window endSeconds)' }]);
        period = ((lastOffsetNanos / 1e9) * keptFirstPass) / (keptFirstPass - 1);
      }
    }
    repetition++;
    keptInPass = 0;
    rows = openTraceRows(traceFile, trace);
    return true;
  };

  const toSpec = (row: TraceRow, arrivedAt: Seconds, lineNumber: number): RequestSpec | null => {
    const spec: RequestSpec = { arrivedAt, numPromptTokens: row.promptTokens, numOutputTokens: row.outputTokens };
    if (row.endpoint !== undefined) {
      const classIndex = classIndexOf(row.endpoint);
      if (classIndex === undefined) {
        malformed(lineNumber, `endpoint ${show(row.endpoint)} is not a class in workload.classes`);
        return null;
      }
      spec.classIndex = classIndex;
    }
    if (row.prefixGroup !== undefined) {
      spec.prefixGroup = row.prefixGroup;
      spec.prefixTokens = row.prefixTokens;
    }
    if (row.session !== undefined) spec.session = row.session;
    if (row.turn !== undefined) spec.turn = row.turn;
    return spec;
  };

  return {
    nextArrival(): RequestSpec | null {
      if (done) return null;
      if (numGenerated >= maxRequests) return finish();
      for (;;) {
        const next = rows.next();
        if (next === null) {
          if (!endOfPass()) return finish();
          continue;
        }
        const { row, lineNumber } = next;
        if (origin === null) origin = row.at;
        const offsetFromOrigin = nanosBetween(row.at, origin);
        if (offsetFromOrigin < startNanos) continue;
        if (offsetFromOrigin >= endNanos) {
          // Rows are in time order: the rest of the file is past the window.
          if (!endOfPass()) return finish();
          continue;
        }
        if (repetition === 0 && keptInPass === 0) firstKeptNanos = offsetFromOrigin;
        const offsetNanos = offsetFromOrigin - firstKeptNanos;
        const arrivedAt = (offsetNanos / 1e9 + repetition * period) / scale;
        if (arrivedAt >= endsAt) return finish();
        const spec = toSpec(row, arrivedAt, lineNumber);
        if (spec === null) continue;
        keptInPass++;
        if (repetition === 0) lastOffsetNanos = offsetNanos;
        numGenerated++;
        return spec;
      }
    },
    onFinished: () => null,
    followUpsPending: () => false,
    sessionStats: () => null,
    halt(): void {
      if (!done) finish();
    },
    notes(): string[] {
      const skipped = (repetition === 0 && !done ? rows.skipped : skippedFirstPass) + skippedByClass;
      return skipped === 0 ? [] : [`trace ${baseName(traceFile)}: ${skipped} malformed row${skipped === 1 ? '' : 's'} skipped (workload.trace.onMalformed: skip)`];
    },
  };
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
