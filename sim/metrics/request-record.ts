// One request's outcome record, as it leaves the run (finished, rejected, or still unfinished when
// the run ends), and the sink that receives each record at that moment. The record is the row of
// requests.csv and the unit every summary folds (definitions.md).
// Invariants: an instant that never happened is NaN (a rejected request has no scheduledAt,
// firstTokenAt or finishedAt; an unfinished one no finishedAt); status is one of the STATUS_*
// codes; replica is −1 until routed; measured is 1 for a request that counts toward latency
// metrics (after warm-up), else 0.
// NOTE: a sink receives each record exactly once, in the order records are emitted: requests
// leave in finish order (rejections at their arrival), and the requests still in flight when the
// run ends are emitted last, in id (arrival) order. The record object may be reused after the
// call returns: copy what you keep.

/** RequestRecord.status: never finished (left in flight when the run ended). */
export const STATUS_UNFINISHED = 0;
export const STATUS_FINISHED = 1;
export const STATUS_REJECTED = 2;
/** Lost to a replica failure (failures.onFailure 'lost'): left the run at the failure, unserved. */
export const STATUS_LOST = 3;

export interface RequestRecord {
  /** Arrival order: 0, 1, 2, … */
  id: number;
  arrivedAt: number;
  scheduledAt: number;
  firstTokenAt: number;
  finishedAt: number;
  numPromptTokens: number;
  numOutputTokens: number;
  numPreemptions: number;
  replica: number;
  status: number;
  measured: number;
  /** The request's class (RequestClasses index, scenario/classes.ts); 0 when no classes are declared. */
  classIndex: number;
}

/** Receives every request's record as the request leaves the run (see the file comment). */
export interface RequestSink {
  write(record: Readonly<RequestRecord>): void;
}

/** A record of a request that just arrived: nothing has happened to it yet. */
export function newRecord(id: number, arrivedAt: number, numPromptTokens: number, numOutputTokens: number, measured: boolean, classIndex = 0): RequestRecord {
  return {
    id,
    arrivedAt,
    scheduledAt: NaN,
    firstTokenAt: NaN,
    finishedAt: NaN,
    numPromptTokens,
    numOutputTokens,
    numPreemptions: 0,
    replica: -1,
    status: STATUS_UNFINISHED,
    measured: measured ? 1 : 0,
    classIndex,
  };
}
